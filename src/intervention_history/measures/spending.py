"""Spending measures that charts and prose share: like-for-like scope, real terms, per child, eras.

Two official sources feed it: the outturn files (every council, 2008-09 to 2013-14; s251_outturn)
and the time series (England, Doncaster and Rotherham from 2015-16; s251_timeseries). 2014-15 is
in neither and stays missing. A *scope* is the set of categories a comparison adds up: by default
the categories the return covers in every year compared (data/reference/s251_scope.csv), so no
total, change or rank spans a change in what the return covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from .. import geography
from ..errors import InputError
from ..official.s251_outturn import CATEGORIES, FIRST_YEAR, GRAND_TOTAL, LAST_YEAR
from ..paths import REFERENCE_DIR
from . import prices as price
from .phases import FINANCIAL_YEAR_MIDPOINT, phase_of

SCOPE = REFERENCE_DIR / "s251_scope.csv"

ALL_COUNCILS_NOTE = f"every English council, {FIRST_YEAR} to {LAST_YEAR} only"
OUTTURN, TIMESERIES = "outturn", "time series"
LIKE_FOR_LIKE = "like-for-like total"


# ---------------------------------------------------------------- councils


def councils(table: pd.DataFrame) -> pd.DataFrame:
    return table[["la_code", "la_name"]].drop_duplicates().sort_values("la_code").reset_index(drop=True)


def find_council(table: pd.DataFrame | None, council: str | int) -> tuple[int, str]:
    """(DfE code, DfE name) of a council by name, DfE or ONS code, from the council register
    (geography.py); an unknown council is an InputError that suggests real ones. `table` is unused."""
    found = geography.find(council)
    return found.la_code, found.la_name


# ---------------------------------------------------------------- scope


@cache
def load_scope() -> pd.DataFrame:
    return pd.read_csv(SCOPE, dtype=str, keep_default_na=False)


def covered(category: str, financial_year: str) -> bool:
    """Does the return cover this category fully in this year?"""
    row = load_scope().set_index("category").loc[category]
    return row.covered_from <= financial_year and (not row.covered_to or financial_year <= row.covered_to)


def comparable_categories(years) -> list[str]:
    """The categories covered in every one of these years: the default scope of a comparison."""
    return [c for c in CATEGORIES if all(covered(c, y) for y in years)]


def scope_label(categories: list[str]) -> str:
    if set(categories) == set(CATEGORIES):
        return "all seven categories"
    left_out = [c for c in CATEGORIES if c not in categories]
    return f"the {len(categories)} categories reported in every year (leaving out {' and '.join(left_out)})"


def scope_changes(years: list[str]) -> pd.DataFrame:
    """Where a category enters or leaves the return between consecutive available years."""
    rows = []
    for before, after in zip(years, years[1:], strict=False):
        entering = [c for c in CATEGORIES if covered(c, after) and not covered(c, before)]
        leaving = [c for c in CATEGORIES if covered(c, before) and not covered(c, after)]
        if entering or leaving:
            rows.append({"financial_year": after, "entering": entering, "leaving": leaving})
    return pd.DataFrame(rows, columns=["financial_year", "entering", "leaving"])


# ---------------------------------------------------------------- outturn (every council, 2008-09 to 2013-14)


def category_spending(table: pd.DataFrame, measure: str = "net_current_expenditure") -> pd.DataFrame:
    """Outturn spending per council, year and category (detail lines only), plus the grand total."""
    details = table[
        (table["category"] != "") & ~table["is_subtotal"] & ~table["is_memorandum"] & ~table["is_grand_total"]
    ]
    sums = details.groupby(["financial_year", "la_code", "category"], as_index=False)[measure].sum(min_count=1)
    totals = table[table["is_grand_total"]][["financial_year", "la_code", measure]].assign(category=GRAND_TOTAL)
    out = pd.concat([sums, totals], ignore_index=True)
    names = councils(table).set_index("la_code")["la_name"]
    out["la_name"] = out["la_code"].map(names)
    return out.sort_values(["la_code", "financial_year", "category"]).reset_index(drop=True)


def council_spending(table: pd.DataFrame, council: str | int, measure: str = "net_current_expenditure") -> pd.DataFrame:
    code, _ = find_council(table, council)
    by_category = category_spending(table, measure)
    return by_category[by_category["la_code"] == code].reset_index(drop=True)


def england_summary(table: pd.DataFrame, measure: str = "net_current_expenditure") -> pd.DataFrame:
    """England total and the median council for each year and category."""
    by_category = category_spending(table, measure)
    grouped = by_category.groupby(["financial_year", "category"])[measure]
    return pd.DataFrame(
        {"england_total": grouped.sum(), "median_council": grouped.median(), "councils": grouped.count()}
    ).reset_index()


# The all-councils change starts from the average of the first BASE_YEARS years, so that no one
# year (2008-09 was Doncaster's crisis year) sets every council's base alone.
BASE_YEARS = 2


def base_label(years: list[str]) -> str:
    return years[0] if len(years) == 1 else f"the average of {' and '.join(years)}"


def change_and_rank(
    table: pd.DataFrame,
    start: str = FIRST_YEAR,
    end: str = LAST_YEAR,
    measure: str = "net_current_expenditure",
    base_years: int = BASE_YEARS,
) -> pd.DataFrame:
    """Each council's real-terms change by category and in the like-for-like total, with its rank (1 = largest rise).

    The base is the average of the first `base_years` years from start (`base_label`); the like-for-like
    total adds the categories covered in every year from start to end. Ranks follow geography.RANK_RULE:
    the councils too small to compare keep their change but have no rank.
    """
    years = [y for y in sorted(table["financial_year"].unique()) if start <= y <= end]
    if start not in years or end not in years:
        raise InputError(f"years must be between {FIRST_YEAR} and {LAST_YEAR}")
    base = years[:base_years]
    by_category = category_spending(table, measure)
    by_category = by_category[by_category["category"] != GRAND_TOTAL]
    scope = comparable_categories(years)
    total = (
        by_category[by_category["category"].isin(scope)]
        .groupby(["financial_year", "la_code", "la_name"], as_index=False)[measure]
        .sum(min_count=1)
        .assign(category=LIKE_FOR_LIKE)
    )
    long = pd.concat([by_category[by_category["category"].isin(scope)], total], ignore_index=True)
    long = long[long["financial_year"].isin([*base, end])].rename(columns={measure: "cash"})
    long = price.add_real(long)
    long["year"] = long["financial_year"].where(long["financial_year"] == end, "base")
    wide = long.pivot_table(
        index=["la_code", "la_name", "category"], columns="year", values=["cash", "real"], aggfunc="mean"
    )
    counts = long[long["year"] == "base"].groupby(["la_code", "la_name", "category"])["real"].count()
    out = pd.DataFrame(
        {
            "start_cash": wide[("cash", "base")],
            "end_cash": wide[("cash", end)],
            "start_value": wide[("real", "base")],
            "end_value": wide[("real", end)],
        }
    )
    out = out[counts.reindex(out.index) == len(base)].reset_index()  # every base year present, or no change
    out = out.dropna(subset=["start_value", "end_value"])
    out["change"] = out["end_value"] - out["start_value"]
    out["change_pct"] = (out["change"] / out["start_value"].where(out["start_value"] != 0)) * 100
    out["change_pct_cash"] = (out["end_cash"] / out["start_cash"].where(out["start_cash"] != 0) - 1) * 100
    ranked = out["la_code"].isin(geography.ranked(out["la_code"].unique()))
    out["rank"] = (
        out["change_pct"].where(ranked).groupby(out["category"]).rank(ascending=False, method="min").astype("Int64")
    )
    out["councils_ranked"] = out["change_pct"].where(ranked).groupby(out["category"]).transform("count")
    out["start_year"], out["end_year"] = start, end
    out["base"] = base_label(base)
    out["scope"] = "; ".join(scope)
    return out.sort_values(["category", "rank"]).reset_index(drop=True)


# ---------------------------------------------------------------- one area across both sources


def area_series(outturn: pd.DataFrame, timeseries: pd.DataFrame, area: int | str) -> pd.DataFrame:
    """Net current spending by category and year for a council code or "England", both sources.

    Columns: area, financial_year, source, category, cash, real, covered. England's outturn
    figure is the sum of every council's return. 2014-15 has no row.
    """
    if area == "England":
        summary = england_summary(outturn)
        early = summary.rename(columns={"england_total": "cash"})[["financial_year", "category", "cash"]]
        late = timeseries[timeseries["la_code"].isna()]
    else:
        early = council_spending(outturn, area).rename(columns={"net_current_expenditure": "cash"})
        early = early[["financial_year", "category", "cash"]]
        late = timeseries[timeseries["la_code"] == area]
    early = early[early["category"] != GRAND_TOTAL].assign(source=OUTTURN)
    details = late[(late["category"] != "") & ~late["is_subtotal"] & ~late["is_memorandum"] & ~late["is_grand_total"]]
    late = (
        details.groupby(["financial_year", "category"], as_index=False)["net_current_expenditure"]
        .sum(min_count=1)
        .rename(columns={"net_current_expenditure": "cash"})
        .assign(source=TIMESERIES)
    )
    out = pd.concat([early, late], ignore_index=True)
    out["cash"] = out["cash"].astype("float64")
    out = price.add_real(out)
    out["covered"] = [covered(c, y) for c, y in zip(out["category"], out["financial_year"], strict=True)]
    out.insert(0, "area", "England" if area == "England" else int(area))
    return out.sort_values(["financial_year", "category"]).reset_index(drop=True)


def total_on_scope(series: pd.DataFrame, years: list[str]) -> pd.DataFrame:
    """The like-for-like total for these years: the categories covered in all of them."""
    scope = comparable_categories(years)
    rows = series[series["financial_year"].isin(years) & series["category"].isin(scope)]
    out = rows.groupby(["financial_year", "source"], as_index=False)[["cash", "real"]].sum(min_count=1)
    out["scope"] = "; ".join(scope)
    return out


@dataclass(frozen=True)
class Change:
    """A like-for-like change between two years of one source."""

    label: str
    start_year: str
    end_year: str
    source: str
    categories: tuple[str, ...]
    start_cash: float
    end_cash: float
    start_real: float
    end_real: float

    @property
    def pct_real(self) -> float:
        return (self.end_real / self.start_real - 1) * 100

    @property
    def pct_cash(self) -> float:
        return (self.end_cash / self.start_cash - 1) * 100

    def pct(self, prices: str = "real") -> float:
        return self.pct_real if prices == "real" else self.pct_cash


def change_between(series: pd.DataFrame, start: str, end: str, label: str = "") -> Change | None:
    """The like-for-like change from start to end; None across the gap between the two sources."""
    rows = series[series["financial_year"].isin([start, end])]
    if rows["source"].nunique() != 1 or set(rows["financial_year"]) != {start, end}:
        return None
    years = sorted(series.loc[series["source"] == rows["source"].iloc[0], "financial_year"].unique())
    years = [y for y in years if start <= y <= end]
    totals = total_on_scope(series, years).set_index("financial_year")
    return Change(
        label,
        start,
        end,
        rows["source"].iloc[0],
        tuple(comparable_categories(years)),
        float(totals.at[start, "cash"]),
        float(totals.at[end, "cash"]),
        float(totals.at[start, "real"]),
        float(totals.at[end, "real"]),
    )


def phase_changes(series: pd.DataFrame, phase_table: pd.DataFrame) -> pd.DataFrame:
    """For each phase: its financial years with data, and the like-for-like change across them.

    A year belongs to the phase that holds its midpoint (1 October). A phase whose years sit in
    both sources is measured within the source that holds most of them, and says so.
    """
    years = sorted(series["financial_year"].unique())
    rows = []
    for phase in phase_table["phase"]:
        mine = [y for y in years if phase_of(y, FINANCIAL_YEAR_MIDPOINT, phase_table) == phase]
        change = None
        if len(mine) >= 2:
            sources = series[series["financial_year"].isin(mine)].groupby("source")["financial_year"].unique()
            best = max(sources.index, key=lambda s: (len(sources[s]), s == TIMESERIES))
            within = sorted(sources[best])
            if len(within) >= 2:
                change = change_between(series, within[0], within[-1], phase)
        rows.append({"phase": phase, "years": mine, "change": change})
    return pd.DataFrame(rows, columns=["phase", "years", "change"])


def headline_change(series: pd.DataFrame) -> Change | None:
    """The longest like-for-like change in one source: the latest source's first to last year."""
    for source in (TIMESERIES, OUTTURN):
        years = sorted(series.loc[series["source"] == source, "financial_year"].unique())
        if len(years) >= 2:
            return change_between(series, years[0], years[-1], "headline")
    return None


def contributions(series: pd.DataFrame, change: Change, prices: str = "real") -> pd.DataFrame:
    """How much each category of the change's scope added to it (start, end, difference, share of the change)."""
    column = "real" if prices == "real" else "cash"
    rows = series[
        series["category"].isin(change.categories) & series["financial_year"].isin([change.start_year, change.end_year])
    ]
    wide = rows.pivot_table(index="category", columns="financial_year", values=column, aggfunc="sum")
    out = pd.DataFrame({"start": wide[change.start_year], "end": wide[change.end_year]})
    out["difference"] = out["end"] - out["start"]
    total = out["difference"].sum()
    out["share"] = out["difference"] / total if total else float("nan")
    return out.sort_values("difference", key=abs, ascending=False).reset_index()


# One category "drives" a change when it accounts for more than DRIVER_SHARE of it, in the same direction.
DRIVER_SHARE = 0.5


def driver(series: pd.DataFrame, change: Change, prices: str = "real") -> pd.Series | None:
    parts = contributions(series, change, prices)
    top = parts.iloc[0] if len(parts) else None
    return top if top is not None and top["share"] > DRIVER_SHARE else None


# A possible reclassification: within one source, in one year, one category moves by more than
# RECLASS_JUMP of its value while another moves the opposite way by more than RECLASS_OPPOSITE of its
# own value, the two sums of money comparable (the smaller at least RECLASS_OFFSET of the larger).
# One warning per jump: the partner that offsets most.
RECLASS_JUMP, RECLASS_OPPOSITE, RECLASS_OFFSET = 0.5, 0.25, 0.5
RECLASS_RULE = (
    f"one category changing by more than {RECLASS_JUMP:.0%} in a year while another moves the opposite way by more "
    f"than {RECLASS_OPPOSITE:.0%} and by a comparable sum (the smaller at least {RECLASS_OFFSET:.0%} of the larger)"
)


def reclassification_warnings(series: pd.DataFrame, prices: str = "real") -> pd.DataFrame:
    """Year-on-year pairs of categories that look like money moved between lines (RECLASS_RULE)."""
    column = "real" if prices == "real" else "cash"
    rows = []
    for source, part in series[series["covered"]].groupby("source"):
        wide = part.pivot_table(index="financial_year", columns="category", values=column, aggfunc="sum").sort_index()
        years = list(wide.index)
        for before, after in zip(years, years[1:], strict=False):
            money = wide.loc[after] - wide.loc[before]
            pct = wide.loc[after] / wide.loc[before].where(wide.loc[before] > 0) - 1
            for moved in pct.index[pct.abs() > RECLASS_JUMP]:
                offsets = money[
                    (money * money[moved] < 0)
                    & (pct.abs() > RECLASS_OPPOSITE)
                    & (money.abs() >= RECLASS_OFFSET * abs(money[moved]))
                    & (abs(money[moved]) >= RECLASS_OFFSET * money.abs())
                ]
                if offsets.empty:
                    continue
                partner = offsets.abs().idxmax()
                up, down = (moved, partner) if money[moved] > 0 else (partner, moved)
                rows.append(
                    {
                        "source": source,
                        "from_year": before,
                        "to_year": after,
                        "rose": up,
                        "rose_by": money[up],
                        "fell": down,
                        "fell_by": -money[down],
                    }
                )
    columns = ["source", "from_year", "to_year", "rose", "rose_by", "fell", "fell_by"]
    return pd.DataFrame(rows, columns=columns).drop_duplicates(["source", "from_year", "to_year", "rose", "fell"])
