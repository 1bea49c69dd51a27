"""Chapter 2: Ofsted's verdicts, the national context, and (with a curated history) the leaders."""

from __future__ import annotations

import pandas as pd

from ..measures import inspections
from ..measures.context import CouncilContext
from ..measures.leadership import DCS, caveat, headline, tenure_table
from ..text import joined, words
from ..text import md_esc as esc
from .prose import Prose


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _verdict_words(row) -> str:
    words_ = str(row.judgement).lower()
    return f"{words_} ({row.framework}, {row.date_label})"


def verdicts_text(ctx: CouncilContext) -> Prose:
    table = ctx.verdicts
    name = esc(ctx.la_name)
    counted = table[table["counted"] & table["grade"].notna()]
    if counted.empty:
        return Prose(
            f"### Ofsted's verdicts\n\nOfsted's statistics hold no graded inspection of {name}'s children's services up to this date."
        )
    lowest = counted[counted["grade"] == 4]
    latest = counted.iloc[-1]
    days = counted["date"].nunique()
    frameworks = counted["framework"].nunique()
    text = [
        "### Ofsted's verdicts",
        f"Ofsted published {_count(len(counted), 'judgement')} on {name}'s children's services on "
        f"{_count(days, 'day')} "
        + (f"between {counted.iloc[0].date_label} and {latest.date_label}" if days > 1 else f"({latest.date_label})")
        + f", under {_count(frameworks, 'framework')} "
        f"(Ofsted's own statistics). "
        + (f"{words(lowest['date'].nunique()).capitalize()} of those days" if len(lowest) else "None of those days")
        + " brought an inadequate verdict"
        + (
            f": {joined([_verdict_words(r) for r in lowest.drop_duplicates('date').itertuples()])}"
            if len(lowest)
            else ""
        )
        + f". The latest was {_verdict_words(latest)}.",
    ]
    weak = counted[counted["sub_judgements"].str.contains("inadequate")]
    for row in weak.drop_duplicates("date").itertuples():
        parts = row.sub_judgements.split("; ")
        worst = joined([p for p in parts if p.endswith("inadequate")])
        rest = [p for p in parts if not p.endswith("inadequate")]
        overall = str(row.judgement).lower().replace(" to be good", "")
        text.append(
            f"On {row.date_label} the overall verdict was {overall}"
            + (f", and Ofsted judged {esc(worst)}" if row.grade == 4 else f", but Ofsted judged {esc(worst)}")
            + (f" ({esc('; '.join(rest))})" if rest else "")
            + "."
        )
    others = table[~table["counted"]]
    if len(others):
        kinds = (
            others.assign(
                kind=others["kind"].where(
                    others["grade"].notna() | (others["kind"] != "inspection"), "ungraded inspection"
                )
            )
            .groupby("kind")["date_label"]
            .apply(list)
        )
        described = [f"{len(v)} {k}{'s' if len(v) > 1 else ''} ({', '.join(v)})" for k, v in kinds.items()]
        text.append(
            f"The curated history adds {joined(described)}. They are drawn as what they are and never counted as "
            "Ofsted inspections of children's services: an annual rating was drawn from performance data and earlier "
            "inspections, and the Audit Commission's corporate governance inspection judged the whole council."
        )
    text.append(
        "The frameworks used different words, so the chart places each verdict on one four-point scale (1 outstanding "
        "to 4 inadequate); the older frameworks' 'adequate' appears as Ofsted's statistics map it, 'requires "
        "improvement'. Treat comparisons across frameworks as rough."
    )
    return Prose("\n\n".join(text))


def national_text(ctx: CouncilContext) -> Prose:
    """Where the council's verdicts sit among every council's (computed for the as-of date)."""
    as_of = ctx.params.as_of
    counts = inspections.inadequate_over_time(as_of)
    spells = inspections.spells(as_of)
    mine = spells[spells["la_code"] == ctx.la_code]
    closed = spells[~spells["open"] & ~spells["ceased"]]
    now = counts.iloc[-1]
    name = esc(ctx.la_name)
    text = [
        "### Across England",
        f"Across England, {now.inadequate} of the {now.rated} councils Ofsted had inspected stood in the lowest band "
        f"on {pd.Timestamp(as_of):%d %B %Y} (by the rule that {inspections.STANDING_RULE}). "
        f"The most at once was {counts['inadequate'].max()}, in {counts.loc[counts['inadequate'].idxmax(), 'date']:%B %Y}.",
    ]
    for spell in mine.itertuples():
        on = counts[counts["date"] <= spell.start].iloc[-1]
        ended = (
            "and is still open"
            if spell.open
            else f"to {spell.end:%B %Y}, {spell.years:.1f} years, longer than "
            f"{(closed['years'] < spell.years).mean() * 100:.0f}% of the {len(closed)} completed spells of any council"
        )
        text.append(
            f"{name} entered the lowest band in {spell.start:%B %Y}, one of {on.inadequate} councils there at the time; "
            f"its spell ran {ended} (median {closed['years'].median():.1f} years)."
        )
    if mine.empty:
        text.append(f"{name} has had no spell in the lowest band since Ofsted's statistics begin.")
    shares = inspections.latest_by_area(ctx.la_code, as_of)
    standing = inspections.standing_on(pd.Timestamp(as_of), inspections.standings(as_of))
    own = standing[standing["la_code"] == ctx.la_code]
    rows = ["| area | " + " | ".join(inspections.GRADE_WORDS.values()) + " |", "|---|" + "---|" * 4]
    for area, part in shares.groupby("area", sort=False):
        rows.append(f"| {esc(area)} | " + " | ".join(f"{r.councils} of {r.of}" for r in part.itertuples()) + " |")
    if len(own):
        grade = int(own.iloc[0]["grade"])
        text.append(
            f"{name}'s latest grade, {inspections.GRADE_WORDS[grade]}, against its region's councils and England's "
            "(each council's latest Ofsted verdict at this date):\n\n" + "\n".join(rows)
        )
    return Prose("\n\n".join(text))


def leadership_text(ctx: CouncilContext) -> Prose:
    """Only for a council with a curated history; otherwise nothing (the chapter leaves the section out)."""
    if not ctx.has_timeline:
        return Prose("")
    as_of = pd.Timestamp(ctx.params.as_of)
    roles = ctx.dataset.roles
    top = headline(roles, as_of)
    tenures = tenure_table(roles, as_of)
    text = ["### Leadership churn"]
    if top is not None:
        text.append(f"{top['title']}.")
    text.append(
        f"In the same years the council had {words(tenures[tenures['role'] == 'elected mayor']['person'].nunique())} "
        f"elected mayors and {words(len(tenures[tenures['role'] == 'chief executive']))} chief executive appointments."
    )
    gaps = caveat(roles, as_of, DCS)
    if gaps:
        text.append(gaps)
    return Prose("\n\n".join(text))
