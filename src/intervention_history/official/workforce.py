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

import csv
import difflib
import io
import re
from pathlib import Path

import pandas as pd

from .. import geography, paths
from ..errors import DataError, Problem
from ..paths import display_path
from .raw import read_text

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

GEOGRAPHY = ("time_period", "time_identifier", "geographic_level", "old_la_code", "new_la_code", "la_name")
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
_NUMBER = {"count": re.compile(r"[0-9]+"), "number": re.compile(r"[0-9]+(\.[0-9]+)?")}
_KIND_WORDS = {"count": "a whole number", "number": "a number"}
_LEVELS = {"National": "england", "Regional": "region", "Local authority": "council"}

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
    path = raw_dir / FILE
    name = display_path(path)
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    problems: list[Problem] = []

    def problem(line: int, column: str, message: str, value: str | None = None) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(name, line, column, message, value))

    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise DataError([Problem(name, 1, "(header)", f"unreadable CSV: {exc}")]) from None
    wanted = [*GEOGRAPHY, *MEASURES]
    for column in wanted:
        found = header.count(column)
        if found == 0:
            close = difflib.get_close_matches(column, [h for h in header if h not in wanted], n=2)
            hint = f" (closest: {', '.join(close)})" if close else ""
            problem(1, column, f"expected column missing from the header{hint}")
        elif found > 1:
            problem(1, column, f"column appears {found} times in the header")
    if problems:
        raise DataError(problems)
    index = {column: header.index(column) for column in wanted}
    register = {c.la_code: c for c in geography.register()}
    records, seen, data_rows, line = [], {}, 0, 1
    try:
        for row in reader:
            line = reader.line_num
            data_rows += 1
            if len(row) < len(header):
                problem(line, header[len(row)], f"row ends after {len(row)} fields; the header has {len(header)}")
                continue
            if len(row) > len(header):
                problem(line, "(row)", f"{len(row)} fields but the header has {len(header)}")
                continue
            cell = {column: row[i].strip() for column, i in index.items()}
            level = _LEVELS.get(cell["geographic_level"])
            if level is None:
                problem(line, "geographic_level", "unknown geographic level", cell["geographic_level"])
                continue
            if level == "region":
                continue
            if cell["time_identifier"] != "Reporting year":
                problem(line, "time_identifier", "expected 'Reporting year'", cell["time_identifier"])
                continue
            period = cell["time_period"]
            if not (period.isascii() and period.isdigit()) or int(period) not in YEARS:
                problem(line, "time_period", f"not a year this file covers ({YEARS[0]}-{YEARS[-1]})", period)
                continue
            year = int(period)
            values, bad = {}, False
            for source, (column, kind) in MEASURES.items():
                text = cell[source]
                if _NUMBER[kind].fullmatch(text):
                    values[column], values[f"{column}_status"] = text, ""
                elif text in SYMBOLS:
                    values[column], values[f"{column}_status"] = None, text
                else:
                    problem(
                        line,
                        source,
                        f"not {_KIND_WORDS[kind]} or one of the file's symbols ({', '.join(SYMBOLS)})",
                        text,
                    )
                    bad = True
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
                if not bad:
                    records.append(
                        {"year": year, "la_code": code, "new_la_code": ons, "la_name": la_name, **values}
                        | {"joint_return": joint, "source_line": line}
                    )
    except csv.Error as exc:
        problem(reader.line_num, "(row)", f"unreadable CSV: {exc}")
    short = data_rows < ROWS
    if short or (data_rows > ROWS and not problems):
        problem(
            line + 1 if short else line,
            "(file)",
            f"{data_rows} data rows but the file has {ROWS}" + (": it was cut short" if short else ""),
        )
    frame = pd.DataFrame.from_records(records, columns=list(OUTPUT_COLUMNS))
    if not problems:
        england = frame["la_code"].isna()
        for year in YEARS:
            in_year = frame["year"] == year
            councils, englands = int((in_year & ~england).sum()), int((in_year & england).sum())
            if councils < MIN_COUNCILS_PER_YEAR or englands != 1:
                problem(line + 1, "time_period", f"{year} has {councils} councils and {englands} England rows")
    if problems:
        raise DataError(problems)
    for column, _ in MEASURES.values():
        frame[column] = pd.to_numeric(frame[column])
    for column, dtype in OUTPUT_COLUMNS.items():
        frame[column] = frame[column].astype(dtype)
    frame = frame.sort_values(["year", "la_code"], kind="stable", na_position="first").reset_index(drop=True)
    return {NAME: frame}
