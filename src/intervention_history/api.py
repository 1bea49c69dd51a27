"""The public API: `import intervention_history as ih`.

    data = ih.load("Doncaster")               # every table for one council, as pandas DataFrames
    fig = ih.chart("spending_per_child")      # any report chart, as a matplotlib Figure
    ih.table("children_looked_after")         # any processed table, every council and England
    ih.councils()                             # every council in the register and what covers it

Every table carries the same keys first: `la_code` (DfE code, Int64, missing for England),
`new_la_code` (ONS code, "" for England) and `la_name` ("England" for England), all from the council
register (geography.py). Empty tables keep their columns and dtypes. Bad input raises InputError.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from . import geography
from .errors import InputError, ParameterError
from .params import DEFAULT_COUNCIL, parse_day
from .paths import CURATED_DIR, PROCESSED_DIR, REFERENCE_DIR, display_path

KEYS = ("la_code", "new_la_code", "la_name")
ENGLAND = "England"

TABLES = {
    "events": "curated timeline (empty without a curated timeline)",
    "judgements": "inspection verdicts (curated)",
    "roles": "who led (curated)",
    "costs": "the cost of outside help (curated)",
    "sources": "every cited source (curated)",
    "eras": "declared eras of outside control (council.json)",
    "phases": "phases of the story, from the eras",
    "spending": "net current spending by category and financial year, both DfE sources, cash and real terms",
    "spending_lines": "every section 251 outturn line for the council, 2008-09 to 2013-14",
    "england_spending": "the same as `spending`, for England",
    "per_child": "DfE-published net spending per child aged 0-17, from 2015-16, cash and real terms",
    "children_looked_after": "children looked after at 31 March, by year",
    "england_children_looked_after": "the same, for England",
}
CURATED = ("events", "judgements", "roles", "costs", "sources")

# Where each table's columns are documented: (dictionary, section) pairs, searched in order.
DICTIONARIES = {
    "curated": CURATED_DIR / "README.md",
    "processed": PROCESSED_DIR / "README.md",
    "reference": REFERENCE_DIR / "README.md",
}
SOURCES = {
    **{name: [("curated", name)] for name in CURATED},
    "eras": [("derived", "eras"), ("curated", "council")],
    "phases": [("derived", "phases")],
    "spending": [("derived", "spending"), ("processed", "s251_outturn")],
    "england_spending": [("derived", "spending"), ("processed", "s251_outturn")],
    "spending_lines": [("processed", "s251_outturn")],
    "per_child": [("derived", "per_child")],
    "children_looked_after": [("processed", "children_looked_after")],
    "england_children_looked_after": [("processed", "children_looked_after")],
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


# ---------------------------------------------------------------- input


def _day(value, name: str) -> date:
    """A YYYY-MM-DD date; one written that way that cannot exist is told so."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    found = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", text)
    if found:
        year, month, day = (int(g) for g in found.groups())
        if not 1 <= month <= 12:
            raise ParameterError(f"{name} {text} does not exist: there is no month {month}")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ParameterError(f"{name} {text} does not exist: {calendar.month_name[month]} {year} has {last} days")
    return parse_day(text, name)


def _optional_day(value, name: str) -> str | None:
    return _day(value, name).isoformat() if value else None


# ---------------------------------------------------------------- keys


@cache
def _register() -> dict[int, geography.Council]:
    return {c.la_code: c for c in geography.register()}


def with_keys(frame: pd.DataFrame, code: str = "la_code") -> pd.DataFrame:
    """The frame with la_code (Int64), new_la_code and la_name from the register first; a row without
    a code is England. A published `new_la_code` that can change by year is kept as new_la_code_that_year."""
    out = frame.copy()
    codes = pd.to_numeric(out[code].astype(object).where(out[code].astype(str) != "", None), errors="coerce")
    codes = codes.astype("Int64")
    known = _register()
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


def _constant_keys(frame: pd.DataFrame, council: geography.Council | None, la_code: int, la_name: str) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    out.insert(0, "la_name", pd.Series([la_name] * len(out), dtype=object).astype("str"))
    out.insert(
        0, "new_la_code", pd.Series([council.new_la_code if council else ""] * len(out), dtype=object).astype("str")
    )
    out.insert(0, "la_code", pd.Series([la_code] * len(out), dtype="Int64"))
    return out


def _area_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """`area` (a DfE code, or "England") turned into the three keys."""
    out = frame.copy()
    out["area"] = out["area"].astype(object).where(out["area"].astype(str) != ENGLAND, None)
    return with_keys(out, code="area")


# ---------------------------------------------------------------- empty tables keep their columns and dtypes


@cache
def _empty_curated(table: str) -> pd.DataFrame:
    """A curated table with no rows, typed exactly as curated/load.py types a loaded one."""
    from .curated import load as curated

    frame = pd.DataFrame(
        {c: pd.Series(dtype=object) for c in curated.TABLE_COLUMNS[table]},
        index=pd.Index([], dtype="int64", name="line"),
    )
    for column in curated.DATE_COLUMNS[table]:
        curated._expand_dates(frame, column, table, [], allow_open=(table == "roles" and column == "end"))
        for part in ("precision", "label", "status"):
            if f"{column}_{part}" in frame:
                frame[f"{column}_{part}"] = frame[f"{column}_{part}"].astype("str")
        frame[f"{column}_uncertain"] = frame[f"{column}_uncertain"].astype(bool)
    return curated._typed(table, frame)


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


def _typed_if_empty(name: str, frame: pd.DataFrame) -> pd.DataFrame:
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
    """(type, meaning, where) of a column from the first source that documents it."""
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


# ---------------------------------------------------------------- one council


@dataclass
class CouncilData:
    """One council's data. Each attribute named in `TABLES` is a tidy pandas DataFrame whose first
    columns are la_code, new_la_code and la_name.

    Curated tables (events, judgements, roles, costs, sources, eras, phases) are empty, with their
    columns, for a council without a curated timeline. `describe()` lists every table and its columns.
    """

    la_code: int
    new_la_code: str
    la_name: str
    as_of: date
    prices: str
    council: dict
    events: pd.DataFrame
    judgements: pd.DataFrame
    roles: pd.DataFrame
    costs: pd.DataFrame
    sources: pd.DataFrame
    eras: pd.DataFrame
    phases: pd.DataFrame
    spending: pd.DataFrame
    spending_lines: pd.DataFrame
    england_spending: pd.DataFrame
    per_child: pd.DataFrame
    children_looked_after: pd.DataFrame
    england_children_looked_after: pd.DataFrame
    _context: object = field(repr=False, default=None)

    @property
    def has_timeline(self) -> bool:
        return self._context.has_timeline if self._context is not None else not self.events.empty

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}

    def describe(self, table: str | None = None) -> pd.DataFrame:
        """Every table (name, rows, what it is, its columns); or, given a table's name, each of its
        columns with its dtype and its meaning from the data dictionaries."""
        if table is not None:
            if table not in TABLES:
                raise InputError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
            return describe_columns(getattr(self, table), SOURCES[table])
        return pd.DataFrame(
            [
                {
                    "table": name,
                    "rows": len(frame),
                    "about": TABLES[name],
                    "columns": ", ".join(map(str, frame.columns)),
                }
                for name, frame in self.tables().items()
            ]
        )

    def export(self, folder: str | Path, excel: bool | None = None) -> list[Path]:
        """Write every table to folder/<table>.csv, a README.md of their columns and, when openpyxl is
        installed (or excel=True, which then requires it), folder/<council>.xlsx. Returns the paths."""
        return _export(self, Path(folder), excel)


def _context(council: str | int, as_of, prices: str, window_start=None, window_end=None):
    from .measures.context import load_context
    from .params import Params

    day = _day(as_of, "as_of") if as_of else date.today()
    start, end = _optional_day(window_start, "window_start"), _optional_day(window_end, "window_end")
    return load_context(Params.build(str(council), day.isoformat(), start, end, prices=prices))


def load(council: str | int = DEFAULT_COUNCIL, as_of: str | date | None = None, prices: str = "real") -> CouncilData:
    """Load and validate one council's data (name, DfE or ONS code; see ih.councils()). as_of
    (YYYY-MM-DD, default today) drops curated rows dated after it; prices ("real" or "cash") only
    sets what charts made from this object show."""
    from .measures import spending
    from .measures.children import council as cla_council
    from .measures.children import england as cla_england

    ctx = _context(council, as_of, prices)
    cutoff = pd.Timestamp(ctx.params.as_of)
    entry = _register().get(ctx.la_code)
    name = entry.la_name if entry else ctx.la_name

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        return _constant_keys(frame, entry, ctx.la_code, name)

    def curated(table: str, date_column: str | None = None) -> pd.DataFrame:
        frame = ctx.table(table)
        if frame is None:
            return keyed(_empty_curated(table))
        if date_column is not None:
            frame = frame[frame[f"{date_column}_earliest"] <= cutoff]
        return keyed(frame)

    lines = ctx.s251_outturn
    return CouncilData(
        la_code=ctx.la_code,
        new_la_code=entry.new_la_code if entry else "",
        la_name=name,
        as_of=ctx.params.as_of,
        prices=prices,
        council=dict(ctx.dataset.council) if ctx.dataset is not None else {"name": name, "la_code": ctx.la_code},
        events=curated("events", "date"),
        judgements=curated("judgements", "date"),
        roles=curated("roles", "start"),
        costs=curated("costs"),
        sources=curated("sources"),
        eras=keyed(_typed_if_empty("eras", ctx.eras)),
        phases=keyed(_typed_if_empty("phases", ctx.phases)),
        spending=_area_keys(_typed_if_empty("spending", ctx.spending_series())),
        spending_lines=with_keys(lines[lines["la_code"] == ctx.la_code]),
        england_spending=_area_keys(ctx.spending_series(ENGLAND)),
        per_child=_area_keys(_typed_if_empty("per_child", spending.per_child(ctx.s251_timeseries, ctx.la_code))),
        children_looked_after=with_keys(cla_council(ctx.children_looked_after, ctx.la_code)),
        england_children_looked_after=with_keys(cla_england(ctx.children_looked_after)),
        _context=ctx,
    )


def _export(data: CouncilData, folder: Path, excel: bool | None) -> list[Path]:
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
                f"{TABLES[name]}; {len(frame)} rows.",
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


def export(
    council: str | int | CouncilData, folder: str | Path, as_of=None, prices: str = "real", excel: bool | None = None
) -> list[Path]:
    """A council's tables as CSV files (and an Excel workbook if openpyxl is installed) with a README."""
    data = council if isinstance(council, CouncilData) else load(council, as_of, prices)
    return data.export(folder, excel)


# ---------------------------------------------------------------- charts


def chart_names() -> tuple[str, ...]:
    from .charts import CHART_NAMES

    return CHART_NAMES


def chart(
    name: str,
    council: str | int | CouncilData = DEFAULT_COUNCIL,
    as_of=None,
    prices: str = "real",
    window_start: str | None = None,
    window_end: str | None = None,
):
    """The matplotlib Figure of a report chart (see `chart_names()`), for a council name, code or
    a `load()` result. window_start / window_end (YYYY-MM-DD) narrow the timeline charts."""
    from .charts import build_chart

    if name not in chart_names():
        raise InputError(f"unknown chart {name!r}; charts: {', '.join(chart_names())}")
    if isinstance(council, CouncilData) and not (window_start or window_end) and as_of is None:
        ctx = council._context
    else:
        code = council.la_code if isinstance(council, CouncilData) else council
        day = as_of or (council.as_of if isinstance(council, CouncilData) else None)
        ctx = _context(code, day, prices, window_start, window_end)
    return build_chart(name, ctx).figure


# ---------------------------------------------------------------- every council


def table_names() -> tuple[str, ...]:
    """Every processed table (`make data`), from the registry's readers."""
    from .official import registry

    return tuple(t for reader in registry.READERS for t in reader.TABLES)


def _reader_of(name: str):
    from .official import registry

    for reader in registry.READERS:
        if name in reader.TABLES:
            return reader
    raise InputError(f"unknown table {name!r}; tables: {', '.join(table_names())}")


def money_columns(name: str, frame: pd.DataFrame) -> list[str]:
    """The columns in pounds: the reader's MONEY_COLUMNS if it declares them, else those the data
    dictionary (data/processed/README.md) gives the type £."""
    reader = _reader_of(name)
    declared = getattr(reader, "MONEY_COLUMNS", None)
    if declared is not None:
        return [c for c in declared if c in frame]
    described = describe_columns(frame, [("processed", name)])
    return described.loc[described["type"] == "£", "column"].tolist()


def table(name: str) -> pd.DataFrame:
    """A processed table (see `table_names()`) for every council and England, with the three keys
    first and, where it is money by financial year, `<column>_real` (2023-24 prices) beside each cash column."""
    from .measures import prices
    from .official import registry

    reader = _reader_of(name)
    frame = registry.load(reader.NAME, name)
    money = money_columns(name, frame) if "financial_year" in frame else []
    if money:
        factor = prices.real_factor(frame["financial_year"]).to_numpy()
        for column in reversed(money):
            frame.insert(frame.columns.get_loc(column) + 1, f"{column}_real", frame[column].astype("float64") * factor)
    return with_keys(frame) if "la_code" in frame else frame


def describe(name: str) -> pd.DataFrame:
    """Each column of a processed table as `table(name)` returns it, with its meaning."""
    return describe_columns(table(name), [("processed", name)])


def councils() -> pd.DataFrame:
    """Every council in the register (geography.py): keys, region, the years it existed, whether it
    takes part in ranks, whether it has a curated timeline and which processed tables hold it."""
    from .curated.folders import council_folders, load_council_json
    from .official import registry

    curated = {load_council_json(folder, []).get("la_code") for folder in council_folders()}
    held: dict[int, list[str]] = {}
    for reader in registry.READERS:
        frame = registry.load(reader.NAME)
        if "la_code" not in frame:
            continue
        for code in pd.to_numeric(frame["la_code"], errors="coerce").dropna().astype(int).unique():
            held.setdefault(int(code), []).append(reader.NAME)
    ranked = set(geography.ranked(c.la_code for c in geography.register()))
    rows = [
        {
            "la_code": c.la_code,
            "new_la_code": c.new_la_code,
            "la_name": c.la_name,
            "region": c.region,
            "first_year": c.first_year,
            "last_year": c.last_year,
            "ranked": c.la_code in ranked,
            "curated_timeline": c.la_code in curated,
            "spending_from_2015_16": "s251_timeseries" in held.get(c.la_code, []),
            "tables": "; ".join(held.get(c.la_code, [])),
        }
        for c in geography.register()
    ]
    out = pd.DataFrame(rows)
    return out.astype({"la_code": "Int64", "first_year": "Int64", "last_year": "Int64"})
