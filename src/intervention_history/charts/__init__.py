"""Narrative charts. Each function returns a Chart: figure, title, subtitle, source, alt text, data.

`all_charts()` builds every chart for one council and set of parameters; the notebooks and the
report call it, so both show the same thing.
"""

from __future__ import annotations

from .base import PALETTE, Chart, contrast_ratio, save_chart
from .costs import costs_chart
from .leadership import leadership_chart
from .spending import change_distribution_chart, spending_by_category_chart
from .timeline import timeline_chart
from .verdicts import verdicts_chart

__all__ = [
    "PALETTE",
    "Chart",
    "all_charts",
    "change_distribution_chart",
    "contrast_ratio",
    "costs_chart",
    "leadership_chart",
    "save_chart",
    "spending_by_category_chart",
    "timeline_chart",
    "verdicts_chart",
]


def all_charts(ctx) -> dict[str, Chart]:
    """Every chart for one council context, in report order."""
    p, name = ctx.params, ctx.la_name
    sources = ctx.table("sources")
    return {
        "timeline": timeline_chart(ctx.table("events"), p, name, ctx.table("costs"), len(sources) if sources is not None else None),
        "verdicts": verdicts_chart(ctx.table("judgements"), p, name),
        "leadership": leadership_chart(ctx.table("roles"), p, name),
        "costs": costs_chart(ctx.table("costs"), p, name, ctx.council_spending),
        "spending_by_category": spending_by_category_chart(ctx.spending_table, ctx.la_code, p, ctx.table("events")),
        "spending_change": change_distribution_chart(ctx.spending_table, ctx.la_code, p),
    }
