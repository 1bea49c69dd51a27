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

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from .. import paths
from ..errors import DataError, Problem
from ..paths import display_path
from . import population_0_17
from .population_0_17 import rate_per_10000, with_population
from .raw import read_bytes, read_text

NAME = "children_looked_after"
RAW_DIR = paths.RAW_DIR / NAME
POPULATION_DIR = population_0_17.RAW_DIR
MEASURE = "Children looked after at 31 March each year"


@dataclass(frozen=True)
class Release:
    file: str
    years: tuple[int, ...]  # 31 March years the file covers
    encoding: str
    rows: int  # data rows (after the header) as published: fewer means the file was cut short
    columns: dict[str, str]  # source header -> tidy name; only these are read
    tidy: bool = False  # the statistics-service format: one row per year, area and measure
    measure: str = MEASURE  # tidy files: the measure's name as this release spells it


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


@dataclass(frozen=True)
class RateTable:
    """Sheet LAA1 of a DfE local authority tables workbook: counts (rounded) and published rates."""

    file: str
    years: tuple[int, ...]
    code_column: int  # 0-based column of the 3-digit code (A in SFR34, B in SFR41)
    ons_column: int | None = None  # 0-based column of the ONS code, if any
    sheet: str = "LAA1"
    block_row: int = 7  # 1-based row with the block labels ("numbers", "rates")
    year_row: int = 8  # 1-based row with the year labels over both blocks
    councils: int = 152  # council rows as published (the Isles of Scilly included)

    @property
    def name_column(self) -> int:
        return self.code_column + 1

    @property
    def count_columns(self) -> tuple[int, ...]:
        return tuple(range(self.name_column + 1, self.name_column + 1 + len(self.years)))

    @property
    def rate_columns(self) -> tuple[int, ...]:
        first = self.count_columns[-1] + 2  # one blank column between the blocks
        return tuple(range(first, first + len(self.years)))


# In publication order: for a year in both, the later edition's rate wins.
RATE_TABLES = (
    RateTable("2011-2015_SFR34_LA_tables.xlsx", tuple(range(2011, 2016)), code_column=0),
    RateTable("2012-2016_SFR41_LA_tables.xlsx", tuple(range(2012, 2017)), code_column=1, ons_column=0),
)
RATE_YEARS = tuple(sorted({year for table in RATE_TABLES for year in table.years}))
COMPUTED_FROM_ONS = (2017,)  # a count with no published rate: rate from the ONS mid-year before
YEARS = tuple(sorted({year for release in RELEASES for year in release.years}))
MISSING_YEARS = tuple(year for year in range(YEARS[0], YEARS[-1] + 1) if year not in YEARS)
ENGLAND = "England"
VALUE_COLUMNS = ("children_looked_after", "population_0_17", "rate_per_10000")
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
MIN_COUNCILS_PER_YEAR = 150
MAX_PROBLEMS = 50
# an LAA1 count (rounded to 5, amended later) further than this from the year's CSV count means a
# misread sheet, not a revision (the largest gap in the files is 31 children, 3.4%)
MAX_COUNT_GAP = 0.10

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
                if cell["measure"] != release.measure:
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


# ---------------------------------------------------------------- LAA1 (published rates, 2011 to 2016)

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CODE = re.compile(r"[0-9]{3}")
_ONS_CODE = re.compile(r"E[0-9]{8}")
_SUPPRESSED_LAA1 = {"x", ".."}
RATE_TABLE_COLUMNS = ("year", "la_code", "la_name", "laa1_count", "rate_per_10000", "rate_release", "rate_release_line")


def _letter(column: int) -> str:
    return _LETTERS[column] if column < 26 else _LETTERS[column // 26 - 1] + _LETTERS[column % 26]


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet_number(value) -> int | None:
    """A whole number from a spreadsheet cell, None for a suppressed one; ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if text in _SUPPRESSED_LAA1:
        return None
    raise ValueError(value)


def read_rate_table(table: RateTable, raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """One LAA1 sheet: England's and every council's published rate (and rounded count) per year.

    Columns as RATE_TABLE_COLUMNS; rate_release_line is the sheet's row (1-based). Problems name the
    workbook and sheet, the row and the column (letter and what it should hold).
    """
    path = raw_dir / table.file
    book = display_path(path)
    read_bytes(path)  # missing or empty: a clean error naming the file
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise DataError(
            [Problem(book, 0, "(file)", f"not an Excel workbook, as this release should be ({exc})")]
        ) from None
    if table.sheet not in workbook.sheet_names:
        found = ", ".join(workbook.sheet_names[:12])
        raise DataError([Problem(book, 0, f"(sheet {table.sheet})", f"sheet missing; the workbook has {found}")])
    try:
        rows = workbook.get_sheet_by_name(table.sheet).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise DataError([Problem(book, 0, f"(sheet {table.sheet})", f"unreadable sheet: {exc}")]) from None
    name = f"{book} sheet {table.sheet}"
    width = table.rate_columns[-1] + 1
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    problems = []

    def problem(row: int, column: int | str, message: str, value=None) -> None:
        where = column if isinstance(column, str) else f"{_letter(column)} ({what.get(column, 'the table')})"
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(name, row, where, message, None if value is None else _cell_text(value)))

    what = {table.code_column: "3-digit code", table.name_column: "area"}
    for kind, columns in (("numbers", table.count_columns), ("rates", table.rate_columns)):
        what.update({c: f"{kind} {y}" for c, y in zip(columns, table.years, strict=True)})
    if table.ons_column is not None:
        what[table.ons_column] = "ONS code"
    # the header: block labels on block_row, the years over both blocks on year_row
    expected = [str(y) for y in table.years]

    def years_at(r: int) -> bool:
        return (
            r < len(rows)
            and [_cell_text(rows[r][c]) for c in table.count_columns] == expected
            and [_cell_text(rows[r][c]) for c in table.rate_columns] == expected
        )

    if not years_at(table.year_row - 1):
        moved = next((r + 1 for r in range(min(len(rows), 40)) if years_at(r)), None)
        hint = f"; they are on row {moved}: the header has moved" if moved else ""
        span = f"{_letter(table.count_columns[0])}-{_letter(table.count_columns[-1])}"
        span += f" and {_letter(table.rate_columns[0])}-{_letter(table.rate_columns[-1])}"
        labels = [*zip(table.count_columns, expected, strict=True), *zip(table.rate_columns, expected, strict=True)]
        header = rows[table.year_row - 1] if len(rows) >= table.year_row else [""] * width
        first = next((c for c, y in labels if _cell_text(header[c]) != y), table.count_columns[0])
        found = _cell_text(header[first])
        problem(table.year_row, first, f"expected the years {expected[0]} to {expected[-1]} over {span}{hint}", found)
        raise DataError(problems)
    for kind, column in (("numbers", table.count_columns[0]), ("rates", table.rate_columns[0])):
        label = _cell_text(rows[table.block_row - 1][column])
        if not label.lower().startswith(kind):
            problem(table.block_row, column, f"expected the block label {kind!r}", label)
    if problems:
        raise DataError(problems)
    records, seen, end = [], {}, None
    for r in range(table.year_row, len(rows)):
        row, line = rows[r], r + 1
        texts = [_cell_text(v) for v in row]
        if any(t.startswith("Source:") for t in texts):
            end = line
            break
        code, area = texts[table.code_column], texts[table.name_column]
        if area == ENGLAND and not code:
            key = ""
        elif not code:
            continue  # a region, a blank row
        elif _CODE.fullmatch(code):
            key = code
            if not area:
                problem(line, table.name_column, "council without a name")
                continue
            if table.ons_column is not None and not _ONS_CODE.fullmatch(texts[table.ons_column]):
                problem(line, table.ons_column, "not an ONS code (E and 8 digits)", row[table.ons_column])
                continue
        else:
            problem(line, table.code_column, "not a 3-digit local authority code", row[table.code_column])
            continue
        if key in seen:
            where = ENGLAND if not key else f"council {key}"
            problem(line, table.code_column, f"{where} appears again (first on row {seen[key]})", code)
            continue
        seen[key] = line
        for index, year in enumerate(table.years):
            values = {}
            for label, column in (
                ("laa1_count", table.count_columns[index]),
                ("rate_per_10000", table.rate_columns[index]),
            ):
                try:
                    values[label] = _sheet_number(row[column])
                except ValueError:
                    problem(line, column, "not a whole number", row[column])
            if len(values) == 2:
                records.append(
                    {
                        "year": year,
                        "la_code": key,
                        "la_name": area if key else ENGLAND,
                        **values,
                        "rate_release": table.file,
                        "rate_release_line": line,
                    }
                )
    last = len(rows)
    if end is None:
        problem(last + 1, "(sheet)", "no 'Source:' line below the table: the sheet was cut short")
    councils = sum(1 for key in seen if key)
    if not problems and (councils != table.councils or "" not in seen):
        problem(
            end,
            "(sheet)",
            f"{councils} councils and {int('' in seen)} England rows; the table has {table.councils} and 1",
        )
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame.from_records(records, columns=list(RATE_TABLE_COLUMNS))
    for column in ("laa1_count", "rate_per_10000"):
        frame[column] = frame[column].astype("Int64")
    return frame


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
                        f"{_letter(source.count_columns[source.years.index(year)])} (numbers {year})",
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
    frames, rates, problems = {}, {}, []
    for release in RELEASES:
        try:
            frames[release.file] = read_release(release, raw_dir)
        except DataError as exc:
            problems += exc.problems
    for sheet in RATE_TABLES:
        try:
            rates[sheet.file] = read_rate_table(sheet, raw_dir)
        except DataError as exc:
            problems += exc.problems
    try:
        population = population_0_17.harmonise(population_dir)[population_0_17.NAME]
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
