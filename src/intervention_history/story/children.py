"""Chapter 5: children in need, in protection and in care. Every number comes from measures."""

from __future__ import annotations

import pandas as pd

from ..measures import children as cla
from ..measures import protection as cin
from ..measures.context import CouncilContext
from ..text import md_esc as esc
from ..text import years_text
from .prose import Prose


def _points(change: float) -> str:
    if round(change) == 0:
        return "about level"
    return f"{'up' if change > 0 else 'down'} {abs(change):.0f} point{'s' if round(abs(change)) != 1 else ''}"


def _side(value: float, other: float, decimals: int = 0) -> str:
    """Above, below or level with, as the figures are shown (rounded to ``decimals``)."""
    value, other = round(value, decimals), round(other, decimals)
    return "above" if value > other else "below" if value < other else "level with"


def _value(value: float, unit: str) -> str:
    return f"{value:.1f}%" if unit == "%" else f"{value:.0f} per 10,000"


# ---------------------------------------------------------------- children looked after


def children_in_care_text(ctx: CouncilContext) -> Prose:
    """Children looked after per 10,000: the latest rate against England's, the sources, each phase."""
    table = ctx.children_looked_after
    mine, eng = cla.council(table, ctx.la_code), cla.england(table)
    name = esc(ctx.la_name)
    top = cla.rate_headline(mine, eng)
    if top is None:
        return Prose(f"The DfE publishes no rate of children looked after for {name} in the years this project holds.")
    paragraphs = [
        f"At 31 March {top['year']} {name} looked after {top['rate']:.0f} children in every 10,000 aged under 18 "
        f"({top['count']:,.0f} children), "
        + (
            f"{_side(top['rate'], top['england'])} England's {top['england']:.0f}. "
            if pd.notna(top["england"])
            else "with no rate for England that year. "
        )
        + f"In {top['first_year']} its rate was {top['first_rate']:.0f}"
        + (
            f"; the highest in these years was {top['peak']:.0f}, in {top['peak_year']}."
            if top["peak_year"] != top["first_year"]
            else "."
        )
    ]
    paragraphs.append(
        "A rate per 10,000 is the number of children looked after for every 10,000 children under 18 living in "
        "the area. It sets a large council beside a small one, and a year beside another when the number of "
        "children in the area changes; a count alone does neither."
    )
    computed = [int(y) for y in mine.loc[mine["rate_source"] == "computed", "year"]]
    published = [int(y) for y in mine.loc[mine["rate_source"] == "published", "year"]]
    gaps = cla.no_rate_years(mine)
    sources = []
    if published:
        sources.append(f"the rates for {years_text(published)} are the DfE's own")
    if computed:
        how = []
        if 2010 in computed:
            how.append("2010 from the count and the mid-2009 population in the same release")
        if 2017 in computed:
            how.append("2017 from the count and the ONS estimate for mid-2016, since no release publishes one")
        other = [y for y in computed if y not in (2010, 2017)]
        if other:
            how.append(f"{years_text(other)} from the count and the population")
        sources.append(
            "the rates for " + years_text(computed) + " are computed here (" + "; ".join(how) + ") and drawn apart"
        )
    if gaps:
        sources.append(
            "there is no rate for "
            + "; ".join(
                f"{years_text([y for y, w in gaps.items() if w == why])} ({why})"
                for why in dict.fromkeys(gaps.values())
            )
            + ", and the line breaks there"
        )
    text = "; ".join(sources) + "."
    paragraphs.append(text[0].upper() + text[1:])
    if len(ctx.phases):
        lines = []
        for row in cla.phase_changes(mine, ctx.phases).itertuples():
            if not row.years:
                lines.append(f"- **{esc(row.phase)}**: no year of data in these releases.")
                continue
            years = list(row.years)
            marks = f" ({years_text(list(row.computed_years))} computed)" if row.computed_years else ""
            if len(years) == 1:
                rate = f"{row.first_rate:.0f} per 10,000" if pd.notna(row.first_rate) else "no rate"
                lines.append(f"- **{esc(row.phase)}** ({years[0]}): {rate}{marks}; one year, so no change to report.")
            elif pd.notna(row.rate_change):
                lines.append(
                    f"- **{esc(row.phase)}** ({years[0]} to {years[-1]}): from {row.first_rate:.0f} to "
                    f"{row.last_rate:.0f} per 10,000, {_points(row.rate_change)}{marks}."
                )
            else:
                lines.append(f"- **{esc(row.phase)}** ({years[0]} to {years[-1]}): not both ends have a rate{marks}.")
        paragraphs.append(
            "By phase of the story (a year's figure counts in the phase that holds 31 March of that year):"
        )
        paragraphs.append("\n".join(lines))
    rated, eng_rated = mine[mine["rate_per_10000"].notna()], eng[eng["rate_per_10000"].notna()]
    if len(rated) >= 2 and len(eng_rated) >= 2:
        paragraphs.append(
            f"Across the years with a rate, {name}'s ranged from {rated['rate_per_10000'].min():.0f} to "
            f"{rated['rate_per_10000'].max():.0f} per 10,000; England's from "
            f"{eng_rated['rate_per_10000'].min():.0f} to {eng_rated['rate_per_10000'].max():.0f}."
        )
    return Prose("\n\n".join(paragraphs))


# ---------------------------------------------------------------- children in need and protection


def _missing_sentence(name: str, m: cin.Measure, s: pd.DataFrame) -> str | None:
    gaps = cin.gaps(s)
    parts = [f"{years_text(years)} ({word})" for word, years in gaps.items() if word != "no row"]
    if not parts:
        return None
    return f"{m.short}: no figure for {'; '.join(parts)}."


def children_in_need_text(ctx: CouncilContext) -> Prose:
    """Children in need, section 47 enquiries, plans, re-referrals and repeat plans: latest year, phases, gaps, questions."""
    table = cin.for_context(ctx)
    rows, eng_rows = cin.area_rows(table, ctx.la_code), cin.area_rows(table)
    name = esc(ctx.la_name)
    if rows.empty:
        return Prose(f"The DfE's children in need files hold no figures for {name}.")
    mine = {m.key: cin.series(rows, m) for m in cin.MEASURES}
    eng = {m.key: cin.series(eng_rows, m) for m in cin.MEASURES}
    paragraphs = [
        "Before a child comes into care, the council has usually known the child for a while: as a child in need, "
        "through a section 47 enquiry (an investigation of whether the child is suffering, or likely to suffer, "
        "significant harm) and often a child protection plan. The DfE counts these every year; the rates here are "
        "per 10,000 children aged 0 to 17, computed from the DfE's counts and the ONS population of the mid-year "
        "before. Re-referrals (a referral within 12 months of a previous one) and second or subsequent plans are "
        "the DfE's percentages: a high figure can mean that help ended too soon."
    ]
    lines = []
    for m in cin.MEASURES:
        top = cin.latest(mine[m.key], eng[m.key])
        if top is None:
            lines.append(f"- **{m.short}**: no figure for {name} in these files.")
            continue
        line = f"- **{m.short}**: {_value(top['value'], m.unit)} in {top['year']}"
        if pd.notna(top["england"]):
            side = _side(top["value"], top["england"], 1 if m.unit == "%" else 0)
            line += f", {side} England's {_value(top['england'], m.unit)}"
        if top["first_year"] != top["year"]:
            line += f" ({_value(top['first'], m.unit)} in {top['first_year']})"
        lines.append(line + ".")
    paragraphs.append(f"The latest figures for {name}:\n\n" + "\n".join(lines))
    if len(ctx.phases):
        phase_lines = []
        for m in cin.MEASURES[:3]:
            parts = []
            for row in cin.phase_values(mine[m.key], ctx.phases).itertuples():
                if not row.years:
                    continue
                if len(row.years) == 1:
                    parts.append(f"{esc(row.phase)} {row.first:.0f} ({row.first_year})")
                else:
                    parts.append(
                        f"{esc(row.phase)} {row.first:.0f} to {row.last:.0f} ({row.first_year} to {row.last_year})"
                    )
            if parts:
                phase_lines.append(f"- **{m.short}** per 10,000: " + "; ".join(parts) + ".")
        if phase_lines:
            paragraphs.append(
                f"By phase of the story ({cin.FIRST_YEAR} on; a year counts in the phase that holds 31 March):\n\n"
                + "\n".join(phase_lines)
            )
    missing = [t for m in cin.MEASURES if (t := _missing_sentence(name, m, mine[m.key]))]
    if missing:
        paragraphs.append(
            "Where the DfE gives no number the chart leaves a gap, never a zero or a joined line. "
            "Suppressed (`c`) figures are small numbers withheld; not available (`x`) ones were not collected; "
            "low reliability (`u`) marks a return the DfE itself doubts, and the chart hatches it. " + " ".join(missing)
        )
    paragraphs.append(returns_text(ctx, mine, eng).markdown.strip())
    return Prose("\n\n".join(paragraphs))


def returns_text(ctx: CouncilContext, mine: dict | None = None, eng: dict | None = None) -> Prose:
    """The stated rule that questions a return, and what it finds for this council."""
    if mine is None or eng is None:
        table = cin.for_context(ctx)
        rows, eng_rows = cin.area_rows(table, ctx.la_code), cin.area_rows(table)
        mine = {m.key: cin.series(rows, m) for m in cin.MEASURES}
        eng = {m.key: cin.series(eng_rows, m) for m in cin.MEASURES}
    name = esc(ctx.la_name)
    rule = (
        "**A question about the return.** A figure is flagged when it moves away from the council's figures of "
        "the years either side and straight back, and that move (the smaller of the two) is more than "
        f"{cin.SPIKE_OWN_MULTIPLE:.0f} times the council's median year-on-year move in its other years, more than "
        f"{cin.SPIKE_ENGLAND_MULTIPLE:.0f} times England's largest year-on-year move, and more than "
        f"{cin.SPIKE_RELATIVE:.0%} of the figures either side. Such a figure is more likely to come from how the "
        "return was compiled than from a change in practice that reversed within a year. The flag is a question "
        "for the council and the DfE; this chapter does not explain it, adjust it or leave it out."
    )
    jumps = [j for m in cin.MEASURES for j in cin.one_year_jumps(mine[m.key], eng[m.key], m)]
    if not jumps:
        return Prose(rule + f" No figure of {name}'s meets the rule.")
    found = []
    for j in jumps:
        m = cin.BY_KEY[j.measure]
        unit = "percentage points" if m.unit == "%" else "per 10,000"
        found.append(
            f"{m.short}: {_value(j.before, m.unit)} in {j.year - 1}, {_value(j.value, m.unit)} in {j.year}, "
            f"{_value(j.after, m.unit)} in {j.year + 1}; a move of {j.move:.1f} {unit} against a median move of "
            f"{j.typical:.1f} in {name}'s other years and at most {j.england_largest:.1f} for England."
        )
    return Prose(rule + f" For {name} it flags:\n\n" + "\n".join(f"- {f}" for f in found))
