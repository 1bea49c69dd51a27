"""The cost of outside help: a council's main contract, its extensions, comparators, cost by month and
the contract's share of the council's spending.

Each curated amount has a unit (costs.csv `unit`): `total` for the whole sum over its period, or a
rate, `per day` or `per year`. Only totals are spread over months or compared with spending; a rate
is shown as a rate ("£1,000 a day"), never added to a total.
"""

from __future__ import annotations

import pandas as pd

from ..text import money

TOTAL = "total"
UNIT_WORDS = {"total": "", "per day": " a day", "per year": " a year"}


def amount_label(amount: float | None, unit: str | None = TOTAL) -> str:
    """An amount in words with its unit: "£1.8m", "£1,000 a day", "not disclosed"."""
    if amount is None or pd.isna(amount):
        return "not disclosed"
    return money(amount) + UNIT_WORDS.get(str(unit) if unit is not None else TOTAL, f" {unit}")


def totals_only(costs: pd.DataFrame) -> pd.DataFrame:
    """The rows whose amount is a whole sum for its period (not a day or annual rate)."""
    if "unit" not in costs:
        return costs
    return costs[costs["unit"].fillna(TOTAL) == TOTAL]


def month_starts(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(start.to_period("M").to_timestamp(), end.to_period("M").to_timestamp(), freq="MS")


def contract_rows(costs: pd.DataFrame, council_name: str) -> tuple[pd.Series | None, pd.DataFrame, pd.DataFrame]:
    """The council's main contract, its optional extensions, and other councils' contracts (comparators)."""
    contracts = totals_only(costs)
    contracts = contracts[contracts["basis"] == "contract value"]
    own = contracts["payer"].str.contains(council_name, case=False, regex=False)
    main = contracts[own & (contracts["status"] == "committed") & contracts["amount_gbp"].notna()]
    if main.empty:
        return None, contracts.iloc[0:0], contracts.iloc[0:0]
    first = main.iloc[0]
    extensions = contracts[own & (contracts["status"] == "optional") & (contracts["payee"] == first.payee)]
    comparators = contracts[~own & contracts["amount_gbp"].notna()]
    return first, extensions, comparators


def monthly_costs(
    main: pd.Series, comparators: pd.DataFrame, extensions: pd.DataFrame, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Cost per month (spread evenly over each contract's period) and cumulative cost to as_of."""
    rows = []
    for row in [main, *[r for _, r in comparators.iterrows()]]:
        months = month_starts(row.period_earliest, row.period_latest)
        for month in months:
            rows.append(
                {
                    "cost_id": row.cost_id,
                    "payer": row.payer,
                    "month": month,
                    "cost_gbp": row.amount_gbp / len(months),
                    "disclosed": True,
                }
            )
    for _, row in extensions.iterrows():
        for month in month_starts(row.period_earliest, row.period_latest):
            rows.append(
                {
                    "cost_id": row.cost_id,
                    "payer": row.payer,
                    "month": month,
                    "cost_gbp": float("nan"),
                    "disclosed": False,
                }
            )
    table = pd.DataFrame(rows)
    table["accrued_gbp"] = table.groupby("cost_id")["cost_gbp"].cumsum()
    table["up_to_as_of"] = table["month"] <= as_of
    return table


def share_of_spending(main: pd.Series, spending_by_category: pd.DataFrame | None) -> pd.DataFrame:
    """The contract's cost in each financial year that the s251 table covers, as a share of net spend."""
    if spending_by_category is None or spending_by_category.empty:
        return pd.DataFrame(columns=["financial_year", "contract_cost_gbp", "net_spend_gbp", "share_pct"])
    months = month_starts(main.period_earliest, main.period_latest)
    per_month = main.amount_gbp / len(months)
    fiscal = [
        f"{m.year}-{(m.year + 1) % 100:02d}" if m.month >= 4 else f"{m.year - 1}-{m.year % 100:02d}" for m in months
    ]
    in_year = pd.Series(per_month, index=fiscal).groupby(level=0).sum()
    totals = spending_by_category[spending_by_category["category"] == "grand total"].set_index("financial_year")[
        "net_current_expenditure"
    ]
    out = pd.DataFrame({"contract_cost_gbp": in_year}).join(totals.rename("net_spend_gbp"), how="inner")
    out["share_pct"] = out["contract_cost_gbp"] / out["net_spend_gbp"] * 100
    return out.reset_index(names="financial_year")
