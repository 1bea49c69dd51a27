"""Build every table in data/processed/ from data/raw/ and data/reference/ (`make data`).

Each official dataset has one reader module with the same shape: inputs_digest(), harmonise()
(read and check the raw files), write_processed() and is_current(). All stale tables are built and
checked first and written only when every one passed, so a bad input leaves data/processed/ as it was.
"""

from __future__ import annotations

from pathlib import Path

from . import children_in_care, s251_outturn, s251_timeseries

READERS = (s251_outturn, s251_timeseries, children_in_care)


def build_all(force: bool = False) -> list[Path]:
    pending = []
    for reader in READERS:
        digest = reader.inputs_digest()
        if force or not reader.is_current(digest):
            pending.append((reader, reader.harmonise(), digest))
    for reader, table, digest in pending:
        reader.write_processed(table, digest)
    return [reader.PROCESSED for reader in READERS]
