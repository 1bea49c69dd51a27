"""Children looked after: selections of the processed table and the measures charts and prose share.

Rates per 10,000 children aged under 18 are the measure (a count alone cannot be set beside England's);
each rate carries its source, `published` or `computed` (official/children_looked_after.py).
"""

from __future__ import annotations

import pandas as pd

from ..official import registry
from ..official.children_looked_after import MISSING_YEARS, YEARS  # noqa: F401  (years held, years no release covers)
from .phases import CENSUS_31_MARCH, phase_of


def load_children_looked_after() -> pd.DataFrame:
    """Children looked after at 31 March, every council and England (built first when stale)."""
    return registry.load("children_looked_after")


def load_revisions() -> pd.DataFrame:
    """Every figure a later release changed: year, council, column, old and new value and release."""
    return registry.load("children_looked_after", "children_looked_after_revisions")


# ---------------------------------------------------------------- selections


def england(table: pd.DataFrame) -> pd.DataFrame:
    """England's row for each year, oldest first."""
    return table[table["la_code"].isna()].sort_values("year").reset_index(drop=True)


def council(table: pd.DataFrame, la_code: int) -> pd.DataFrame:
    """One council's rows (by DfE code, e.g. 371 for Doncaster), oldest first; years it has no figure are absent."""
    return table[table["la_code"] == int(la_code)].sort_values("year").reset_index(drop=True)


# ---------------------------------------------------------------- measures


def _pct_change(first, last) -> float | None:
    if pd.isna(first) or pd.isna(last) or first == 0:
        return None
    return (float(last) / float(first) - 1) * 100


PHASE_CHANGE_COLUMNS = (
    "phase",
    "years",
    "first_year",
    "last_year",
    "first_count",
    "last_count",
    "count_change_pct",
    "first_rate",
    "last_rate",
    "rate_change",
    "computed_years",
)


def phase_changes(rows: pd.DataFrame, phase_table: pd.DataFrame) -> pd.DataFrame:
    """For each phase, in order: its first and last year with a count, and the change between them.

    rows: one area's rows (council() or england()). years: the years in the phase with a count.
    The rate change (per 10,000, points) is given only where both of those years have a rate; a
    phase with fewer than two years has no change (NaN). Nothing is filled in across missing years.
    computed_years: the years in the phase whose rate is computed, not published.
    """
    counted = rows[rows["children_looked_after"].notna()].sort_values("year")
    out = []
    for phase in phase_table["phase"]:
        inside = counted[[phase_of(y, CENSUS_31_MARCH, phase_table) == phase for y in counted["year"]]]
        if inside.empty:
            out.append({"phase": phase, "years": (), "computed_years": ()})
            continue
        first, last = inside.iloc[0], inside.iloc[-1]
        two = len(inside) >= 2
        both_rates = two and pd.notna(first["rate_per_10000"]) and pd.notna(last["rate_per_10000"])
        out.append(
            {
                "phase": phase,
                "years": tuple(int(y) for y in inside["year"]),
                "first_year": int(first["year"]),
                "last_year": int(last["year"]),
                "first_count": first["children_looked_after"],
                "last_count": last["children_looked_after"],
                "count_change_pct": _pct_change(first["children_looked_after"], last["children_looked_after"])
                if two
                else None,
                "first_rate": first["rate_per_10000"],
                "last_rate": last["rate_per_10000"],
                "rate_change": last["rate_per_10000"] - first["rate_per_10000"] if both_rates else None,
                "computed_years": tuple(int(y) for y in inside.loc[inside["rate_source"] == "computed", "year"]),
            }
        )
    table = pd.DataFrame(out, columns=list(PHASE_CHANGE_COLUMNS))
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    for column in ("first_count", "last_count", "count_change_pct", "first_rate", "last_rate", "rate_change"):
        table[column] = table[column].astype("float64")
    return table


def headline(council_rows: pd.DataFrame, england_rows: pd.DataFrame) -> dict | None:
    """The latest year with a count for the council, the change since its first, and the rate against England's.

    Keys: last_year, last_count, first_year, first_count, change_pct, rate (NaN if none), rate_year,
    england_rate (same year; NaN if none). None when the council has no count at all.
    """
    counted = council_rows[council_rows["children_looked_after"].notna()].sort_values("year")
    if counted.empty:
        return None
    first, last = counted.iloc[0], counted.iloc[-1]
    rated = council_rows[council_rows["rate_per_10000"].notna()].sort_values("year")
    rate_year = int(rated["year"].iloc[-1]) if len(rated) else None
    eng = england_rows.set_index("year")["rate_per_10000"]
    return {
        "first_year": int(first["year"]),
        "first_count": float(first["children_looked_after"]),
        "last_year": int(last["year"]),
        "last_count": float(last["children_looked_after"]),
        "change_pct": _pct_change(first["children_looked_after"], last["children_looked_after"]),
        "rate_year": rate_year,
        "rate": float(rated["rate_per_10000"].iloc[-1]) if len(rated) else float("nan"),
        "england_rate": float(eng.get(rate_year, float("nan"))) if rate_year is not None else float("nan"),
    }


RATE_COLUMNS = ("year", "rate_per_10000", "rate_source", "children_looked_after")


def rate_series(rows: pd.DataFrame, years=None) -> pd.DataFrame:
    """One area's rate for each year of ``years`` (default YEARS): year, rate_per_10000 (NaN where
    none), rate_source ('' where none), children_looked_after. Nothing is filled in."""
    years = list(YEARS if years is None else years)
    indexed = rows.set_index("year").reindex(years)
    return pd.DataFrame(
        {
            "year": years,
            "rate_per_10000": indexed["rate_per_10000"].astype("float64").to_numpy(),
            "rate_source": indexed["rate_source"].fillna("").astype(str).to_numpy(),
            "children_looked_after": indexed["children_looked_after"].astype("float64").to_numpy(),
        }
    )


def rate_headline(council_rows: pd.DataFrame, england_rows: pd.DataFrame) -> dict | None:
    """The council's latest rate against England's, and its first rate: the chapter's finding.

    Keys: year, rate, source, england (England's rate that year; NaN if none), england_source,
    first_year, first_rate, first_source, change (points since the first year), count (that year's
    count), peak and peak_year (the highest rate, the latest year it was reached). None when the
    council has no rate at all.
    """
    rated = council_rows[council_rows["rate_per_10000"].notna()].sort_values("year")
    if rated.empty:
        return None
    first, last = rated.iloc[0], rated.iloc[-1]
    peak = rated[rated["rate_per_10000"] == rated["rate_per_10000"].max()].iloc[-1]
    eng = england_rows.set_index("year")
    year = int(last["year"])
    has_eng = year in eng.index and pd.notna(eng.loc[year, "rate_per_10000"])
    return {
        "year": year,
        "rate": float(last["rate_per_10000"]),
        "source": str(last["rate_source"]),
        "count": float(last["children_looked_after"]),
        "england": float(eng.loc[year, "rate_per_10000"]) if has_eng else float("nan"),
        "england_source": str(eng.loc[year, "rate_source"]) if has_eng else "",
        "first_year": int(first["year"]),
        "first_rate": float(first["rate_per_10000"]),
        "first_source": str(first["rate_source"]),
        "change": float(last["rate_per_10000"] - first["rate_per_10000"]),
        "peak": float(peak["rate_per_10000"]),
        "peak_year": int(peak["year"]),
    }


def no_rate_years(council_rows: pd.DataFrame, years=None) -> dict[int, str]:
    """Years of ``years`` (default YEARS) without a rate for the council, and why (from the table)."""
    out = {}
    indexed = council_rows.set_index("year")
    for year in YEARS if years is None else years:
        if year not in indexed.index:
            out[int(year)] = "not in the release: the council did not exist then, or is not covered"
        elif pd.isna(indexed.loc[year, "rate_per_10000"]):
            count = indexed.loc[year, "children_looked_after"]
            out[int(year)] = "count suppressed" if pd.isna(count) else "no population estimate"
    return out
