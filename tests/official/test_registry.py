"""The registry: every reader's shape, checksums of raw files, byte-identical and incremental builds."""

from __future__ import annotations

import hashlib
import inspect

import pytest

from intervention_history.official import registry
from intervention_history.paths import RAW_DIR

READERS = registry.READERS


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.NAME)
def test_reader_has_the_one_shape(reader):
    assert reader.__name__.rsplit(".", 1)[-1] == reader.NAME
    assert reader.RAW_DIR == RAW_DIR / reader.NAME and reader.RAW_DIR.is_dir()
    assert next(iter(reader.TABLES)) == reader.NAME
    assert reader.__doc__ and len(reader.__doc__.strip().splitlines()) >= 3
    assert inspect.signature(reader.harmonise).parameters["raw_dir"].default == reader.RAW_DIR
    assert all(path.exists() for path in reader.inputs())
    assert (RAW_DIR.parent.parent / "tests" / "official" / f"test_{reader.NAME}.py").exists()


@pytest.mark.parametrize("folder", sorted(p for p in RAW_DIR.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_raw_files_match_their_sha256sums(folder):
    entries = [line.split() for line in (folder / "SHA256SUMS").read_text().splitlines() if line.strip()]
    listed = {name for _, name in entries}
    held = {p.name for p in folder.iterdir() if p.name != "SHA256SUMS"}
    assert held - {"README.md"} <= listed <= held  # every data file listed; a copied README may be
    for digest, name in entries:
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.NAME)
def test_build_is_byte_identical_and_incremental(reader, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    registry.build([reader], force=True, processed_dir=first)
    registry.build([reader], force=True, processed_dir=second)
    for table in reader.TABLES:
        assert registry.table_path(table, first).read_bytes() == registry.table_path(table, second).read_bytes()
    main = registry.table_path(reader.NAME, first)
    before = main.stat().st_mtime_ns
    registry.build([reader], processed_dir=first)  # inputs unchanged: nothing is written
    assert main.stat().st_mtime_ns == before


def test_a_table_deleted_or_edited_by_hand_is_rebuilt(tmp_path):
    reader = READERS[-1]
    registry.build([reader], processed_dir=tmp_path)
    main = registry.table_path(reader.NAME, tmp_path)
    good = main.read_bytes()
    main.write_bytes(good.replace(b"Doncaster", b"Doncastre"))
    assert not registry.is_current(reader, registry.inputs_digest(reader), tmp_path)
    registry.build([reader], processed_dir=tmp_path)
    assert main.read_bytes() == good
    main.unlink()
    registry.build([reader], processed_dir=tmp_path)
    assert main.read_bytes() == good
