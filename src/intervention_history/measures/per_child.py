"""Spending per child aged 0-17: the DfE's published figure (section 251 time series, 2015-16 on)
and, for every council, a computed figure for 2012-13 and 2013-14 (outturn and ONS population)."""

from __future__ import annotations

import pandas as pd

from . import prices as price
from .spending import GRAND_TOTAL, category_spending


def per_child(timeseries: pd.DataFrame, area: int | str) -> pd.DataFrame:
    """The DfE's published net current spend per child aged 0-17 (all services, excluding CERA), from 2015-16."""
    rows = timeseries[(timeseries["line_id"] == "5.0.2")]
    rows = rows[rows["la_code"].isna()] if area == "England" else rows[rows["la_code"] == area]
    out = rows[["financial_year", "per_child_net_current"]].rename(columns={"per_child_net_current": "cash"})
    out = price.add_real(out.astype({"cash": "float64"}))
    out.insert(0, "area", "England" if area == "England" else int(area))
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- per child, every council

# Spending per child for every council is computed only where the project holds both the outturn
# and the ONS population: 2012-13 and 2013-14 (mid-2012 and mid-2013 estimates, the mid-year in
# which the financial year starts, as the issue and the DfE pair them). It adds every category,
# which includes capital expenditure from revenue (CERA), and so runs slightly above the DfE's own
# definition (which leaves CERA out); it is always marked computed.
COMPUTED_PER_CHILD_YEARS = {"2012-13": 2012, "2013-14": 2013}
PER_CHILD_RULE = (
    "computed here for 2012-13 and 2013-14 from the section 251 outturn (all categories, including capital "
    "from revenue) and the ONS estimate of children aged 0-17 at mid-2012 and mid-2013"
)


def computed_per_child(outturn: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Net spending per child aged 0-17 for every council and England, 2012-13 and 2013-14 (computed).

    Columns: la_code (Int64, NA for England), la_name, financial_year, mid_year, cash, real,
    population, per_child_cash, per_child_real, source ("computed")."""
    by_category = category_spending(outturn)
    rows = by_category[
        (by_category["category"] != GRAND_TOTAL) & by_category["financial_year"].isin(COMPUTED_PER_CHILD_YEARS)
    ]
    totals = rows.groupby(["financial_year", "la_code", "la_name"], as_index=False)["net_current_expenditure"].sum(
        min_count=1
    )
    england = totals.groupby("financial_year", as_index=False)["net_current_expenditure"].sum()
    england["la_code"], england["la_name"] = pd.NA, "England"
    totals = pd.concat([totals, england], ignore_index=True).rename(columns={"net_current_expenditure": "cash"})
    totals["mid_year"] = totals["financial_year"].map(COMPUTED_PER_CHILD_YEARS)
    pop = population.assign(
        la_code=pd.to_numeric(population["la_code"], errors="coerce").astype("Int64"),
        population=pd.to_numeric(population["population_0_17"], errors="coerce"),
    )[["mid_year", "la_code", "population"]]
    totals["la_code"] = totals["la_code"].astype("Int64")
    out = totals.merge(pop, on=["mid_year", "la_code"], how="left")
    england_pop = pop[pop["la_code"].isna()].set_index("mid_year")["population"]
    is_england = out["la_code"].isna()
    out.loc[is_england, "population"] = out.loc[is_england, "mid_year"].map(england_pop)
    out = price.add_real(out.astype({"cash": "float64"}))
    out["per_child_cash"] = out["cash"] / out["population"]
    out["per_child_real"] = out["real"] / out["population"]
    out["source"] = "computed"
    return out.sort_values(["financial_year", "la_code"], na_position="first").reset_index(drop=True)
