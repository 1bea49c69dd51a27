"""Children in need and child protection: the series chapter 5 draws and the rule that questions a return.

Reads the processed children in need table (official/children_in_need.py): counts, the DfE's status of
every value (`c` suppressed, `x` not available, `u` low reliability, `z` not applicable) and rates per
10,000 children aged 0-17 computed from the ONS population of the mid-year before.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..official import registry
from .phases import CENSUS_31_MARCH, phase_of

FIRST_YEAR, LAST_YEAR = 2013, 2025
STATUS_WORDS = {"c": "suppressed", "x": "not available", "u": "low reliability", "z": "not applicable"}


@dataclass(frozen=True)
class Measure:
    key: str
    column: str  # value column of the children in need table
    label: str  # what it is, for titles and prose
    unit: str  # "per 10,000" or "%"
    short: str  # a panel title


MEASURES = (
    Measure(
        "children_in_need",
        "children_in_need_rate",
        "children in need at 31 March",
        "per 10,000",
        "Children in need at 31 March",
    ),
    Measure(
        "section_47",
        "section_47_enquiries_rate",
        "section 47 enquiries started in the year",
        "per 10,000",
        "Section 47 enquiries in the year",
    ),
    Measure(
        "protection_plans",
        "child_protection_plans_rate",
        "children on a child protection plan at 31 March",
        "per 10,000",
        "Child protection plans at 31 March",
    ),
    Measure(
        "rereferrals",
        "rereferral_percent",
        "referrals within 12 months of a previous one",
        "%",
        "Re-referrals within 12 months",
    ),
    Measure(
        "subsequent_plans",
        "subsequent_plan_percent",
        "plans started that were a second or later plan",
        "%",
        "Second or subsequent plans",
    ),
)
BY_KEY = {m.key: m for m in MEASURES}


def load_children_in_need() -> pd.DataFrame:
    """Children in need and child protection, every council and England (built first when stale)."""
    return registry.load("children_in_need")


def for_context(ctx) -> pd.DataFrame:
    """The table for a CouncilContext: its own copy if it carries one, else loaded (and kept on it)."""
    table = getattr(ctx, "children_in_need", None)
    if table is None:
        table = load_children_in_need()
        try:
            ctx.children_in_need = table
        except AttributeError:  # a context that cannot take it: load each time
            pass
    return table


def _code(la_code) -> str:
    return "" if la_code is None or str(la_code) in ("", "England") else f"{int(la_code):03d}"


def area_rows(table: pd.DataFrame, la_code=None) -> pd.DataFrame:
    """One council's rows (DfE code, int or text), or England's (la_code None), oldest first."""
    return table[table["la_code"] == _code(la_code)].sort_values("year").reset_index(drop=True)


def _status_column(measure: Measure) -> str:
    return f"{measure.column}_status"


def series(rows: pd.DataFrame, measure: Measure | str) -> pd.DataFrame:
    """year, value (NaN where not a number), status (as published; '' for a number), for FIRST_YEAR to LAST_YEAR.

    Every year of the range has a row: a year the area has no row for (a council not yet created) has
    status '-' and no value. Nothing is filled in.
    """
    m = BY_KEY[measure] if isinstance(measure, str) else measure
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    indexed = rows.set_index("year")
    value = indexed[m.column].reindex(years).astype("float64")
    status = indexed[_status_column(m)].reindex(years).fillna("-").astype(str)
    return pd.DataFrame({"year": years, "value": value.to_numpy(), "status": status.to_numpy()})


def gaps(s: pd.DataFrame) -> dict[str, list[int]]:
    """The years without a sound number, by reason: suppressed, not available, low reliability, ..."""
    out: dict[str, list[int]] = {}
    for status, word in (*STATUS_WORDS.items(), ("-", "no row")):
        years = [int(y) for y in s.loc[s["status"] == status, "year"]]
        if years:
            out[word] = years
    return out


# ---------------------------------------------------------------- the rule that questions a return

SPIKE_OWN_MULTIPLE = 5.0
SPIKE_ENGLAND_MULTIPLE = 5.0
SPIKE_RELATIVE = 0.5


@dataclass(frozen=True)
class Jump:
    measure: str
    year: int
    before: float  # the year before
    value: float
    after: float  # the year after
    move: float  # the smaller of the two moves, in the measure's unit
    typical: float  # the council's median year-on-year move, other years
    england_largest: float  # England's largest year-on-year move in the range


def one_year_jumps(council: pd.DataFrame, england: pd.DataFrame, measure: Measure | str) -> list[Jump]:
    """Years whose figure jumps away from the council's own series and straight back: a question about the return.

    The rule, for one measure (series() of the council and of England, sound numbers only): year Y is
    flagged when the council has sound figures for Y-1, Y and Y+1, and
    1. Y is above both neighbours or below both (a move out and back, not a trend);
    2. the smaller of the two moves (Y-1 to Y, Y to Y+1) is more than SPIKE_OWN_MULTIPLE (5) times the
       council's median year-on-year move over its other years (moves that do not touch Y);
    3. it is more than SPIKE_ENGLAND_MULTIPLE (5) times England's largest year-on-year move; and
    4. it is more than SPIKE_RELATIVE (half) of the mean of the two neighbouring figures.
    Doncaster's re-referral percentage (25.4 in 2021, 7.0 in 2022, 25.2 in 2023: a move of 18.2 points,
    5.8 times its median move of 3.15 and 10.7 times England's largest, 1.7) is flagged for 2022; over
    every council, 2013 to 2025, the rule flags 15 council-years in the five measures.
    A flagged year is reported as a question about the council's return to the DfE: the rule does not
    say which figure is wrong, and nothing is changed or explained away. `u`, `c`, `x` years are not
    numbers and are never flagged (or used).
    """
    m = BY_KEY[measure] if isinstance(measure, str) else measure
    own = council.set_index("year")["value"].where(council.set_index("year")["status"] == "")
    eng = england.set_index("year")["value"].where(england.set_index("year")["status"] == "")
    eng_moves = eng.diff().abs().dropna()
    if eng_moves.empty:
        return []
    england_largest = float(eng_moves.max())
    moves = own.diff()  # moves[y] = own[y] - own[y - 1], NaN when either is missing
    out = []
    for year in own.index:
        before, value, after = own.get(year - 1), own.get(year), own.get(year + 1)
        if any(v is None or pd.isna(v) for v in (before, value, after)):
            continue
        up, down = value - before, after - value
        if up * down >= 0:  # not out and back
            continue
        move = min(abs(up), abs(down))
        others = moves.drop(index=[year, year + 1], errors="ignore").abs().dropna()
        if others.empty:
            continue
        typical = float(others.median())
        if (
            move > SPIKE_OWN_MULTIPLE * typical
            and move > SPIKE_ENGLAND_MULTIPLE * england_largest
            and move > SPIKE_RELATIVE * (before + after) / 2
        ):
            out.append(
                Jump(m.key, int(year), float(before), float(value), float(after), move, typical, england_largest)
            )
    return out


# ---------------------------------------------------------------- phases and headline


def phase_values(s: pd.DataFrame, phase_table: pd.DataFrame) -> pd.DataFrame:
    """For each phase: the first and last year with a sound figure, those figures and the change.

    Columns phase, years (tuple of sound years in the phase), first_year, last_year, first, last, change
    (last - first; NaN with fewer than two sound years). A year belongs to the phase holding 31 March.
    """
    sound = s[s["status"] == ""]
    out = []
    for phase in phase_table["phase"]:
        inside = sound[[phase_of(y, CENSUS_31_MARCH, phase_table) == phase for y in sound["year"]]]
        if inside.empty:
            out.append({"phase": phase, "years": ()})
            continue
        first, last = inside.iloc[0], inside.iloc[-1]
        out.append(
            {
                "phase": phase,
                "years": tuple(int(y) for y in inside["year"]),
                "first_year": int(first["year"]),
                "last_year": int(last["year"]),
                "first": float(first["value"]),
                "last": float(last["value"]),
                "change": float(last["value"] - first["value"]) if len(inside) >= 2 else float("nan"),
            }
        )
    table = pd.DataFrame(out, columns=["phase", "years", "first_year", "last_year", "first", "last", "change"])
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    for column in ("first", "last", "change"):
        table[column] = table[column].astype("float64")
    return table


def latest(council: pd.DataFrame, england: pd.DataFrame) -> dict | None:
    """The latest year with a sound council figure, that figure, England's that year, and the council's first."""
    sound = council[council["status"] == ""]
    if sound.empty:
        return None
    first, last = sound.iloc[0], sound.iloc[-1]
    eng = england.set_index("year")
    year = int(last["year"])
    eng_value = eng.loc[year, "value"] if year in eng.index and eng.loc[year, "status"] == "" else float("nan")
    return {
        "year": year,
        "value": float(last["value"]),
        "england": float(eng_value),
        "first_year": int(first["year"]),
        "first": float(first["value"]),
    }


def ratio_to_england(council: pd.DataFrame, england: pd.DataFrame) -> pd.Series:
    """Council ÷ England for each year both have a sound figure (index year)."""
    own = council.set_index("year")
    eng = england.set_index("year")
    ok = (own["status"] == "") & (eng["status"] == "")
    return (own["value"] / eng["value"])[ok]
