"""The prose of each chapter, written from the data so that when the data change, the words change.

Every function returns a `Prose` object: Markdown for JupyterLab and the report, the same text as
plain text for nbval. Text taken from the data is HTML-escaped before it enters the Markdown.
"""

from __future__ import annotations

import html

import pandas as pd

from . import spending
from .charts.base import money
from .charts.costs import contract_rows
from .charts.leadership import DCS, tenure_table
from .charts.timeline import era_spans
from .context import CouncilContext

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


class Prose:
    """Markdown that shows as Markdown in notebooks and as the same text to nbval."""

    def __init__(self, markdown: str):
        self.markdown = markdown.strip() + "\n"

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


def esc(value) -> str:
    """Data text, safe inside Markdown/HTML."""
    text = html.escape(str(value), quote=False)
    return text.replace("*", "&#42;").replace("_", "&#95;").replace("[", "&#91;").replace("`", "&#96;")


def words(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def _no_timeline(ctx: CouncilContext, what: str) -> Prose:
    return Prose(
        f"There is no curated timeline for {esc(ctx.la_name)} yet, so this chapter has no {what} to show. "
        "The spending chapter works for every English council. To add a timeline, copy the layout of "
        "`data/curated/doncaster/` (see `data/curated/README.md`)."
    )


def heading(anchor: str, text: str) -> Prose:
    return Prose(f'<h2 id="{anchor}">{esc(text)}</h2>')


# ------------------------------------------------------------------ chapter 1


def timeline_intro(ctx: CouncilContext) -> Prose:
    if not ctx.has_timeline:
        return _no_timeline(ctx, "events")
    data = ctx.dataset
    events = data.events
    start, end = ctx.params.window(events["date_earliest"].min().date())
    deaths = events[events["event_id"] == "deaths-2004-2008"]
    eras = era_spans(events, data.costs)
    paragraphs = [
        f"This chapter puts {len(events)} curated events in order, from {start:%B %Y} to {end:%B %Y}, "
        f"drawn from {len(data.sources)} public sources. Every event cites at least one source and says "
        "how its date was established; dates known only roughly are drawn as ranges, never as a made-up day."
    ]
    if len(deaths):
        row = deaths.iloc[0]
        paragraphs.append(
            f"The story starts with the deaths of children known to the council's social services ({esc(row.date_label)}): {esc(row.summary)}"
        )
    if len(eras):
        paragraphs.append("Periods of outside control, dated from the data:")
        paragraphs.append(
            "\n".join(
                f"- **{esc(e.era)}**: {e.start:%B %Y} to {e.end:%B %Y}, about {e.years} year{'s' if e.years != 1 else ''}."
                for e in eras.itertuples()
            )
        )
    key = events[events["key"]]
    paragraphs.append(
        f"{len(key)} events are marked as key and labelled on the chart; all events are in `figures/timeline.csv`."
    )
    return Prose("\n\n".join(paragraphs))


def key_events_table(ctx: CouncilContext) -> pd.DataFrame | Prose:
    if not ctx.has_timeline:
        return Prose("No curated events for this council.")
    key = ctx.dataset.events[ctx.dataset.events["key"]].sort_values("date_earliest")
    return pd.DataFrame(
        {"date": key["date_label"], "event": key["title"], "confidence": key["confidence"]}
    ).reset_index(drop=True)


# ------------------------------------------------------------------ chapter 2


def verdicts_text(ctx: CouncilContext) -> Prose:
    if not ctx.has_timeline:
        return _no_timeline(ctx, "inspection verdicts")
    j = ctx.dataset.judgements.sort_values("date_earliest")
    graded = j[j["grade"].notna()]
    lowest = graded[graded["grade"] == 4]
    latest = graded.iloc[-1]
    frameworks = j["framework"].nunique()
    return Prose(
        f"Inspectors published {len(j)} verdicts on the service between {j.iloc[0].date_label} and {j.iloc[-1].date_label}, "
        f"under {frameworks} different frameworks. {len(lowest)} of the {len(graded)} graded verdicts fell in the lowest band "
        f"(inadequate, or 'failing' for the Audit Commission's judgement of the whole council). The most recent, "
        f"{esc(latest.date_label)}, was '{esc(latest.judgement)}'.\n\n"
        "The frameworks used different words, so the chart maps each onto one four-point scale (1 outstanding to 4 "
        "inadequate). The mapping is set out in the data and methods section; treat comparisons across frameworks as rough."
    )


def leadership_text(ctx: CouncilContext) -> Prose:
    if not ctx.has_timeline:
        return _no_timeline(ctx, "leadership tenures")
    roles = tenure_table(ctx.dataset.roles, pd.Timestamp(ctx.params.as_of))
    dcs = roles[roles["role"] == DCS].sort_values("start_mid")
    interim = dcs[dcs["interim"]]
    people = dcs["person"].nunique()
    unknown = roles[roles["end_status"] == "unknown"]
    text = (
        f"{words(people).capitalize()} people took the post of director of children's services between "
        f"{dcs.iloc[0].start_label} and {dcs.iloc[-1].start_label}; {words(interim['person'].nunique())} of them as interims. "
        f"In the same years the council had {words(roles[roles['role'] == 'elected mayor']['person'].nunique())} elected mayors "
        f"and {words(roles[roles['role'] == 'chief executive'].shape[0])} chief executive appointments."
    )
    if len(unknown):
        names = ", ".join(esc(p) for p in unknown["person"])
        text += f"\n\nOur sources do not record when {len(unknown)} tenures ended ({names}); the chart marks them with a '?' rather than guess."
    return Prose(text)


# ------------------------------------------------------------------ chapter 3


def costs_text(ctx: CouncilContext) -> Prose:
    if not ctx.has_timeline:
        return _no_timeline(ctx, "costs")
    costs = ctx.dataset.costs
    main, extensions, comparators = contract_rows(costs, ctx.dataset.council.get("name", ctx.la_name))
    if main is None:
        return Prose("No disclosed improvement-partner contract is curated for this council.")
    months = round((main.period_latest - main.period_earliest).days / 30.44)
    text = (
        f"The improvement partner, {esc(main.payee)}, was hired for {money(main.amount_gbp)} over {main.period_label} "
        f"({months} months, about {money(main.amount_gbp / months)} a month if spread evenly)."
    )
    if len(extensions):
        ext = extensions.iloc[0]
        text += f" An optional extension ({esc(ext.period_label)}) was offered at a cost that was not disclosed; the chart shows it as unknown, not as zero."
    if len(comparators):
        cmp = comparators.iloc[0]
        cmp_months = round((cmp.period_latest - cmp.period_earliest).days / 30.44)
        text += (
            f" For comparison, {esc(cmp.payer)}'s contract with the same firm was {money(cmp.amount_gbp)} over about "
            f"{cmp_months} months ({money(cmp.amount_gbp / cmp_months)} a month)."
        )
    return Prose(text)


def trust_money_table(ctx: CouncilContext) -> pd.DataFrame | Prose:
    if not ctx.has_timeline:
        return Prose("No curated costs for this council.")
    costs = ctx.dataset.costs
    rows = costs[costs["basis"].isin(["budget", "overspend", "top-up", "spend", "daily rate"])].sort_values(
        "period_earliest"
    )
    return pd.DataFrame(
        {
            "period": rows["period_label"],
            "item": rows["item"],
            "amount": rows["amount_gbp"].map(money),
            "status": rows["status"],
        }
    ).reset_index(drop=True)


# ------------------------------------------------------------------ chapter 4


def spending_text(ctx: CouncilContext) -> Prose:
    cs = ctx.council_spending
    total = cs[cs["category"] == spending.GRAND_TOTAL].sort_values("financial_year")
    first, last = total.iloc[0], total.iloc[-1]
    ranks = spending.change_and_rank(ctx.spending_table)
    grand = ranks[ranks["category"] == spending.GRAND_TOTAL]
    mine = grand[grand["la_code"] == ctx.la_code]
    by_cat = cs[(cs["financial_year"] == last.financial_year) & (cs["category"] != spending.GRAND_TOTAL)]
    biggest = by_cat.sort_values("net_current_expenditure", ascending=False).iloc[0]
    text = (
        f"{esc(ctx.la_name)} reported net spending of {money(first.net_current_expenditure)} on children's and young people's "
        f"services in {first.financial_year} and {money(last.net_current_expenditure)} in {last.financial_year}. "
        f"The largest category in {last.financial_year} was {esc(biggest.category)} ({money(biggest.net_current_expenditure)}, "
        f"{biggest.net_current_expenditure / last.net_current_expenditure * 100:.0f}% of the total)."
    )
    if len(mine):
        me = mine.iloc[0]
        text += (
            f"\n\nAcross England, {len(grand)} councils reported both years. {esc(ctx.la_name)}'s change of "
            f"{me.change_pct:+.0f}% ranks {int(me['rank'])} of {len(grand)} (1 = largest rise); the median council changed by "
            f"{grand['change_pct'].median():+.0f}%. These are cash figures, not adjusted for inflation or for the number of children."
        )
    return Prose(text)
