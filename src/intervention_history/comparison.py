"""Measures for comparing two or more councils side by side (compare.py runs them, charts/compare.py draws them).

Everything here is computed from the data: the curated timelines where a council has one (eras in
council.json, judgements.csv) and the official tables every council has (children looked after,
section 251 spending per child). Prose and charts both read these tables, so they never disagree.

- *Years under government intervention*: the union of the council's eras of kind `intervention`
  (overlapping eras counted once), cut at the as-of date.
- *Years in the lowest band*: from each Ofsted verdict graded 4 (inadequate on the harmonised scale)
  until the next graded Ofsted verdict (an ungraded visit does not replace a grade), or until the
  as-of date when none followed; consecutive grade-4 verdicts make one spell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .context import CouncilContext, load_context
from .errors import ParameterError
from .params import Params, check_council_text, parse_day

DAYS_PER_YEAR = 365.25
CLA_RATE_YEARS = "2010 and 2019-2024"
VERDICT_BODY = "Ofsted"


# ------------------------------------------------------------------ parameters and loading


@dataclass(frozen=True)
class CompareParams:
    councils: tuple[str, ...]
    as_of: date
    prices: str = "real"

    @classmethod
    def build(cls, councils, as_of, prices="real", today=None) -> CompareParams:
        if isinstance(councils, str):
            councils = [councils]
        names = [check_council_text(c) for c in (councils or [])]
        if len(names) < 2:
            raise ParameterError(
                f"compare needs at least two councils, not {len(names)} ({', '.join(names) or 'none'})"
            )
        lowered = [n.lower() for n in names]
        repeated = sorted({n for n in names if lowered.count(n.lower()) > 1})
        if repeated:
            raise ParameterError(f"council named more than once: {', '.join(repeated)}")
        as_of_day = parse_day(as_of, "as_of")
        # Params checks the date and prices exactly as the report does.
        Params.build(names[0], as_of_day, prices=prices, today=today)
        return cls(tuple(names), as_of_day, prices)


def load_contexts(params: CompareParams) -> list[CouncilContext]:
    """Each council's context (validates its data); the same council given twice is an error."""
    contexts = [load_context(Params.build(c, params.as_of, prices=params.prices)) for c in params.councils]
    codes = [ctx.la_code for ctx in contexts]
    for i, code in enumerate(codes):
        if code in codes[:i]:
            raise ParameterError(
                f"{params.councils[i]!r} is the same council as {params.councils[codes.index(code)]!r}"
            )
    return contexts


def setup(councils, as_of: str, prices: str = "real") -> list[CouncilContext]:
    """What the comparison notebook calls first: check the parameters and load every council."""
    pd.set_option("display.max_colwidth", 80)
    return load_contexts(CompareParams.build(councils, as_of, prices))


def names(contexts: list[CouncilContext]) -> list[str]:
    return [ctx.la_name for ctx in contexts]


def joined(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ------------------------------------------------------------------ spells: intervention and lowest band


def _union(spells: list[tuple[pd.Timestamp, pd.Timestamp]]) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    merged: list[list[pd.Timestamp]] = []
    for start, end in sorted(spells):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _years(spells) -> float:
    return sum((end - start).days for start, end in spells) / DAYS_PER_YEAR


def intervention_spells(ctx: CouncilContext) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Merged spells of government intervention (eras of kind intervention), cut at the as-of date."""
    as_of = pd.Timestamp(ctx.params.as_of)
    eras = ctx.eras
    eras = eras[eras["kind"] == "intervention"]
    spells = [(pd.Timestamp(r.start), min(pd.Timestamp(r.end), as_of)) for r in eras.itertuples() if r.start <= as_of]
    return _union([s for s in spells if s[1] > s[0]])


def verdicts(ctx: CouncilContext) -> pd.DataFrame:
    """Ofsted verdicts known by the as-of date (earliest date on or before it), oldest first."""
    table = ctx.table("judgements")
    if table is None:
        return pd.DataFrame(
            columns=["judgement_id", "date_earliest", "date_latest", "date_label", "judgement", "grade"]
        )
    shown = table[(table["body"] == VERDICT_BODY) & (table["date_earliest"] <= pd.Timestamp(ctx.params.as_of))]
    return shown.sort_values(["date_earliest", "judgement_id"]).reset_index(drop=True)


def lowest_band_spells(ctx: CouncilContext) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Spells rated inadequate (grade 4): each grade-4 verdict until the next graded verdict or the as-of date."""
    graded = verdicts(ctx)
    graded = graded[graded["grade"].notna()].reset_index(drop=True)
    as_of = pd.Timestamp(ctx.params.as_of)
    spells = []
    for i, row in graded.iterrows():
        if int(row["grade"]) != 4:
            continue
        end = graded["date_earliest"].iloc[i + 1] if i + 1 < len(graded) else as_of
        spells.append((row["date_earliest"], min(end, as_of)))
    return _union([s for s in spells if s[1] > s[0]])


def _spell_text(spells) -> str:
    return "; ".join(f"{s:%b %Y} to {e:%b %Y}" for s, e in spells)


def years_table(contexts: list[CouncilContext]) -> pd.DataFrame:
    """Per council: years under government intervention and years in the lowest band, with the spells."""
    rows = []
    for ctx in contexts:
        timeline = ctx.has_timeline
        intervention = intervention_spells(ctx) if timeline else []
        lowest = lowest_band_spells(ctx) if timeline else []
        graded = verdicts(ctx)
        rows.append(
            {
                "council": ctx.la_name,
                "la_code": ctx.la_code,
                "curated_timeline": timeline,
                "intervention_years": round(_years(intervention), 1) if timeline else None,
                "intervention_spells": _spell_text(intervention),
                "lowest_band_years": round(_years(lowest), 1) if timeline else None,
                "lowest_band_spells": _spell_text(lowest),
                "inadequate_verdicts": int((graded["grade"] == 4).sum()) if timeline else None,
                "ofsted_verdicts": len(graded) if timeline else None,
            }
        )
    out = pd.DataFrame(rows)
    return out.astype({"inadequate_verdicts": "Int64", "ofsted_verdicts": "Int64"})


# ------------------------------------------------------------------ official data: children looked after, spending per child


def cla_rates(contexts: list[CouncilContext]) -> pd.DataFrame:
    """Children looked after per 10,000 children, where published, for each council and England.

    Columns: area, year, rate_per_10000, children_looked_after. Years without a rate have no row.
    """
    from . import children_in_care as cla

    table = contexts[0].cla_table
    parts = [cla.council(table, ctx.la_code).assign(area=ctx.la_name) for ctx in contexts]
    parts.append(cla.england(table).assign(area="England"))
    out = pd.concat(parts, ignore_index=True)
    out = out[out["rate_per_10000"].notna() & (out["year"] <= contexts[0].params.as_of.year)]
    return out[["area", "year", "rate_per_10000", "children_looked_after", "rate_source"]].reset_index(drop=True)


def per_child_spending(contexts: list[CouncilContext]) -> pd.DataFrame:
    """Net current spending per child aged 0-17 (DfE, 2015-16 on), for each council that has it and England.

    Columns: area, financial_year, cash, real. A council without the time series has no rows.
    """
    from .spending import per_child

    series = contexts[0].timeseries_table
    parts = [per_child(series, ctx.la_code).assign(area=ctx.la_name) for ctx in contexts]
    parts.append(per_child(series, "England").assign(area="England"))
    out = pd.concat(parts, ignore_index=True)
    return out[["area", "financial_year", "cash", "real"]].dropna(subset=["cash"]).reset_index(drop=True)


def missing_official(contexts: list[CouncilContext]) -> dict[str, list[str]]:
    """Which councils lack which official series: {"children looked after": [...], "spending per child": [...]}."""
    rates, money = cla_rates(contexts), per_child_spending(contexts)
    return {
        "children looked after": [c for c in names(contexts) if c not in set(rates["area"])],
        "spending per child": [c for c in names(contexts) if c not in set(money["area"])],
    }


# ------------------------------------------------------------------ findings (computed, never typed)


def _fmt_years(value: float) -> str:
    return f"{value:.1f} year{'' if value == 1 else 's'}"


def findings(contexts: list[CouncilContext]) -> list[str]:
    """Short sentences computed from the comparison, in a fixed order."""
    out = []
    as_of = contexts[0].params.as_of
    prices = contexts[0].params.prices
    years = years_table(contexts)
    curated = years[years["curated_timeline"]]
    if len(curated):
        longest = curated.sort_values(["intervention_years", "council"], ascending=[False, True]).iloc[0]
        others = "; ".join(
            f"{r.council} {_fmt_years(r.intervention_years)}"
            for r in curated.itertuples()
            if r.council != longest.council
        )
        out.append(
            f"{longest.council} spent longest under government intervention: {_fmt_years(longest.intervention_years)}"
            f" ({longest.intervention_spells})" + (f"; {others}." if others else ".")
        )
        worst = curated.sort_values(["lowest_band_years", "council"], ascending=[False, True]).iloc[0]
        others = "; ".join(
            f"{r.council} {_fmt_years(r.lowest_band_years)} ({r.inadequate_verdicts} in the lowest band)"
            for r in curated.itertuples()
            if r.council != worst.council
        )
        out.append(
            f"{worst.council} spent longest rated inadequate by Ofsted: {_fmt_years(worst.lowest_band_years)}, with"
            f" {worst.inadequate_verdicts} verdicts in the lowest band" + (f"; {others}." if others else ".")
        )
        latest = []
        for ctx in contexts:
            graded = verdicts(ctx)
            graded = graded[graded["grade"].notna()]
            if ctx.has_timeline and len(graded):
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


def write_findings(contexts: list[CouncilContext], output_dir: str | None) -> None:
    """Save the findings beside the figures when the runner asks (output_dir/findings.json)."""
    if output_dir:
        path = Path(output_dir) / "findings.json"
        path.write_text(json.dumps(findings(contexts), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ prose for the notebook


def intro_text(contexts: list[CouncilContext]) -> str:
    as_of = contexts[0].params.as_of
    curated = [c.la_name for c in contexts if c.has_timeline]
    bare = [c.la_name for c in contexts if not c.has_timeline]
    text = f"{joined(names(contexts))} compared, with data as of {as_of:%d %B %Y}."
    if curated:
        text += f" Curated timelines (eras and Ofsted verdicts): {joined(curated)}."
    if bare:
        one = len(bare) == 1
        text += (
            f" {joined(bare)} {'has' if one else 'have'} no curated timeline (no folder under data/curated/),"
            f" so {'it is' if one else 'they are'} compared on the official data alone: children looked after"
            " and, where published, spending per child."
        )
    return text


def years_text(contexts: list[CouncilContext]) -> str:
    table = years_table(contexts)
    lines = [
        "Years under government intervention count every era of kind `intervention` in the council's"
        " `council.json`, overlapping eras once. Years in the lowest band run from each Ofsted verdict graded"
        " inadequate to the next graded Ofsted verdict (or the as-of date).",
        "",
    ]
    for row in table.itertuples():
        if not row.curated_timeline:
            lines.append(f"- **{row.council}**: no curated timeline, so no eras or verdicts to count.")
            continue
        lines.append(
            f"- **{row.council}**: {_fmt_years(row.intervention_years)} under intervention"
            f" ({row.intervention_spells or 'none declared'}); {_fmt_years(row.lowest_band_years)} in the lowest band"
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
