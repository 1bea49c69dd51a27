"""The phases of a council's story, from its declared eras, and the one rule that puts a figure in one.

Each dataset states its reference day (the day its figure describes): children looked after and
children in need count at 31 March, a financial year's spending sits at its midpoint (1 October),
the workforce counts at 30 September. A figure belongs to the phase that holds its reference day:
start <= day < end.
"""

from __future__ import annotations

import pandas as pd

PHASES = ("before the intervention", "intervention", "trust", "back with the council")
CENSUS_31_MARCH = "31 March"
FINANCIAL_YEAR_MIDPOINT = "1 October, the middle of the financial year"
WORKFORCE_30_SEPTEMBER = "30 September"
REFERENCE_DAYS = (CENSUS_31_MARCH, FINANCIAL_YEAR_MIDPOINT, WORKFORCE_30_SEPTEMBER)


def phases(eras: pd.DataFrame) -> pd.DataFrame:
    """Consecutive phases (columns phase, start, end; open ends are NaT) implied by the eras.

    Intervention runs from the first intervention era's start to the trust's start (or to the
    intervention's end when there was no trust); the council's own phase starts when outside
    control ends. A council with no intervention era has no phases.
    """
    intervention = eras[eras["kind"] == "intervention"].sort_values("start")
    if intervention.empty:
        return pd.DataFrame(columns=["phase", "start", "end"])
    trust = eras[eras["kind"] == "trust"].sort_values("start")
    start = intervention["start"].iloc[0]
    rows = [("before the intervention", pd.NaT, start)]
    if len(trust):
        t_start, t_end = trust["start"].iloc[0], trust["end"].iloc[-1]
        rows += [("intervention", start, t_start), ("trust", t_start, t_end), ("back with the council", t_end, pd.NaT)]
    else:
        end = intervention["end"].max()
        rows += [("intervention", start, end), ("back with the council", end, pd.NaT)]
    return pd.DataFrame(rows, columns=["phase", "start", "end"])


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
