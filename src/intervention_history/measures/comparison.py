"""Measures for comparing two or more councils side by side (story/comparison.py writes them up, charts/compare.py draws them).

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

from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..errors import ParameterError
from ..params import Params, check_council_text, parse_day
from .context import CouncilContext, load_context

DAYS_PER_YEAR = 365.25
CLA_RATE_YEARS = "2010 and 2019-2024"
VERDICT_BODY = "Ofsted"


# ------------------------------------------------------------------ parameters and loading


@dataclass(frozen=True)
class CompareParams:
    councils: tuple[str, ...]
    as_of: date
    prices: str = "real"
    window_start: date | None = None  # years are counted within the window (default: all, to as_of)
    window_end: date | None = None

    @classmethod
    def build(cls, councils, as_of, prices="real", today=None, window_start=None, window_end=None) -> CompareParams:
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
        # Params checks the dates and prices exactly as the report does.
        checked = Params.build(names[0], as_of_day, window_start, window_end, prices=prices, today=today)
        return cls(tuple(names), as_of_day, prices, checked.window_start, checked.window_end)


def load_contexts(params: CompareParams) -> list[CouncilContext]:
    """Each council's context (validates its data); the same council given twice is an error."""
    contexts = [
        load_context(Params.build(c, params.as_of, params.window_start, params.window_end, prices=params.prices))
        for c in params.councils
    ]
    codes = [ctx.la_code for ctx in contexts]
    for i, code in enumerate(codes):
        if code in codes[:i]:
            raise ParameterError(
                f"{params.councils[i]!r} is the same council as {params.councils[codes.index(code)]!r}"
            )
    return contexts


def names(contexts: list[CouncilContext]) -> list[str]:
    return [ctx.la_name for ctx in contexts]


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


def _clip(spells, ctx: CouncilContext) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Spells cut to the window (window_start, if any, to window_end or the as-of date)."""
    params = ctx.params
    first = pd.Timestamp(params.window_start) if params.window_start else None
    last = pd.Timestamp(params.window_end or params.as_of)
    cut = [(max(s, first) if first is not None else s, min(e, last)) for s, e in spells]
    return _union([s for s in cut if s[1] > s[0]])


def intervention_spells(ctx: CouncilContext) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Merged spells of government intervention (eras of kind intervention), cut at the as-of date
    (and to the window when one is given)."""
    eras = ctx.eras
    eras = eras[eras["kind"] == "intervention"]
    return _clip([(pd.Timestamp(r.start), pd.Timestamp(r.end)) for r in eras.itertuples()], ctx)


def verdicts(ctx: CouncilContext) -> pd.DataFrame:
    """Ofsted's own verdicts on the council's children's services up to the as-of date, oldest first
    (measures/inspections.py): every council has them, curated or not; ratings and other
    inspectorates' verdicts are never among them. One row per inspection day (its worst grade)."""
    counted = ctx.verdicts[ctx.verdicts["counted"] & ctx.verdicts["grade"].notna()]
    days = counted.sort_values("grade").groupby("date", as_index=False).last().sort_values("date")
    return pd.DataFrame(
        {
            "judgement_id": [f"ofsted-{d:%Y-%m-%d}" for d in days["date"]],
            "date_earliest": days["date"],
            "date_latest": days["date"],
            "date_label": days["date_label"],
            "framework": days["framework"],
            "judgement": days["judgement"],
            "grade": days["grade"],
        }
    ).reset_index(drop=True)


def lowest_band_spells(ctx: CouncilContext) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Spells in the lowest band by the rule of measures/inspections.py (SPELL_RULE)."""
    from .inspections import spells

    mine = spells(ctx.params.as_of)
    mine = mine[mine["la_code"] == ctx.la_code]
    return _clip(list(zip(mine["start"], mine["end"], strict=True)), ctx)


def _spell_text(spells) -> str:
    return "; ".join(f"{s:%b %Y} to {e:%b %Y}" for s, e in spells)


def years_table(contexts: list[CouncilContext]) -> pd.DataFrame:
    """Per council: years under government intervention (curated eras) and years in the lowest band
    (Ofsted's statistics, every council), with the spells."""
    rows = []
    for ctx in contexts:
        timeline = ctx.has_timeline
        intervention = intervention_spells(ctx) if timeline else []
        lowest = lowest_band_spells(ctx)  # Ofsted's statistics: every council
        graded = verdicts(ctx)
        rows.append(
            {
                "council": ctx.la_name,
                "la_code": ctx.la_code,
                "curated_timeline": timeline,
                "declares_eras": timeline and bool(ctx.dataset.council.get("eras")),
                "graded_verdicts": int(graded["grade"].notna().sum()),
                "intervention_years": round(_years(intervention), 1) if timeline else None,
                "intervention_spells": _spell_text(intervention),
                "lowest_band_years": round(_years(lowest), 1) if len(graded) else None,
                "lowest_band_spells": _spell_text(lowest),
                "inadequate_verdicts": int((graded["grade"] == 4).sum()) if len(graded) else None,
                "ofsted_verdicts": len(graded) if len(graded) else None,
            }
        )
    out = pd.DataFrame(rows)
    return out.astype({"inadequate_verdicts": "Int64", "ofsted_verdicts": "Int64"})


# ------------------------------------------------------------------ official data: children looked after, spending per child


def cla_rates(contexts: list[CouncilContext]) -> pd.DataFrame:
    """Children looked after per 10,000 children, where published, for each council and England.

    Columns: area, year, rate_per_10000, children_looked_after. Years without a rate have no row.
    """
    from ..measures import children as cla

    table = contexts[0].children_looked_after
    parts = [cla.council(table, ctx.la_code).assign(area=ctx.la_name) for ctx in contexts]
    parts.append(cla.england(table).assign(area="England"))
    out = pd.concat(parts, ignore_index=True)
    out = out[out["rate_per_10000"].notna() & (out["year"] <= contexts[0].params.as_of.year)]
    return out[["area", "year", "rate_per_10000", "children_looked_after", "rate_source"]].reset_index(drop=True)


def per_child_spending(contexts: list[CouncilContext]) -> pd.DataFrame:
    """Net current spending per child aged 0-17 (DfE, 2015-16 on), for each council that has it and England.

    Columns: area, financial_year, cash, real. A council without the time series has no rows.
    """
    from .per_child import per_child

    series = contexts[0].s251_timeseries
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
