"""The 2023 release of Ofsted's inspections: sheet `LA_inspections_2009-2023` (official/ofsted_inspections.py).

One row per council, one column group per framework, publication dates only: the councils of 2023,
then "Table 11", four councils abolished before then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import geography
from ..errors import DataError, Problem
from ..paths import display_path
from .ofsted_cells import (
    HEADER_START,
    ILACS_TYPES,
    NOT_JUDGED,
    Cells,
    Release,
    cell_text,
    council_at,
    find_columns,
    inspection_record,
    read_sheet,
    sheet_label,
)


@dataclass(frozen=True)
class Group:
    """One framework's columns in the 2023 sheet (headers with their spaces and line breaks collapsed)."""

    framework: str  # "ILACS": the type column says standard or short
    date: str
    judgement: str
    subs: tuple[tuple[str, str], ...] = ()  # (sub-judgement, header)
    type: str = ""
    ilacs: int = 0  # the council's first or second ILACS


RELEASE_2023 = Release(
    "Childrens_social_care_in_England_2023_underlying_data.ods",
    "LA_inspections_2009-2023",
    "2023",
    dt.date(2023, 12, 31),
)
TABLE_11 = "Table 11"  # the title row before the abolished councils' header
NAME_2023 = "Local authority name"
COMPARED = ("framework", "published", "judgement")  # and the 2023 group's sub-judgements


def _sif(prefix: str, date: str, lscb: bool) -> Group:
    subs = (
        ("help_and_protection", f"{prefix} children who need help and protection"),
        ("children_in_care", f"{prefix} children looked after and achieving permanence"),
        ("adoption", f"{prefix} CLA Sub: Adoption Performance"),
        ("care_leavers", f"{prefix} CLA Sub: Experiences and progress of care leavers"),
        ("leadership", f"{prefix} leadership, management and governance"),
    )
    framework = "SIF" if prefix == "First SIF" else "SIF re-inspection"
    return Group(
        framework,
        f"Single Inspection of LA Children's Services (SIF) {date}",
        f"{prefix} Overall Judgement (OE)",
        subs + ((("lscb", "LSCB Overall Effectiveness"),) if lscb else ()),
    )


def _ilacs(prefix: str, ordinal: int, care_leavers_apart: bool) -> Group:
    progress = f"{prefix} experiences and progress of"
    care = (
        (("children_in_care", f"{progress} children in care"), ("care_leavers", f"{progress} care leavers"))
        if care_leavers_apart
        else (("children_in_care", f"{progress} children in care and care leavers"),)
    )
    return Group(
        "ILACS",
        f"{prefix} publication date",
        f"{prefix} overall effectiveness",
        (
            ("leadership", f"{prefix} impact of leaders"),
            ("help_and_protection", f"{progress} children who need help and protection"),
            *care,
        ),
        type=f"{prefix} inspection type",
        ilacs=ordinal,
    )


_OLDER = (
    Group(
        "SLAC safeguarding",
        "Safeguarding & Looked After Children (SLAC) Inspection publication date",
        "SLAC Safeguarding Overall effectiveness (OE)",
    ),
    Group(
        "SLAC looked after",
        "Safeguarding & Looked After Children (SLAC) Inspection publication date",
        "SLAC Looked After Children Overall Effectiveness (OE)",
    ),
    Group(
        "SLAC safeguarding re-inspection",
        "SLAC re-inspection of Safeguarding publication date",
        "SLAC re-inspection Safeguarding OE",
    ),
    Group(
        "SLAC looked after re-inspection",
        "SLAC re-inspection of services for Children Looked After publication date",
        "SLAC re-inspection of services Children Looked After OE",
    ),
    Group("CPI", "Child Protection Inspections (CPI) publication date", "CPI Overall Effectiveness (OE)"),
    Group("CPRI", "Child Protection Re-Inspection (CPRI) publication date", "CPRI Overall Effectiveness (OE)"),
    Group(
        "TLAC", "Targeted Looked After Children (TLAC) inspection publication date", "TLAC Overall Effectiveness (OE)"
    ),
    _sif("First SIF", "First SIF publication date", lscb=True),
    _sif("SIF Re-inspection", "SIF Re-inspection publication date", lscb=False),
)
# the 2023 sheet's two tables: the councils of 2023, then Table 11 (abolished councils, one ILACS group)
LAYOUT_2023 = {
    "current": (
        *_OLDER,
        _ilacs("First ILACS framework", 1, care_leavers_apart=False),
        _ilacs("Second ILACS framework", 2, care_leavers_apart=True),
    ),
    "abolished": (*_OLDER, _ilacs("ILACS framework", 1, care_leavers_apart=False)),
}


def _read_group(cells: Cells, group: Group, council_text: str, abolished: bool) -> dict | None:
    before = len(cells.problems)
    published = cells.date(group.date)
    verdict = cells.text(group.judgement)
    judgement = cells.grade(group.judgement, required=False)
    subs = {name: cells.grade(header, required=False) for name, header in group.subs}
    kind = cells.text(group.type) if group.type else ""
    if len(cells.problems) > before:
        return None
    if published is None:
        if any([judgement, kind, *subs.values()]):
            cells.bad(group.date, "a judgement without a publication date", "")
        return None
    if verdict == NOT_JUDGED:
        return None  # " -": not judged, no inspection of this kind
    if judgement == "":
        cells.bad(group.judgement, "a publication date without a judgement", "")
        return None
    framework = group.framework
    if group.type:
        framework = ILACS_TYPES.get(kind)
        if framework is None:
            cells.bad(group.type, f"not an ILACS inspection type ({', '.join(ILACS_TYPES)})", kind)
            return None
    council = council_at(cells, NAME_2023, council_text, published)
    if council is None:
        return None
    if abolished and council.current:
        cells.bad(
            NAME_2023, f"Table 11 lists abolished councils; {council.la_name} ({council.la_code}) exists", council_text
        )
        return None
    record = inspection_record(
        council, framework, None, published, judgement, subs, cells.release, cells.line, cells.release.sheet
    )
    record["_ilacs"] = group.ilacs
    record["_compared"] = (*COMPARED, *(f"{s}_judgement" for s, _ in group.subs))
    return record


def _wanted(groups: tuple[Group, ...]) -> list[str]:
    headers = [h for g in groups for h in (g.type, g.date, g.judgement, *(h for _, h in g.subs)) if h]
    return [NAME_2023, *dict.fromkeys(headers)]


def read_2023(raw_dir: Path) -> list[dict]:
    """The 2023 sheet: every judged inspection in its two tables."""
    release = RELEASE_2023
    path = raw_dir / release.file
    rows = read_sheet(path, release.sheet)
    where = sheet_label(path, release.sheet)
    records, problems, tables = [], [], []
    table, columns, title = None, None, False
    for line, row in enumerate(rows, 1):
        first = cell_text(row[0]) if row else ""
        if not any(cell_text(c) for c in row):
            continue
        if first.startswith(TABLE_11):
            title = True
        elif first == HEADER_START:
            table = "abolished" if title else "current"
            if table in tables:
                problems.append(Problem(where, line, HEADER_START, f"a second header row for the {table} councils"))
            tables.append(table)
            columns, missing = find_columns(row, _wanted(LAYOUT_2023[table]), where, line)
            problems += missing
            columns = None if missing else columns
        elif table is not None and columns is not None:
            cells = Cells(row, columns, where, line, release)
            name = cells.text(NAME_2023)
            if not name:
                cells.bad(NAME_2023, "no council name")
            elif geography.match(name) is None:
                cells.bad(NAME_2023, f"matches no council in {display_path(geography.REGISTER)}", name)
            else:
                for group in LAYOUT_2023[table]:
                    record = _read_group(cells, group, name, table == "abolished")
                    if record is not None:
                        records.append(record)
            problems += cells.problems
    for table in ("current", "abolished"):
        if table not in tables:
            what = "the councils of 2023" if table == "current" else f"{TABLE_11} (abolished councils)"
            problems.append(
                Problem(where, 0, HEADER_START, f"no header row for {what} (a row starting {HEADER_START!r})")
            )
    if problems:
        raise DataError(problems)
    return records
