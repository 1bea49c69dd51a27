"""Chapter 4: spending."""

from __future__ import annotations

import pandas as pd

from .. import geography
from ..measures import spending
from ..measures.context import CouncilContext
from ..measures.per_child import per_child
from ..measures.prices import PRICE_BASE, price_note
from ..text import md_esc as esc
from ..text import money, percent_change
from .prose import Prose


def _change_sentence(change: spending.Change, prices: str) -> str:
    other = "cash" if prices == "real" else "real"
    start = change.start_real if prices == "real" else change.start_cash
    end = change.end_real if prices == "real" else change.end_cash
    return (
        f"{percent_change(change.pct(prices))} from {money(start)} in {change.start_year} to {money(end)} in {change.end_year} "
        f"({'in real terms' if prices == 'real' else 'in cash'}; {change.pct(other):+.0f}% in {'cash' if other == 'cash' else 'real terms'}), "
        f"on {spending.scope_label(list(change.categories))}"
    )


def driven_by(ctx: CouncilContext, change: spending.Change) -> str:
    top = spending.driver(ctx.spending_series(), change, ctx.params.prices)
    return "" if top is None else f"; {money(abs(top.difference))} of the change was in {top.category}"


def england_beside(ctx: CouncilContext, change: spending.Change) -> str:
    """England's like-for-like change over the same years and scope, for the prose beside the council's."""
    england = spending.change_between(ctx.spending_series("England"), change.start_year, change.end_year, "England")
    if england is None:
        return ""
    prices = ctx.params.prices
    return f"; England's {percent_change(england.pct(prices))} over the same years"


def spending_changes(ctx: CouncilContext) -> list[spending.Change]:
    """Every change the spending prose states (a test checks that none spans a change of scope)."""
    series = ctx.spending_series()
    if len(ctx.phases):
        return [c for c in spending.phase_changes(series, ctx.phases)["change"] if c is not None]
    changes = []
    for source in (spending.OUTTURN, spending.TIMESERIES):
        years = sorted(series.loc[series["source"] == source, "financial_year"].unique())
        if len(years) >= 2:
            changes.append(spending.change_between(series, years[0], years[-1], source))
    return changes


def spending_text(ctx: CouncilContext) -> Prose:
    prices = ctx.params.prices
    series = ctx.spending_series()
    years = sorted(series["financial_year"].unique())
    breaks = spending.scope_changes(years)
    paragraphs = [
        f"{esc(ctx.la_name)}'s own returns to the Department for Education run from {years[0]} to {years[-1]}"
        + (
            ", with no figures for 2014-15: the DfE published that year's outturn, but this project does not hold it"
            if "2014-15" not in years and years[0] < "2014-15" < years[-1]
            else ""
        )
        + f". Money is shown in {price_note(prices)}"
        + (", with cash alongside in the chart data." if prices == "real" else "; the chart data also hold real terms.")
    ]
    if len(breaks):
        entering = "; ".join(f"{', '.join(b.entering)} from {b.financial_year}" for b in breaks.itertuples())
        paragraphs.append(
            f"What the return covers changed ({entering}), so a total compared across that change would measure the "
            "return rather than the spending. Every change below adds only the categories reported in every year it compares."
        )
    if len(ctx.phases):
        table = spending.phase_changes(series, ctx.phases)
        lines = []
        for row in table.itertuples():
            if row.change is not None:
                lines.append(
                    f"- **{row.phase}** ({', '.join(row.years[:1])} to {row.years[-1]}): spending {_change_sentence(row.change, prices)}"
                    f"{driven_by(ctx, row.change)}{england_beside(ctx, row.change)}."
                )
            elif len(row.years) == 1:
                total = spending.total_on_scope(series, row.years).iloc[0]
                lines.append(
                    f"- **{row.phase}**: one year of data, {row.years[0]}: {money(total[prices])} on "
                    f"{spending.scope_label(total.scope.split('; '))}; no change to report."
                )
            else:
                lines.append(f"- **{row.phase}**: no year of data.")
        paragraphs.append("By phase of the story (a financial year counts in the phase that holds 1 October):")
        paragraphs.append("\n".join(lines))
    else:
        changes = spending_changes(ctx)
        paragraphs.append(
            " ".join(
                f"From {c.start_year} to {c.end_year} spending {_change_sentence(c, prices)}{driven_by(ctx, c)}{england_beside(ctx, c)}."
                for c in changes
            )
        )
    child = per_child(ctx.s251_timeseries, ctx.la_code)
    if len(child):
        england = per_child(ctx.s251_timeseries, "England")
        last, eng = child.iloc[-1], england.iloc[-1]
        paragraphs.append(
            f"Per child, the DfE publishes spending for {child.financial_year.iloc[0]} to {last.financial_year} only: "
            f"{money(child[prices].iloc[0])} per child aged 0-17 in {child.financial_year.iloc[0]} and "
            f"{money(last[prices])} in {last.financial_year}, against {money(eng[prices])} for England"
            f"{f' ({PRICE_BASE} prices)' if prices == 'real' else ''}. Earlier years have no published population in these sources, so no per-child figure is given for them."
        )
    ranks = spending.change_and_rank(ctx.s251_outturn)
    grand = ranks[ranks["category"] == spending.LIKE_FOR_LIKE]
    ranked = grand[grand["rank"].notna()]
    mine = grand[grand["la_code"] == ctx.la_code]
    if len(mine):
        me = mine.iloc[0]
        column = "change_pct" if prices == "real" else "change_pct_cash"
        place = (
            f"ranks {int(me['rank'])} of {len(ranked)} (1 = largest rise)" if pd.notna(me["rank"]) else "is not ranked"
        )
        paragraphs.append(
            f"Against every English council (possible for {spending.FIRST_YEAR} to {spending.LAST_YEAR} only, the years "
            f"of the outturn files, which cover every council), {esc(ctx.la_name)}'s like-for-like change from "
            f"{me.base} to {me.end_year}, {me[column]:+.0f}%, {place}; the median council's change was "
            f"{ranked[column].median():+.0f}%. The base is an average of two years so that no single year, good or bad, "
            f"sets it; {geography.RANK_RULE}."
        )
    warnings = spending.reclassification_warnings(series, prices)
    if len(warnings):
        moves = "; ".join(
            f"{w.from_year} to {w.to_year}: {w.rose} up {money(w.rose_by)}, {w.fell} down {money(w.fell_by)}"
            for w in warnings.itertuples()
        )
        paragraphs.append(
            f"**A warning on categories.** These moves in {esc(ctx.la_name)}'s returns may be money reclassified between "
            f"lines rather than spent differently: {moves}. The rule: {spending.RECLASS_RULE}. Read trends in single "
            "categories with care; the like-for-like totals are not affected."
        )
    return Prose("\n\n".join(paragraphs))
