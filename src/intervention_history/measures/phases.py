"""The phases of a council's story, from its declared eras, and the one rule that puts a figure in one.

Phases are derived from the eras in `council.json` (curated/eras.py), never typed in: they are the
consecutive spells over which the same eras of outside control are in force. Government intervention
is the union of the eras of kind `intervention` (overlapping ones counted once); each era of kind
`trust` says who ran the service. So for Doncaster the phases are: before the intervention; the
intervention while the council ran the service; the intervention under the independent trust; the
intervention under the council-owned trust; the council-owned trust after the directions were
lifted; back with the council. The phases that carry `intervention` = True together cover exactly
the intervention era, and each trust phase lies inside its trust era (tests/curated/test_eras_phases.py).

Each dataset states its reference day (the day its figure describes): children looked after and
children in need count at 31 March, a financial year's spending sits at its midpoint (1 October),
the workforce counts at 30 September. A figure belongs to the phase that holds its reference day:
start <= day < end. By that rule 2008-09 (midpoint 1 October 2008) is before the intervention, though
the December 2008 rating and the March 2009 intervention fall in it: chapters say so where it matters.
"""

from __future__ import annotations

import pandas as pd

BEFORE = "before the intervention"
INTERVENTION = "intervention"
COUNCIL_RUN = "council-run"
AFTER = "back with the council"
BETWEEN = "between interventions"
# The labels a council without trust eras gets; with trusts, intervention and trust phases are named
# after the eras in force ("intervention, independent trust", "council-owned trust, after the intervention").
PHASES = (BEFORE, INTERVENTION, AFTER)
PHASE_COLUMNS = ["phase", "start", "end", "kind", "intervention", "trust"]
CENSUS_31_MARCH = "31 March"
FINANCIAL_YEAR_MIDPOINT = "1 October, the middle of the financial year"
WORKFORCE_30_SEPTEMBER = "30 September"
REFERENCE_DAYS = (CENSUS_31_MARCH, FINANCIAL_YEAR_MIDPOINT, WORKFORCE_30_SEPTEMBER)


def intervention_spells(eras: pd.DataFrame) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The union of the eras of kind intervention, as merged (start, end) spells in date order."""
    rows = eras[eras["kind"] == "intervention"].sort_values("start")
    merged: list[list[pd.Timestamp]] = []
    for row in rows.itertuples():
        if merged and row.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], row.end)
        else:
            merged.append([row.start, row.end])
    return [(s, e) for s, e in merged]


def _trust_name(era: pd.Series) -> str:
    name = era.get("phase")
    return name if isinstance(name, str) and name else str(era["era"]).lower()


def phases(eras: pd.DataFrame) -> pd.DataFrame:
    """Consecutive phases implied by the eras (columns phase, start, end; open ends are NaT).

    Extra columns: kind ("intervention", "trust" or None, for shading), intervention (True while
    government intervention is in force) and trust (the trust era's label, or None). A council with
    no intervention era has no phases.
    """
    spells = intervention_spells(eras)
    if not spells:
        return pd.DataFrame(columns=PHASE_COLUMNS)
    trusts = eras[eras["kind"] == "trust"].sort_values("start")
    bounds = sorted({d for spell in spells for d in spell} | set(trusts["start"]) | set(trusts["end"]))
    rows = [(BEFORE, pd.NaT, bounds[0], None, False, None)]
    for start, end in zip(bounds[:-1], bounds[1:], strict=True):
        under = any(s <= start < e for s, e in spells)
        trust = trusts[(trusts["start"] <= start) & (start < trusts["end"])]
        era = trust.iloc[0] if len(trust) else None
        if under and era is not None:
            name, kind = f"{INTERVENTION}, {_trust_name(era)}", "trust"
        elif under:
            name, kind = (f"{INTERVENTION}, {COUNCIL_RUN}" if len(trusts) else INTERVENTION), "intervention"
        elif era is not None:
            name, kind = f"{_trust_name(era)}, after the intervention", "trust"
        else:
            name, kind = BETWEEN, None
        label = era["era"] if era is not None else None
        if rows and rows[-1][0] == name:
            rows[-1] = (name, rows[-1][1], end, kind, under, label)
        else:
            rows.append((name, start, end, kind, under, label))
    rows.append((AFTER, bounds[-1], pd.NaT, None, False, None))
    table = pd.DataFrame(rows, columns=PHASE_COLUMNS)
    table["start"] = pd.to_datetime(table["start"])
    table["end"] = pd.to_datetime(table["end"])
    return table


def reference_day(period: int | str, basis: str) -> pd.Timestamp:
    """The day a period's figure describes: year 2012 at 31 March is 31 March 2012; financial year
    `2015-16` at its midpoint is 1 October 2015; workforce year 2020 is 30 September 2020."""
    if basis == CENSUS_31_MARCH:
        return pd.Timestamp(int(period), 3, 31)
    if basis == FINANCIAL_YEAR_MIDPOINT:
        return pd.Timestamp(int(str(period)[:4]), 10, 1)
    if basis == WORKFORCE_30_SEPTEMBER:
        return pd.Timestamp(int(period), 9, 30)
    raise ValueError(f"unknown reference day {basis!r}; one of {REFERENCE_DAYS}")


def phase_of(period: int | str, basis: str, phase_table: pd.DataFrame) -> str | None:
    """The phase holding the period's reference day (start <= day < end); None outside every phase."""
    day = reference_day(period, basis)
    for row in phase_table.itertuples():
        if (pd.isna(row.start) or row.start <= day) and (pd.isna(row.end) or day < row.end):
            return row.phase
    return None
