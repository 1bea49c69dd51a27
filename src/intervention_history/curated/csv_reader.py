"""Strict reading of a curated CSV file: size, encoding, line endings, NUL bytes and the header.

Every problem names the file, the line and the column it has reached; nothing raises.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ..errors import Problem
from ..paths import display_path
from .vocabulary import MAX_FILE_BYTES, MAX_ROWS


def _column_at(header: list[str], line_text: str) -> str:
    """The header name of the CSV column that a partial line has reached."""
    try:
        fields = next(csv.reader([line_text]))
    except (csv.Error, StopIteration):
        return header[0] if header else "(file)"
    index = max(len(fields) - 1, 0)
    return header[index] if index < len(header) else f"column {index + 1}"


def read_csv_text(path: Path, problems: list[Problem]) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """Read a curated CSV strictly. Returns (header, [(line, fields)]) or None if unreadable."""
    name = display_path(path)
    if not path.exists():
        problems.append(Problem(name, 0, "(file)", "file is missing"))
        return None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(Problem(name, 0, "(file)", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"))
        return None
    data = path.read_bytes()
    if not data.strip():
        problems.append(Problem(name, 1, "(file)", "file is empty; it needs at least a header row"))
        return None
    first_line = data.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    header_guess = first_line.rstrip("\r").split(",")
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(name, 1, header_guess[0], "file starts with a byte-order mark; save it as UTF-8 without BOM")
        )
        return None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        start = data.rfind(b"\n", 0, offset) + 1
        column = _column_at(header_guess, data[start:offset].decode("utf-8", "replace"))
        problems.append(Problem(name, line, column, "contains a NUL byte; the file may be binary or corrupted"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = _column_at(header_guess, data[start : exc.start].decode("utf-8", "replace"))
        bad = data[exc.start : exc.start + 1].hex().upper()
        problems.append(Problem(name, line, column, f"not UTF-8 text (byte 0x{bad}); save the file as UTF-8", None))
        return None
    if "\r\n" in text or "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(name, line, header_guess[-1], "Windows (CRLF) line endings; save with LF line endings"))
        return None
    rows_estimate = text.count("\n")
    if rows_estimate > MAX_ROWS + 1:
        problems.append(
            Problem(name, MAX_ROWS + 2, "(file)", f"file has about {rows_estimate:,} rows; the limit is {MAX_ROWS:,}")
        )
        return None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    try:
        for fields in reader:
            if not header:
                header = fields
                continue
            if not any(f.strip() for f in fields):
                continue
            rows.append((reader.line_num, fields))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "(row)", f"malformed CSV: {exc}"))
        return None
    return header, rows


def read_table(path: Path, expected: list[str], problems: list[Problem]) -> pd.DataFrame | None:
    """A curated CSV as a frame of text (None for empty cells) indexed by line, its columns exactly
    ``expected``; None, with problems, if the file or its header is wrong."""
    name = display_path(path)
    parsed = read_csv_text(path, problems)
    if parsed is None:
        return None
    header, rows = parsed
    ok = True
    for column in header:
        if column not in expected:
            problems.append(Problem(name, 1, column, f"unknown column; expected only: {', '.join(expected)}"))
            ok = False
    for column in expected:
        if column not in header:
            problems.append(Problem(name, 1, column, "missing column"))
            ok = False
    if len(set(header)) != len(header):
        problems.append(Problem(name, 1, "(header)", "a column name appears twice"))
        ok = False
    if not ok:
        return None
    good = []
    lines = []
    for line, fields in rows:
        if len(fields) != len(header):
            column = header[min(len(fields), len(header)) - 1]
            problems.append(Problem(name, line, column, f"row has {len(fields)} fields; the header has {len(header)}"))
            continue
        good.append(fields)
        lines.append(line)
    if not good and not rows:
        problems.append(Problem(name, 2, expected[0], "file has a header but no rows"))
        return None
    frame = pd.DataFrame(good, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    frame = frame[expected]
    return frame.where(frame != "", None)
