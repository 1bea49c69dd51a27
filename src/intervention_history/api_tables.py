"""Table shaping for the public API (api.py): the three keys, empty tables with their dtypes, the
column meanings from the data dictionaries, and writing a council's tables to a folder.

Every table carries the same keys first: `la_code` (DfE code, Int64, missing for England),
`new_la_code` (ONS code, "" for England) and `la_name` ("England" for England), all from the council
register (geography.py).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from . import geography
from .errors import InputError
from .paths import CURATED_DIR, PROCESSED_DIR, REFERENCE_DIR, display_path

KEYS = ("la_code", "new_la_code", "la_name")
ENGLAND = "England"

# The data dictionaries, by kind.
DICTIONARIES = {
    "curated": CURATED_DIR / "README.md",
    "processed": PROCESSED_DIR / "README.md",
    "reference": REFERENCE_DIR / "README.md",
}
# The keys are documented with the register (data/reference/README.md, councils.csv); England's row adds this.
ENGLAND_KEYS = {"la_code": "empty for England", "new_la_code": "empty for England", "la_name": "`England` for England"}
KEY_MEANINGS = {
    "new_la_code_that_year": "the ONS code as the source gives it that year",
    "line": "line of the curated CSV file the row comes from",
}
# Columns the package derives (no data dictionary holds them).
DERIVED = {
    "spending": {
        "financial_year": "`2011-12` (April to March)",
        "source": "`outturn` (2008-09 to 2013-14) or `time series` (2015-16 on)",
        "cash": "net current expenditure on the category, £ cash",
        "real": "the same in 2023-24 prices (HM Treasury GDP deflator, data/reference/gdp_deflator.csv)",
        "covered": "does the return cover the category fully that year (data/reference/s251_scope.csv)",
    },
    "per_child": {
        "financial_year": "`2015-16` (April to March)",
        "cash": "the DfE's published net current spend per child aged 0-17 (line 5.0.2), £ cash",
        "real": "the same in 2023-24 prices (HM Treasury GDP deflator)",
    },
    "eras": {
        "era": "the era's label in council.json",
        "kind": "intervention, trust or improvement partner",
        "start": "first day of the era (from the event or cost council.json names)",
        "end": "last day of the era",
        "years": "whole years the era spans",
        "phase": "the era's short name in phase labels",
        "outside_control": "someone other than the council ran the service or held directions over it",
    },
    "phases": {
        "phase": "the phase of the story the eras imply (measures/phases.py)",
        "start": "first day (empty: open)",
        "end": "last day (empty: open)",
        "kind": "`intervention`, `trust` or empty, for shading",
        "intervention": "government intervention is in force",
        "trust": "the trust era's label, or empty",
    },
}
DATE_PARTS = {
    "earliest": "first day the EDTF date in `{0}` can mean",
    "latest": "last day the EDTF date in `{0}` can mean",
    "precision": "precision of `{0}` (day, month, year, season or interval)",
    "label": "`{0}` written for people (`c. May 2013`)",
    "uncertain": "`{0}` is uncertain or approximate (EDTF `?` or `~`)",
    "status": "`{0}` known, `open` (still in post) or `unknown` (not recorded)",
}


# ---------------------------------------------------------------- keys


@cache
def councils_by_code() -> dict[int, geography.Council]:
    return {c.la_code: c for c in geography.register()}


def with_keys(frame: pd.DataFrame, code: str = "la_code") -> pd.DataFrame:
    """The frame with la_code (Int64), new_la_code and la_name from the register first; a row without
    a code is England. A published `new_la_code` that can change by year is kept as new_la_code_that_year."""
    out = frame.copy()
    codes = pd.to_numeric(out[code].astype(object).where(out[code].astype(str) != "", None), errors="coerce")
    codes = codes.astype("Int64")
    known = councils_by_code()
    published = out["la_name"].astype(object) if "la_name" in out else pd.Series(None, index=out.index, dtype=object)
    names, ons = [], []
    for value, name in zip(codes, published, strict=True):
        council = None if pd.isna(value) else known.get(int(value))
        names.append(ENGLAND if pd.isna(value) else council.la_name if council else str(name or value))
        ons.append("" if council is None else council.new_la_code)
    if "new_la_code" in out:
        out = out.rename(columns={"new_la_code": "new_la_code_that_year"})
        out["new_la_code_that_year"] = out["new_la_code_that_year"].astype(object).fillna("").astype("str")
    out = out.drop(columns=[c for c in (code, "la_code", "la_name") if c in out])
    keys = pd.DataFrame(
        {
            "la_code": pd.Series(codes.to_numpy(), index=out.index, dtype="Int64"),
            "new_la_code": pd.Series(ons, index=out.index, dtype="str"),
            "la_name": pd.Series(names, index=out.index, dtype="str"),
        }
    )
    return pd.concat([keys, out], axis=1).reset_index(drop=True)


def constant_keys(frame: pd.DataFrame, council: geography.Council | None, la_code: int, la_name: str) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    out.insert(0, "la_name", pd.Series([la_name] * len(out), dtype=object).astype("str"))
    out.insert(
        0, "new_la_code", pd.Series([council.new_la_code if council else ""] * len(out), dtype=object).astype("str")
    )
    out.insert(0, "la_code", pd.Series([la_code] * len(out), dtype="Int64"))
    return out


def area_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """`area` (a DfE code, or "England") turned into the three keys."""
    out = frame.copy()
    out["area"] = out["area"].astype(object).where(out["area"].astype(str) != ENGLAND, None)
    return with_keys(out, code="area")


# ---------------------------------------------------------------- empty tables keep their columns and dtypes


def empty_curated(table: str) -> pd.DataFrame:
    """A curated table with no rows, typed as a loaded one (curated/load.py)."""
    from .curated.load import empty_table

    return empty_table(table)


EMPTY_DTYPES = {
    "eras": {"era": "str", "kind": "str", "start": "datetime64[ns]", "end": "datetime64[ns]", "years": "int64"},
    "phases": {"phase": "str", "start": "datetime64[ns]", "end": "datetime64[ns]"},
    "spending": {"real": "float64", "covered": "bool"},
    "per_child": {"real": "float64"},
}


@cache
def _derived_dtypes() -> dict[str, dict[str, str]]:
    """The dtypes of eras and phases as the measures give them for a curated council that has eras
    (so empty ones match whatever columns those measures add); EMPTY_DTYPES without one."""
    from .curated.eras import era_spans
    from .curated.folders import council_folders
    from .curated.load import load_dataset
    from .measures.phases import phases

    for folder in council_folders():
        try:
            dataset = load_dataset(folder)
        except InputError:
            continue
        eras = era_spans(dataset.events, dataset.costs, dataset.council.get("eras"))
        if len(eras) and len(phases(eras)):
            return {
                "eras": eras.dtypes.astype(str).to_dict(),
                "phases": phases(eras).dtypes.astype(str).to_dict(),
            }
    return EMPTY_DTYPES


def typed_if_empty(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame):
        return frame
    dtypes = _derived_dtypes().get(name) or EMPTY_DTYPES.get(name, {})
    return frame.astype({c: t for c, t in dtypes.items() if c in frame})


# ---------------------------------------------------------------- data dictionaries


@cache
def _dictionary(kind: str) -> dict[str, list[tuple[list[str], list[str], str]]]:
    """{section: [(names, types, meaning)]} from the markdown tables of a data dictionary.

    A section is a `## name.csv` (or `.json`) heading; rows come from tables whose first header is `name`."""
    sections: dict[str, list] = {}
    current, header = None, None
    for line in DICTIONARIES[kind].read_text(encoding="utf-8").splitlines():
        heading = re.match(r"##\s+(\S+?)\.(csv|json)\b", line)
        if heading:
            current, header = heading.group(1), None
            continue
        if not line.startswith("|") or current is None:
            header = None if not line.startswith("|") else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set("".join(cells)) <= set("-: ") or header[0] != "name":
            continue
        names = [n.strip().strip("`") for n in cells[0].split(",")]
        types = [t.strip() for t in cells[1].split(",")] if "type" in header else [""]
        meaning = cells[header.index("meaning")] if "meaning" in header else cells[-1]
        if not meaning:  # the type and allowed values are all the dictionary says
            allowed = cells[header.index("allowed values")] if "allowed values" in header else ""
            meaning = "; ".join(c for c in (cells[1], allowed) if c)
        sections.setdefault(current, []).append((names, types, meaning))
    return sections


def _matches(pattern: str, column: str, columns: list[str]) -> bool:
    if "…" in pattern:
        first, last = (p.strip() for p in pattern.split("…", 1))
        if first in columns and last in columns and column in columns:
            return columns.index(first) <= columns.index(column) <= columns.index(last)
        return False
    if "*" in pattern:
        return re.fullmatch(re.sub(r"\*[^*]+\*", ".+", re.escape(pattern).replace(r"\*", "*")), column) is not None
    return pattern == column


def _lookup(column: str, columns: list[str], sources) -> tuple[str, str, str]:
    """(type, meaning, where) of a column from the first source that documents it.

    Columns documented here (DERIVED, KEY_MEANINGS) are said to be in `api.py`, the module users read."""
    if column in KEYS:
        sources = [("reference", "councils")]
    elif column in KEY_MEANINGS:
        return "", KEY_MEANINGS[column], "api.py"
    for kind, section in sources:
        if kind == "derived":
            if column in DERIVED[section]:
                return "", DERIVED[section][column], "api.py"
            continue
        for names, types, meaning in _dictionary(kind).get(section, []):
            for i, pattern in enumerate(names):
                if _matches(pattern, column, columns):
                    kind_of = types[i] if len(types) == len(names) else types[0]
                    if column in ENGLAND_KEYS:
                        meaning = f"{meaning}; {ENGLAND_KEYS[column]}"
                    return kind_of, meaning, f"{display_path(DICTIONARIES[kind])} ({section})"
    base = re.fullmatch(r"(.+)_real", column)
    if base and base.group(1) in columns:
        return "£", f"`{base.group(1)}` in 2023-24 prices (HM Treasury GDP deflator)", "api.py"
    part = re.fullmatch(r"(.+)_(earliest|latest|precision|label|uncertain|status)", column)
    if part and part.group(1) in columns:
        return "", DATE_PARTS[part.group(2)].format(part.group(1)), "curated/load.py"
    return "", "", ""


def describe_columns(frame: pd.DataFrame, sources) -> pd.DataFrame:
    """One row per real column of a frame: column, dtype, type and meaning from the data dictionaries."""
    columns = [str(c) for c in frame.columns]
    rows = []
    for column in columns:
        kind, meaning, where = _lookup(column, columns, sources)
        rows.append(
            {
                "column": column,
                "dtype": str(frame[column].dtype),
                "type": kind,
                "meaning": meaning,
                "documented_in": where,
            }
        )
    return pd.DataFrame(rows, columns=["column", "dtype", "type", "meaning", "documented_in"])


# ---------------------------------------------------------------- export


def write_tables(data, folder: Path, excel: bool | None, about: dict[str, str]) -> list[Path]:
    """Every table of a CouncilData (``about``: what each is) to folder/<table>.csv, a README.md and,
    with openpyxl, an Excel workbook; the paths written."""
    import importlib.util

    have_openpyxl = importlib.util.find_spec("openpyxl") is not None
    if excel and not have_openpyxl:
        raise InputError("Excel export needs openpyxl, which is not installed (pip install openpyxl)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        lines = [
            f"# {data.la_name}: tables as of {data.as_of.isoformat()}",
            "",
            "Written by `intervention_history` (`ih.load(...).export(...)`). Keys in every table: `la_code`"
            " (DfE code; empty for England), `new_la_code` (ONS code), `la_name`. Money is £; `real` and"
            " `*_real` columns are in 2023-24 prices.",
            "",
        ]
        for name, frame in data.tables().items():
            path = folder / f"{name}.csv"
            frame.to_csv(path, index=False, lineterminator="\n")
            paths.append(path)
            lines += [
                f"## {name}.csv",
                "",
                f"{about[name]}; {len(frame)} rows.",
                "",
                "| column | meaning |",
                "|---|---|",
            ]
            for row in data.describe(name).itertuples():
                lines.append(f"| {row.column} | {row.meaning.replace('|', '/') or '(not documented)'} |")
            lines.append("")
        if have_openpyxl and excel is not False:
            workbook = folder / f"{geography.normalise(data.la_name).replace(' ', '-')}.xlsx"
            with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
                for name, frame in data.tables().items():
                    frame.to_excel(writer, sheet_name=name[:31], index=False)
            paths.append(workbook)
            lines.append(f"The same tables, one sheet each: `{workbook.name}`.")
        else:
            lines.append("No Excel workbook: openpyxl is not installed (`pip install openpyxl`), so CSV only.")
        readme = folder / "README.md"
        readme.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(readme)
    except OSError as exc:
        raise InputError(f"cannot write the tables to {folder}: {exc.strerror or exc}") from None
    return paths
