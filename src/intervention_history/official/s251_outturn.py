"""Reader: the DfE section 251 outturn, 2008-09 to 2013-14, as one tidy table for every English council.

Reads the raw files in data/raw/s251_outturn/ exactly as published (each year has its own
header, encoding and line numbering), maps every budget line to a stable category with
data/reference/s251_categories.csv, checks that no line appears twice and that the detail lines add
up to the published total for every council and year, and gives data/processed/s251_outturn.csv.

Publisher: Department for Education. Years: 2008-09 to 2013-14 (2014-15 is not held). Coverage: every
English council. Rules: amounts are whole pounds as published; an empty cell stays missing, never zero.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError, Problem
from ..paths import display_path
from .raw import read_text

NAME = "s251_outturn"
RAW_DIR = paths.RAW_DIR / NAME
MAPPING = paths.REFERENCE_DIR / "s251_categories.csv"

CATEGORIES = (
    "children looked after",
    "safeguarding and social work",
    "family support",
    "youth justice",
    "services for young people",
    "Sure Start and early years",
    "strategy, commissioning and other",
)
GRAND_TOTAL = "grand total"
FIRST_YEAR, LAST_YEAR = "2008-09", "2013-14"


@dataclass(frozen=True)
class YearLayout:
    financial_year: str
    file: str
    encoding: str
    columns: dict[str, str]  # source header -> tidy name


_COMMON_0910 = {
    "Own Provision (y)": "own_provision",
    "Private (z(i))": "private_provision",
    "Other Public (z(ii))": "other_public_provision",
    "Voluntary (z(iii))": "voluntary_provision",
    "Total Expenditure (k)": "total_expenditure",
    "Income (l)": "income",
    "NET Current Expenditure (m)": "net_current_expenditure",
}
_COMMON_1112 = {
    "LA": "la_code",
    "LA Name": "la_name",
    "LineNumber": "line_number",
    "CYPServiceDescription": "line_description",
    "OwnProvision": "own_provision",
    "PrivateProvision": "private_provision",
    "OtherPublic": "other_public_provision",
    "Voluntary": "voluntary_provision",
    "TotalExpenditure": "total_expenditure",
    "Income": "income",
    "NetCurrentExpenditure": "net_current_expenditure",
}
LAYOUTS = (
    YearLayout(
        "2008-09",
        "outturn_0809.csv",
        "utf-8",
        {
            "LEA Number:": "la_code",
            "LA Name:": "la_name",
            "S52 Line Reference:": "line_description",  # line number is the description's prefix
            "PRIVATE (x)": "private_provision",
            "VOLUNTARY (y)": "voluntary_provision",
            "PUBLIC (z)": "public_provision",
            "TOTAL EXPENDITURE (k)": "total_expenditure",
            "INCOME (l)": "income",
            "NET Current Expenditure (m)": "net_current_expenditure",
        },
    ),
    YearLayout(
        "2009-10",
        "outturn_0910.csv",
        "utf-8",
        {
            "LEA": "la_code",
            "LEA Name": "la_name",
            "Line": "line_number",
            "S52 Line Reference": "line_description",
            **_COMMON_0910,
        },
    ),
    YearLayout(
        "2010-11",
        "outturn_1011.csv",
        "cp1252",
        {
            "LA": "la_code",
            "LA Name": "la_name",
            "Line": "line_number",
            "S52 Line Reference": "line_description",
            **_COMMON_0910,
        },
    ),
    YearLayout("2011-12", "outturn_1112.csv", "cp1252", _COMMON_1112),
    YearLayout("2012-13", "outturn_1213.csv", "cp1252", {**_COMMON_1112, "ReportGroup": "report_group"}),
    YearLayout("2013-14", "outturn_1314.csv", "cp1252", {**_COMMON_1112, "ReportGroup": "report_group"}),
)
AMOUNT_COLUMNS = (
    "own_provision",
    "private_provision",
    "other_public_provision",
    "voluntary_provision",
    "public_provision",
    "total_expenditure",
    "income",
    "net_current_expenditure",
)
OUTPUT_COLUMNS = (
    "financial_year",
    "la_code",
    "la_name",
    "line_number",
    "line_description",
    "report_group",
    "category",
    "is_subtotal",
    "is_grand_total",
    "is_memorandum",
    *AMOUNT_COLUMNS,
)
MIN_COUNCILS_PER_YEAR = 150


# ---------------------------------------------------------------- reading


def _records(text: str) -> list[tuple[int, list[str]]]:
    """CSV records with the physical line each starts on (quoted fields may hold line breaks)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out, line = [], 1
    for record in reader:
        out.append((line, record))
        line = reader.line_num + 1
    return out


def read_year(layout: YearLayout, raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """One raw file as a DataFrame with tidy column names; amounts as floats (blank/NULL = NaN)."""
    path = raw_dir / layout.file
    name = display_path(path)
    text = read_text(path, layout.encoding)
    try:
        records = _records(text)
    except csv.Error as exc:
        raise DataError([Problem(name, 0, "(file)", f"not readable as CSV: {exc}")]) from None
    header = records[0][1]
    missing = [c for c in layout.columns if c not in header]
    if missing:
        found = ", ".join(h for h in header if h not in layout.columns) or "none"
        raise DataError(
            [
                Problem(
                    name, 1, c, f"expected column missing from the {layout.financial_year} header (unexpected: {found})"
                )
                for c in missing
            ]
        )
    problems = []
    body = []
    for line, record in records[1:]:
        if not any(field.strip() for field in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(name, line, "(row)", f"has {len(record)} fields but the header has {len(header)} (cut short?)")
            )
            continue
        body.append((line, record))
    if problems:
        raise DataError(problems[:20])
    index = [header.index(c) for c in layout.columns]
    frame = pd.DataFrame([[r[i] for i in index] for _, r in body], columns=list(layout.columns.values()), dtype=str)
    frame["source_line"] = [line for line, _ in body]
    frame["source_file"] = name
    frame["la_name"] = frame["la_name"].str.strip()
    if "line_number" not in frame:
        frame["line_number"] = frame["line_description"].str.extract(r"^\s*(\d+)", expand=False)
    for column in ("la_code", "line_number"):
        bad = ~frame[column].str.strip().str.fullmatch(r"\d+").fillna(False)
        for row in frame[bad].head(20).itertuples():
            problems.append(Problem(name, row.source_line, column, "not a whole number", getattr(row, column)))
    for column in AMOUNT_COLUMNS:
        if column not in frame:
            frame[column] = float("nan")
            continue
        raw = frame[column].str.strip().replace({"": None, "NULL": None})
        values = pd.to_numeric(raw, errors="coerce")
        bad = values.isna() & raw.notna()
        for row in frame[bad].head(20).itertuples():
            problems.append(Problem(name, row.source_line, column, "not a number", getattr(row, column)))
        frame[column] = values
    if problems:
        raise DataError(problems)
    frame["la_code"] = frame["la_code"].str.strip().astype(int)
    frame["line_number"] = frame["line_number"].str.strip().astype(int)
    frame["financial_year"] = layout.financial_year
    if "report_group" not in frame:
        frame["report_group"] = ""
    frame["report_group"] = frame["report_group"].str.strip()
    duplicated = frame.duplicated(["la_code", "line_number"], keep=False)
    for (code, number), group in frame[duplicated].groupby(["la_code", "line_number"]):
        first, *repeats = group["source_line"].tolist()
        for line in repeats:
            problems.append(
                Problem(name, line, "la_code", f"council {code} line {number} appears twice (first at line {first})")
            )
    if problems:
        raise DataError(problems[:20])
    return frame


def read_mapping(path: Path = MAPPING) -> pd.DataFrame:
    mapping = pd.read_csv(path, dtype=str, keep_default_na=False)
    mapping["mapping_line"] = mapping.index + 2
    mapping["line_number"] = mapping["line_number"].astype(int)
    for column in ("is_subtotal", "is_grand_total", "is_memorandum"):
        mapping[column] = mapping[column].map({"true": True, "false": False})
    return mapping


# Pence are stored as decimals; sums of up to 40 lines can differ from the total by float noise only.
TOLERANCE_GBP = 0.05


def check_totals(merged: pd.DataFrame) -> list[Problem]:
    """For every council and year, the detail lines add up to the published grand total."""
    problems = []
    details = merged[
        (merged["category"] != "") & ~merged["is_subtotal"] & ~merged["is_memorandum"] & ~merged["is_grand_total"]
    ]
    totals = merged[merged["is_grand_total"]].set_index(["financial_year", "la_code"])
    for measure in ("net_current_expenditure", "total_expenditure"):
        summed = details.groupby(["financial_year", "la_code"])[measure].sum(min_count=1)
        both = totals.join(summed.rename("summed"), how="left")
        off = both[(both[measure] - both["summed"]).round(2).abs() > TOLERANCE_GBP]
        for (year, code), row in off.iterrows():
            problems.append(
                Problem(
                    row.source_file,
                    int(row.source_line),
                    measure,
                    f"{year} council {code}: the detail lines add up to {row.summed:,.2f} but the published total is "
                    f"{row[measure]:,.2f} (difference {row[measure] - row.summed:+,.2f})",
                )
            )
    missing = set(merged.groupby(["financial_year", "la_code"]).groups) - set(totals.index)
    for year, code in sorted(missing):
        first = merged[(merged["financial_year"] == year) & (merged["la_code"] == code)].iloc[-1]
        problems.append(
            Problem(
                first.source_file,
                int(first.source_line),
                "line_number",
                f"{year} council {code} has no grand total line",
            )
        )
    return problems


def harmonise(raw_dir: Path = RAW_DIR, mapping_path: Path = MAPPING) -> dict[str, pd.DataFrame]:
    """All six years as one tidy long table, every line mapped to a category and checked."""
    mapping = read_mapping(mapping_path)
    frames = [read_year(layout, raw_dir) for layout in LAYOUTS]
    data = pd.concat(frames, ignore_index=True)
    merged = data.merge(mapping, on=["financial_year", "line_number"], how="left", validate="many_to_one")
    problems = []
    unmapped = merged[merged["is_subtotal"].isna()]
    for (year, line), group in unmapped.groupby(["financial_year", "line_number"]):
        first = group.iloc[0]
        problems.append(
            Problem(
                first.source_file,
                int(first.source_line),
                "line_number",
                f"{year} line {line} has no row in {display_path(mapping_path)}",
                first.line_description.strip(),
            )
        )
    mapped = merged[merged["is_subtotal"].notna()]
    differs = mapped["line_description"].str.strip() != mapped["source_description"]
    for (year, line), group in mapped[differs].groupby(["financial_year", "line_number"]):
        first = group.iloc[0]
        agreeing = mapped[(mapped["financial_year"] == year) & (mapped["line_number"] == line) & ~differs]
        if len(agreeing):  # other councils match the mapping: the raw row is at fault
            for row in group.head(20).itertuples():
                problems.append(
                    Problem(
                        row.source_file,
                        int(row.source_line),
                        "line_description",
                        f"{year} line {line} should read {row.source_description!r} as for other councils",
                        row.line_description.strip(),
                    )
                )
            continue
        problems.append(
            Problem(
                display_path(mapping_path),
                int(first.mapping_line),
                "source_description",
                f"{year} line {line} is {first.line_description.strip()!r} in the raw file but the mapping says {first.source_description!r}",
            )
        )
    if problems:
        raise DataError(problems)
    problems = check_totals(merged)
    if problems:
        raise DataError(problems[:20])
    # One spelling per council code: the latest year's name.
    latest = merged.sort_values("financial_year").groupby("la_code")["la_name"].last()
    merged["la_name"] = merged["la_code"].map(latest)
    merged = merged.sort_values(["financial_year", "la_code", "line_number"], kind="stable")
    return {NAME: merged[list(OUTPUT_COLUMNS)].reset_index(drop=True)}


# ---------------------------------------------------------------- outputs

TABLES = {
    NAME: {
        "financial_year": "str",
        "la_code": "int64",
        "la_name": "str",
        "line_number": "int64",
        "line_description": "str",
        "report_group": "str",
        "category": "str",
        **{c: "bool" for c in ("is_subtotal", "is_grand_total", "is_memorandum")},
        **{c: "float64" for c in AMOUNT_COLUMNS},
    }
}


def inputs(raw_dir: Path = RAW_DIR, mapping_path: Path = MAPPING) -> list[Path]:
    return [*(raw_dir / layout.file for layout in LAYOUTS), mapping_path]
