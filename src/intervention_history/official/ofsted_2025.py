"""The 2025 release of Ofsted's inspections: sheet `ILACS_inspection_history` and the two sheets checked
against it (official/ofsted_inspections.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import geography
from ..errors import DataError, Problem
from .ofsted_cells import (
    HEADER_START,
    ILACS_TYPES,
    Cells,
    Release,
    cell_text,
    council_at,
    find_columns,
    inspection_record,
    march_year,
    read_sheet,
    sheet_label,
)

CARE_LEAVERS_FROM = dt.date(2023, 1, 1)
RELEASE_2025 = Release(
    "LA_Inspection_Outcomes_as_at_31_March_2025.ods", "ILACS_inspection_history", "2025-09-25", dt.date(2025, 9, 25)
)
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


def read_2025(raw_dir: Path) -> list[dict]:
    """The 2025 sheet: one row per ILACS inspection."""
    release = RELEASE_2025
    path = raw_dir / release.file
    rows = read_sheet(path, release.sheet)
    where = sheet_label(path, release.sheet)
    header = next((n for n, row in enumerate(rows, 1) if row and cell_text(row[0]) == HEADER_START), None)
    if header is None:
        raise DataError([Problem(where, 0, HEADER_START, f"no header row (a row starting {HEADER_START!r})")])
    columns, problems = find_columns(rows[header - 1], LAYOUT_2025.values(), where, header)
    if problems:
        raise DataError(problems)
    h = LAYOUT_2025
    records = []
    for line, row in enumerate(rows[header:], header + 1):
        if not any(cell_text(c) for c in row):
            continue
        cells = Cells(row, columns, where, line, release)
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
            council = council_at(cells, h["code"], cells.text(h["code"]), published)
            by_name = geography.match(cells.text(h["name"]), march_year(published))
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
            records.append(
                inspection_record(council, framework, start, published, judgement, subs, release, line, release.sheet)
            )
    if problems:
        raise DataError(problems)
    return records


def checked_against(raw_dir: Path, layout: tuple[str, dict[str, str]], history: list[dict]) -> list[Problem]:
    """Each row of another 2025 sheet that has a judgement must be the history's (the latest of its council
    for the as-at sheet; the same inspection for the in-year sheet, which also lists ungraded visits)."""
    sheet, headers = layout
    path = raw_dir / RELEASE_2025.file
    where = sheet_label(path, sheet)
    try:
        rows = read_sheet(path, sheet)
    except DataError as exc:
        return exc.problems
    line = next((n for n, row in enumerate(rows, 1) if row and cell_text(row[0]) == HEADER_START), None)
    if line is None:
        return [Problem(where, 0, HEADER_START, f"no header row (a row starting {HEADER_START!r})")]
    columns, problems = find_columns(rows[line - 1], headers.values(), where, line)
    if problems:
        return problems
    latest, by_start = {}, {}
    for record in history:
        by_start[(record["la_code"], record["inspection_start"])] = record
        if record["inspection_start"] > latest.get(record["la_code"], {}).get("inspection_start", ""):
            latest[record["la_code"]] = record
    for n, row in enumerate(rows[line:], line + 1):
        if not any(cell_text(c) for c in row):
            continue
        cells = Cells(row, columns, where, n, RELEASE_2025)
        if "type" in headers and cells.text(headers["type"]) not in ILACS_TYPES:
            continue  # a focused or monitoring visit: no judgement
        start, published = cells.date(headers["inspection_start"]), cells.date(headers["published"])
        judged = {k: cells.grade(headers[k], required=False) for k in _JUDGED}
        council = council_at(cells, headers["code"], cells.text(headers["code"]), published) if published else None
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
