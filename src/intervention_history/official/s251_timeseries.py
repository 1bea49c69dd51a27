"""Reader: the DfE section 251 time series, 2015-16 onwards (England, Doncaster, Rotherham).

Reads the raw extract in data/raw/s251_timeseries/ exactly as published, maps its budget
lines onto the outturn's categories with data/reference/s251_timeseries_categories.csv, checks the
arithmetic (no line twice; every total equals its parts, except where a published anomaly is
declared in data/reference/s251_exceptions.csv) and gives data/processed/s251_timeseries.csv.

Publisher: Department for Education. Years: 2015-16 to 2023-24. Coverage: this project holds England,
Doncaster and Rotherham only (the DfE publishes every council). Rules: `x` (not applicable or not
collected) is missing, never zero; published totals that do not add up are declared exceptions.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError, Problem
from ..paths import display_path
from .raw import read_text

NAME = "s251_timeseries"
RAW_DIR = paths.RAW_DIR / NAME
RAW_FILE = "s251_extract_doncaster_rotherham_england.csv"
MAPPING = paths.REFERENCE_DIR / "s251_timeseries_categories.csv"
EXCEPTIONS = paths.REFERENCE_DIR / "s251_exceptions.csv"

HEADER = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_name",
    "country_code",
    "region_name",
    "region_code",
    "la_name",
    "old_la_code",
    "new_la_code",
    "category_of_expenditure",
    "description_of_expenditure",
    "own_provision",
    "private_provision",
    "other_public_sector_provision",
    "voluntary_provision",
    "total_expenditure",
    "income",
    "net_current_expenditure",
    "grants_inside_AEF",
    "grants_outside_AEF",
    "net_revenue_expenditure",
    "per_capita_net_current_spend",
)
AMOUNT_COLUMNS = HEADER[12:]
CHECKED_MEASURES = ("net_current_expenditure", "total_expenditure")
ENGLAND = "England"
OUTPUT_COLUMNS = (
    "financial_year",
    "geographic_level",
    "la_code",
    "la_name",
    "line_id",
    "line_description",
    "category",
    "is_subtotal",
    "is_grand_total",
    "is_memorandum",
    "own_provision",
    "private_provision",
    "other_public_provision",
    "voluntary_provision",
    "total_expenditure",
    "income",
    "net_current_expenditure",
    "grants_inside_aef",
    "grants_outside_aef",
    "net_revenue_expenditure",
    "per_child_net_current",
    "source_line",
)
RENAME = {
    "other_public_sector_provision": "other_public_provision",
    "grants_inside_AEF": "grants_inside_aef",
    "grants_outside_AEF": "grants_outside_aef",
    "per_capita_net_current_spend": "per_child_net_current",
}


def _fy(time_period: str) -> str:
    """201516 -> 2015-16."""
    return f"{time_period[:4]}-{time_period[4:]}"


def read_raw(path: Path = RAW_DIR / RAW_FILE) -> pd.DataFrame:
    """The raw rows as text, with the line each came from. Structural problems are errors."""
    name = display_path(path)
    text = read_text(path, "utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataError([Problem(name, reader.line_num, "(file)", f"not readable as CSV: {exc}")]) from None
    header = rows[0]
    if tuple(header) != HEADER:
        problems = [
            Problem(name, 1, expected, f"header column {i + 1} should be {expected!r}", got)
            for i, (expected, got) in enumerate(zip(HEADER, [*header, *[""] * len(HEADER)], strict=False))
            if got != expected
        ]
        if len(header) > len(HEADER):
            problems.append(Problem(name, 1, "(header)", f"{len(header)} columns, expected {len(HEADER)}"))
        raise DataError(problems)
    problems, records = [], []
    for line, row in enumerate(rows[1:], start=2):  # the file has no line breaks inside fields
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(HEADER):
            problems.append(Problem(name, line, "(row)", f"has {len(row)} fields, expected {len(HEADER)} (cut short?)"))
            continue
        records.append([*row, line])
    if problems:
        raise DataError(problems[:20])
    frame = pd.DataFrame(records, columns=[*HEADER, "source_line"])
    frame["source_file"] = name
    return frame


def read_mapping(path: Path = MAPPING) -> pd.DataFrame:
    mapping = pd.read_csv(path, dtype=str, keep_default_na=False)
    mapping["mapping_line"] = mapping.index + 2
    for column in ("is_subtotal", "is_grand_total", "is_memorandum"):
        mapping[column] = mapping[column] == "true"
    return mapping


def read_exceptions(path: Path = EXCEPTIONS) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["exception_line"] = table.index + 2
    for column in ("published", "sum_of_parts", "difference"):
        table[column] = pd.to_numeric(table[column])
    return table


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    problems = []
    frame = frame.copy()
    for column in AMOUNT_COLUMNS:
        raw = frame[column].str.strip()
        values = pd.to_numeric(raw.where(raw != "x"), errors="coerce")
        bad = values.isna() & (raw != "x")
        for row in frame[bad].head(20).itertuples():
            problems.append(Problem(name, row.source_line, column, "not a number or x", getattr(row, column)))
        frame[column] = values.astype("Int64")  # whole pounds
    periods = frame["time_period"].str.fullmatch(r"20\d\d\d\d")
    consecutive = periods & (
        frame["time_period"].str[4:6] == (frame["time_period"].str[2:4].where(periods, "0").astype(int) + 1).astype(str)
    )
    for row in frame[~consecutive].head(20).itertuples():
        problems.append(
            Problem(name, row.source_line, "time_period", "not a financial year like 201516", row.time_period)
        )
    level_ok = frame["geographic_level"].isin(["National", "Local authority"])
    for row in frame[~level_ok].head(20).itertuples():
        problems.append(
            Problem(name, row.source_line, "geographic_level", "not National or Local authority", row.geographic_level)
        )
    local = frame["geographic_level"] == "Local authority"
    code_ok = ~local | frame["old_la_code"].str.fullmatch(r"\d{3}")
    for row in frame[~code_ok].head(20).itertuples():
        problems.append(Problem(name, row.source_line, "old_la_code", "not a three-digit DfE code", row.old_la_code))
    if problems:
        raise DataError(problems)
    frame["financial_year"] = frame["time_period"].map(_fy)
    frame["la_code"] = pd.to_numeric(frame["old_la_code"].where(local)).astype("Int64")
    frame["la_name"] = frame["la_name"].where(local, ENGLAND)
    split = frame["description_of_expenditure"].str.strip().str.extract(r"^(\S+)\s+(.*)$")
    frame["line_id"], frame["line_description"] = split[0], split[1]
    return frame


def _check_lines(frame: pd.DataFrame, mapping: pd.DataFrame, name: str, mapping_path: Path) -> list[Problem]:
    problems = []
    known = mapping.set_index("line_id")
    for row in frame[~frame["line_id"].isin(known.index)].head(20).itertuples():
        problems.append(
            Problem(
                name,
                row.source_line,
                "description_of_expenditure",
                f"line {row.line_id} has no row in {display_path(mapping_path)}",
                row.description_of_expenditure,
            )
        )
    mapped = frame[frame["line_id"].isin(known.index)]
    expected = mapped["line_id"].map(known["source_description"]).str.lower()
    for row in mapped[mapped["line_description"].str.lower() != expected].head(20).itertuples():
        problems.append(
            Problem(
                name,
                row.source_line,
                "description_of_expenditure",
                f"line {row.line_id} should read {known.at[row.line_id, 'source_description']!r}",
                row.line_description,
            )
        )
    keys = ["financial_year", "geographic_level", "la_code", "line_id"]
    for _, group in frame[frame.duplicated(keys, keep=False)].groupby(keys, dropna=False):
        first, *repeats = group["source_line"].tolist()
        for line in repeats:
            row = group[group["source_line"] == line].iloc[0]
            problems.append(
                Problem(
                    name,
                    line,
                    "description_of_expenditure",
                    f"{row.la_name} {row.financial_year} line {row.line_id} appears twice (first at line {first})",
                )
            )
    return problems


def arithmetic_differences(frame: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Every total whose published value differs from the sum of its parts (where all are numbers)."""
    parts = mapping[mapping["part_of"] != ""][["line_id", "part_of"]]
    rows = []
    keys = ["financial_year", "la_name"]
    for measure in CHECKED_MEASURES:
        with_parent = frame.merge(parts, on="line_id")
        summed = with_parent.groupby([*keys, "part_of"])[measure].agg(["sum", "count", "size"]).reset_index()
        summed = summed[summed["count"] == summed["size"]]  # every part is a number
        totals = frame[[*keys, "line_id", measure, "source_line", "source_file"]].rename(columns={"line_id": "part_of"})
        both = totals.merge(summed, on=[*keys, "part_of"]).dropna(subset=[measure])
        off = both[both[measure] != both["sum"]]
        for row in off.itertuples():
            rows.append(
                {
                    "financial_year": row.financial_year,
                    "area": row.la_name,
                    "line_id": row.part_of,
                    "measure": measure,
                    "published": int(getattr(row, measure)),
                    "sum_of_parts": int(row.sum),
                    "difference": int(getattr(row, measure) - row.sum),
                    "source_file": row.source_file,
                    "source_line": int(row.source_line),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "financial_year",
            "area",
            "line_id",
            "measure",
            "published",
            "sum_of_parts",
            "difference",
            "source_file",
            "source_line",
        ],
    )


def _check_arithmetic(frame: pd.DataFrame, mapping: pd.DataFrame, exceptions: pd.DataFrame, exceptions_path: Path):
    found = arithmetic_differences(frame, mapping)
    keys = ["financial_year", "area", "line_id", "measure"]
    merged = found.merge(exceptions, on=keys, how="outer", suffixes=("", "_declared"), indicator="status")
    problems = []
    for row in merged.itertuples():
        if row.status == "left_only":
            problems.append(
                Problem(
                    row.source_file,
                    int(row.source_line),
                    row.measure,
                    f"{row.area} {row.financial_year} line {row.line_id}: published {row.published:,} but its parts add up "
                    f"to {row.sum_of_parts:,} (difference {row.difference:+,}); not declared in {display_path(exceptions_path)}",
                )
            )
        elif row.status == "right_only" or row.difference != row.difference_declared:
            problems.append(
                Problem(
                    display_path(exceptions_path),
                    int(row.exception_line),
                    "difference",
                    f"declared difference {row.difference_declared:+,} for {row.area} {row.financial_year} line "
                    f"{row.line_id} {row.measure} does not match the raw file"
                    + ("" if row.status == "right_only" else f" ({row.difference:+,})"),
                )
            )
    return problems


def harmonise(
    raw_dir: Path = RAW_DIR, mapping_path: Path = MAPPING, exceptions_path: Path = EXCEPTIONS
) -> dict[str, pd.DataFrame]:
    """The time series as one tidy long table in the outturn's categories, checked."""
    raw_path = raw_dir / RAW_FILE
    name = display_path(raw_path)
    frame = _typed(read_raw(raw_path), name)
    mapping = read_mapping(mapping_path)
    problems = _check_lines(frame, mapping, name, mapping_path)
    if problems:
        raise DataError(problems)
    problems = _check_arithmetic(frame, mapping, read_exceptions(exceptions_path), exceptions_path)
    if problems:
        raise DataError(problems[:20])
    frame = frame.merge(
        mapping[["line_id", "category", "is_subtotal", "is_grand_total", "is_memorandum"]], on="line_id", how="left"
    )
    frame = frame.rename(columns=RENAME)
    frame["_order"] = frame.groupby(["financial_year", "la_name"]).cumcount()
    frame["_england"] = frame["la_code"].isna()
    frame = frame.sort_values(["financial_year", "_england", "la_code", "_order"], kind="stable")
    return {NAME: frame[list(OUTPUT_COLUMNS)].reset_index(drop=True)}


_TEXT = ("financial_year", "geographic_level", "la_name", "line_id", "line_description", "category")
_FLAGS = ("is_subtotal", "is_grand_total", "is_memorandum")
TABLES = {
    NAME: {
        c: "str"
        if c in _TEXT
        else "Int64"
        if c == "la_code"
        else "bool"
        if c in _FLAGS
        else "int64"
        if c == "source_line"
        else "number"
        for c in OUTPUT_COLUMNS
    }
}


def inputs(raw_dir: Path = RAW_DIR, mapping_path: Path = MAPPING, exceptions_path: Path = EXCEPTIONS) -> list[Path]:
    return [raw_dir / RAW_FILE, mapping_path, exceptions_path]
