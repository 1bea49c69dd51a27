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

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from . import geography
from .api_tables import (
    ENGLAND,
    KEYS,  # noqa: F401  (re-exported: the keys every table starts with)
    area_keys,
    constant_keys,
    councils_by_code,
    describe_columns,
    empty_curated,
    typed_if_empty,
    with_keys,
    write_tables,
)
from .errors import InputError
from .params import DEFAULT_COUNCIL, parse_day

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
    "children_in_need": "children in need, section 47 enquiries, child protection plans, re-referrals, 2013 to 2025, with rates and statuses",
    "workforce": "the children's social work workforce at 30 September, 2017 to 2025, with statuses",
    "ofsted_inspections": "every Ofsted inspection of the council's children's services published by the as-of date",
    "statistical_neighbours": "the council's statistical neighbours in the DfE's 2021 and 2025 models",
}
CURATED = ("events", "judgements", "roles", "costs", "sources")

# Where each table's columns are documented: (dictionary, section) pairs, searched in order.
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
    "children_in_need": [("processed", "children_in_need")],
    "workforce": [("processed", "workforce")],
    "ofsted_inspections": [("processed", "ofsted_inspections")],
    "statistical_neighbours": [("processed", "statistical_neighbours")],
}


# ---------------------------------------------------------------- input


def _day(value, name: str) -> date:
    return parse_day(value, name)


def _optional_day(value, name: str) -> str | None:
    return _day(value, name).isoformat() if value else None


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
    children_in_need: pd.DataFrame
    workforce: pd.DataFrame
    ofsted_inspections: pd.DataFrame
    statistical_neighbours: pd.DataFrame
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
        return write_tables(self, Path(folder), excel, TABLES)


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
    from .measures.children import council as cla_council
    from .measures.children import england as cla_england
    from .measures.per_child import per_child

    ctx = _context(council, as_of, prices)
    cutoff = pd.Timestamp(ctx.params.as_of)
    entry = councils_by_code().get(ctx.la_code)
    name = entry.la_name if entry else ctx.la_name

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        return constant_keys(frame, entry, ctx.la_code, name)

    def curated(table: str, date_column: str | None = None) -> pd.DataFrame:
        frame = ctx.table(table)
        if frame is None:
            return keyed(empty_curated(table))
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
        eras=keyed(typed_if_empty("eras", ctx.eras)),
        phases=keyed(typed_if_empty("phases", ctx.phases)),
        spending=area_keys(typed_if_empty("spending", ctx.spending_series())),
        spending_lines=with_keys(lines[lines["la_code"] == ctx.la_code]),
        england_spending=area_keys(ctx.spending_series(ENGLAND)),
        per_child=area_keys(typed_if_empty("per_child", per_child(ctx.s251_timeseries, ctx.la_code))),
        children_looked_after=with_keys(cla_council(ctx.children_looked_after, ctx.la_code)),
        england_children_looked_after=with_keys(cla_england(ctx.children_looked_after)),
        children_in_need=with_keys(ctx.council_rows("children_in_need")),
        workforce=with_keys(ctx.council_rows("workforce")),
        ofsted_inspections=with_keys(
            ctx.council_rows("ofsted_inspections")[lambda d: pd.to_datetime(d["published"]) <= cutoff]
        ),
        statistical_neighbours=with_keys(ctx.council_rows("statistical_neighbours")),
        _context=ctx,
    )


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
