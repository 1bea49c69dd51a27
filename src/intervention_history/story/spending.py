"""Chapter 4: spending."""

from __future__ import annotations

from ..measures import spending
from ..measures.context import CouncilContext
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
            ", with no figures for 2014-15, which neither source publishes"
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
                    f"- **{row.phase}** ({', '.join(row.years[:1])} to {row.years[-1]}): spending {_change_sentence(row.change, prices)}."
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
            " ".join(f"From {c.start_year} to {c.end_year} spending {_change_sentence(c, prices)}." for c in changes)
        )
    child = spending.per_child(ctx.s251_timeseries, ctx.la_code)
    if len(child):
        england = spending.per_child(ctx.s251_timeseries, "England")
        last, eng = child.iloc[-1], england.iloc[-1]
        paragraphs.append(
            f"Per child, the DfE publishes spending for {child.financial_year.iloc[0]} to {last.financial_year} only: "
            f"{money(child[prices].iloc[0])} per child aged 0-17 in {child.financial_year.iloc[0]} and "
            f"{money(last[prices])} in {last.financial_year}, against {money(eng[prices])} for England"
            f"{f' ({PRICE_BASE} prices)' if prices == 'real' else ''}. Earlier years have no published population in these sources, so no per-child figure is given for them."
        )
    ranks = spending.change_and_rank(ctx.s251_outturn)
    grand = ranks[ranks["category"] == spending.LIKE_FOR_LIKE]
    mine = grand[grand["la_code"] == ctx.la_code]
    if len(mine):
        me = mine.iloc[0]
        column = "change_pct" if prices == "real" else "change_pct_cash"
        paragraphs.append(
            f"Against every English council (possible for {spending.FIRST_YEAR} to {spending.LAST_YEAR} only, the years "
            f"of the outturn files, which cover every council), {esc(ctx.la_name)}'s like-for-like change ranks {int(me['rank'])} of {len(grand)} "
            f"(1 = largest rise); the median council's change was {grand[column].median():+.0f}%."
        )
    return Prose("\n\n".join(paragraphs))
