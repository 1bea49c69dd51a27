"""Build every table in data/processed/ from data/raw/ and data/reference/ (`make data`).

For every reader: a digest over its inputs() and its own code, a stamp (`<NAME>.sha256`) recording
that digest and the checksum of each table written from it, skip-when-current (inputs unchanged
and no table missing or changed by hand), and loading with the dtypes the reader declares. All
stale tables are built and checked first and written only when every one passed, so a bad input
leaves data/processed/ as it was.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd

from ..errors import DataError, Problem
from ..paths import PROCESSED_DIR, RAW_DIR, display_path
from . import (
    children_in_need,
    children_looked_after,
    ofsted_inspections,
    population_0_17,
    s251_outturn,
    s251_timeseries,
    statistical_neighbours,
    workforce,
)

READERS: tuple[ModuleType, ...] = (
    s251_outturn,
    s251_timeseries,
    children_looked_after,
    population_0_17,
    children_in_need,
    statistical_neighbours,
    workforce,
    ofsted_inspections,
)
BY_NAME = {reader.NAME: reader for reader in READERS}


def digest_files(paths) -> str:
    """SHA-256 over the names and bytes of these files; a missing one is a clean error."""
    digest = hashlib.sha256()
    for path in paths:
        if not path.exists():
            what = "raw file" if RAW_DIR in path.parents else "file"
            raise DataError([Problem(display_path(path), 0, "(file)", f"{what} is missing")])
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_files(reader: ModuleType) -> list[Path]:
    """The reader's own module and the official modules it uses, directly or not (raw.py, another reader)."""
    modules, todo = set(), [reader.__name__]
    while todo:
        module = todo.pop()
        if module in modules:
            continue
        modules.add(module)
        for value in vars(sys.modules[module]).values():
            name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
            if isinstance(name, str) and name.startswith(__package__ + ".") and name != __name__:
                todo.append(name)
    return [Path(sys.modules[name].__file__) for name in sorted(modules)]


def inputs_digest(reader: ModuleType) -> str:
    return digest_files([*reader.inputs(), *code_files(reader)])


def table_path(table: str, processed_dir: Path = PROCESSED_DIR) -> Path:
    return processed_dir / f"{table}.csv"


def stamp_path(reader: ModuleType, processed_dir: Path = PROCESSED_DIR) -> Path:
    return processed_dir / f"{reader.NAME}.sha256"


def _stamp(digest: str, tables: list[Path]) -> str:
    return "".join([f"inputs {digest}\n", *(f"{path.name} {_sha(path)}\n" for path in tables)])


def is_current(reader: ModuleType, digest: str, processed_dir: Path = PROCESSED_DIR) -> bool:
    """Built from these inputs, and every table still as it was written."""
    stamp = stamp_path(reader, processed_dir)
    tables = [table_path(t, processed_dir) for t in reader.TABLES]
    if not stamp.exists() or not all(t.exists() for t in tables):
        return False
    return stamp.read_text() == _stamp(digest, tables)


def write_tables(reader: ModuleType, frames: dict[str, pd.DataFrame], digest: str, processed_dir: Path) -> None:
    """Write each table to a temporary name, rename them all only when all are written, then stamp."""
    if list(frames) != list(reader.TABLES):
        raise RuntimeError(f"{reader.NAME}.harmonise() returned {list(frames)}, not {list(reader.TABLES)}")
    processed_dir.mkdir(parents=True, exist_ok=True)
    pending = []
    for table, frame in frames.items():
        target = table_path(table, processed_dir)
        tmp = target.with_suffix(".tmp")
        frame[list(reader.TABLES[table])].to_csv(tmp, index=False, lineterminator="\n")
        pending.append((tmp, target))
    for tmp, target in pending:
        tmp.replace(target)
    stamp_path(reader, processed_dir).write_text(_stamp(digest, [target for _, target in pending]))


def build(readers=READERS, force: bool = False, processed_dir: Path = PROCESSED_DIR) -> list[Path]:
    """Rebuild the stale tables of these readers; nothing is written unless all of them pass."""
    pending, problems = [], []
    for reader in readers:
        try:
            digest = inputs_digest(reader)
            if force or not is_current(reader, digest, processed_dir):
                pending.append((reader, reader.harmonise(), digest))
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    for reader, frames, digest in pending:
        write_tables(reader, frames, digest, processed_dir)
    return [table_path(t, processed_dir) for reader in readers for t in reader.TABLES]


def build_all(force: bool = False) -> list[Path]:
    return build(READERS, force)


def read_table(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    """A processed CSV with its declared dtypes: `str` keeps empty text; numbers read empty as missing;
    `number` lets pandas choose int or float; `bool` reads True/False."""
    dtype = {c: (str if t == "str" else t) for c, t in columns.items() if t not in ("bool", "number")}
    missing = {c: [""] for c, t in columns.items() if t in ("Int64", "float64", "number")}
    frame = pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=missing)
    for column, kind in columns.items():
        if kind == "bool":
            frame[column] = frame[column].astype(str).str.lower() == "true"
    return frame


def load(name: str, table: str | None = None) -> pd.DataFrame:
    """A processed table by its reader's NAME (and table name, for a reader with several), built first
    when missing or stale."""
    reader = BY_NAME[name]
    build([reader])
    table = table or reader.NAME
    return read_table(table_path(table), reader.TABLES[table])
