"""The children's social work workforce at 30 September, 2017 to 2025: four measures, the council
against its statistical neighbours and England, by phase of its story, with its directors beside it.

Rules:
- The measures (``MEASURES``) are the DfE's full-time-equivalent (FTE) figures as published in
  data/processed/workforce.csv (official/workforce.py): agency rate, turnover rate, vacancy rate (per
  cent) and caseload (cases per case-holding social worker). For all four a higher value means a
  less stable workforce.
- Benchmarks come from the one benchmarking step (benchmarks.benchmark): neighbours' median council
  and range, region, England, rank (1 = highest, geography.RANK_RULE).
- Statuses (``STATUS_RULE``): a value published with `u` (low reliability) or `low` (too small to
  publish) is kept and flagged (drawn hollow); `x`, `c` and `z` have no value, are never zero, and
  are said to be absent. In the 2017-2025 file every `u` and `low` cell is the symbol alone, so
  those years are absent too, with their reason.
- Joint returns (Kingston/Richmond, North/West Northamptonshire): both councils carry the pair's
  rates, so each is benchmarked and ranked with the same value.
- Years: the workforce year is the 30 September counted (phases.WORKFORCE_30_SEPTEMBER); years after
  the as-of year are left out. A phase's mean is the mean of the years whose 30 September falls in
  it (phases.phase_of), over the years with a value.
- Directors: those in post on each 30 September (leadership.tenure_table: start <= day <= end as
  drawn); a day after the as-of date is read at the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..official.workforce import YEARS
from . import benchmarks
from .leadership import DCS, tenure_table
from .phases import WORKFORCE_30_SEPTEMBER, phase_of, reference_day


@dataclass(frozen=True)
class Measure:
    column: str
    label: str  # panel title
    unit: str  # axis and prose
    higher: str  # what a higher value means
    percent: bool  # a percentage (else a number of cases)


MEASURES = {
    m.column: m
    for m in (
        Measure(
            "agency_rate",
            "Agency social workers",
            "% of FTE social workers",
            "more of the work done by temporary agency staff",
            True,
        ),
        Measure("turnover_rate", "Turnover", "% of FTE social workers who left", "more social workers leaving", True),
        Measure("vacancy_rate", "Vacancies", "% of FTE posts vacant", "more posts unfilled", True),
        Measure(
            "caseload",
            "Caseload",
            "cases per FTE case-holding social worker",
            "more children per social worker",
            False,
        ),
    )
}
FLAGGED = ("u", "low")  # kept when published with a value, and flagged
ABSENT = ("x", "c", "z")  # never a value
STATUS_MEANING = {
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "low": "too small to publish",
    "c": "suppressed to protect confidentiality",
}
STATUS_RULE = (
    "a figure flagged u (low reliability) or low (too small to publish) is kept and drawn hollow; "
    "x (not available), c (suppressed) and z (not applicable) have no figure and are left as gaps, never zero"
)
JUST = 0.05  # within 5% of the other figure: "just above" / "just below"


def round1(value: float) -> float:
    """One decimal place, halves up (a median of 10.85 is 10.9), as every figure here is written."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def fmt(measure: str, value) -> str:
    """12.8% for a rate, 15.1 for a caseload; "no figure" when missing."""
    if value is None or pd.isna(value):
        return "no figure"
    return f"{round1(value):.1f}%" if MEASURES[measure].percent else f"{round1(value):.1f}"


def fmt_change(measure: str, change: float) -> str:
    """up 3.1 points / down 0.4 cases; "unchanged"."""
    change = round1(change)
    if change == 0:
        return "unchanged"
    unit = ("point" if abs(change) == 1 else "points") if MEASURES[measure].percent else "cases"
    return f"{'up' if change > 0 else 'down'} {abs(change):.1f} {unit}"


def compare(value: float, other) -> str | None:
    """ "above", "just below", "level with"... (figures to one decimal, JUST); None without other."""
    if other is None or pd.isna(other) or value is None or pd.isna(value):
        return None
    diff = round1(value) - round1(other)
    if round1(diff) == 0:
        return "level with"
    side = "above" if diff > 0 else "below"
    return f"just {side}" if abs(diff) <= JUST * abs(other) else side


def years_for(as_of) -> list[int]:
    """The workforce years shown: 2017 to the as-of year."""
    last = pd.Timestamp(as_of).year
    return [y for y in YEARS if y <= last]


def flag(status: str, value) -> str:
    """ "" a plain figure; "flagged" a kept u/low figure; "absent" no figure."""
    if value is None or pd.isna(value):
        return "absent"
    return "flagged" if status in FLAGGED else ""


def council_benchmarks(
    table: pd.DataFrame, la_code: int, as_of=None, neighbours: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per measure and year (columns measure, label, unit, year, benchmarks.COLUMNS, flag)."""
    if neighbours is None:
        from ..official import registry

        neighbours = registry.load("statistical_neighbours")
    if as_of is not None:
        table = table[table["year"].isin(years_for(as_of))]
    parts = []
    for m in MEASURES.values():
        bench = benchmarks.benchmark(table, m.column, la_code, neighbours=neighbours)
        bench.insert(0, "unit", m.unit)
        bench.insert(0, "label", m.label)
        bench.insert(0, "measure", m.column)
        bench["flag"] = [
            flag(s, v) if inside else "absent"
            for s, v, inside in bench[["status", "value", "in_table"]].itertuples(index=False)
        ]
        parts.append(bench)
    return pd.concat(parts, ignore_index=True)


def for_context(ctx) -> pd.DataFrame:
    """council_benchmarks for a chapter's council context."""
    return council_benchmarks(
        ctx.official("workforce"), ctx.la_code, ctx.params.as_of, neighbours=ctx.official("statistical_neighbours")
    )


def headline(bench: pd.DataFrame, measure: str) -> dict | None:
    """The measure's latest year with a figure against its benchmarks, and its change since its first.

    Keys: measure, year, value, status, neighbours_median_council, neighbours_min, neighbours_max,
    neighbours_with_value, england, median_council, rank, rank_ties, councils_ranked, region,
    region_median_council, against_neighbours, against_england ("above", "just below", ...; None),
    first_year, first_value, change. None when the council has no figure for it.
    """
    rows = bench[(bench["measure"] == measure) & bench["value"].notna()].sort_values("year")
    if rows.empty:
        return None
    first, last = rows.iloc[0], rows.iloc[-1]

    def num(v):
        return None if pd.isna(v) else float(v)

    return {
        "measure": measure,
        "year": int(last["year"]),
        "value": float(last["value"]),
        "status": last["status"],
        "neighbours_median_council": num(last["neighbours_median_council"]),
        "neighbours_min": num(last["neighbours_min"]),
        "neighbours_max": num(last["neighbours_max"]),
        "neighbours_with_value": int(last["neighbours_with_value"]),
        "england": num(last["england_value"]),
        "median_council": num(last["median_council"]),
        "rank": None if pd.isna(last["rank"]) else int(last["rank"]),
        "rank_ties": None if pd.isna(last["rank_ties"]) else int(last["rank_ties"]),
        "councils_ranked": int(last["councils_ranked"]),
        "region": last["region"],
        "region_median_council": num(last["region_median_council"]),
        "against_neighbours": compare(last["value"], last["neighbours_median_council"]),
        "against_england": compare(last["value"], last["england_value"]),
        "first_year": int(first["year"]),
        "first_value": float(first["value"]),
        "change": float(last["value"] - first["value"]),
    }


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_phrase(head: dict) -> str:
    """ "ranked 75th of 148 councils (1 = highest)", "joint 74th" in a tie; "not ranked" without a rank."""
    if head["rank"] is None:
        return "not ranked"
    joint = "joint " if (head["rank_ties"] or 1) > 1 else ""
    return f"ranked {joint}{ordinal(head['rank'])} of {head['councils_ranked']} councils (1 = highest)"


def lead_measure(bench: pd.DataFrame) -> str | None:
    """The measure the chapter's finding is about: of those with a figure in the latest year any has
    one, the first of MEASURES (the agency rate, unless it is missing)."""
    heads = {m: headline(bench, m) for m in MEASURES}
    years = [h["year"] for h in heads.values() if h is not None]
    return next((m for m, h in heads.items() if h is not None and h["year"] == max(years)), None)


def status_notes(bench: pd.DataFrame) -> pd.DataFrame:
    """Every year a measure is flagged or absent, and why (columns measure, year, status, flag, reason)."""
    held = bench.loc[bench["in_table"], "year"]
    first = int(held.min()) if len(held) else None
    out = []
    for r in bench[bench["flag"] != ""].itertuples():
        if r.in_table:
            reason = STATUS_MEANING.get(r.status, "no figure")
        elif first is not None and r.year < first:
            reason = f"no return: the council's first is for {first}"
        else:
            reason = "no return"
        out.append({"measure": r.measure, "year": int(r.year), "status": r.status, "flag": r.flag, "reason": reason})
    return pd.DataFrame(out, columns=["measure", "year", "status", "flag", "reason"])


def joint_return(rows: pd.DataFrame) -> tuple[str, list[int]] | None:
    """The joint return the council's rows carry ("Kingston upon Thames and Richmond upon Thames",
    its years), or None."""
    joint = rows[rows["joint_return"].fillna("") != ""]
    if joint.empty:
        return None
    names = str(joint["joint_return"].iloc[0]).split(" / ")
    return " and ".join(names), sorted(int(y) for y in joint["year"])


PHASE_COLUMNS = ["phase", "start", "end", "years", "measure", "years_with_value", "mean", "england_mean"]


def phase_means(bench: pd.DataFrame, phase_table: pd.DataFrame) -> pd.DataFrame:
    """For each phase holding a workforce year and each measure: the mean of the council's figures
    over those years, and England's over the same years (NaN without a figure)."""
    years = sorted(int(y) for y in bench["year"].unique())
    placed = {y: phase_of(y, WORKFORCE_30_SEPTEMBER, phase_table) for y in years}
    out = []
    for row in phase_table.itertuples():
        inside = [y for y in years if placed[y] == row.phase]
        if not inside:
            continue
        for measure in MEASURES:
            rows = bench[(bench["measure"] == measure) & bench["year"].isin(inside)]
            held = rows[rows["value"].notna()]
            out.append(
                {
                    "phase": row.phase,
                    "start": row.start,
                    "end": row.end,
                    "years": tuple(inside),
                    "measure": measure,
                    "years_with_value": tuple(int(y) for y in held["year"]),
                    "mean": float(held["value"].mean()) if len(held) else float("nan"),
                    "england_mean": float(held["england_value"].mean()) if len(held) else float("nan"),
                }
            )
    return pd.DataFrame(out, columns=PHASE_COLUMNS)


def directors_in_post(roles: pd.DataFrame | None, as_of, years, role: str = DCS) -> pd.DataFrame:
    """Who held the role on each year's 30 September (columns year, people, interim): empty tuples
    where our sources name nobody. A day after the as-of date is read at the as-of date."""
    as_of = pd.Timestamp(as_of)
    if roles is None or roles.empty:
        return pd.DataFrame(columns=["year", "people", "interim"])
    tenures = tenure_table(roles, as_of)
    tenures = tenures[tenures["role"] == role].sort_values("start_x")
    out = []
    for year in years:
        day = min(reference_day(year, WORKFORCE_30_SEPTEMBER), as_of)
        held = tenures[(tenures["start_x"] <= day) & (day <= tenures["end_x"])]
        out.append(
            {
                "year": int(year),
                "people": tuple(held["person"]),
                "interim": tuple(bool(i) for i in held["interim"]),
            }
        )
    return pd.DataFrame(out, columns=["year", "people", "interim"])
