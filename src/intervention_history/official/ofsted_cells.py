"""Ofsted's spreadsheets, cell by cell (official/ofsted_inspections.py and its release readers).

A sheet read whole; a header row's columns; a data row's dates, judgements and council, each parsed
or a Problem naming the file and sheet, the row and the column header.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from .. import geography
from ..errors import DataError, Problem
from ..paths import display_path
from .raw import read_bytes

GRADES = {"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4}
NOT_JUDGED = "-"  # Ofsted's " -"
ILACS_TYPES = {"ILACS Standard Inspection": "ILACS standard", "ILACS Short Inspection": "ILACS short"}
FIRST_DATE = dt.date(2009, 1, 1)
SUB_JUDGEMENTS = ("help_and_protection", "children_in_care", "care_leavers", "adoption", "leadership", "lscb")

HEADER_START = "Web link"  # column A of every header row


@dataclass(frozen=True)
class Release:
    file: str
    sheet: str
    release: str
    last_date: dt.date  # no date after this


def sheet_label(path: Path, sheet: str) -> str:
    return f"{display_path(path)} [{sheet}]"


def read_sheet(path: Path, sheet: str) -> list[list]:
    """Every row of one sheet from row 1, as the spreadsheet numbers them; an unreadable file or a missing
    sheet is a clean error."""
    data = read_bytes(path)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
        if sheet not in names:
            raise DataError(
                [Problem(sheet_label(path, sheet), 0, "(sheet)", f"sheet is missing; the file has {', '.join(names)}")]
            )
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except DataError:
        raise
    except Exception as exc:  # calamine's errors (a truncated zip, broken XML) are not a traceback
        raise DataError(
            [Problem(display_path(path), 0, "(file)", "not a readable ODS spreadsheet", f"{type(exc).__name__}: {exc}")]
        ) from None


def _header(cell) -> str:
    return " ".join(str(cell).split())


def cell_text(cell) -> str:
    return cell.strip() if isinstance(cell, str) else ("" if cell is None else str(cell))


def find_columns(row: list, wanted, where: str, line: int) -> tuple[dict[str, int], list[Problem]]:
    """Where each wanted header is in this header row; a missing or renamed one names itself."""
    found = {}
    for index, cell in enumerate(row):
        found.setdefault(_header(cell), index)
    problems = [
        Problem(where, line, header, "header is missing or renamed") for header in wanted if header not in found
    ]
    return {h: found[h] for h in wanted if h in found}, problems


def march_year(day: dt.date) -> int:
    """The register's 31 March year of a date (1 April 2019 is in 2020)."""
    return day.year if (day.month, day.day) <= (3, 31) else day.year + 1


class Cells:
    """One data row: its cells by header, each parsed or a Problem naming sheet, row and header."""

    def __init__(self, row: list, columns: dict[str, int], where: str, line: int, release: Release):
        self.row, self.columns, self.where, self.line, self.release = row, columns, where, line, release
        self.problems: list[Problem] = []

    def raw(self, header: str):
        index = self.columns[header]
        return self.row[index] if index < len(self.row) else ""

    def text(self, header: str) -> str:
        return cell_text(self.raw(header))

    def bad(self, header: str, message: str, value=None) -> None:
        self.problems.append(Problem(self.where, self.line, header, message, None if value is None else str(value)))

    def date(self, header: str) -> dt.date | None:
        cell = self.raw(header)
        if isinstance(cell, dt.datetime):
            day = cell.date()
        elif isinstance(cell, dt.date):
            day = cell
        elif cell_text(cell) == "":
            return None
        else:
            day = None
            for form in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    day = dt.datetime.strptime(cell_text(cell), form).date()
                    break
                except ValueError:
                    pass
            if day is None:
                self.bad(header, "not a date", cell)
                return None
        if not FIRST_DATE <= day <= self.release.last_date:
            self.bad(header, f"date outside {FIRST_DATE} to {self.release.last_date}", day.isoformat())
            return None
        return day

    def grade(self, header: str, required: bool) -> str | None:
        """Ofsted's words; "" where not judged (" -" or, unless required, empty); None when wrong."""
        value = self.text(header)
        if value in GRADES or (value == NOT_JUDGED and not required):
            return "" if value == NOT_JUDGED else value
        if value == "" and not required:
            return ""
        self.bad(header, f"not one of Ofsted's judgements ({', '.join(GRADES)})", value)
        return None


def council_at(cells: Cells, header: str, text: str, day: dt.date) -> geography.Council | None:
    council = geography.match(text, march_year(day))
    if council is None:
        cells.bad(header, f"matches no council in {display_path(geography.REGISTER)}", text)
    elif not council.existed(march_year(day)):
        cells.bad(header, f"{council.la_name} ({council.la_code}) did not exist on {day}", text)
        return None
    return council


def inspection_record(council, framework, start, published, judgement, subs, release, line, sheet) -> dict:
    return {
        "la_code": council.la_code,
        "new_la_code": council.new_la_code,
        "la_name": council.la_name,
        "framework": framework,
        "inspection_start": start.isoformat() if start else "",
        "published": published.isoformat(),
        "judgement": judgement,
        "grade": GRADES[judgement],
        **{f"{s}_judgement": subs.get(s, "") for s in SUB_JUDGEMENTS},
        "release": release.release,
        "release_line": f"{sheet}!{line}",
    }
