"""What every official reader does first with a raw file: find it, read it, decode it, or say why not."""

from __future__ import annotations

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
