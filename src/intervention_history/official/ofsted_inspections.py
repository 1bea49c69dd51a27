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
from pathlib import Path

import pandas as pd

from .. import geography, paths
from ..errors import DataError, Problem
from .ofsted_2023 import NAME_2023, RELEASE_2023, read_2023
from .ofsted_2025 import IN_YEAR_2025, LATEST_2025, LAYOUT_2025, RELEASE_2025, checked_against, read_2025
from .ofsted_cells import GRADES, SUB_JUDGEMENTS, Release, sheet_label  # noqa: F401  (GRADES: Ofsted's judgements)
from .raw import Gather

NAME = "ofsted_inspections"
RAW_DIR = paths.RAW_DIR / NAME
REVISIONS = f"{NAME}_revisions"

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
RELEASES = (RELEASE_2023, RELEASE_2025)

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
TABLES = {
    NAME: {c: "Int64" if c in ("la_code", "grade") else "str" for c in COLUMNS},
    REVISIONS: {c: "Int64" if c == "la_code" else "str" for c in REVISION_COLUMNS},
}


def inputs(raw_dir: Path = RAW_DIR) -> list[Path]:
    return [*(raw_dir / r.file for r in RELEASES), geography.REGISTER]


def _line_number(record: dict) -> int:
    return int(record["release_line"].rsplit("!", 1)[1])


def _duplicates(records: list[dict], key: tuple[str, ...], raw_dir: Path, release: Release) -> list[Problem]:
    seen, problems = {}, []
    where = sheet_label(raw_dir / release.file, release.sheet)
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
    where = sheet_label(raw_dir / RELEASE_2023.file, RELEASE_2023.sheet)
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


def harmonise(raw_dir: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """Every judged inspection of both releases, the later release's ILACS; and the revisions."""
    gather, problems = Gather(), []
    releases = {r.release: gather(read, raw_dir) for read, r in ((read_2023, RELEASE_2023), (read_2025, RELEASE_2025))}
    gather.check()
    old, new = releases[RELEASE_2023.release], releases[RELEASE_2025.release]
    problems += _duplicates(old, ("la_code", "framework", "published"), raw_dir, RELEASE_2023)
    problems += _duplicates(new, ("la_code", "inspection_start"), raw_dir, RELEASE_2025)
    problems += _duplicates(new, ("la_code", "published"), raw_dir, RELEASE_2025)
    for layout in (LATEST_2025, IN_YEAR_2025):
        problems += checked_against(raw_dir, layout, new)
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
