"""Narrative charts. Each function returns a Chart: figure, title, subtitle, source, alt text, data.

`all_charts()` builds every chart for one council and set of parameters; the notebooks and the
report call it, so both show the same thing.
"""

from __future__ import annotations

from ..measures import benchmarks
from .base import PALETTE, Chart, contrast_ratio, save_chart
from .children_in_care import children_in_care_chart, children_in_care_for
from .children_in_need import children_in_need_for
from .costs import costs_chart
from .leadership import leadership_chart
from .national_verdicts import inadequate_councils_chart, lowest_band_spells_chart
from .spending import change_distribution_chart, spending_by_category_chart
from .spending_per_child import spending_per_child_chart
from .timeline import timeline_chart
from .verdicts import verdicts_chart

__all__ = [
    "PALETTE",
    "Chart",
    "all_charts",
    "build_chart",
    "CHART_NAMES",
    "change_distribution_chart",
    "children_in_care_chart",
    "contrast_ratio",
    "costs_chart",
    "leadership_chart",
    "save_chart",
    "spending_by_category_chart",
    "spending_per_child_chart",
    "timeline_chart",
    "verdicts_chart",
]


CHART_NAMES = (
    "timeline",
    "verdicts",
    "inadequate_councils",
    "lowest_band_spells",
    "leadership",
    "costs",
    "spending_by_category",
    "spending_change",
    "spending_per_child",
    "children_in_care",
    "children_in_need",
    "workforce",
)


def build_chart(name: str, ctx) -> Chart:
    """One chart for a council context (see context.load_context)."""
    p, council = ctx.params, ctx.la_name
    if name == "timeline":
        sources = ctx.table("sources")
        return timeline_chart(
            ctx.table("events"),
            p,
            council,
            ctx.table("costs"),
            len(sources) if sources is not None else None,
            eras=ctx.eras,
        )
    if name == "verdicts":
        return verdicts_chart(ctx.verdicts, p, council)
    if name in ("inadequate_councils", "lowest_band_spells"):
        from ..measures import inspections

        spells = inspections.spells(p.as_of)
        if name == "lowest_band_spells":
            return lowest_band_spells_chart(spells, ctx.la_code, council, p)
        own = spells[spells["la_code"] == ctx.la_code]
        return inadequate_councils_chart(inspections.inadequate_over_time(p.as_of), own, council, p)
    if name == "leadership":
        return leadership_chart(ctx.table("roles"), p, council)
    if name == "costs":
        return costs_chart(ctx.table("costs"), p, council, ctx.total_spending)
    if name == "spending_by_category":
        return spending_by_category_chart(ctx.spending_series(), council, p, ctx.phases, ctx.table("events"))
    if name == "spending_change":
        return change_distribution_chart(ctx.s251_outturn, ctx.la_code, p)
    if name == "spending_per_child":
        from ..measures.per_child import computed_per_child, per_child

        computed = computed_per_child(ctx.s251_outturn, ctx.official("population_0_17"))
        mine = computed[(computed["la_code"] == ctx.la_code) | (computed["la_name"] == "England")]
        bench = benchmarks.benchmark(computed, f"per_child_{p.prices}", ctx.la_code, period="financial_year")
        return spending_per_child_chart(
            per_child(ctx.s251_timeseries, ctx.la_code),
            per_child(ctx.s251_timeseries, "England"),
            council,
            p,
            computed=mine,
            bench=bench,
        )
    if name == "children_in_care":
        bench = benchmarks.benchmark(ctx.children_looked_after, "rate_per_10000", ctx.la_code).set_index("year")
        return children_in_care_for(
            ctx, bench["neighbours_min"], bench["neighbours_max"], bench["neighbours_median_council"]
        )
    if name == "children_in_need":
        from ..measures import protection

        table = protection.for_context(ctx)
        bands = {m.key: benchmarks.band(table, m.column, ctx.la_code) for m in protection.MEASURES}
        return children_in_need_for(ctx, bands=bands)
    if name == "workforce":
        from .workforce import workforce_for

        return workforce_for(ctx)
    raise KeyError(f"unknown chart {name!r}; choose from {', '.join(CHART_NAMES)}")


def all_charts(ctx) -> dict[str, Chart]:
    """Every chart for one council context, in report order."""
    return {name: build_chart(name, ctx) for name in CHART_NAMES}
