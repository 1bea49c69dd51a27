"""Ofsted inspections of English councils' children's services, 2009 to 2025.

Publisher: Ofsted, official statistics. Two releases, copied byte for byte to
data/raw/ofsted_inspections/ from the public repository dfe-analytical-services/CSC_outcomes_and_enablers,
`data-raw/`, commit 2f5d11a (27 April 2026). Open Government Licence v3.0.

- ``2023``: "Children's social care data in England 2023", sheet `LA_inspections_2009-2023`: one row
  per council, one column group per framework, publication dates only. A first table of the councils
  of 2023 and "Table 11" of four councils abolished before then (Bournemouth, Dorset, Poole,
  Northamptonshire).
- ``2025-09-25``: "Local authority inspection outcomes as at 31 March 2025", sheet
  `ILACS_inspection_history`: one row per ILACS inspection, 2018 to 2025, with ONS codes, the first
  day on site and the publication date. Its other two sheets are read only as a check: every row of
  `Inspections_as_at_31_March` must be its council's latest ILACS in the history, and every graded
  row of `In-year_inspections` (2024-25; its focused and monitoring visits have no judgement) must be
  an inspection of the history, with the same dates and judgements.

One row per judged inspection (``FRAMEWORKS``): SLAC safeguarding and looked-after children (2009-2012),
their separate re-inspections of safeguarding and of looked-after children, CPI and CPRI (child
protection), TLAC (targeted looked-after children), SIF and its re-inspection (2013-2018), ILACS standard
and short (2018-2025). Every council of the register (data/reference/councils.csv) that was inspected.

Rules:
- Councils: every name or ONS code is matched with ``geography.match`` as at the 31 March year of the
  publication date (old Dorset 835 in 2016, the new Dorset 838 in 2021); a name that matches no council,
  or a council that did not exist then, is an error. Table 11 must name councils that no longer exist.
  In the 2025 sheet the name, the code and the status (`Current`/`No longer exists`) must agree.
- Judgements are Ofsted's words as published (``GRADES``), graded 1 outstanding to 4 inadequate. The
  2023 sheet writes every framework on today's scale: SLAC's and CPI's "adequate" appears as "Requires
  improvement to be good" (Ofsted's mapping, grade 3), and is kept in those words.
- " -" (not judged) and empty cells: no row for that framework, or an empty sub-judgement. A
  publication date without an overall judgement, or a judgement without a date, is an error.
- Sub-judgements (``SUB_JUDGEMENTS``) are empty where the framework has none. ILACS judged children in
  care and care leavers together until 31 December 2022 (in ``children_in_care_judgement``, care leavers
  empty) and separately from 1 January 2023; the 2025 sheet must follow that.
- ``inspection_start`` (first day on site) is published for ILACS only; empty for the older frameworks.
- Revisions: ILACS 2018-2023 is in both releases. A council's first and second ILACS in the 2023 sheet
  are its first and second by date in the 2025 sheet (publication dates at most ``MAX_PAIRING_DAYS``
  apart); the 2025 release wins, and every difference is a row of ``ofsted_inspections_revisions`` (two:
  Merton's inspection published 9 May 2022, standard -> short; Nottingham's of July 2022, published
  5 November -> 5 September 2022). An ILACS of 2023 missing from 2025 is an error.
- Errors name the file and sheet (`<file> [<sheet>]`), the row and the column header: a missing sheet
  or header, a grade not in ``GRADES``, a date that is not one (or outside 2009 to the release), an
  unknown council, a duplicated inspection; an unreadable or truncated file names the file.
- A verdict published after a report's as-of date must be left out by the report (``published``).
- ``release_line`` is `<sheet>!<row>`, the row as a spreadsheet shows it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

from .. import geography, paths
from ..errors import DataError, Problem
from ..paths import display_path
from .raw import read_bytes

NAME = "ofsted_inspections"
RAW_DIR = paths.RAW_DIR / NAME
REVISIONS = f"{NAME}_revisions"

GRADES = {"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4}
NOT_JUDGED = "-"  # Ofsted's " -"
ILACS_TYPES = {"ILACS Standard Inspection": "ILACS standard", "ILACS Short Inspection": "ILACS short"}
CARE_LEAVERS_FROM = dt.date(2023, 1, 1)
FIRST_DATE = dt.date(2009, 1, 1)
MAX_PAIRING_DAYS = 183  # a 2023 ILACS and its 2025 counterpart: publication dates this close
FRAMEWORKS = (
    "SLAC safeguarding",
    "SLAC looked after",
    "SLAC safeguarding re-inspection",
    "SLAC looked after re-inspection",
    "CPI",
    "CPRI",
    "TLAC",
    "SIF",
    "SIF re-inspection",
    "ILACS standard",
    "ILACS short",
)
SUB_JUDGEMENTS = ("help_and_protection", "children_in_care", "care_leavers", "adoption", "leadership", "lscb")


@dataclass(frozen=True)
class Release:
    file: str
    sheet: str
    release: str
    last_date: dt.date  # no date after this


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
RELEASE_2025 = Release(
    "LA_Inspection_Outcomes_as_at_31_March_2025.ods", "ILACS_inspection_history", "2025-09-25", dt.date(2025, 9, 25)
)
RELEASES = (RELEASE_2023, RELEASE_2025)

HEADER_START = "Web link"  # column A of every header row
TABLE_11 = "Table 11"  # the title row before the abolished councils' header
NAME_2023 = "Local authority name"


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
# the 2025 sheet: {column: header}
LAYOUT_2025 = {
    "code": "Local authority area code",
    "name": "Local authority name",
    "status": "Local authority status",
    "inspection_start": "Inspection date",
    "published": "Publication date",
    "type": "Inspection type",
    "judgement": "Overall effectiveness",
    "leadership": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "children_in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
}
STATUS = {"Current": True, "No longer exists": False}
_JUDGED = ("judgement", "leadership", "help_and_protection", "children_in_care", "care_leavers")
# the 2025 file's other two sheets, read only to check the history against: {column: header}
LATEST_2025 = (
    "Inspections_as_at_31_March",
    {"code": LAYOUT_2025["code"], "inspection_start": "Inspection date", "published": "Publication date"}
    | {k: LAYOUT_2025[k] for k in _JUDGED},
)
IN_YEAR_2025 = (
    "In-year_inspections",
    {
        "code": LAYOUT_2025["code"],
        "inspection_start": "Inspection/Visit date",
        "published": "Publication date",
        "type": "Inspection/Visit type",
    }
    | {k: LAYOUT_2025[k] for k in _JUDGED},
)

KEYS = ("la_code", "new_la_code", "la_name")
COLUMNS = (
    *KEYS,
    "framework",
    "inspection_start",
    "published",
    "judgement",
    "grade",
    *(f"{s}_judgement" for s in SUB_JUDGEMENTS),
    "release",
    "release_line",
)
REVISION_COLUMNS = (
    *KEYS,
    "framework",
    "published",
    "column",
    "old_release",
    "old_value",
    "old_release_line",
    "new_release",
    "new_value",
    "new_release_line",
)
COMPARED = ("framework", "published", "judgement")  # and the 2023 group's sub-judgements
TABLES = {
    NAME: {c: "Int64" if c in ("la_code", "grade") else "str" for c in COLUMNS},
    REVISIONS: {c: "Int64" if c == "la_code" else "str" for c in REVISION_COLUMNS},
}


def inputs(raw_dir: Path = RAW_DIR) -> list[Path]:
    return [*(raw_dir / r.file for r in RELEASES), geography.REGISTER]


def _where(path: Path, sheet: str) -> str:
    return f"{display_path(path)} [{sheet}]"


def read_sheet(path: Path, sheet: str) -> list[list]:
    """Every row of one sheet from row 1, as the spreadsheet numbers them; an unreadable file or a missing
    sheet is a clean error."""
    data = read_bytes(path)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
        if sheet not in names:
            raise DataError(
                [Problem(_where(path, sheet), 0, "(sheet)", f"sheet is missing; the file has {', '.join(names)}")]
            )
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except DataError:
        raise
    except Exception as exc:  # calamine's errors (a truncated zip, broken XML) are not a traceback
        raise DataError(
            [Problem(display_path(path), 0, "(file)", "not a readable ODS spreadsheet", f"{type(exc).__name__}: {exc}")]
        ) from None


def _header(cell) -> str:
    return " ".join(str(cell).split())


def _text(cell) -> str:
    return cell.strip() if isinstance(cell, str) else ("" if cell is None else str(cell))


def _columns(row: list, wanted, where: str, line: int) -> tuple[dict[str, int], list[Problem]]:
    """Where each wanted header is in this header row; a missing or renamed one names itself."""
    found = {}
    for index, cell in enumerate(row):
        found.setdefault(_header(cell), index)
    problems = [
        Problem(where, line, header, "header is missing or renamed") for header in wanted if header not in found
    ]
    return {h: found[h] for h in wanted if h in found}, problems


def _year(day: dt.date) -> int:
    """The register's 31 March year of a date (1 April 2019 is in 2020)."""
    return day.year if (day.month, day.day) <= (3, 31) else day.year + 1


class _Cells:
    """One data row: its cells by header, each parsed or a Problem naming sheet, row and header."""

    def __init__(self, row: list, columns: dict[str, int], where: str, line: int, release: Release):
        self.row, self.columns, self.where, self.line, self.release = row, columns, where, line, release
        self.problems: list[Problem] = []

    def raw(self, header: str):
        index = self.columns[header]
        return self.row[index] if index < len(self.row) else ""

    def text(self, header: str) -> str:
        return _text(self.raw(header))

    def bad(self, header: str, message: str, value=None) -> None:
        self.problems.append(Problem(self.where, self.line, header, message, None if value is None else str(value)))

    def date(self, header: str) -> dt.date | None:
        cell = self.raw(header)
        if isinstance(cell, dt.datetime):
            day = cell.date()
        elif isinstance(cell, dt.date):
            day = cell
        elif _text(cell) == "":
            return None
        else:
            day = None
            for form in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    day = dt.datetime.strptime(_text(cell), form).date()
                    break
                except ValueError:
                    pass
            if day is None:
                self.bad(header, "not a date", cell)
                return None
        if not FIRST_DATE <= day <= self.release.last_date:
            self.bad(header, f"date outside {FIRST_DATE} to {self.release.last_date}", day.isoformat())
            return None
        return day

    def grade(self, header: str, required: bool) -> str | None:
        """Ofsted's words; "" where not judged (" -" or, unless required, empty); None when wrong."""
        value = self.text(header)
        if value in GRADES or (value == NOT_JUDGED and not required):
            return "" if value == NOT_JUDGED else value
        if value == "" and not required:
            return ""
        self.bad(header, f"not one of Ofsted's judgements ({', '.join(GRADES)})", value)
        return None


def _council(cells: _Cells, header: str, text: str, day: dt.date) -> geography.Council | None:
    council = geography.match(text, _year(day))
    if council is None:
        cells.bad(header, f"matches no council in {display_path(geography.REGISTER)}", text)
    elif not council.existed(_year(day)):
        cells.bad(header, f"{council.la_name} ({council.la_code}) did not exist on {day}", text)
        return None
    return council


def _record(council, framework, start, published, judgement, subs, release, line, sheet) -> dict:
    return {
        "la_code": council.la_code,
        "new_la_code": council.new_la_code,
        "la_name": council.la_name,
        "framework": framework,
        "inspection_start": start.isoformat() if start else "",
        "published": published.isoformat(),
        "judgement": judgement,
        "grade": GRADES[judgement],
        **{f"{s}_judgement": subs.get(s, "") for s in SUB_JUDGEMENTS},
        "release": release.release,
        "release_line": f"{sheet}!{line}",
    }


def _read_group(cells: _Cells, group: Group, council_text: str, abolished: bool) -> dict | None:
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
    council = _council(cells, NAME_2023, council_text, published)
    if council is None:
        return None
    if abolished and council.current:
        cells.bad(
            NAME_2023, f"Table 11 lists abolished councils; {council.la_name} ({council.la_code}) exists", council_text
        )
        return None
    record = _record(
        council, framework, None, published, judgement, subs, cells.release, cells.line, cells.release.sheet
    )
    record["_ilacs"] = group.ilacs
    record["_compared"] = (*COMPARED, *(f"{s}_judgement" for s, _ in group.subs))
    return record


def _wanted(groups: tuple[Group, ...]) -> list[str]:
    headers = [h for g in groups for h in (g.type, g.date, g.judgement, *(h for _, h in g.subs)) if h]
    return [NAME_2023, *dict.fromkeys(headers)]


def read_2023(raw_dir: Path = RAW_DIR) -> list[dict]:
    """The 2023 sheet: every judged inspection in its two tables."""
    release = RELEASE_2023
    path = raw_dir / release.file
    rows = read_sheet(path, release.sheet)
    where = _where(path, release.sheet)
    records, problems, tables = [], [], []
    table, columns, title = None, None, False
    for line, row in enumerate(rows, 1):
        first = _text(row[0]) if row else ""
        if not any(_text(c) for c in row):
            continue
        if first.startswith(TABLE_11):
            title = True
        elif first == HEADER_START:
            table = "abolished" if title else "current"
            if table in tables:
                problems.append(Problem(where, line, HEADER_START, f"a second header row for the {table} councils"))
            tables.append(table)
            columns, missing = _columns(row, _wanted(LAYOUT_2023[table]), where, line)
            problems += missing
            columns = None if missing else columns
        elif table is not None and columns is not None:
            cells = _Cells(row, columns, where, line, release)
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


def read_2025(raw_dir: Path = RAW_DIR) -> list[dict]:
    """The 2025 sheet: one row per ILACS inspection."""
    release = RELEASE_2025
    path = raw_dir / release.file
    rows = read_sheet(path, release.sheet)
    where = _where(path, release.sheet)
    header = next((n for n, row in enumerate(rows, 1) if row and _text(row[0]) == HEADER_START), None)
    if header is None:
        raise DataError([Problem(where, 0, HEADER_START, f"no header row (a row starting {HEADER_START!r})")])
    columns, problems = _columns(rows[header - 1], LAYOUT_2025.values(), where, header)
    if problems:
        raise DataError(problems)
    h = LAYOUT_2025
    records = []
    for line, row in enumerate(rows[header:], header + 1):
        if not any(_text(c) for c in row):
            continue
        cells = _Cells(row, columns, where, line, release)
        start, published = cells.date(h["inspection_start"]), cells.date(h["published"])
        for header_text, day in ((h["inspection_start"], start), (h["published"], published)):
            if day is None and cells.text(header_text) == "":
                cells.bad(header_text, "no date", "")
        framework = ILACS_TYPES.get(cells.text(h["type"]))
        if framework is None:
            cells.bad(h["type"], f"not an ILACS inspection type ({', '.join(ILACS_TYPES)})", cells.text(h["type"]))
        judgement = cells.grade(h["judgement"], required=True)
        subs = {
            s: cells.grade(h[s], required=s != "care_leavers")
            for s in ("leadership", "help_and_protection", "children_in_care", "care_leavers")
        }
        council = None
        if start and published:
            if published < start:
                cells.bad(h["published"], f"published before the inspection began ({start})", published.isoformat())
            if subs["care_leavers"] is not None and (subs["care_leavers"] != "") != (start >= CARE_LEAVERS_FROM):
                cells.bad(
                    h["care_leavers"],
                    f"care leavers are judged apart from {CARE_LEAVERS_FROM} on, not before",
                    subs["care_leavers"],
                )
            council = _council(cells, h["code"], cells.text(h["code"]), published)
            by_name = geography.match(cells.text(h["name"]), _year(published))
            if council is not None and by_name != council:
                cells.bad(
                    h["name"], f"not the name of {council.la_name} ({council.new_la_code})", cells.text(h["name"])
                )
            status = STATUS.get(cells.text(h["status"]))
            if status is None:
                cells.bad(h["status"], f"not one of {', '.join(STATUS)}", cells.text(h["status"]))
            elif council is not None and status != council.current:
                cells.bad(
                    h["status"],
                    f"{council.la_name} is {'current' if council.current else 'abolished'} in the register",
                    cells.text(h["status"]),
                )
        problems += cells.problems
        if not cells.problems:
            records.append(_record(council, framework, start, published, judgement, subs, release, line, release.sheet))
    if problems:
        raise DataError(problems)
    return records


def _line_number(record: dict) -> int:
    return int(record["release_line"].rsplit("!", 1)[1])


def _duplicates(records: list[dict], key: tuple[str, ...], raw_dir: Path, release: Release) -> list[Problem]:
    seen, problems = {}, []
    where = _where(raw_dir / release.file, release.sheet)
    column = NAME_2023 if release is RELEASE_2023 else LAYOUT_2025["code"]
    for record in records:
        k = tuple(record[c] for c in key)
        if k in seen:
            problems.append(
                Problem(
                    where,
                    _line_number(record),
                    column,
                    f"duplicated inspection: also on row {_line_number(seen[k])}",
                    record["la_name"],
                )
            )
        else:
            seen[k] = record
    return problems


def _reconcile(old: list[dict], new: list[dict], raw_dir: Path) -> tuple[list[dict], list[Problem]]:
    """Pair each 2023 ILACS with the council's ILACS of the same order in 2025; every difference."""
    by_council: dict[int, list[dict]] = {}
    for record in sorted(new, key=lambda r: (r["inspection_start"], r["published"])):
        by_council.setdefault(record["la_code"], []).append(record)
    revisions, problems = [], []
    where = _where(raw_dir / RELEASE_2023.file, RELEASE_2023.sheet)
    for record in old:
        later = by_council.get(record["la_code"], [])
        n = record["_ilacs"]
        label = "first" if n == 1 else "second"
        if len(later) < n:
            problems.append(
                Problem(
                    where,
                    _line_number(record),
                    NAME_2023,
                    f"the {label} ILACS ({record['published']}) is not in the {RELEASE_2025.release} release",
                    record["la_name"],
                )
            )
            continue
        match = later[n - 1]
        gap = abs(dt.date.fromisoformat(match["published"]) - dt.date.fromisoformat(record["published"])).days
        if gap > MAX_PAIRING_DAYS:
            problems.append(
                Problem(
                    where,
                    _line_number(record),
                    NAME_2023,
                    f"the {label} ILACS ({record['published']}) is {gap} days from the {label} in the {RELEASE_2025.release} release ({match['release_line']})",
                    record["la_name"],
                )
            )
            continue
        for column in record["_compared"]:
            if record[column] != match[column]:
                revisions.append(
                    {
                        **{k: match[k] for k in (*KEYS, "framework", "published")},
                        "column": column,
                        "old_release": record["release"],
                        "old_value": record[column],
                        "old_release_line": record["release_line"],
                        "new_release": match["release"],
                        "new_value": match[column],
                        "new_release_line": match["release_line"],
                    }
                )
    return revisions, problems


def _frame(records: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(columns))
    for column, dtype in columns.items():
        frame[column] = frame[column].astype(dtype)
    return frame


def _checked_against(raw_dir: Path, layout: tuple[str, dict[str, str]], history: list[dict]) -> list[Problem]:
    """Each row of another 2025 sheet that has a judgement must be the history's (the latest of its council
    for the as-at sheet; the same inspection for the in-year sheet, which also lists ungraded visits)."""
    sheet, headers = layout
    path = raw_dir / RELEASE_2025.file
    where = _where(path, sheet)
    try:
        rows = read_sheet(path, sheet)
    except DataError as exc:
        return exc.problems
    line = next((n for n, row in enumerate(rows, 1) if row and _text(row[0]) == HEADER_START), None)
    if line is None:
        return [Problem(where, 0, HEADER_START, f"no header row (a row starting {HEADER_START!r})")]
    columns, problems = _columns(rows[line - 1], headers.values(), where, line)
    if problems:
        return problems
    latest, by_start = {}, {}
    for record in history:
        by_start[(record["la_code"], record["inspection_start"])] = record
        if record["inspection_start"] > latest.get(record["la_code"], {}).get("inspection_start", ""):
            latest[record["la_code"]] = record
    for n, row in enumerate(rows[line:], line + 1):
        if not any(_text(c) for c in row):
            continue
        cells = _Cells(row, columns, where, n, RELEASE_2025)
        if "type" in headers and cells.text(headers["type"]) not in ILACS_TYPES:
            continue  # a focused or monitoring visit: no judgement
        start, published = cells.date(headers["inspection_start"]), cells.date(headers["published"])
        judged = {k: cells.grade(headers[k], required=False) for k in _JUDGED}
        council = _council(cells, headers["code"], cells.text(headers["code"]), published) if published else None
        if council is not None and start is not None:
            if "type" in headers:
                record = by_start.get((council.la_code, start.isoformat()))
            else:
                record = latest.get(council.la_code)
            got = {
                "inspection_start": start.isoformat(),
                "published": published.isoformat(),
                **({"framework": ILACS_TYPES[cells.text(headers["type"])]} if "type" in headers else {}),
                **{k if k == "judgement" else f"{k}_judgement": v for k, v in judged.items()},
            }
            if record is None:
                cells.bad(
                    headers["code"], f"this inspection is not in {RELEASE_2025.sheet}", cells.text(headers["code"])
                )
            else:
                for column, value in got.items():
                    if record[column] != value:
                        header = headers.get(column.removesuffix("_judgement"), headers.get("type", column))
                        message = f"{record['release_line']} gives {record[column]!r}"
                        cells.bad(header, message, value)
        elif not cells.problems:
            cells.bad(headers["inspection_start"], "no date", "")
        problems += cells.problems
    return problems


def harmonise(raw_dir: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """Every judged inspection of both releases, the later release's ILACS; and the revisions."""
    releases, problems = {}, []
    for reader, release in ((read_2023, RELEASE_2023), (read_2025, RELEASE_2025)):
        try:
            releases[release.release] = reader(raw_dir)
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    old, new = releases[RELEASE_2023.release], releases[RELEASE_2025.release]
    problems += _duplicates(old, ("la_code", "framework", "published"), raw_dir, RELEASE_2023)
    problems += _duplicates(new, ("la_code", "inspection_start"), raw_dir, RELEASE_2025)
    problems += _duplicates(new, ("la_code", "published"), raw_dir, RELEASE_2025)
    for layout in (LATEST_2025, IN_YEAR_2025):
        problems += _checked_against(raw_dir, layout, new)
    if problems:
        raise DataError(problems)
    ilacs = [r for r in old if r["_ilacs"]]
    revisions, problems = _reconcile(ilacs, new, raw_dir)
    if problems:
        raise DataError(problems)
    order = {f: i for i, f in enumerate(FRAMEWORKS)}
    table = sorted(
        [r for r in old if not r["_ilacs"]] + new,
        key=lambda r: (r["la_code"], r["published"], order[r["framework"]], r["release_line"]),
    )
    revisions.sort(key=lambda r: (r["la_code"], r["published"], r["column"]))
    return {NAME: _frame(table, TABLES[NAME]), REVISIONS: _frame(revisions, TABLES[REVISIONS])}
