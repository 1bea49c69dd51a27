"""Cash to real terms with HM Treasury's GDP deflator at market prices (data/reference/gdp_deflator.csv).

Real-terms figures are in the prices of PRICE_BASE: cash x deflator(base) / deflator(year). The table
keeps the release's own index base; rebasing happens here, so a newer release only replaces data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from ..errors import DataError, ParameterError, Problem
from ..paths import REFERENCE_DIR, display_path

GDP_DEFLATOR = REFERENCE_DIR / "gdp_deflator.csv"

PRICE_BASE = "2023-24"
PRICES = ("real", "cash")
DEFLATOR_NAME = "HM Treasury GDP deflator, March 2026"


def check_prices(prices: str) -> str:
    if prices not in PRICES:
        raise ParameterError(f"prices must be 'real' or 'cash', not {prices!r}")
    return prices


@cache
def load_deflator(path: Path = GDP_DEFLATOR) -> pd.Series:
    """The index by financial year (`2015-16`), as published."""
    name = display_path(path)
    if not path.exists():
        raise DataError([Problem(name, 0, "(file)", "reference file is missing")])
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = []
    for column in ("financial_year", "deflator", "status"):
        if column not in table:
            problems.append(Problem(name, 1, column, "expected column is missing"))
    if problems:
        raise DataError(problems)
    values = pd.to_numeric(table["deflator"], errors="coerce")
    for i in table.index[values.isna() | (values <= 0)]:
        problems.append(Problem(name, i + 2, "deflator", "not a positive number", table.at[i, "deflator"]))
    for i in table.index[~table["financial_year"].str.fullmatch(r"\d{4}-\d\d")]:
        problems.append(
            Problem(name, i + 2, "financial_year", "not a financial year like 2015-16", table.at[i, "financial_year"])
        )
    for i in table.index[table["financial_year"].duplicated()]:
        problems.append(Problem(name, i + 2, "financial_year", "appears twice", table.at[i, "financial_year"]))
    if problems:
        raise DataError(problems)
    return pd.Series(values.to_numpy(), index=table["financial_year"], name="deflator")


def real_factor(financial_years: pd.Series, base: str = PRICE_BASE) -> pd.Series:
    """Multiply cash by this to get `base` prices. A year without a deflator is an error, never a guess."""
    deflator = load_deflator()
    missing = sorted(set(financial_years) - set(deflator.index)) + ([base] if base not in deflator.index else [])
    if missing:
        raise DataError(
            [Problem(display_path(GDP_DEFLATOR), 0, "financial_year", f"no deflator for {y}") for y in missing]
        )
    return deflator[base] / financial_years.map(deflator)


def add_real(
    frame: pd.DataFrame, cash: str = "cash", year: str = "financial_year", base: str = PRICE_BASE
) -> pd.DataFrame:
    """A copy of frame with a `real` column beside the cash one."""
    out = frame.copy()
    out["real"] = out[cash] * real_factor(out[year], base).to_numpy()
    return out


def price_note(prices: str, base: str = PRICE_BASE) -> str:
    if prices == "cash":
        return "cash (not adjusted for inflation)"
    return f"real terms, {base} prices ({DEFLATOR_NAME})"
