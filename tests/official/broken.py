"""Helpers for the bad-input tests of the official readers: copy the raw files, break one, check the error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from intervention_history.errors import DataError
from intervention_history.paths import display_path


def copy_raw(reader, tmp_path: Path) -> Path:
    """A writable copy of the reader's raw folder, under its NAME."""
    target = tmp_path / reader.NAME
    shutil.copytree(reader.RAW_DIR, target)
    return target


def raw_copy_fixture(reader):
    """A ``raw_copy`` fixture for a test module: copy_raw(reader, tmp_path)."""

    @pytest.fixture
    def raw_copy(tmp_path):
        return copy_raw(reader, tmp_path)

    return raw_copy


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def set_field(path: Path, line: int, column: str, value: bytes) -> None:
    """Set one field of a comma-separated line (no quoted commas), found by the header's column name."""
    rows = lines(path)
    header = rows[0].decode().split(",")
    fields = rows[line - 1].split(b",")
    fields[header.index(column)] = value
    rows[line - 1] = b",".join(fields)
    path.write_bytes(b"\n".join(rows))


def repeat_line(path: Path, line: int) -> None:
    """Write ``line`` again just after itself, as line + 1."""
    rows = lines(path)
    rows.insert(line, rows[line - 1])
    path.write_bytes(b"\n".join(rows))


def edit_line(path: Path, line: int, old: bytes, new: bytes, count: int = 1) -> None:
    rows = lines(path)
    assert old in rows[line - 1]
    rows[line - 1] = rows[line - 1].replace(old, new, count)
    path.write_bytes(b"\n".join(rows))


def error_of(harmonise, *args, **kwargs) -> DataError:
    """The DataError that harmonise(*args, **kwargs) must raise."""
    with pytest.raises(DataError) as exc:
        harmonise(*args, **kwargs)
    return exc.value


def assert_names(error: DataError, path: Path, line: int, column: str | None, pattern: str) -> None:
    """Some problem names this file, line and column (None: any) with a message matching ``pattern``."""
    wanted = [
        p
        for p in error.problems
        if p.file == display_path(path)
        and p.line == line
        and (column is None or p.column == column)
        and re.search(pattern, p.message)
    ]
    assert wanted, f"no problem {display_path(path)}:{line}: {column}: {pattern} in\n{error.render()}"
    assert wanted[0].column  # always a column, or "(file)" for the file as a whole


# the ways break_file breaks a DfE tidy CSV
KINDS = (
    "renamed header",
    "not a number",
    "duplicated row",
    "truncated row",
    "cut short",
    "cut at a line end",
    "empty file",
    "missing file",
    "latin-1 bytes",
)


def break_file(
    path: Path,
    kind: str,
    line: int,
    column: str | None,
    *,
    not_a_number: bytes = b"12o4",
    again: str = "appears again",
    empty: bytes = b"",
):
    """Break one raw copy in one way at ``line`` (a Doncaster row) and ``column``; return the (line,
    column, message pattern) the error must name. ``again``: the message for a duplicated row."""
    data = path.read_bytes()
    rows = lines(path)
    if kind == "renamed header":
        rows[0] = re.sub(rb"(^|,)" + column.encode() + rb"(,|$)", rb"\1" + column.encode() + rb"_renamed\2", rows[0])
        path.write_bytes(b"\n".join(rows))
        return 1, column, "expected column missing from the header"
    if kind == "not a number":
        set_field(path, line, column, not_a_number)
        return line, column, "not a whole number"
    if kind == "duplicated row":
        repeat_line(path, line)
        return line + 1, "old_la_code", again
    if kind == "truncated row":
        header = rows[0].decode().split(",")
        rows[line - 1] = rows[line - 1].rsplit(b",", 2)[0]  # the last two fields gone
        path.write_bytes(b"\n".join(rows))
        return line, header[-2], "row ends after"
    if kind == "cut short":
        cut = data.index(b"\n".join(rows[line - 1 : line + 1]))  # part-way through the line
        path.write_bytes(data[: cut + len(rows[line - 1]) // 2])
        return line, None, "row ends after"
    if kind == "cut at a line end":
        path.write_bytes(b"\n".join(rows[:line]) + b"\n")
        return line + 1, "(file)", "data rows but the file has .*: it was cut short"
    if kind == "empty file":
        path.write_bytes(empty)
        return 1, "(file)", "raw file is empty"
    if kind == "missing file":
        path.unlink()
        return 0, "(file)", "raw file is missing"
    if kind == "latin-1 bytes":
        rows[line - 1] = rows[line - 1].replace(b"Doncaster", b"Doncast\xe9r")
        path.write_bytes(b"\n".join(rows))
        return line, "(file)", "not UTF-8 text"
    raise ValueError(kind)


FILE_KINDS = ("empty file", "missing file", "latin-1 bytes")  # the whole file broken


def assert_file_named(harmonise, raw_dir: Path, path: Path, kind: str, line: int) -> None:
    """Break ``path`` one of the FILE_KINDS ways (latin-1 at ``line``); harmonise(raw_dir=...) must name it."""
    line, column, message = break_file(path, kind, line, None)
    assert_names(error_of(harmonise, raw_dir=raw_dir), path, line, column, message)
