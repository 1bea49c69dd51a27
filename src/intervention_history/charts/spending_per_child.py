"""Spending per child aged 0-17: the DfE's figure from 2015-16, computed for every council for
2012-13 and 2013-14, with the council's statistical neighbours' range where it is held."""

from __future__ import annotations

import pandas as pd

from ..measures.per_child import PER_CHILD_RULE
from ..measures.prices import PRICE_BASE, price_note
from ..params import Params
from .base import DARK_BLUE, MAROON, Chart, empty_chart, frame_text, house_style, new_figure
from .spending import fy_start


def _side(value: float, other: float) -> str:
    return "above" if value > other else "below" if value < other else "level with"


def spending_per_child_chart(
    council: pd.DataFrame,
    england: pd.DataFrame,
    la_name: str,
    params: Params,
    computed: pd.DataFrame | None = None,
    bench: pd.DataFrame | None = None,
) -> Chart:
    """Per child aged 0-17: the DfE's published figure from 2015-16 (held for England, Doncaster and
    Rotherham), and for every council 2012-13 and 2013-14 computed here (hollow points), with the
    council's statistical neighbours' range where their figures are held.

    computed: this council's and England's computed rows (measures.spending.computed_per_child);
    bench: benchmarks.benchmark over the computed table (one row per financial year)."""
    name = "spending_per_child"
    prices = params.prices
    col = f"per_child_{prices}"
    source = (
        "Source: DfE section 251 time series, net current expenditure per child aged 0-17 as published (all services, "
        "excluding capital from revenue), 2015-16 on; 2012-13 and 2013-14 computed from the section 251 outturn and ONS "
        "mid-year estimates; HM Treasury GDP deflator. OGL v3.0."
    )
    computed = computed if computed is not None else pd.DataFrame(columns=["la_name", "financial_year", col])
    mine_c = computed[computed["la_name"] != "England"].set_index("financial_year")[col].dropna()
    eng_c = computed[computed["la_name"] == "England"].set_index("financial_year")[col].dropna()
    if council.empty and mine_c.empty:
        return empty_chart(
            name,
            f"{la_name}: spending per child",
            "Published by the DfE from 2015-16 (held here for Doncaster, Rotherham and England); computed here for 2012-13 "
            "and 2013-14.",
            source,
            f"No spending per child for {la_name} in the project's data",
        )
    both = council.merge(england, on="financial_year", suffixes=("", "_england"))
    near = ""
    if bench is not None and len(bench):
        last_b = bench.dropna(subset=["value"]).iloc[-1]
        if pd.notna(last_b["neighbours_median_council"]):
            med = last_b["neighbours_median_council"]
            near = f"{_side(last_b['value'], med)} its neighbours' median council (£{med:,.0f})"
    if len(both):
        last = both.iloc[-1]
        gap_pct = (last[prices] / last[f"{prices}_england"] - 1) * 100
        title = (
            f"In {last.financial_year} {la_name} spent £{last[prices]:,.0f} per child, "
            f"{abs(gap_pct):.0f}% {'above' if gap_pct >= 0 else 'below'} England (£{last[prices + '_england']:,.0f})"
        )
        if near and len(mine_c):
            title += f"; in {mine_c.index[-1]} (computed) it was {near}"
    else:
        year = mine_c.index[-1]
        title = (
            f"In {year} {la_name} spent £{mine_c.iloc[-1]:,.0f} per child (computed), "
            + (f"{near} and " if near else "")
            + f"{_side(mine_c.iloc[-1], eng_c.get(year, float('nan')))} England (£{eng_c.get(year, float('nan')):,.0f})"
        )
    subtitle = (
        f"Net spending on children's and young people's services per child aged 0-17, {price_note(prices)}. "
        f"Filled: the DfE's published figure (2015-16 on). Hollow: {PER_CHILD_RULE}. Grey band: the council's "
        f"statistical neighbours' range, for the computed years only: the section 251 time series from 2015-16 is "
        "held for England, Doncaster and Rotherham alone, so no neighbours' figures exist here for those years."
    )
    years = sorted(set(mine_c.index) | set(both["financial_year"]))
    all_years = [f"{y}-{str(y + 1)[2:]}" for y in range(int(years[0][:4]), int(years[-1][:4]) + 1)]
    with house_style():
        fig, ax = new_figure(5.8)
        top = 0.0
        if bench is not None and len(bench):
            b = bench.dropna(subset=["neighbours_min"])
            if len(b):
                bx = [fy_start(y) for y in b["financial_year"]]
                ax.fill_between(
                    bx,
                    b["neighbours_min"],
                    b["neighbours_max"],
                    color="#DDDDDD",
                    linewidth=0,
                    label="statistical neighbours (range)",
                )
                top = max(top, b["neighbours_max"].max())
        if len(mine_c):
            cx = [fy_start(y) for y in mine_c.index]
            ax.plot(
                cx,
                mine_c.values,
                color=MAROON,
                marker="o",
                markerfacecolor="white",
                linewidth=1.5,
                linestyle=":",
                label=f"{la_name}, computed",
            )
            ex = [fy_start(y) for y in eng_c.index]
            ax.plot(
                ex,
                eng_c.values,
                color=DARK_BLUE,
                marker="s",
                markerfacecolor="white",
                linewidth=1.5,
                linestyle=":",
                label="England, computed",
            )
            top = max(top, mine_c.max(), eng_c.max())
        if len(both):
            x = [fy_start(y) for y in both["financial_year"]]
            ax.plot(x, both[prices], color=MAROON, marker="o", linewidth=2.5, label=f"{la_name}, published")
            ax.plot(
                x,
                both[f"{prices}_england"],
                color=DARK_BLUE,
                marker="s",
                linewidth=2,
                linestyle="--",
                label="England, published",
            )
            top = max(top, both[prices].max(), both[f"{prices}_england"].max())
        ax.set_xlim(fy_start(all_years[0]) - pd.Timedelta(days=120), fy_start(all_years[-1]) + pd.Timedelta(days=240))
        ax.set_ylim(0, top * 1.15)
        ax.set_xticks([fy_start(y) for y in all_years[::2]], all_years[::2])
        ax.yaxis.set_major_formatter(lambda v, _: f"£{v:,.0f}")
        ax.legend(loc="lower right", ncol=2, frameon=False, fontsize=10)
        frame_text(fig, title, subtitle, source, bottom_in=0.6)
    rows = "; ".join(f"{y} £{v:,.0f} (computed)" for y, v in mine_c.items())
    rows += "".join(
        f"; {r.financial_year} £{getattr(r, prices):,.0f} against £{getattr(r, prices + '_england'):,.0f}"
        for r in both.itertuples()
    )
    alt = (
        f"{title}. Line chart of spending per child, {la_name} against England and its neighbours: {rows.lstrip('; ')}."
    )
    published = both.rename(
        columns={
            "cash": "per_child_cash",
            "real": "per_child_real",
            "cash_england": "england_cash",
            "real_england": "england_real",
        }
    )[["financial_year", "per_child_cash", "per_child_real", "england_cash", "england_real"]].assign(source="published")
    computed_rows = pd.DataFrame(
        {
            "financial_year": list(mine_c.index),
            f"per_child_{prices}": list(mine_c.values),
            f"england_{prices}": [eng_c.get(y) for y in mine_c.index],
            "source": "computed",
        }
    )
    if bench is not None and len(bench):
        computed_rows = computed_rows.merge(
            bench[
                [
                    "financial_year",
                    "neighbours_median_council",
                    "neighbours_min",
                    "neighbours_max",
                    "rank",
                    "councils_ranked",
                ]
            ],
            on="financial_year",
            how="left",
        )
    out = pd.concat([computed_rows, published], ignore_index=True)
    out.insert(0, "la_name", la_name)
    out["price_base"] = PRICE_BASE
    chart = Chart(name, fig, title, subtitle, source, alt, out.reset_index(drop=True))
    chart.comparisons = ()
    return chart
