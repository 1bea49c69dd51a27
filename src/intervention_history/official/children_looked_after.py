"""Children looked after at 31 March, 2010 to 2025, as one tidy table for every English council.

Reads the DfE releases in data/raw/children_looked_after/ exactly as published (each one has its
own header; the later ones are tidy files that overlap and revise each other) and writes
data/processed/children_looked_after.csv, one row per council (and one for England) per year, plus
data/processed/children_looked_after_revisions.csv, every figure a later release changed.

Rules (see data/processed/README.md):
- counts: 2010 to 2017 from that year's release (one CSV each); 2018 to 2025 from the tidy files,
  a year from the latest release that covers it, and what it changed is listed as a revision;
- rates per 10,000 children aged under 18, and where each comes from (``rate_source``):
  - 2010 `computed` from the count and the mid-2009 population in the same file;
  - 2011 to 2016 `published`: sheet `LAA1` of the DfE's local authority tables (SFR34/2015 for
    2011, SFR41/2016 for 2012 to 2016, the later edition winning; its rate revisions are listed).
    `LAA1` rounds councils' counts to the nearest 5 (England to 10), so its counts are not used: the
    count stays the year's own CSV, and the rate, derived by the DfE from counts amended later, need
    not equal count x 10,000 / population. These years have no population column;
  - 2017 `computed` from the count and the ONS mid-2016 estimate (population_0_17.mid_year_for, the
    DfE's pairing), rounded half up to a whole number as the DfE rounds; no release publishes one;
  - 2018 to 2025 `published`, as in the tidy files, with their populations;
  a computed rate is never labelled published; a row without a rate has an empty rate_source;
- nothing is interpolated or carried across years;
- suppressed (`x` before 2018, `c` after) and not available (`x`) cells are empty, never zero; a
  council that did not exist that year (`z`, "not applicable") has no row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError, Problem
from ..paths import display_path
from . import population_0_17
from .children_looked_after_csv import ENGLAND, MEASURE, VALUE_COLUMNS, Release, read_release
from .children_looked_after_laa1 import RateTable, column_letter, read_rate_table
from .population_0_17 import rate_per_10000, with_population
from .raw import Gather

NAME = "children_looked_after"
RAW_DIR = paths.RAW_DIR / NAME
POPULATION_DIR = population_0_17.RAW_DIR


# The 2010-2017 files: one row per area, counts in a column whose name carries the year.
_GEOGRAPHY = {"geog_l": "level", "geog_c": "code", "geog_n": "name"}


def _sfr(file: str, year: int, rows: int, count_column: str, **extra: str) -> Release:
    columns = {**_GEOGRAPHY, count_column: "children_looked_after", **{v: k for k, v in extra.items()}}
    return Release(file, (year,), "utf-8", rows, columns)


def _tidy(
    file: str, years: range, rows: int, measure_column="population_count", count_column="number", measure=MEASURE
):
    columns = {
        "time_period": "year",
        "time_identifier": "time_identifier",
        "geographic_level": "level",
        "old_la_code": "code",
        "la_name": "name",
        measure_column: "measure",
        "population_estimate": "population_0_17",
        count_column: "children_looked_after",
        "rate_per_10000": "rate_per_10000",
    }
    return Release(file, tuple(years), "utf-8-sig", rows, columns, True, measure)


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
    _tidy("2018-2022_cla_number_and_rate_per_10k_children.csv", range(2018, 2023), 2520),
    _tidy("2019-2023_cla_number_and_rate_per_10k_children.csv", range(2019, 2024), 2520),
    _tidy("2020-2024_cla_number_and_rate_per_10k_children.csv", range(2020, 2025), 2505),
    _tidy(
        "2021-2025_cla_number_and_rate_per_10k_children.csv",
        range(2021, 2026),
        2505,
        measure_column="population_type",
        count_column="children_count",
        measure="Children looked after on 31 March each year",
    ),
)


# In publication order: for a year in both, the later edition's rate wins.
RATE_TABLES = (
    RateTable("2011-2015_SFR34_LA_tables.xlsx", tuple(range(2011, 2016)), code_column=0),
    RateTable("2012-2016_SFR41_LA_tables.xlsx", tuple(range(2012, 2017)), code_column=1, ons_column=0),
)
RATE_YEARS = tuple(sorted({year for table in RATE_TABLES for year in table.years}))
COMPUTED_FROM_ONS = (2017,)  # a count with no published rate: rate from the ONS mid-year before
YEARS = tuple(sorted({year for release in RELEASES for year in release.years}))
MISSING_YEARS = tuple(year for year in range(YEARS[0], YEARS[-1] + 1) if year not in YEARS)
OUTPUT_COLUMNS = (
    "year",
    "la_code",
    "la_name",
    *VALUE_COLUMNS,
    "rate_source",
    "release",
    "release_line",
    "rate_release",
    "rate_release_line",
)
REVISION_COLUMNS = ("year", "la_code", "la_name", "column", "old_value", "old_release", "new_value", "new_release")
# an LAA1 count (rounded to 5, amended later) further than this from the year's CSV count means a
# misread sheet, not a revision (the largest gap in the files is 31 children, 3.4%)
MAX_COUNT_GAP = 0.10


def latest_rate_table(year: int) -> RateTable:
    return [table for table in RATE_TABLES if year in table.years][-1]


# ---------------------------------------------------------------- harmonising


def latest_release(year: int) -> Release:
    return [release for release in RELEASES if year in release.years][-1]


def _revisions(year: int, old: pd.DataFrame, new: pd.DataFrame, columns, old_file: str, new_file: str) -> list[dict]:
    """Every figure of ``columns`` that differs between an older and a newer release of one year."""
    both = old.merge(new, on="la_code", how="outer", suffixes=("_old", "_new"), sort=True)
    out = []
    for row in both.itertuples(index=False):
        for column in columns:
            before, after = getattr(row, f"{column}_old"), getattr(row, f"{column}_new")
            if (pd.isna(before) and pd.isna(after)) or (not pd.isna(before) and not pd.isna(after) and before == after):
                continue
            out.append(
                {
                    "year": year,
                    "la_code": row.la_code,
                    "column": column,
                    "old_value": before,
                    "old_release": old_file,
                    "new_value": after,
                    "new_release": new_file,
                }
            )
    return out


def _published_rates(table: pd.DataFrame, rates: dict[str, pd.DataFrame], raw_dir: Path) -> list[Problem]:
    """Put LAA1's rates on the 2011-2016 rows (in place); problems where the sheet and CSV disagree."""
    problems = []
    for year in RATE_YEARS:
        source = latest_rate_table(year)
        sheet = rates[source.file]
        sheet = sheet[sheet["year"] == year].set_index("la_code")
        name = f"{display_path(raw_dir / source.file)} sheet {source.sheet}"
        rows = table.index[table["year"] == year]
        for i in rows:
            code, count = table.at[i, "la_code"], table.at[i, "children_looked_after"]
            csv_name = display_path(raw_dir / table.at[i, "release"])
            where = ENGLAND if not code else f"council {code}"
            if code not in sheet.index:
                problems.append(
                    Problem(csv_name, int(table.at[i, "release_line"]), "(row)", f"{where} has no row in {name}")
                )
                continue
            hit = sheet.loc[code]
            laa1 = hit["laa1_count"]
            if pd.notna(count) and pd.notna(laa1) and abs(int(laa1) - int(count)) > max(10, MAX_COUNT_GAP * int(count)):
                problems.append(
                    Problem(
                        name,
                        int(hit["rate_release_line"]),
                        f"{column_letter(source.count_columns[source.years.index(year)])} (numbers {year})",
                        f"{where}: {int(laa1)} here but {int(count)} in {csv_name}: is the sheet laid out as expected?",
                        str(int(laa1)),
                    )
                )
            table.at[i, "rate_per_10000"] = hit["rate_per_10000"]
            table.at[i, "rate_release"] = source.file
            table.at[i, "rate_release_line"] = int(hit["rate_release_line"])
    return problems


def _ons_rates(table: pd.DataFrame, population: pd.DataFrame, raw_dir: Path) -> list[Problem]:
    """Compute the rate for the COMPUTED_FROM_ONS years (in place) from the ONS mid-year before."""
    rows = table[table["year"].isin(COMPUTED_FROM_ONS)]
    if rows.empty:
        return []
    joined = with_population(rows[["year", "la_code"]], population)
    problems = []
    for i, row in joined.iterrows():
        if pd.isna(row["population_line"]):
            where = ENGLAND if not row["la_code"] else f"council {row['la_code']}"
            problems.append(
                Problem(
                    display_path(raw_dir / table.at[i, "release"]),
                    int(table.at[i, "release_line"]),
                    "(row)",
                    f"{where} has no mid-{row['population_mid_year']} population in {population_0_17.POPULATION.file}",
                )
            )
            continue
        table.at[i, "population_0_17"] = row["population_0_17"]
        if pd.notna(row["population_0_17"]) and pd.notna(table.at[i, "children_looked_after"]):
            table.at[i, "rate_per_10000"] = rate_per_10000(
                table.at[i, "children_looked_after"], row["population_0_17"], 0
            )
            table.at[i, "rate_release"] = population_0_17.POPULATION.file
            table.at[i, "rate_release_line"] = int(row["population_line"])
    return problems


def harmonise(raw_dir: Path = RAW_DIR, population_dir: Path = POPULATION_DIR) -> dict[str, pd.DataFrame]:
    """The table (latest release for each year) and the revisions (what later releases changed)."""
    gather = Gather()
    frames = {release.file: gather(read_release, release, raw_dir) for release in RELEASES}
    rates = {sheet.file: gather(read_rate_table, sheet, raw_dir) for sheet in RATE_TABLES}
    population = gather(population_0_17.harmonise, population_dir)
    gather.check()
    population = population[population_0_17.NAME]
    parts, revisions = [], []
    for year in YEARS:
        winner = latest_release(year)
        new = frames[winner.file]
        new = new[new["year"] == year]
        parts.append(new)
        for older in RELEASES[: RELEASES.index(winner)]:
            if year in older.years:
                old = frames[older.file]
                revisions += _revisions(year, old[old["year"] == year], new, VALUE_COLUMNS, older.file, winner.file)
    for year in RATE_YEARS:
        winner = latest_rate_table(year)
        new = rates[winner.file]
        for older in RATE_TABLES[: RATE_TABLES.index(winner)]:
            if year in older.years:
                old = rates[older.file]
                revisions += _revisions(
                    year,
                    old[old["year"] == year],
                    new[new["year"] == year],
                    ("rate_per_10000",),
                    older.file,
                    winner.file,
                )
    table = pd.concat(parts, ignore_index=True)
    for column in VALUE_COLUMNS:
        table[column] = table[column].astype("Int64")
    table["rate_release"] = ""
    table["rate_release_line"] = pd.array([None] * len(table), dtype="Int64")
    # published in the tidy files; computed from the same file's population in 2010
    publishes = table["release"].isin({r.file for r in RELEASES if "rate_per_10000" in r.columns.values()})
    table.loc[publishes, "rate_release"] = table.loc[publishes, "release"]
    table.loc[publishes, "rate_release_line"] = table.loc[publishes, "release_line"]
    own = ~publishes & table["children_looked_after"].notna() & table["population_0_17"].notna()
    for i in table.index[own]:
        table.at[i, "rate_per_10000"] = rate_per_10000(
            table.at[i, "children_looked_after"], table.at[i, "population_0_17"], 0
        )
        table.at[i, "rate_release"], table.at[i, "rate_release_line"] = (
            table.at[i, "release"],
            table.at[i, "release_line"],
        )
    problems = _published_rates(table, rates, raw_dir) + _ons_rates(table, population, raw_dir)
    if problems:
        raise DataError(problems)
    has_rate = table["rate_per_10000"].notna()
    table.loc[~has_rate, ["rate_release", "rate_release_line"]] = ["", None]
    published = publishes | table["year"].isin(RATE_YEARS)
    table["rate_source"] = ""
    table.loc[has_rate & published, "rate_source"] = "published"
    table.loc[has_rate & ~published, "rate_source"] = "computed"
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
    for column in VALUE_COLUMNS:
        table[column] = table[column].astype("Int64")
    table["rate_release_line"] = table["rate_release_line"].astype("Int64")
    return {
        NAME: table[list(OUTPUT_COLUMNS)],
        f"{NAME}_revisions": revised[list(REVISION_COLUMNS)].reset_index(drop=True),
    }


# ---------------------------------------------------------------- outputs

_TEXT = ("la_name", "rate_source", "release", "rate_release")
TABLES = {
    NAME: {
        c: "str"
        if c in _TEXT
        else "Int64"
        if c in ("la_code", "rate_release_line")
        else "float64"
        if c in VALUE_COLUMNS
        else "int64"
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


def inputs(raw_dir: Path = RAW_DIR, population_dir: Path = POPULATION_DIR) -> list[Path]:
    return [
        *(raw_dir / release.file for release in RELEASES),
        *(raw_dir / sheet.file for sheet in RATE_TABLES),
        *population_0_17.inputs(population_dir),
    ]
