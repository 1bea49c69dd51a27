"""What every official reader does first with a raw file: find it, read it, decode it, or say why not."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import DataError, Problem
from ..paths import display_path


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or empty file is a clean error naming it."""
    name = display_path(path)
    if not path.exists():
        raise DataError([Problem(name, 0, "(file)", "raw file is missing")])
    data = path.read_bytes()
    if not data.strip():
        raise DataError([Problem(name, 1, "(file)", "raw file is empty")])
    return data


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """The file as text in the encoding its release uses; undecodable bytes name their line."""
    data = read_bytes(path)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        shown = "UTF-8" if encoding.lower().startswith("utf-8") else encoding
        raise DataError(
            [Problem(display_path(path), line, "(file)", f"not {shown} text, as this release should be")]
        ) from None


# ---------------------------------------------------------------- CSV files and their checks

MAX_PROBLEMS = 50
# DfE tidy CSVs (statistics service): the geography every file carries, and its levels
TIDY_GEOGRAPHY = ("time_period", "time_identifier", "geographic_level", "old_la_code", "new_la_code", "la_name")
TIDY_LEVELS = {"National": "england", "Regional": "region", "Local authority": "council"}
NUMBER = {"count": re.compile(r"[0-9]+"), "percent": re.compile(r"[0-9]+(\.[0-9]+)?")}
NUMBER["number"] = NUMBER["percent"]
KIND_WORDS = {"count": "a whole number", "percent": "a percentage", "number": "a number"}

Report = Callable[..., None]  # problem(line, column, message, value=None)


def collector(name: str, problems: list[Problem], limit: int = MAX_PROBLEMS) -> Report:
    """problem(line, column, message, value=None): add one about file ``name``, up to ``limit`` of them."""

    def problem(line: int, column: str, message: str, value: str | None = None) -> None:
        if len(problems) < limit:
            problems.append(Problem(name, line, column, message, value))

    return problem


def open_csv(path: Path, encoding: str = "utf-8-sig") -> tuple[str, Iterator[list[str]], list[str]]:
    """The file's display name, a csv reader past the header, and the header; an unreadable header stops."""
    name = display_path(path)
    reader = csv.reader(io.StringIO(read_text(path, encoding), newline=""))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise DataError([Problem(name, 1, "(header)", f"unreadable CSV: {exc}")]) from None
    return name, reader, header


def column_index(name: str, header: list[str], wanted) -> dict[str, int]:
    """Where each wanted column is; one missing (with the closest names) or repeated stops the build."""
    problems = []
    for column in wanted:
        found = header.count(column)
        if found == 0:
            close = difflib.get_close_matches(column, [h for h in header if h not in wanted], n=2)
            hint = f" (closest: {', '.join(close)})" if close else ""
            problems.append(Problem(name, 1, column, f"expected column missing from the header{hint}"))
        elif found > 1:
            problems.append(Problem(name, 1, column, f"column appears {found} times in the header"))
    if problems:
        raise DataError(problems)
    return {column: header.index(column) for column in wanted}


class Rows:
    """The data rows of an open CSV as (line, row); a row csv cannot read ends them, named as a problem.

    After the loop: ``line``, the last row's line (1 if none), and ``count``, the rows read."""

    def __init__(self, reader, problem: Report):
        self.reader, self.problem, self.line, self.count = reader, problem, 1, 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        try:
            for row in self.reader:
                self.line = self.reader.line_num
                self.count += 1
                yield self.line, row
        except csv.Error as exc:
            self.problem(self.reader.line_num, "(row)", f"unreadable CSV: {exc}")


def bad_width(problem: Report, line: int, row: list[str], header: list[str], empty: str = "") -> bool:
    """Name a row shorter or longer than the header (``empty`` names an unnamed column); True if so."""
    if len(row) < len(header):
        problem(line, header[len(row)] or empty, f"row ends after {len(row)} fields; the header has {len(header)}")
        return True
    if len(row) > len(header):
        problem(line, "(row)", f"{len(row)} fields but the header has {len(header)}")
        return True
    return False


def tidy_level_year(problem: Report, line: int, cell: dict[str, str], years: tuple[int, ...]):
    """A tidy row's level ("england" or "council") and year; None for a region or a problem named."""
    level = TIDY_LEVELS.get(cell["geographic_level"])
    if level is None:
        problem(line, "geographic_level", "unknown geographic level", cell["geographic_level"])
        return None
    if level == "region":
        return None
    if cell["time_identifier"] != "Reporting year":
        problem(line, "time_identifier", "expected 'Reporting year'", cell["time_identifier"])
        return None
    period = cell["time_period"]
    if not (period.isascii() and period.isdigit()) or int(period) not in years:
        problem(line, "time_period", f"not a year this file covers ({years[0]}-{years[-1]})", period)
        return None
    return level, int(period)


def tidy_values(problem: Report, line: int, cell: dict[str, str], values: dict, symbols, shown: str):
    """Each value (source -> (name, kind)) as ``name`` (text, or None) and ``name_status`` (empty, or
    the symbol); also False when one was neither a number nor a symbol (named as a problem)."""
    found, ok = {}, True
    for source, (column, kind) in values.items():
        text = cell[source]
        if NUMBER[kind].fullmatch(text):
            found[column], found[f"{column}_status"] = text, ""
        elif text in symbols:
            found[column], found[f"{column}_status"] = None, text
        else:
            problem(line, source, f"not {KIND_WORDS[kind]} or one of the file's symbols ({shown})", text)
            ok = False
    return found, ok


def check_row_count(problem: Report, problems: list[Problem], data_rows: int, rows: int, line: int) -> None:
    """Name a file with fewer data rows than published (cut short), or more (when nothing else is wrong)."""
    short = data_rows < rows
    if short or (data_rows > rows and not problems):
        problem(
            line + 1 if short else line,
            "(file)",
            f"{data_rows} data rows but the file has {rows}" + (": it was cut short" if short else ""),
        )


def check_councils_per_year(problem: Report, year, england, years, minimum: int, line: int) -> None:
    """Name each year with fewer than ``minimum`` councils or not one England row (``england``: a mask)."""
    for y in years:
        in_year = year == y
        councils, englands = int((in_year & ~england).sum()), int((in_year & england).sum())
        if councils < minimum or englands != 1:
            problem(line + 1, "time_period", f"{y} has {councils} councils and {englands} England rows")


class Gather:
    """Run each read past a DataError, keeping its problems; check() then stops with all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def __call__(self, read: Callable, *args):
        """read(*args), or None when it raised a DataError (its problems kept)."""
        try:
            return read(*args)
        except DataError as exc:
            self.problems += exc.problems
            return None

    def check(self) -> None:
        if self.problems:
            raise DataError(self.problems)
