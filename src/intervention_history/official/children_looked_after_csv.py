"""The CSV releases of children looked after (official/children_looked_after.py reads them).

The 2010 to 2017 SFR files (one row per area, the count in a column named for the year) and the
tidy statistics-service files from 2018 (one row per year, area and measure), read as published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from .raw import Rows, collector, column_index, open_csv

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


ENGLAND = "England"
VALUE_COLUMNS = ("children_looked_after", "population_0_17", "rate_per_10000")
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


def read_release(release: Release, raw_dir: Path) -> pd.DataFrame:
    """One raw file: its England and council rows of children looked after at 31 March.

    Columns: year, la_code (3-digit text, empty for England), la_name, children_looked_after,
    population_0_17, rate_per_10000 (Int64, missing = <NA>), release, release_line.
    """
    name, reader, header = open_csv(raw_dir / release.file, release.encoding)
    if not any(h.strip() for h in header):
        raise DataError([Problem(name, 1, "(header)", "no header")])
    index = column_index(name, header, release.columns)
    source = {tidy: column for column, tidy in release.columns.items()}
    records, seen, problems = [], {}, []
    problem = collector(name, problems, MAX_PROBLEMS)
    rows = Rows(reader, problem)
    for line, row in rows:
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
    if rows.count != release.rows and not problems:
        problem(
            rows.line + 1 if rows.count < release.rows else rows.line,
            "(file)",
            f"{rows.count} data rows but the release has {release.rows}"
            + (": the file was cut short" if rows.count < release.rows else ""),
        )
    frame = pd.DataFrame.from_records(
        records, columns=["year", "la_code", "la_name", *VALUE_COLUMNS, "release", "release_line"]
    )
    for year in release.years:
        in_year = frame[frame["year"] == year]
        councils = (in_year["la_code"] != "").sum()
        if not problems and (councils < MIN_COUNCILS_PER_YEAR or (in_year["la_code"] == "").sum() != 1):
            problem(
                rows.line + 1,
                "(file)",
                f"{year} has {councils} councils and {(in_year['la_code'] == '').sum()} England rows",
            )
    if problems:
        raise DataError(problems)
    for column in VALUE_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    return frame
