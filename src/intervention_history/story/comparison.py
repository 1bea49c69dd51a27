"""The comparison's prose and findings, written from the comparison measures."""

from __future__ import annotations

import pandas as pd

from ..measures.comparison import (
    CLA_RATE_YEARS,
    cla_rates,
    missing_official,
    names,
    per_child_spending,
    verdicts,
    years_table,
)
from ..measures.context import CouncilContext
from ..measures.inspections import SPELL_RULE
from ..text import joined


def _fmt_years(value: float) -> str:
    return f"{value:.1f} year{'' if value == 1 else 's'}"


def _superlative(rows, lacking: list[str], column: str, longest, other, only, nothing: str) -> str | None:
    """A superlative only among the councils that have the measure (rows); with one, its figure alone."""
    if len(rows) >= 2:
        top = rows.sort_values([column, "council"], ascending=[False, True]).iloc[0]
        others = "; ".join(other(r) for r in rows.itertuples() if r.council != top.council)
        return longest(top, others, lacking)
    if len(rows) == 1:
        return only(rows.iloc[0]) + f"; {joined(lacking)} {'has' if len(lacking) == 1 else 'have'} {nothing}."
    return None


def findings(contexts: list[CouncilContext]) -> list[str]:
    """Short sentences computed from the comparison, in a fixed order."""
    out = []
    as_of = contexts[0].params.as_of
    prices = contexts[0].params.prices
    years = years_table(contexts)
    with_eras = years[years["declares_eras"]]
    sentence = _superlative(
        with_eras,
        [r.council for r in years.itertuples() if not r.declares_eras],
        "intervention_years",
        lambda top, others, lacking: (
            ("Of the councils with curated eras, " if lacking else "")
            + f"{top.council} spent longest under government intervention:"
            f" {_fmt_years(top.intervention_years)} ({top.intervention_spells or 'none'}); {others}."
        ),
        lambda r: f"{r.council} {_fmt_years(r.intervention_years)}",
        lambda only: (
            f"{only.council} spent {_fmt_years(only.intervention_years)} under government intervention"
            + (f" ({only.intervention_spells})" if only.intervention_spells else "")
        ),
        "no curated eras to compare with",
    )
    graded = years[years["graded_verdicts"] > 0]
    sentence_2 = _superlative(
        graded,
        [r.council for r in years.itertuples() if r.council not in set(graded["council"])],
        "lowest_band_years",
        lambda top, others, lacking: (
            ("Of the councils Ofsted has graded, " if lacking else "")
            + f"{top.council} spent longest rated inadequate by Ofsted: {_fmt_years(top.lowest_band_years)}, with"
            f" {top.inadequate_verdicts} verdicts in the lowest band; {others}."
        ),
        lambda r: f"{r.council} {_fmt_years(r.lowest_band_years)} ({r.inadequate_verdicts} in the lowest band)",
        lambda only: (
            f"{only.council} spent {_fmt_years(only.lowest_band_years)} rated inadequate by Ofsted, with"
            f" {only.inadequate_verdicts} verdicts in the lowest band"
        ),
        "no graded Ofsted verdict to compare with",
    )
    out += [s for s in (sentence, sentence_2) if s]
    latest = []
    for ctx in contexts:
        graded = verdicts(ctx)
        graded = graded[graded["grade"].notna()]
        if len(graded):
            last = graded.iloc[-1]
            latest.append(f"{ctx.la_name} '{last.judgement}' ({last.date_label})")
    if latest:
        out.append(f"Latest graded Ofsted verdicts by {as_of:%d %B %Y}: {joined(latest)}.")
    rates = cla_rates(contexts)
    if len(rates):
        last_year = int(rates["year"].max())
        now = rates[rates["year"] == last_year].set_index("area")["rate_per_10000"]
        parts = [f"{a} {now[a]:.0f}" for a in names(contexts) if a in now.index]
        england = f"; England {now['England']:.0f}" if "England" in now.index else ""
        out.append(f"Children looked after per 10,000 children in {last_year}: {', '.join(parts)}{england}.")
        first_year = int(rates["year"].min())
        then = rates[rates["year"] == first_year].set_index("area")["rate_per_10000"]
        changes = [f"{a} {then[a]:.0f} to {now[a]:.0f}" for a in names(contexts) if a in then.index and a in now.index]
        if changes and first_year != last_year:
            out.append(
                f"From {first_year} to {last_year} the rate went: {', '.join(changes)}"
                + (
                    f"; England {then['England']:.0f} to {now['England']:.0f}"
                    if "England" in then.index and "England" in now.index
                    else ""
                )
                + "."
            )
    money = per_child_spending(contexts)
    if len(money):
        column = "real" if prices == "real" else "cash"
        last = money["financial_year"].max()
        now = money[money["financial_year"] == last].set_index("area")[column]
        first = money["financial_year"].min()
        then = money[money["financial_year"] == first].set_index("area")[column]
        parts = []
        for area in [*names(contexts), "England"]:
            if area in now.index and area in then.index:
                parts.append(f"{area} £{now[area]:,.0f} ({(now[area] / then[area] - 1) * 100:+.0f}% since {first})")
        if parts:
            label = "in 2023-24 prices" if prices == "real" else "in cash"
            out.append(f"Net spending per child in {last}, {label}: {'; '.join(parts)}.")
    missing = missing_official(contexts)
    for series, lacking in missing.items():
        if lacking:
            out.append(f"No published {series} figures for {joined(lacking)}.")
    no_timeline = [ctx.la_name for ctx in contexts if not ctx.has_timeline]
    if no_timeline:
        out.append(
            f"{joined(no_timeline)} {'has' if len(no_timeline) == 1 else 'have'} no curated timeline: compared on the official data alone."
        )
    return out


def findings_markdown(contexts: list[CouncilContext]) -> str:
    return "\n".join(f"- {line}" for line in findings(contexts))


def intro_text(contexts: list[CouncilContext]) -> str:
    as_of = contexts[0].params.as_of
    curated = [c.la_name for c in contexts if c.has_timeline]
    bare = [c.la_name for c in contexts if not c.has_timeline]
    text = f"{joined(names(contexts))} compared, with data as of {as_of:%d %B %Y}."
    if curated:
        text += f" Curated timelines (eras of intervention): {joined(curated)}."
    if bare:
        one = len(bare) == 1
        text += (
            f" {joined(bare)} {'has' if one else 'have'} no curated timeline (no folder under data/curated/),"
            f" so {'it is' if one else 'they are'} compared on the official data alone: Ofsted's verdicts, children"
            " looked after and, where published, spending per child."
        )
    return text


def years_text(contexts: list[CouncilContext]) -> str:
    table = years_table(contexts)
    lines = [
        "Years under government intervention count every era of kind `intervention` in the council's"
        " `council.json`, overlapping eras once. Years in the lowest band come from Ofsted's statistics for every"
        f" council: {SPELL_RULE} (or the as-of date).",
        "",
    ]
    for row in table.itertuples():
        eras = (
            f"{_fmt_years(row.intervention_years)} under intervention ({row.intervention_spells or 'none declared'})"
            if row.curated_timeline
            else "no curated eras"
        )
        lines.append(
            f"- **{row.council}**: {eras}; {_fmt_years(row.lowest_band_years)} in the lowest band"
            f" ({row.lowest_band_spells or 'never rated inadequate'})."
        )
    return "\n".join(lines)


def official_text(contexts: list[CouncilContext]) -> str:
    missing = missing_official(contexts)
    rates, money = cla_rates(contexts), per_child_spending(contexts)
    lines = [
        f"The DfE publishes a rate of children looked after per 10,000 children for {CLA_RATE_YEARS}"
        " (2011-2017 have counts only, 2018 is missing), and net current spending per child aged 0-17 from 2015-16"
        " (section 251 time series)."
    ]
    if len(rates):
        years = sorted(rates["year"].unique())
        lines.append(f" Rates shown: {', '.join(str(y) for y in years)}.")
    if len(money):
        lines.append(f" Spending per child shown: {money['financial_year'].min()} to {money['financial_year'].max()}.")
    for series, lacking in missing.items():
        if lacking:
            lines.append(f" **No {series} figures for {joined(lacking)}.**")
    return "".join(lines)


def years_display(contexts: list[CouncilContext]) -> pd.DataFrame:
    """The years table with readable headings, for the notebook and the report."""
    table = years_table(contexts)
    out = pd.DataFrame(
        {
            "Council": table["council"],
            "Years under intervention": table["intervention_years"],
            "Intervention spells": table["intervention_spells"],
            "Years in the lowest band": table["lowest_band_years"],
            "Lowest-band spells": table["lowest_band_spells"],
            "Lowest-band verdicts": table["inadequate_verdicts"],
        }
    )
    out.loc[~table["curated_timeline"], "Intervention spells"] = "no curated timeline"
    out = out.astype(object)
    return out.where(out.notna(), "").astype(str)
