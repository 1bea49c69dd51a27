"""Chapter 5: children in care."""

from __future__ import annotations

import pandas as pd

from ..measures import children as cla
from ..measures.context import CouncilContext
from ..measures.phases import CENSUS_31_MARCH, phase_of
from ..text import md_esc as esc
from .prose import Prose


def _count_change(pct: float) -> str:
    return "unchanged" if round(pct) == 0 else f"{'up' if pct > 0 else 'down'} {abs(pct):.0f}%"


def _years_text(years: list[int]) -> str:
    if not years:
        return ""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]} to {years[-1]}"
    return ", ".join(map(str, years[:-1])) + (" and " if len(years) > 1 else "") + str(years[-1])


def children_in_care_text(ctx: CouncilContext) -> Prose:
    table = ctx.children_looked_after
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
            skipped = [y for y in cla.MISSING_YEARS if phase_of(y, CENSUS_31_MARCH, ctx.phases) == row.phase]
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
