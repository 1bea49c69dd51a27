"""Narrative charts. Each function returns a Chart: figure, title, subtitle, source, alt text, data.

`all_charts()` builds every chart for one council and set of parameters; the notebooks and the
report call it, so both show the same thing.
"""

from __future__ import annotations

from .base import PALETTE, Chart, contrast_ratio, save_chart
from .children_in_care import children_in_care_chart
from .costs import costs_chart
from .leadership import leadership_chart
from .spending import change_distribution_chart, spending_by_category_chart, spending_per_child_chart
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
    "leadership",
    "costs",
    "spending_by_category",
    "spending_change",
    "spending_per_child",
    "children_in_care",
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
        return verdicts_chart(ctx.table("judgements"), p, council)
    if name == "leadership":
        return leadership_chart(ctx.table("roles"), p, council)
    if name == "costs":
        return costs_chart(ctx.table("costs"), p, council, ctx.total_spending)
    if name == "spending_by_category":
        return spending_by_category_chart(ctx.spending_series(), council, p, ctx.phases, ctx.table("events"))
    if name == "spending_change":
        return change_distribution_chart(ctx.s251_outturn, ctx.la_code, p)
    if name == "spending_per_child":
        from ..measures.spending import per_child

        return spending_per_child_chart(
            per_child(ctx.s251_timeseries, ctx.la_code), per_child(ctx.s251_timeseries, "England"), council, p
        )
    if name == "children_in_care":
        from ..measures import children as cla

        return children_in_care_chart(
            cla.council(ctx.children_looked_after, ctx.la_code),
            cla.england(ctx.children_looked_after),
            council,
            p,
            ctx.eras,
            ctx.table("events"),
        )
    raise KeyError(f"unknown chart {name!r}; choose from {', '.join(CHART_NAMES)}")


def all_charts(ctx) -> dict[str, Chart]:
    """Every chart for one council context, in report order."""
    return {name: build_chart(name, ctx) for name in CHART_NAMES}
