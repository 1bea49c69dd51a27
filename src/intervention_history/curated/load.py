"""Load and validate one council's curated tables (data/curated/<council>/).

`load_dataset()` returns typed DataFrames or raises `DataError` listing every problem found,
each as `file:line: column: what is wrong (value)`. Nothing here prints a traceback to users.
Table rules live in pandera schemas; EDTF dates, cross-table references and file-level checks
(encoding, empty file, unknown columns; csv_reader.py) are checked alongside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from ..curated import dates
from ..curated.csv_reader import read_table
from ..curated.eras import definition_problems
from ..curated.folders import load_council_json
from ..curated.vocabulary import (
    MAX_TITLE_LENGTH,
    OFSTED_INSPECTION,
)
from ..errors import DataError, Problem
from ..paths import CURATED_DIR, display_path

TABLE_COLUMNS = {
    "sources": ["source_id", "title", "publisher", "url", "published", "kind", "notes"],
    "events": [
        "event_id",
        "date",
        "title",
        "summary",
        "category",
        "source_ids",
        "evidence",
        "date_basis",
        "confidence",
        "key",
    ],
    "judgements": [
        "judgement_id",
        "date",
        "body",
        "kind",
        "framework",
        "subject",
        "judgement",
        "grade",
        "source_ids",
        "notes",
    ],
    "roles": [
        "person",
        "role",
        "organisation",
        "start",
        "end",
        "last_seen",
        "interim",
        "source_ids",
        "date_basis",
        "confidence",
        "notes",
    ],
    "costs": [
        "cost_id",
        "item",
        "payer",
        "payee",
        "amount_gbp",
        "unit",
        "basis",
        "period",
        "status",
        "source_ids",
        "notes",
    ],
}
# Columns that hold EDTF dates, per table. Roles' end may be empty (not recorded) or ".." (open);
# last_seen (the latest day a source shows the person still in post) may be empty.
DATE_COLUMNS = {
    "sources": ["published"],
    "events": ["date"],
    "judgements": ["date"],
    "roles": ["start", "end", "last_seen"],
    "costs": ["period"],
}
OPTIONAL_COLUMNS = {
    "sources": {"notes"},
    "events": set(),
    "judgements": {"grade", "notes"},
    "roles": {"end", "last_seen", "notes"},
    "costs": {"payee", "amount_gbp", "notes"},
}
NUMERIC_COLUMNS = {"judgements": {"grade"}, "costs": {"amount_gbp"}}

CHECK_MESSAGES = {
    "not_nullable": "a value is required",
    "field_uniqueness": "duplicate id",
    "str_length": f"too long for a chart label (at most {MAX_TITLE_LENGTH} characters)",
    "no_formula": "looks like a spreadsheet formula; remove the leading = + - or @",
    "no_markup": "contains HTML or script markup; write plain text",
    "no_control_chars": "contains control characters",
    "is_number": "not a number",
    "not_negative": "must not be negative",
    "grade_1_to_4": "must be a whole number from 1 (outstanding) to 4 (inadequate)",
    "is_url": "must be a full web address starting with http:// or https://",
    "is_id": "ids use lower-case letters, digits and hyphens",
}


@dataclass
class Dataset:
    """One council's validated tables."""

    council: dict
    sources: pd.DataFrame
    events: pd.DataFrame
    judgements: pd.DataFrame
    roles: pd.DataFrame
    costs: pd.DataFrame
    directory: Path = field(default=CURATED_DIR)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in TABLE_COLUMNS}


def split_ids(value: str) -> list[str]:
    return [part.strip() for part in str(value).split(";") if part.strip()]


# ---------------------------------------------------------------- schemas


def _schema_problems(table: str, frame: pd.DataFrame, name: str) -> list[Problem]:
    from pandera.errors import SchemaErrors

    from ..curated.schemas import SCHEMAS  # pandera loads only when data are validated

    try:
        SCHEMAS[table].validate(frame, lazy=True)
        return []
    except SchemaErrors as exc:
        cases = exc.failure_cases
    found = []
    id_column = TABLE_COLUMNS[table][0]
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = str(case.column)
        line = int(case.index) if pd.notna(case.index) else 1
        value = None if pd.isna(case.failure_case) else str(case.failure_case)
        if check.startswith("isin("):
            allowed = sorted(SCHEMAS[table].columns[column].checks[0].statistics["allowed_values"])
            message = "not one of: " + ", ".join(allowed)
        elif check == "field_uniqueness":
            first = frame.index[frame[column] == value].min()
            if line == first:
                continue
            message = f"duplicate {'id' if column == id_column else 'value'}; first used on line {first}"
        else:
            message = CHECK_MESSAGES.get(check.split("(")[0], f"fails check {check}")
        found.append(Problem(name, line, column, message, value))
    return found


# ---------------------------------------------------------------- typed columns


_NO_DATE = (pd.NaT, pd.NaT, None, None, False, "known")


def _expand_dates(
    frame: pd.DataFrame,
    column: str,
    name: str,
    problems: list[Problem],
    allow_open: bool = False,
    optional: bool = False,
) -> None:
    """Add <column>_earliest/_latest/_precision/_label/_uncertain (and _status for open ends).

    Each distinct value is parsed once; rows then look their value up. An optional column's empty
    cells get no dates (NaT).
    """
    parsed: dict = {}
    for value in frame[column].unique():
        if optional and value is None:
            parsed[value] = (pd.NaT, pd.NaT, None, None, False, "known")
            continue
        if allow_open and (value is None or value == dates.OPEN):
            status = "open" if value == dates.OPEN else "unknown"
            parsed[value] = (
                pd.NaT,
                pd.NaT,
                None,
                "in post" if status == "open" else "end not recorded",
                status == "unknown",
                status,
            )
            continue
        try:
            d = dates.parse(value)
        except dates.EdtfError as exc:
            for line in frame.index[frame[column].eq(value) if value is not None else frame[column].isna()]:
                problems.append(Problem(name, int(line), column, str(exc), value))
            parsed[value] = _NO_DATE
            continue
        parsed[value] = (pd.Timestamp(d.earliest), pd.Timestamp(d.latest), d.precision, d.label, d.uncertain, "known")
    rows = [parsed[value] for value in frame[column]]
    parts = list(zip(*rows, strict=True)) if rows else [[]] * 6
    frame[f"{column}_earliest"] = pd.to_datetime(pd.Series(parts[0], index=frame.index, dtype="datetime64[ns]"))
    frame[f"{column}_latest"] = pd.to_datetime(pd.Series(parts[1], index=frame.index, dtype="datetime64[ns]"))
    frame[f"{column}_precision"] = list(parts[2])
    frame[f"{column}_label"] = list(parts[3])
    frame[f"{column}_uncertain"] = list(parts[4])
    if allow_open:
        frame[f"{column}_status"] = list(parts[5])


def _check_source_refs(frame: pd.DataFrame, known: set[str], name: str, problems: list[Problem]) -> None:
    for line, value in frame["source_ids"].items():
        ids = split_ids(value or "")
        if not ids:
            problems.append(Problem(name, int(line), "source_ids", "at least one source is required", value))
        for sid in ids:
            if sid not in known:
                problems.append(
                    Problem(name, int(line), "source_ids", f"unknown source id '{sid}'; add it to sources.csv", value)
                )


def _check_order(frame: pd.DataFrame, start: str, end: str, name: str, problems: list[Problem]) -> None:
    bad = frame[f"{end}_latest"].notna() & frame[f"{start}_earliest"].notna()
    bad &= frame[f"{end}_latest"] < frame[f"{start}_earliest"]
    for line in frame.index[bad]:
        problems.append(
            Problem(name, int(line), end, f"ends before it starts ({frame.at[line, start]})", frame.at[line, end])
        )


def _check_last_seen(frame: pd.DataFrame, name: str, problems: list[Problem]) -> None:
    """A person cannot be seen in post after the tenure's recorded end."""
    bad = frame["last_seen_earliest"].notna() & frame["end_latest"].notna()
    bad &= frame["last_seen_earliest"] > frame["end_latest"]
    for line in frame.index[bad]:
        problems.append(
            Problem(
                name,
                int(line),
                "last_seen",
                f"seen in post after the recorded end ({frame.at[line, 'end']})",
                frame.at[line, "last_seen"],
            )
        )


def ofsted_inspections(judgements: pd.DataFrame) -> pd.DataFrame:
    """Only the rows that are Ofsted inspections of children's services (body Ofsted, kind inspection):
    not annual ratings, focused visits or the Audit Commission's inspection of the whole council."""
    keep = pd.Series(True, index=judgements.index)
    for column, value in OFSTED_INSPECTION.items():
        keep &= judgements[column] == value
    return judgements[keep]


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Load and validate one council folder. Raises DataError listing every problem."""
    directory = Path(data_dir) if data_dir is not None else CURATED_DIR / "doncaster"
    problems: list[Problem] = []
    if not directory.is_dir():
        raise DataError([Problem(display_path(directory), 0, "(folder)", "no such council folder")])
    council = load_council_json(directory, problems)
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLE_COLUMNS:
        path = directory / f"{table}.csv"
        name = display_path(path)
        frame = read_table(path, TABLE_COLUMNS[table], problems)
        if frame is None:
            continue
        problems += _schema_problems(table, frame, name)
        for column in DATE_COLUMNS[table]:
            _expand_dates(
                frame,
                column,
                name,
                problems,
                allow_open=(table == "roles" and column == "end"),
                optional=(table == "roles" and column == "last_seen"),
            )
        frames[table] = frame
    known_sources = set(frames["sources"]["source_id"].dropna()) if "sources" in frames else None
    for table, frame in frames.items():
        name = display_path(directory / f"{table}.csv")
        if table != "sources" and known_sources is not None:
            _check_source_refs(frame, known_sources, name, problems)
        if table == "roles":
            _check_order(frame, "start", "end", name, problems)
            _check_order(frame, "start", "last_seen", name, problems)
            _check_last_seen(frame, name, problems)
    if "eras" in council:
        council_file = display_path(directory / "council.json")
        problems += [Problem(council_file, 1, "eras", p) for p in definition_problems(council["eras"], frames)]
    if problems:
        raise DataError(problems)
    return Dataset(council=council, directory=directory, **{t: _typed(t, f) for t, f in frames.items()})


def _typed(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("key", "interim"):
        if column in frame:
            frame[column] = frame[column] == "true"
    if table == "judgements":
        frame["grade"] = pd.to_numeric(frame["grade"]).astype("Int64")
    if table == "costs":
        frame["amount_gbp"] = pd.to_numeric(frame["amount_gbp"]).astype("float64")
    for column in frame.columns:
        if frame[column].dtype == object and column in TABLE_COLUMNS[table]:
            frame[column] = frame[column].astype("string")
    return frame.reset_index()


def summary_line(dataset: Dataset) -> str:
    counts = ", ".join(f"{n} {t}" for t, n in dataset.counts().items())
    return f"{dataset.council.get('name', dataset.directory.name)}: valid ({counts})"


@cache
def empty_table(table: str) -> pd.DataFrame:
    """A curated table with no rows, typed exactly as a loaded one (for councils without a history)."""
    frame = pd.DataFrame(
        {c: pd.Series(dtype=object) for c in TABLE_COLUMNS[table]},
        index=pd.Index([], dtype="int64", name="line"),
    )
    for column in DATE_COLUMNS[table]:
        _expand_dates(frame, column, table, [], allow_open=(table == "roles" and column == "end"))
        for part in ("precision", "label", "status"):
            if f"{column}_{part}" in frame:
                frame[f"{column}_{part}"] = frame[f"{column}_{part}"].astype("str")
        frame[f"{column}_uncertain"] = frame[f"{column}_uncertain"].astype(bool)
    return _typed(table, frame)
