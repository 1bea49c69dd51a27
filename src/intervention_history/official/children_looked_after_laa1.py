"""Sheet LAA1 of the DfE's local authority tables: the published rates of children looked after, 2011 to 2016.

Read for official/children_looked_after.py. Problems name the workbook and sheet, the row and the
column (its letter and what it should hold).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from ..errors import DataError, Problem
from ..paths import display_path
from .children_looked_after_csv import ENGLAND, MAX_PROBLEMS
from .raw import read_bytes


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


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CODE = re.compile(r"[0-9]{3}")
_ONS_CODE = re.compile(r"E[0-9]{8}")
_SUPPRESSED_LAA1 = {"x", ".."}
RATE_TABLE_COLUMNS = ("year", "la_code", "la_name", "laa1_count", "rate_per_10000", "rate_release", "rate_release_line")


def column_letter(column: int) -> str:
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


def read_rate_table(table: RateTable, raw_dir: Path) -> pd.DataFrame:
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
        where = column if isinstance(column, str) else f"{column_letter(column)} ({what.get(column, 'the table')})"
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
        span = f"{column_letter(table.count_columns[0])}-{column_letter(table.count_columns[-1])}"
        span += f" and {column_letter(table.rate_columns[0])}-{column_letter(table.rate_columns[-1])}"
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
