"""Children aged 0 to 17 in England and every English council, mid-2012 to mid-2024.

Publisher: Office for National Statistics (mid-year population estimates), as extracted by the
Department for Education for its children's social care dashboard: the public repository
dfe-analytical-services/CSC_outcomes_and_enablers, `data-raw/ons_mid-year_population_estimates_2012_to_2024.csv`,
commit 2f5d11a (27 April 2026), copied byte for byte to data/raw/population_0_17/. Open Government
Licence v3.0.

Coverage: England and 151 to 153 councils a mid-year (regions are in the file and not read). The
file carries the DfE's own 3-digit codes (`old_la_code`) beside the ONS codes, so no mapping table is
needed; each mid-year is on the boundaries of the 31 March that follows it (mid-2019 already has
Bournemouth, Christchurch and Poole, 839, and the new Dorset, 838).

Rules:
- ``mid_year`` is the estimate's year: 2018 means 30 June 2018 (the file's `time_period`).
- One pairing rule for the whole project (``mid_year_for``): a count at 31 March of year Y goes with
  the mid-year estimate of Y-1 (31 March 2020 <-> mid-2019), as the DfE pairs them. ``with_population``
  joins any table with ``year`` and ``la_code`` columns to its population by that rule, and
  ``rate_per_10000`` turns a count and that population into a rate, rounded half up.
- `x` (not available: Bournemouth 837, Poole 836 and the old Dorset 835, mid-2012 to mid-2018) keeps
  its row with an empty population and ``population_0_17_status`` `x`; it is never zero.
- This is a revised series: it need not equal the denominator a DfE release used at the time, so a
  rate computed from it is "computed", never "published".
- One file, one release: there is nothing to revise, so there is no revisions table.

The reader of DfE tidy CSVs (``TidyFile``, ``read_tidy``) lives here because every file from the
statistics service shares this shape; the children in need reader uses it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError
from . import raw

NAME = "population_0_17"
RAW_DIR = paths.RAW_DIR / NAME
ENGLAND = "England"
MIN_COUNCILS_PER_YEAR = 150
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class TidyFile:
    """One DfE tidy CSV as published, and what is read from it."""

    file: str
    years: tuple[int, ...]  # time_period values it covers
    rows: int  # data rows after the header as published (England, regions, councils): fewer = cut short
    category: tuple[str, str]  # the column naming the measure group, and the one value it holds
    values: dict[str, tuple[str, str]]  # source column -> (tidy name, "count" or "percent")
    symbols: frozenset[str]  # what the file may write instead of a number
    published: str = ""  # date of the copy: when geography differs, the newer copy wins


GEOGRAPHY = raw.TIDY_GEOGRAPHY
_ONS_CODE = re.compile(r"E[0-9]{8}")

POPULATION = TidyFile(
    file="ons_mid-year_population_estimates_2012_to_2024.csv",
    years=tuple(range(2012, 2025)),
    rows=2132,
    category=("age_group", "Children aged 0 to 17 years"),
    values={"population_estimate": ("population_0_17", "count")},
    symbols=frozenset({"x"}),
    published="2026-04-27",
)
MID_YEARS = POPULATION.years


def tidy_columns(tidy: TidyFile) -> list[str]:
    """What read_tidy returns: the keys, each value and its status, and the line it came from."""
    values = [c for name, _ in tidy.values.values() for c in (name, f"{name}_status")]
    return ["year", "la_code", "new_la_code", "la_name", *values, "line"]


def read_tidy(tidy: TidyFile, raw_dir: Path) -> pd.DataFrame:
    """England's and the councils' rows of one tidy file, checked; regions are skipped.

    Columns as tidy_columns(): year (int), la_code (3-digit text, empty for England), new_la_code
    (empty for England), la_name ("England"), each value (Int64 or float64, missing where not a number)
    with its status (`c`, `x`, `u`, `z` as published, empty for a number), and the line of the file.
    """
    name, reader, header = raw.open_csv(raw_dir / tidy.file)
    index = raw.column_index(name, header, [*GEOGRAPHY, tidy.category[0], *tidy.values])
    symbols = ", ".join(sorted(tidy.symbols))
    records, seen, problems = [], {}, []
    problem = raw.collector(name, problems, MAX_PROBLEMS)
    rows = raw.Rows(reader, problem)
    for line, row in rows:
        if raw.bad_width(problem, line, row, header):
            continue
        cell = {column: row[i].strip() for column, i in index.items()}
        found = raw.tidy_level_year(problem, line, cell, tidy.years)
        if found is None:
            continue
        level, year = found
        column, expected = tidy.category
        if cell[column] != expected:
            problem(line, column, f"expected {expected!r}", cell[column])
            continue
        code = cell["old_la_code"] if level == "council" else ""
        if level == "council":
            if not (len(code) == 3 and code.isascii() and code.isdigit()):
                problem(line, "old_la_code", "not a 3-digit local authority code", cell["old_la_code"])
                continue
            if not _ONS_CODE.fullmatch(cell["new_la_code"]):
                problem(line, "new_la_code", "not an ONS code (E and 8 digits)", cell["new_la_code"])
                continue
            if not cell["la_name"]:
                problem(line, "la_name", "council without a name")
                continue
        key = (year, code)
        if key in seen:
            where = ENGLAND if not code else f"council {code}"
            problem(line, "old_la_code", f"{where} appears again for {year} (first on line {seen[key]})", code)
            continue
        seen[key] = line
        record = {
            "year": year,
            "la_code": code,
            "new_la_code": cell["new_la_code"] if code else "",
            "la_name": cell["la_name"] if code else ENGLAND,
        }
        record.update(raw.tidy_values(problem, line, cell, tidy.values, tidy.symbols, symbols)[0])
        record["line"] = line
        records.append(record)
    raw.check_row_count(problem, problems, rows.count, tidy.rows, rows.line)
    frame = pd.DataFrame.from_records(records, columns=tidy_columns(tidy))
    if not problems:
        england = frame["la_code"] == ""
        raw.check_councils_per_year(problem, frame["year"], england, tidy.years, MIN_COUNCILS_PER_YEAR, rows.line)
    if problems:
        raise DataError(problems)
    for tidy_name, kind in tidy.values.values():
        frame[tidy_name] = pd.to_numeric(frame[tidy_name]).astype("Int64" if kind == "count" else "float64")
    frame["year"] = frame["year"].astype("int64")
    frame["line"] = frame["line"].astype("int64")
    return frame.sort_values(["year", "la_code"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- the table

OUTPUT_COLUMNS = (
    "mid_year",
    "la_code",
    "new_la_code",
    "la_name",
    "population_0_17",
    "population_0_17_status",
    "release",
    "release_line",
)
TABLES = {
    NAME: {
        c: "int64" if c in ("mid_year", "release_line") else "Int64" if c == "population_0_17" else "str"
        for c in OUTPUT_COLUMNS
    }
}


def inputs(raw_dir: Path = RAW_DIR) -> list[Path]:
    return [raw_dir / POPULATION.file]


def harmonise(raw_dir: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """One row per mid-year for England and each council, sorted by mid-year and code."""
    frame = read_tidy(POPULATION, raw_dir)
    frame = frame.rename(columns={"year": "mid_year", "line": "release_line"})
    frame["release"] = POPULATION.file
    return {NAME: frame[list(OUTPUT_COLUMNS)]}


# ---------------------------------------------------------------- the pairing rule and rates


def mid_year_for(year: int) -> int:
    """The mid-year estimate that goes with a count at 31 March of ``year``: the one before it.

    The DfE divides a count at 31 March 2020 by the mid-2019 population, so mid_year_for(2020) == 2019.
    """
    return int(year) - 1


def _code_text(code) -> str:
    """A council code as 3-digit text ('' for England) from text, an int or <NA>."""
    if code is None or pd.isna(code) or str(code).strip() == "":
        return ""
    text = str(code).strip()
    return f"{int(text):03d}" if text.isdigit() else text


POPULATION_COLUMNS = ("population_mid_year", "population_0_17", "population_0_17_status", "population_line")


def with_population(table: pd.DataFrame, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """``table`` (with a 31 March ``year`` and a DfE ``la_code``) plus the population that goes with it.

    Adds population_mid_year (mid_year_for(year)), population_0_17 (Int64), population_0_17_status
    (`x` where the ONS gives none) and population_line (the line of the population file; <NA> where it
    has no row for that council and mid-year, e.g. a year before mid-2012). ``la_code`` may be text
    ('' for England) or integers (<NA> for England). ``population`` defaults to harmonise()'s table.
    """
    if population is None:
        population = harmonise()[NAME]
    right = population[["mid_year", "la_code", "population_0_17", "population_0_17_status", "release_line"]]
    right = right.rename(columns={"mid_year": "population_mid_year", "release_line": "population_line"})
    right = right.rename(columns={"la_code": "_la_code"})
    left = table.drop(columns=[c for c in POPULATION_COLUMNS if c in table.columns])
    left = left.assign(
        population_mid_year=[mid_year_for(y) for y in left["year"]],
        _la_code=[_code_text(c) for c in left["la_code"]],
    )
    joined = left.merge(right, on=["population_mid_year", "_la_code"], how="left", validate="many_to_one")
    joined["population_mid_year"] = joined["population_mid_year"].astype("int64")
    joined["population_0_17"] = joined["population_0_17"].astype("Int64")
    joined["population_0_17_status"] = joined["population_0_17_status"].fillna("").astype(str)
    joined["population_line"] = joined["population_line"].astype("Int64")
    joined.index = table.index
    return joined.drop(columns="_la_code")


def rate_per_10000(count, population, decimals: int = 1) -> float | None:
    """count x 10,000 / population, rounded half up to ``decimals`` places as the DfE rounds.

    Exact integer arithmetic, so 12.25 rounds to 12.3 and the result is the float nearest that
    decimal. None when either is missing or the population is not positive.
    """
    if count is None or population is None or pd.isna(count) or pd.isna(population) or int(population) <= 0:
        return None
    scale = 10**decimals
    numerator, denominator = int(count) * 10_000 * scale, int(population)
    return ((2 * numerator + denominator) // (2 * denominator)) / scale
