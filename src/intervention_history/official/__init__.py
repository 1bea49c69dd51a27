"""Official data: one reader per published dataset, and the registry that builds data/processed/.

Every reader has one shape, at module level, with no base class:

- a docstring naming the publisher, the release(s), the years, the coverage and the rules
  (suppression, revisions, gaps);
- ``NAME``: the one word that names its raw folder (``data/raw/<NAME>/``), its module
  (``official/<NAME>.py``), its processed table (``data/processed/<NAME>.csv``), its test file
  (``tests/official/test_<NAME>.py``) and its API attribute;
- ``RAW_DIR = paths.RAW_DIR / NAME`` and the releases' layouts as data;
- ``TABLES``: ``{table name: {column: dtype}}``, its output tables (the first is ``NAME``) with their
  columns in order and the dtypes they load with (``"str"``, ``"Int64"``, ``"float64"``, ``"bool"``);
- ``inputs(raw_dir=RAW_DIR) -> list[Path]``: every raw and reference file it reads;
- ``harmonise(raw_dir=RAW_DIR) -> dict[str, DataFrame]``: read, map, check; raise ``DataError`` whose
  problems name the file, the line (or sheet and row) and the column; never write.

The registry (``registry.py``) does the rest for all of them: the digest of the inputs and the
reader's own code, the stamp, the atomic write, skip-when-current, and loading with the declared
dtypes. A new dataset is one new module plus one line in ``registry.READERS``.
"""
