"""What every reader does with its processed files: hash its inputs, write atomically, skip when current.

A table is current when its stamp (`<table>.sha256`) holds the digest of the inputs it was built from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .errors import DataError, Problem
from .paths import display_path


def digest_files(paths, missing: str = "raw file is missing") -> str:
    """SHA-256 over the names and bytes of these files; a missing one is a clean error."""
    digest = hashlib.sha256()
    for path in paths:
        if not path.exists():
            raise DataError([Problem(display_path(path), 0, "(file)", missing)])
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stamp_of(output: Path) -> Path:
    return output.with_suffix(".sha256")


def is_current(digest: str, *outputs: Path) -> bool:
    """Every output exists and the first one's stamp records this digest."""
    stamp = stamp_of(outputs[0])
    return all(o.exists() for o in outputs) and stamp.exists() and stamp.read_text().strip() == digest


def write_tables(tables: list[tuple[pd.DataFrame, Path]], digest: str) -> None:
    """Write each table to a temporary name, rename them all only when all are written, then stamp."""
    pending = []
    for frame, target in tables:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        frame.to_csv(tmp, index=False, lineterminator="\n")
        pending.append((tmp, target))
    for tmp, target in pending:
        tmp.replace(target)
    stamp_of(tables[0][1]).write_text(digest + "\n")
