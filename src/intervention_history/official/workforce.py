"""Children's social work workforce, England and every English council, 30 September 2017 to 2025.

Publisher: Department for Education, "Children's social work workforce", indicators by local
authority, workforce at 30 September 2017 to 2025 (`time_period` 2017 ... 2025), one tidy CSV
copied byte for byte to data/raw/workforce/ from the public repository
dfe-analytical-services/CSC_outcomes_and_enablers, `data-raw/csww_indicators_2017_to_2025.csv`,
commit 2f5d11a (27 April 2026). Open Government Licence v3.0.

One row per council and England per year (1,378 rows: England 9, councils 151 to 153 a year).
``year`` is the 30 September the workforce is counted at (measures.phases.WORKFORCE_30_SEPTEMBER),
not a 31 March. Regions are in the file and not read.

Rules:
- The measures (``MEASURES``) are the file's published FTE figures and rates, renamed plainly
  (`inpost_fte` -> ``fte``, `agency_rate_fte` -> ``agency_rate``, `caseload_fte` -> ``caseload`` ...);
  rates are percentages as published, caseload is cases per case-holding social worker.
- Each value keeps ``<value>_status``: empty for a number, else the symbol as published: `x` not
  available, `z` not applicable, `u` low reliability, `low` a figure too small to publish (e.g.
  Sunderland's agency rate from 2023), `c` suppressed. None of them is ever zero.
- Joint returns: Kingston upon Thames and Richmond upon Thames (`314 / 318`, every year) and North
  and West Northamptonshire (`940 / 941`, from 2021) publish one row for two councils. Each council
  gets that row's figures, with ``joint_return`` holding the published name ("" for a council's own
  return): rates hold for both, but counts (FTE, cases) are the pair's and must not be summed.
- Keys: ``la_code`` (Int64, <NA> for England), ``new_la_code`` and ``la_name`` from the register
  (geography); the file's ONS code and name must match it. ``source_line`` is the line of the file.
- Bad input (a changed header, a value not a number or a symbol, a council twice, a short row, an
  empty, missing, cut short or non-UTF-8 file) stops the build naming the file, line and column.
- One file, one release: nothing is revised, so there is no revisions table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import geography, paths
from ..errors import DataError, Problem
from . import raw

NAME = "workforce"
RAW_DIR = paths.RAW_DIR / NAME
FILE = "csww_indicators_2017_to_2025.csv"
YEARS = tuple(range(2017, 2026))
ROWS = 1463  # data rows as published (England, regions, councils): fewer means it was cut short
MIN_COUNCILS_PER_YEAR = 150
SYMBOLS = ("x", "z", "u", "low", "c")
ENGLAND = "England"
JOINT = " / "  # how a joint return writes two codes, ONS codes and names
MAX_PROBLEMS = 50

GEOGRAPHY = raw.TIDY_GEOGRAPHY
# source column -> (table column, "count" a whole number or "number" a decimal)
MEASURES = {
    "inpost_fte": ("fte", "number"),
    "inpost_headcount": ("headcount", "count"),
    "starters_fte": ("starters_fte", "number"),
    "leavers_fte": ("leavers_fte", "number"),
    "turnover_rate_fte": ("turnover_rate", "number"),
    "agency_fte": ("agency_fte", "number"),
    "agency_rate_fte": ("agency_rate", "number"),
    "vacancy_fte": ("vacancy_fte", "number"),
    "vacancy_rate_fte": ("vacancy_rate", "number"),
    "case_holders_fte": ("case_holders_fte", "number"),
    "cases": ("cases", "count"),
    "caseload_fte": ("caseload", "number"),
    "absence_rate_fte": ("absence_rate", "number"),
}

KEYS = {"year": "int64", "la_code": "Int64", "new_la_code": "str", "la_name": "str"}
OUTPUT_COLUMNS = {
    **KEYS,
    **{
        c: t
        for name, kind in MEASURES.values()
        for c, t in ((name, "Int64" if kind == "count" else "float64"), (f"{name}_status", "str"))
    },
    "joint_return": "str",
    "source_line": "int64",
}
TABLES = {NAME: dict(OUTPUT_COLUMNS)}


def inputs(raw_dir: Path = RAW_DIR) -> list[Path]:
    return [raw_dir / FILE, geography.REGISTER]


def _name_matches(published: str, council: geography.Council) -> bool:
    return geography.normalise(published) in {geography.normalise(n) for n in (council.la_name, *council.other_names)}


def harmonise(raw_dir: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """One row per year for England and each council, values with their statuses; sorted by year, code."""
    name, reader, header = raw.open_csv(raw_dir / FILE)
    index = raw.column_index(name, header, [*GEOGRAPHY, *MEASURES])
    problems: list[Problem] = []
    problem = raw.collector(name, problems, MAX_PROBLEMS)
    register = {c.la_code: c for c in geography.register()}
    records, seen = [], {}
    rows = raw.Rows(reader, problem)
    for line, row in rows:
        if raw.bad_width(problem, line, row, header):
            continue
        cell = {column: row[i].strip() for column, i in index.items()}
        found = raw.tidy_level_year(problem, line, cell, YEARS)
        if found is None:
            continue
        level, year = found
        values, ok = raw.tidy_values(problem, line, cell, MEASURES, SYMBOLS, ", ".join(SYMBOLS))
        if level == "england":
            members = [(None, "", ENGLAND)]
        else:
            codes = cell["old_la_code"].split(JOINT)
            onss, names = cell["new_la_code"].split(JOINT), cell["la_name"].split(JOINT)
            if not (len(codes) == len(onss) == len(names)):
                problem(line, "old_la_code", "codes, ONS codes and names do not pair up", cell["old_la_code"])
                continue
            members = []
            for code, ons, published in zip(codes, onss, names, strict=True):
                if not (len(code) == 3 and code.isascii() and code.isdigit()):
                    problem(line, "old_la_code", "not a 3-digit local authority code", cell["old_la_code"])
                    break
                council = register.get(int(code))
                if council is None:
                    problem(line, "old_la_code", f"council {code} is not in the council register", code)
                    break
                if ons != council.new_la_code and ons not in council.former_new_la_codes:
                    problem(line, "new_la_code", f"the register gives council {code} {council.new_la_code}", ons)
                    break
                if not _name_matches(published, council):
                    problem(line, "la_name", f"the register names council {code} {council.la_name!r}", published)
                    break
                members.append((council.la_code, ons, council.la_name))
            if len(members) != len(codes):  # a problem was named
                continue
        joint = cell["la_name"] if len(members) > 1 else ""
        for code, ons, la_name in members:
            key = (year, code)
            if key in seen:
                where = ENGLAND if code is None else f"council {code:03d}"
                problem(
                    line,
                    "old_la_code",
                    f"{where} appears again for {year} (first on line {seen[key]})",
                    cell["old_la_code"],
                )
                continue
            seen[key] = line
            if ok:
                records.append(
                    {"year": year, "la_code": code, "new_la_code": ons, "la_name": la_name, **values}
                    | {"joint_return": joint, "source_line": line}
                )
    raw.check_row_count(problem, problems, rows.count, ROWS, rows.line)
    frame = pd.DataFrame.from_records(records, columns=list(OUTPUT_COLUMNS))
    if not problems:
        raw.check_councils_per_year(
            problem, frame["year"], frame["la_code"].isna(), YEARS, MIN_COUNCILS_PER_YEAR, rows.line
        )
    if problems:
        raise DataError(problems)
    for column, _ in MEASURES.values():
        frame[column] = pd.to_numeric(frame[column])
    for column, dtype in OUTPUT_COLUMNS.items():
        frame[column] = frame[column].astype(dtype)
    frame = frame.sort_values(["year", "la_code"], kind="stable", na_position="first").reset_index(drop=True)
    return {NAME: frame}
