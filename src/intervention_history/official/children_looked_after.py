"""Children looked after at 31 March, 2010 to 2024, as one tidy table for every English council.

Reads the DfE releases in data/raw/children_looked_after/ exactly as published (each one has its
own header; the later ones are tidy files that overlap and revise each other) and writes
data/processed/children_looked_after.csv, one row per council (and one for England) per year, plus
data/processed/children_looked_after_revisions.csv, every figure a later release changed.

Rules (see data/processed/README.md):
- a year comes from the latest release that covers it; what it changed is listed as a revision;
- a year no release covers (2018) has no row: nothing is interpolated or carried across years;
- suppressed (`x`, `c`) and not available (`x`) cells are empty, never zero; a council that did
  not exist that year (`z`, "not applicable") has no row;
- the rate per 10,000 children aged under 18 is the published one (2019 on) or, for 2010, computed
  from the count and the population in the same file; 2011 to 2017 have counts only.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError, Problem
from ..paths import display_path
from .raw import read_text

NAME = "children_looked_after"
RAW_DIR = paths.RAW_DIR / NAME


@dataclass(frozen=True)
class Release:
    file: str
    years: tuple[int, ...]  # 31 March years the file covers
    encoding: str
    rows: int  # data rows (after the header) as published: fewer means the file was cut short
    columns: dict[str, str]  # source header -> tidy name; only these are read
    tidy: bool = False  # the statistics-service format: one row per year, area and measure


# The 2010-2017 files: one row per area, counts in a column whose name carries the year.
_GEOGRAPHY = {"geog_l": "level", "geog_c": "code", "geog_n": "name"}


def _sfr(file: str, year: int, rows: int, count_column: str, **extra: str) -> Release:
    columns = {**_GEOGRAPHY, count_column: "children_looked_after", **{v: k for k, v in extra.items()}}
    return Release(file, (year,), "utf-8", rows, columns)


_TIDY = {
    "time_period": "year",
    "time_identifier": "time_identifier",
    "geographic_level": "level",
    "old_la_code": "code",
    "la_name": "name",
    "population_count": "measure",
    "population_estimate": "population_0_17",
    "number": "children_looked_after",
    "rate_per_10000": "rate_per_10000",
}

# In publication order: for a year covered twice, the later release wins.
RELEASES = (
    _sfr("2010_SFR27_March.csv", 2010, 162, "MarTotal_2010", population_0_17="Mid2009Pop0-17"),
    *(
        _sfr(file, year, rows, f"CLA_Mar{year}")
        for file, year, rows in (
            ("2011_SFR21_CLA.csv", 2011, 163),
            ("2012_SFR20_CLA.csv", 2012, 163),
            ("2013_SFR36_CLA.csv", 2013, 163),
            ("2014_SFR36_CLA.csv", 2014, 163),
            ("2015_SFR34_CLA.csv", 2015, 163),
            ("2016_SFR41_CLA.csv", 2016, 163),
            ("2017_SFR50_CLA.csv", 2017, 164),  # a leading LA_order column; Isles of Scilly has no geog_l
        )
    ),
    Release(
        "2019-2023_cla_number_and_rate_per_10k_children.csv",
        (2019, 2020, 2021, 2022, 2023),
        "utf-8-sig",
        2520,
        _TIDY,
        True,
    ),
    Release(
        "2020-2024_cla_number_and_rate_per_10k_children.csv",
        (2020, 2021, 2022, 2023, 2024),
        "utf-8-sig",
        2505,
        _TIDY,
        True,
    ),
)
YEARS = tuple(sorted({year for release in RELEASES for year in release.years}))
MISSING_YEARS = tuple(year for year in range(YEARS[0], YEARS[-1] + 1) if year not in YEARS)
ENGLAND = "England"
MEASURE = "Children looked after at 31 March each year"
VALUE_COLUMNS = ("children_looked_after", "population_0_17", "rate_per_10000")
OUTPUT_COLUMNS = ("year", "la_code", "la_name", *VALUE_COLUMNS, "rate_source", "release", "release_line")
REVISION_COLUMNS = ("year", "la_code", "la_name", "column", "old_value", "old_release", "new_value", "new_release")
MIN_COUNCILS_PER_YEAR = 150
MAX_PROBLEMS = 50

# geographic level as written -> what it is; anything else stops the build
_LEVELS = {
    "National": "england",
    "NATIONAL": "england",
    "GOR": "region",
    "REGION": "region",
    "Regional": "region",
    "LA": "council",
    "Local authority": "council",
}
# Symbols for a missing figure. Before 2018 `x` marks a suppressed cell. The tidy files use
# `c` (suppressed), `x` (not available) and `z` (not applicable: the council did not exist).
_SUPPRESSED_SFR = {"x"}
_SUPPRESSED_TIDY = {"c", "x"}
NOT_APPLICABLE = "z"


# ---------------------------------------------------------------- reading


def _whole_number(value: str, tidy: bool) -> int | None | str:
    """An int, None (suppressed or not available) or NOT_APPLICABLE; ValueError for anything else.

    Anything else includes spreadsheet errors such as `#VALUE!`: a count that cannot be read is not
    a suppressed count, so it stops the build rather than becoming an empty cell.
    """
    text = value.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if text in (_SUPPRESSED_TIDY if tidy else _SUPPRESSED_SFR):
        return None
    if tidy and text == NOT_APPLICABLE:
        return NOT_APPLICABLE
    raise ValueError(value)


def read_release(release: Release, raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """One raw file: its England and council rows of children looked after at 31 March.

    Columns: year, la_code (3-digit text, empty for England), la_name, children_looked_after,
    population_0_17, rate_per_10000 (Int64, missing = <NA>), release, release_line.
    """
    path = raw_dir / release.file
    name = display_path(path)
    text = read_text(path, release.encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise DataError([Problem(name, 1, "(header)", f"unreadable CSV: {exc}")]) from None
    if not any(h.strip() for h in header):
        raise DataError([Problem(name, 1, "(header)", "no header")])
    problems = []
    for column in release.columns:
        found = header.count(column)
        if found == 0:
            close = difflib.get_close_matches(column, [h for h in header if h not in release.columns], n=2)
            hint = f" (closest: {', '.join(close)})" if close else ""
            problems.append(Problem(name, 1, column, f"expected column missing from the header{hint}"))
        elif found > 1:
            problems.append(Problem(name, 1, column, f"column appears {found} times in the header"))
    if problems:
        raise DataError(problems)
    index = {column: header.index(column) for column in release.columns}
    source = {tidy: column for column, tidy in release.columns.items()}
    records, seen, data_rows, line = [], {}, 0, 1

    def problem(line: int, column: str, message: str, value: str | None = None) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(name, line, column, message, value))

    try:
        for row in reader:
            line = reader.line_num
            data_rows += 1
            if len(row) != len(header):
                problem(line, "(row)", f"{len(row)} fields but the header has {len(header)}")
                continue
            cell = {tidy: row[index[column]] for column, tidy in release.columns.items()}
            if release.tidy:
                if cell["measure"] != MEASURE:
                    continue
                if cell["time_identifier"] != "Reporting year":
                    problem(line, "time_identifier", "expected 'Reporting year'", cell["time_identifier"])
                    continue
                if not (cell["year"].isdigit() and int(cell["year"]) in release.years):
                    covered = f"{release.years[0]}-{release.years[-1]}"
                    problem(line, "time_period", f"not a year this release covers ({covered})", cell["year"])
                    continue
                year = int(cell["year"])
            else:
                year = release.years[0]
            level = _LEVELS.get(cell["level"].strip())
            if level is None and cell["level"].strip() == "" and cell["code"].strip().isdigit():
                level = "council"  # 2017: the Isles of Scilly row has an empty geog_l
            if level is None:
                problem(line, source["level"], "unknown geographic level", cell["level"])
                continue
            if level == "region":
                continue
            code = cell["code"].strip() if level == "council" else ""
            if level == "council" and not (len(code) == 3 and code.isdigit()):
                problem(line, source["code"], "not a 3-digit local authority code", cell["code"])
                continue
            key = (year, code)
            if key in seen:
                where = "England" if not code else f"council {code}"
                problem(line, source["code"], f"{where} appears again for {year} (first on line {seen[key]})", code)
                continue
            seen[key] = line
            values, bad = {}, False
            for column in VALUE_COLUMNS:
                if column not in cell:
                    values[column] = None
                    continue
                try:
                    values[column] = _whole_number(cell[column], release.tidy)
                except ValueError:
                    problem(line, source[column], "not a whole number", cell[column])
                    bad = True
            if bad or values["children_looked_after"] == NOT_APPLICABLE:
                continue  # `z`: the council did not exist that year, so it has no row
            values = {k: (None if v == NOT_APPLICABLE else v) for k, v in values.items()}
            records.append(
                {
                    "year": year,
                    "la_code": code,
                    "la_name": ENGLAND if not code else cell["name"].strip(),
                    **values,
                    "release": release.file,
                    "release_line": line,
                }
            )
    except csv.Error as exc:
        problem(reader.line_num, "(row)", f"unreadable CSV: {exc}")
    if data_rows != release.rows and not problems:
        problem(
            line + 1 if data_rows < release.rows else line,
            "(file)",
            f"{data_rows} data rows but the release has {release.rows}"
            + (": the file was cut short" if data_rows < release.rows else ""),
        )
    frame = pd.DataFrame.from_records(
        records, columns=["year", "la_code", "la_name", *VALUE_COLUMNS, "release", "release_line"]
    )
    for year in release.years:
        in_year = frame[frame["year"] == year]
        councils = (in_year["la_code"] != "").sum()
        if not problems and (councils < MIN_COUNCILS_PER_YEAR or (in_year["la_code"] == "").sum() != 1):
            problem(
                line + 1,
                "(file)",
                f"{year} has {councils} councils and {(in_year['la_code'] == '').sum()} England rows",
            )
    if problems:
        raise DataError(problems)
    for column in VALUE_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    return frame


# ---------------------------------------------------------------- harmonising


def _rate(count, population) -> int | None:
    """Children per 10,000 aged under 18, rounded half up to a whole number as the DfE does."""
    if pd.isna(count) or pd.isna(population) or population <= 0:
        return None
    return (2 * int(count) * 10_000 + int(population)) // (2 * int(population))


def latest_release(year: int) -> Release:
    return [release for release in RELEASES if year in release.years][-1]


def harmonise(raw_dir: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """The table (latest release for each year) and the revisions (what later releases changed)."""
    frames, problems = {}, []
    for release in RELEASES:
        try:
            frames[release.file] = read_release(release, raw_dir)
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    parts, revisions = [], []
    for year in YEARS:
        winner = latest_release(year)
        new = frames[winner.file]
        new = new[new["year"] == year]
        parts.append(new)
        for older in RELEASES[: RELEASES.index(winner)]:
            if year not in older.years:
                continue
            old = frames[older.file]
            old = old[old["year"] == year]
            both = old.merge(new, on="la_code", how="outer", suffixes=("_old", "_new"), sort=True)
            for row in both.itertuples(index=False):
                for column in VALUE_COLUMNS:
                    before, after = getattr(row, f"{column}_old"), getattr(row, f"{column}_new")
                    if (pd.isna(before) and pd.isna(after)) or (not pd.isna(before) and before == after):
                        continue
                    revisions.append(
                        {
                            "year": year,
                            "la_code": row.la_code,
                            "column": column,
                            "old_value": before,
                            "old_release": older.file,
                            "new_value": after,
                            "new_release": winner.file,
                        }
                    )
    table = pd.concat(parts, ignore_index=True)
    for column in VALUE_COLUMNS:
        table[column] = table[column].astype("Int64")
    # A rate is computed only from a count and a population in the same file, and only where that
    # release publishes no rate itself (2010); otherwise the published rate stands, or none.
    publishes = table["release"].isin({r.file for r in RELEASES if "rate_per_10000" in r.columns.values()})
    computed = ~publishes & table["children_looked_after"].notna() & table["population_0_17"].notna()
    table.loc[computed, "rate_per_10000"] = [
        _rate(c, p)
        for c, p in zip(
            table.loc[computed, "children_looked_after"], table.loc[computed, "population_0_17"], strict=True
        )
    ]
    has_rate = table["rate_per_10000"].notna()
    table["rate_source"] = ""
    table.loc[has_rate & publishes, "rate_source"] = "published"
    table.loc[has_rate & computed, "rate_source"] = "computed"
    # One spelling per council code: the latest release's.
    names = table.groupby("la_code")["la_name"].last()
    table["la_name"] = table["la_code"].map(names)
    table = table.sort_values(["year", "la_code"], kind="stable").reset_index(drop=True)
    revised = pd.DataFrame.from_records(revisions, columns=[c for c in REVISION_COLUMNS if c != "la_name"])
    revised["la_name"] = revised["la_code"].map(names).fillna("")
    for column in ("old_value", "new_value"):
        revised[column] = revised[column].astype("Int64")
    column_order = {c: i for i, c in enumerate(VALUE_COLUMNS)}
    revised = revised.sort_values(
        ["year", "la_code", "column"], key=lambda s: s.map(column_order) if s.name == "column" else s, kind="stable"
    )
    return {
        NAME: table[list(OUTPUT_COLUMNS)],
        f"{NAME}_revisions": revised[list(REVISION_COLUMNS)].reset_index(drop=True),
    }


# ---------------------------------------------------------------- outputs

_TEXT = ("la_name", "rate_source", "release")
TABLES = {
    NAME: {
        c: "str" if c in _TEXT else "Int64" if c == "la_code" else "float64" if c in VALUE_COLUMNS else "int64"
        for c in OUTPUT_COLUMNS
    },
    f"{NAME}_revisions": {
        c: "Int64"
        if c == "la_code"
        else "float64"
        if c in ("old_value", "new_value")
        else "int64"
        if c == "year"
        else "str"
        for c in REVISION_COLUMNS
    },
}


def inputs(raw_dir: Path = RAW_DIR) -> list[Path]:
    return [raw_dir / release.file for release in RELEASES]
