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
from .context import CouncilContext
from .prices import PRICE_BASE, price_note

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
    eras = ctx.eras
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


def _pct(value: float) -> str:
    return f"{'rose' if value >= 0 else 'fell'} {abs(value):.0f}%"


def _change_sentence(change: spending.Change, prices: str) -> str:
    other = "cash" if prices == "real" else "real"
    start = change.start_real if prices == "real" else change.start_cash
    end = change.end_real if prices == "real" else change.end_cash
    return (
        f"{_pct(change.pct(prices))} from {money(start)} in {change.start_year} to {money(end)} in {change.end_year} "
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
            f"There is no curated timeline for {esc(ctx.la_name)}, so the years are not split into phases. "
            + " ".join(f"From {c.start_year} to {c.end_year} spending {_change_sentence(c, prices)}." for c in changes)
        )
    child = spending.per_child(ctx.timeseries_table, ctx.la_code)
    if len(child):
        england = spending.per_child(ctx.timeseries_table, "England")
        last, eng = child.iloc[-1], england.iloc[-1]
        paragraphs.append(
            f"Per child, the DfE publishes spending for {child.financial_year.iloc[0]} to {last.financial_year} only: "
            f"{money(child[prices].iloc[0])} per child aged 0-17 in {child.financial_year.iloc[0]} and "
            f"{money(last[prices])} in {last.financial_year}, against {money(eng[prices])} for England"
            f"{f' ({PRICE_BASE} prices)' if prices == 'real' else ''}. Earlier years have no published population in these sources, so no per-child figure is given for them."
        )
    ranks = spending.change_and_rank(ctx.spending_table)
    grand = ranks[ranks["category"] == spending.LIKE_FOR_LIKE]
    mine = grand[grand["la_code"] == ctx.la_code]
    if len(mine):
        me = mine.iloc[0]
        column = "change_pct" if prices == "real" else "change_pct_cash"
        paragraphs.append(
            f"Against every English council (possible for {spending.FIRST_YEAR} to {spending.LAST_YEAR} only, the years "
            f"every return is available), {esc(ctx.la_name)}'s like-for-like change ranks {int(me['rank'])} of {len(grand)} "
            f"(1 = largest rise); the median council's change was {grand[column].median():+.0f}%."
        )
    return Prose("\n\n".join(paragraphs))


# ------------------------------------------------------------------ chapter 5


def _count_change(pct: float) -> str:
    return "unchanged" if round(pct) == 0 else f"{'up' if pct > 0 else 'down'} {abs(pct):.0f}%"


def _years_text(years: list[int]) -> str:
    if not years:
        return ""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]} to {years[-1]}"
    return ", ".join(map(str, years[:-1])) + (" and " if len(years) > 1 else "") + str(years[-1])


def children_in_care_text(ctx: CouncilContext) -> Prose:
    from . import children_in_care as cla

    table = ctx.cla_table
    mine, eng = cla.council(table, ctx.la_code), cla.england(table)
    name = esc(ctx.la_name)
    top = cla.headline(mine, eng)
    if top is None:
        return Prose(f"The DfE publishes no count of children looked after for {name} in the years this project holds.")
    counted = mine[mine["children_looked_after"].notna()]
    rated = mine[mine["rate_per_10000"].notna()]
    no_rate = [int(y) for y in counted.loc[counted["rate_per_10000"].isna(), "year"]]
    computed = [int(y) for y in mine.loc[mine["rate_source"] == "computed", "year"]]
    published = [int(y) for y in mine.loc[mine["rate_source"] == "published", "year"]]
    missing = [y for y in cla.MISSING_YEARS if top["first_year"] < y < top["last_year"]]
    eng_last = eng[eng["children_looked_after"].notna()].iloc[-1]
    paragraphs = [
        f"At 31 March {top['last_year']} {name} looked after {top['last_count']:,.0f} children, "
        f"{_count_change(top['change_pct'])} on the {top['first_count']:,.0f} of {top['first_year']}. "
        + (
            f"That was {top['rate']:.0f} children in every 10,000 aged under 18 in {top['rate_year']}, against "
            f"{top['england_rate']:.0f} for England as a whole ({eng_last.children_looked_after:,.0f} children in "
            f"{int(eng_last.year)})."
            if pd.notna(top["rate"]) and pd.notna(top["england_rate"])
            else ""
        ),
        "A rate per 10,000 is the number of children looked after for every 10,000 children under 18 living in "
        "the area. It allows a large council to be set beside a small one, and a year beside another when the "
        "number of children in the area changes; a count alone does neither.",
    ]
    gaps = []
    if no_rate:
        gaps.append(
            f"The DfE releases for {_years_text(no_rate)} publish counts but no rate, and no population to "
            "compute one from in the same file, so those years have counts only"
        )
    if computed:
        gaps.append(
            f"the rate for {_years_text(computed)} is computed here from the count and the population of under-18s "
            "published in the same release"
        )
    if published:
        gaps.append(f"rates for {_years_text(published)} are as the DfE published them")
    if missing:
        gaps.append(
            f"no release in this project covers 31 March {_years_text(missing)}, so {'that year has' if len(missing) == 1 else 'those years have'} "
            "no figure and the lines break there rather than join across the gap"
        )
    if gaps:
        text = "; ".join(gaps) + "."
        paragraphs.append(text[0].upper() + text[1:])
    if len(ctx.phases):
        lines = []
        for row in cla.phase_changes(mine, ctx.phases).itertuples():
            if not row.years:
                lines.append(f"- **{row.phase}**: no year of data in this series.")
                continue
            years = list(row.years)
            skipped = [y for y in cla.MISSING_YEARS if cla.phase_of_year(y, ctx.phases) == row.phase]
            if len(years) == 1:
                line = (
                    f"- **{row.phase}**: one year of data ({years[0]}, {row.first_count:,.0f} children"
                    + (f"; no figure for {_years_text(skipped)}" if skipped else "")
                    + "), so no change to report."
                )
            else:
                line = (
                    f"- **{row.phase}** ({years[0]} to {years[-1]}"
                    + (f", no figure for {_years_text(skipped)}" if skipped else "")
                    + f"): {row.first_count:,.0f} to {row.last_count:,.0f} children, {_count_change(row.count_change_pct)}"
                )
                if pd.notna(row.rate_change):
                    line += f"; the rate went from {row.first_rate:.0f} to {row.last_rate:.0f} per 10,000"
                else:
                    with_rate = [
                        f"{rate:.0f} per 10,000 in {year}"
                        for year, rate in ((years[0], row.first_rate), (years[-1], row.last_rate))
                        if pd.notna(rate)
                    ]
                    line += (
                        f"; the rate was {with_rate[0]}, but {years[-1] if pd.notna(row.first_rate) else years[0]} "
                        "has no rate, so no change in the rate is given"
                        if with_rate
                        else "; neither year has a rate"
                    )
                line += "."
            lines.append(line)
        paragraphs.append(
            "By phase of the story (a year's figure counts in the phase that holds 31 March of that year):"
        )
        paragraphs.append("\n".join(lines))
    else:
        paragraphs.append(
            f"There is no curated timeline for {name}, so the years are not split into phases of outside control."
        )
    if len(rated) >= 2:
        paragraphs.append(
            f"Across the years with a rate, {name}'s ranged from {rated['rate_per_10000'].min():.0f} to "
            f"{rated['rate_per_10000'].max():.0f} per 10,000; England's from "
            f"{eng['rate_per_10000'].min():.0f} to {eng['rate_per_10000'].max():.0f}."
        )
    return Prose("\n\n".join(paragraphs))
