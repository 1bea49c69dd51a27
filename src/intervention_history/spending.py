"""The DfE section 251 outturn, 2008-09 to 2013-14, as one tidy table for every English council.

Reads the raw files in data/raw/dfe-s251-outturn/ exactly as published (each year has its own
header, encoding and line numbering), maps every budget line to a stable category with
data/reference/s251_categories.csv, and writes data/processed/s251_spending.csv.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import DataError, InputError, Problem
from .paths import S251_MAPPING, S251_PROCESSED, S251_RAW_DIR, display_path

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


def read_year(layout: YearLayout, raw_dir: Path = S251_RAW_DIR) -> pd.DataFrame:
    """One raw file as a DataFrame with tidy column names; amounts as floats (blank/NULL = NaN)."""
    path = raw_dir / layout.file
    name = display_path(path)
    if not path.exists():
        raise DataError([Problem(name, 0, "(file)", "raw file is missing")])
    data = path.read_bytes()
    if not data.strip():
        raise DataError([Problem(name, 1, "(file)", "raw file is empty")])
    try:
        text = data.decode(layout.encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [Problem(name, line, "(file)", f"not {layout.encoding} text as expected for {layout.financial_year}")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
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
    frame = pd.read_csv(
        io.StringIO(text, newline=""),
        dtype=str,
        keep_default_na=False,
        usecols=list(layout.columns),
    ).rename(columns=layout.columns)
    frame["source_line"] = frame.index + 2
    frame["source_file"] = name
    for column in ("la_code", "la_name", "line_description"):
        frame[column] = frame[column].astype(str)
    frame["la_name"] = frame["la_name"].str.strip()
    if "line_number" not in frame:
        frame["line_number"] = frame["line_description"].str.extract(r"^\s*(\d+)", expand=False)
    problems = []
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
    return frame


def read_mapping(path: Path = S251_MAPPING) -> pd.DataFrame:
    mapping = pd.read_csv(path, dtype=str, keep_default_na=False)
    mapping["mapping_line"] = mapping.index + 2
    mapping["line_number"] = mapping["line_number"].astype(int)
    for column in ("is_subtotal", "is_grand_total", "is_memorandum"):
        mapping[column] = mapping[column].map({"true": True, "false": False})
    return mapping


def harmonise(raw_dir: Path = S251_RAW_DIR, mapping_path: Path = S251_MAPPING) -> pd.DataFrame:
    """All six years as one tidy long table, every line mapped to a category."""
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
    mismatched = merged[
        merged["is_subtotal"].notna() & (merged["line_description"].str.strip() != merged["source_description"])
    ]
    for (year, line), group in mismatched.groupby(["financial_year", "line_number"]):
        first = group.iloc[0]
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
    # One spelling per council code: the latest year's name.
    latest = merged.sort_values("financial_year").groupby("la_code")["la_name"].last()
    merged["la_name"] = merged["la_code"].map(latest)
    merged = merged.sort_values(["financial_year", "la_code", "line_number"], kind="stable")
    return merged[list(OUTPUT_COLUMNS)].reset_index(drop=True)


# ---------------------------------------------------------------- processed file


def inputs_digest(raw_dir: Path = S251_RAW_DIR, mapping_path: Path = S251_MAPPING) -> str:
    digest = hashlib.sha256()
    for path in [*(raw_dir / layout.file for layout in LAYOUTS), mapping_path, Path(__file__)]:
        if not path.exists():
            raise DataError([Problem(display_path(path), 0, "(file)", "raw file is missing")])
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_processed(output: Path = S251_PROCESSED, force: bool = False) -> Path:
    """Write the tidy table. Deterministic: the same inputs give byte-identical output."""
    stamp = output.with_suffix(".sha256")
    digest = inputs_digest()
    if not force and output.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return output
    table = harmonise()
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".tmp")
    table.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(output)
    stamp.write_text(digest + "\n")
    return output


def load_spending(path: Path = S251_PROCESSED) -> pd.DataFrame:
    """The processed table; built from raw first if it is missing or stale."""
    build_processed(path)
    text_columns = ("financial_year", "la_name", "line_description", "report_group", "category")
    table = pd.read_csv(
        path,
        dtype={**{c: str for c in text_columns}, **{c: "float64" for c in AMOUNT_COLUMNS}},
        keep_default_na=False,
        na_values={c: [""] for c in AMOUNT_COLUMNS},
    )
    for column in ("is_subtotal", "is_grand_total", "is_memorandum"):
        table[column] = table[column].astype(str).str.lower() == "true"
    return table


# ---------------------------------------------------------------- councils


def councils(table: pd.DataFrame) -> pd.DataFrame:
    return table[["la_code", "la_name"]].drop_duplicates().sort_values("la_code").reset_index(drop=True)


def find_council(table: pd.DataFrame, council: str | int) -> tuple[int, str]:
    """A council by DfE code or name (case-insensitive). Unknown names list close matches."""
    known = councils(table)
    text = str(council).strip()
    if re.fullmatch(r"\d+", text):
        hit = known[known["la_code"] == int(text)]
        if len(hit):
            return int(hit.iloc[0].la_code), str(hit.iloc[0].la_name)
        raise InputError(f"no council with DfE code {text} in the section 251 files")
    by_name = {name.lower(): (int(code), name) for code, name in zip(known.la_code, known.la_name, strict=True)}
    if text.lower() in by_name:
        return by_name[text.lower()]
    close = difflib.get_close_matches(text.lower(), list(by_name), n=3, cutoff=0.6)
    hint = ", ".join(f"{by_name[c][1]} ({by_name[c][0]})" for c in close)
    raise InputError(
        f"unknown council {text!r}"
        + (f"; did you mean: {hint}?" if hint else "; use a DfE code or an English council name")
    )


# ---------------------------------------------------------------- derived measures


def category_spending(table: pd.DataFrame, measure: str = "net_current_expenditure") -> pd.DataFrame:
    """Spending per council, year and category (detail lines only), plus the grand total."""
    details = table[
        (table["category"] != "") & ~table["is_subtotal"] & ~table["is_memorandum"] & ~table["is_grand_total"]
    ]
    sums = details.groupby(["financial_year", "la_code", "category"], as_index=False)[measure].sum(min_count=1)
    totals = table[table["is_grand_total"]][["financial_year", "la_code", measure]].assign(category=GRAND_TOTAL)
    out = pd.concat([sums, totals], ignore_index=True)
    names = councils(table).set_index("la_code")["la_name"]
    out["la_name"] = out["la_code"].map(names)
    return out.sort_values(["la_code", "financial_year", "category"]).reset_index(drop=True)


def council_spending(table: pd.DataFrame, council: str | int, measure: str = "net_current_expenditure") -> pd.DataFrame:
    code, _ = find_council(table, council)
    by_category = category_spending(table, measure)
    return by_category[by_category["la_code"] == code].reset_index(drop=True)


def england_summary(table: pd.DataFrame, measure: str = "net_current_expenditure") -> pd.DataFrame:
    """England total and the median council for each year and category."""
    by_category = category_spending(table, measure)
    grouped = by_category.groupby(["financial_year", "category"])[measure]
    return pd.DataFrame(
        {"england_total": grouped.sum(), "median_council": grouped.median(), "councils": grouped.count()}
    ).reset_index()


def change_and_rank(
    table: pd.DataFrame, start: str = FIRST_YEAR, end: str = LAST_YEAR, measure: str = "net_current_expenditure"
) -> pd.DataFrame:
    """Each council's change by category from start to end, and its rank (1 = largest rise)."""
    by_category = category_spending(table, measure)
    wide = by_category.pivot_table(
        index=["la_code", "la_name", "category"], columns="financial_year", values=measure, aggfunc="sum"
    )
    if start not in wide or end not in wide:
        raise InputError(f"years must be between {FIRST_YEAR} and {LAST_YEAR}")
    out = wide[[start, end]].rename(columns={start: "start_value", end: "end_value"}).reset_index()
    out = out.dropna(subset=["start_value", "end_value"])
    out["change"] = out["end_value"] - out["start_value"]
    out["change_pct"] = (out["change"] / out["start_value"].where(out["start_value"] != 0)) * 100
    out["rank"] = out.groupby("category")["change_pct"].rank(ascending=False, method="min").astype("Int64")
    out["councils_ranked"] = out.groupby("category")["change_pct"].transform("count")
    out["start_year"], out["end_year"] = start, end
    return out.sort_values(["category", "rank"]).reset_index(drop=True)
