"""The public API: `import intervention_history as ih`.

    data = ih.load("Doncaster")            # every table for one council, as pandas DataFrames
    fig = ih.chart("spending_per_child")   # any report chart, as a matplotlib Figure
    ih.councils()                          # which councils the data cover

Everything here validates its input like the report does (bad input raises InputError).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .params import DEFAULT_COUNCIL

TABLES = {
    "events": "curated timeline: event_id, date (EDTF), date_earliest, date_latest, date_label, title, summary, "
    "category, source_ids, evidence, date_basis, confidence, key",
    "judgements": "inspection verdicts: judgement_id, date, body, framework, subject, judgement, grade (1-4), source_ids",
    "roles": "who led: person, role, organisation, start, end (EDTF), interim, source_ids",
    "costs": "money: cost_id, item, payer, payee, amount_gbp, basis, period (EDTF), status, source_ids",
    "sources": "every cited source: source_id, title, publisher, url, published, kind",
    "eras": "declared eras of outside control: era, kind, start, end, years",
    "phases": "phases of the story: phase (before the intervention, intervention, trust, back with the council), start, end",
    "spending": "net current spending by category and financial year, both DfE sources: area, financial_year, source, "
    "category, cash, real (2023-24 prices), covered (is the category fully in the return that year)",
    "spending_lines": "every section 251 outturn line for the council, 2008-09 to 2013-14 (data/processed/s251_outturn.csv)",
    "england_spending": "the same as `spending`, for England",
    "per_child": "DfE-published net spending per child aged 0-17 from 2015-16: financial_year, cash, real",
    "children_looked_after": "children looked after at 31 March: year, children_looked_after, population_0_17, "
    "rate_per_10000, rate_source, release",
    "england_children_looked_after": "the same, for England",
}


@dataclass
class CouncilData:
    """One council's data. Each attribute named in `TABLES` is a tidy pandas DataFrame.

    Curated tables (events, judgements, roles, costs, sources, eras, phases) are empty for a council
    without a curated timeline. `describe()` lists every table with its columns.
    """

    la_code: int
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
        return not self.events.empty

    def describe(self) -> pd.DataFrame:
        """Every table: its name, number of rows and what its columns mean."""
        return pd.DataFrame(
            [{"table": name, "rows": len(getattr(self, name)), "columns": text} for name, text in TABLES.items()]
        )


def _as_of(as_of) -> date:
    return date.fromisoformat(str(as_of)) if as_of else date.today()


def _context(council: str | int, as_of, prices: str, **window):
    from .measures.context import load_context
    from .params import Params

    return load_context(Params.build(str(council), _as_of(as_of).isoformat(), prices=prices, **window))


def load(council: str | int = DEFAULT_COUNCIL, as_of: str | date | None = None, prices: str = "real") -> CouncilData:
    """Load and validate one council's data (name or DfE code). as_of (default today) drops curated
    rows dated after it; prices ("real" or "cash") only sets what charts made from this object show."""
    from .measures import spending
    from .measures.children import council as cla_council
    from .measures.children import england as cla_england

    ctx = _context(council, as_of, prices)
    cutoff = pd.Timestamp(ctx.params.as_of)

    def curated(name: str, date_column: str | None = None) -> pd.DataFrame:
        table = ctx.table(name)
        if table is None:
            return pd.DataFrame()
        if date_column is not None:
            table = table[table[f"{date_column}_earliest"] <= cutoff]
        return table.reset_index(drop=True)

    lines = ctx.s251_outturn
    return CouncilData(
        la_code=ctx.la_code,
        la_name=ctx.la_name,
        as_of=ctx.params.as_of,
        prices=prices,
        council=dict(ctx.dataset.council) if ctx.dataset is not None else {"name": ctx.la_name, "la_code": ctx.la_code},
        events=curated("events", "date"),
        judgements=curated("judgements", "date"),
        roles=curated("roles", "start"),
        costs=curated("costs"),
        sources=curated("sources"),
        eras=ctx.eras,
        phases=ctx.phases,
        spending=ctx.spending_series(),
        spending_lines=lines[lines["la_code"] == ctx.la_code].reset_index(drop=True),
        england_spending=ctx.spending_series("England"),
        per_child=spending.per_child(ctx.s251_timeseries, ctx.la_code),
        children_looked_after=cla_council(ctx.children_looked_after, ctx.la_code).reset_index(drop=True),
        england_children_looked_after=cla_england(ctx.children_looked_after).reset_index(drop=True),
        _context=ctx,
    )


def chart(name: str, council: str | int | CouncilData = DEFAULT_COUNCIL, as_of=None, prices: str = "real", **window):
    """The matplotlib Figure of a report chart (see `chart_names()`), for a council name, code or
    a `load()` result. window_start / window_end (YYYY-MM-DD) narrow the timeline charts."""
    from .charts import build_chart

    ctx = (
        council._context
        if isinstance(council, CouncilData) and not window
        else _context(council, as_of, prices, **window)
    )
    return build_chart(name, ctx).figure


def chart_names() -> tuple[str, ...]:
    from .charts import CHART_NAMES

    return CHART_NAMES


def councils() -> pd.DataFrame:
    """Every council in the data: la_code, la_name, and which sources cover it."""
    from .curated.folders import council_folders, load_council_json
    from .measures.spending import councils as council_table
    from .official import registry

    table = council_table(registry.load("s251_outturn"))
    curated = {}
    for folder in council_folders():
        meta = load_council_json(folder, [])
        curated[meta.get("la_code")] = folder.name
    in_series = set(registry.load("s251_timeseries")["la_code"].dropna().astype(int))
    table["curated_timeline"] = table["la_code"].isin(list(curated))
    table["spending_from_2015_16"] = table["la_code"].isin(in_series)
    return table
