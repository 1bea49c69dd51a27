"""Chart 4: the cost of outside help, per month, accrued, and against the council's own spending."""

from __future__ import annotations

import pandas as pd

from ..measures.costs import contract_rows, monthly_costs, share_of_spending
from ..params import Params
from ..text import money
from .base import (
    DARK_BLUE,
    DARK_GREY,
    MAROON,
    MID_GREY,
    ORANGE,
    Chart,
    empty_chart,
    frame_text,
    house_style,
    new_figure,
)

NAME = "costs"


def _financial_years(main: pd.Series) -> list[str]:
    """The financial years (April to March) the contract's months fall in, in order."""
    months = pd.date_range(main.period_earliest, main.period_latest, freq="MS")
    years = [
        f"{m.year}-{(m.year + 1) % 100:02d}" if m.month >= 4 else f"{m.year - 1}-{m.year % 100:02d}" for m in months
    ]
    return list(dict.fromkeys(years))


def costs_chart(
    costs: pd.DataFrame, params: Params, council_name: str, spending_by_category: pd.DataFrame | None = None
) -> Chart:
    source = "Source: curated costs table (press reports of council papers); DfE section 251 outturn and time series, cash (OGL v3.0)"
    title_default = f"{council_name}: the cost of outside help"
    if costs is None or costs.empty:
        return empty_chart(
            NAME, title_default, "No curated costs.", source, f"{council_name} has no curated costs or timeline yet"
        )
    main, extensions, comparators = contract_rows(costs, council_name)
    if main is None:
        return empty_chart(
            NAME,
            title_default,
            "No disclosed contract for outside help.",
            source,
            f"No disclosed improvement contract for {council_name}",
        )
    as_of = pd.Timestamp(params.as_of)
    monthly = monthly_costs(main, comparators, extensions, as_of)
    own = monthly[monthly["cost_id"] == main.cost_id]
    per_month = own["cost_gbp"].iloc[0]
    accrued = own[own["up_to_as_of"]]["cost_gbp"].sum()
    share = share_of_spending(main, spending_by_category)
    contract_years = round(len(own) / 12, 1)
    if len(share):
        first_share = share.iloc[0]
        title = (
            f"The {main.payee} contract cost {money(per_month)} a month, "
            f"{first_share.share_pct:.1f}% of {council_name}'s {first_share.financial_year} children's services spending"
        )
    else:
        title = f"The {main.payee} contract cost {money(per_month)} a month over {contract_years:g} years"
    ended = as_of >= main.period_latest
    accrued_when = f"by its end ({main.period_latest:%b %Y})" if ended else f"by {as_of:%d %b %Y}"
    fiscal = _financial_years(main)
    missing = [y for y in fiscal if y not in set(share["financial_year"])]
    subtitle = (
        f"{money(main.amount_gbp)} contract, {main.period_label}, spread evenly by month; "
        f"{money(accrued)} accrued {accrued_when}. "
        + (
            f"Optional extension ({extensions.iloc[0].period_label}) shown as undisclosed, not zero. "
            if len(extensions)
            else ""
        )
        + (
            f"Comparator: {comparators.iloc[0].payer} ({money(comparators.iloc[0].amount_gbp)})."
            if len(comparators)
            else ""
        )
    )
    with house_style():
        fig, (top, middle, bottom) = new_figure(
            10.5, nrows=3, gridspec_kw={"height_ratios": [3, 2.2, 1.3], "hspace": 0.55}
        )
        # A: cost per month.
        top.set_title("Cost per month", loc="left", fontsize=12, fontweight="bold")
        top.bar(own["month"], own["cost_gbp"], width=25, color=DARK_BLUE, label=f"{main.payee}, {main.payer}")
        for _, ext in extensions.iterrows():
            top.axvspan(
                ext.period_earliest, ext.period_latest, facecolor="white", edgecolor=MID_GREY, hatch="//", linewidth=0.8
            )
            top.text(
                ext.period_earliest + (ext.period_latest - ext.period_earliest) / 2,
                per_month * 0.55,
                "Optional extension:\ncost not disclosed",
                ha="center",
                va="center",
                fontsize=10,
                color="#1a1a1a",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 2},
            )
        for _cost_id, group in monthly[(monthly["cost_id"] != main.cost_id) & monthly["disclosed"]].groupby("cost_id"):
            top.step(group["month"], group["cost_gbp"], where="post", color=ORANGE, linestyle="--", linewidth=2)
            top.text(
                group["month"].iloc[0],
                group["cost_gbp"].iloc[0] * 1.12,
                f"{group['payer'].iloc[0]} (comparator): {money(group['cost_gbp'].iloc[0])} a month",
                fontsize=10,
                color=ORANGE,
                va="bottom",
                bbox={"facecolor": "white", "edgecolor": ORANGE, "pad": 2, "linewidth": 0.6},
                zorder=5,
            )
        top.text(
            own["month"].iloc[-1],
            per_month * 1.04,
            f" {money(per_month)} a month",
            fontsize=10,
            color=DARK_BLUE,
            va="bottom",
            ha="right",
        )
        top.yaxis.set_major_formatter(lambda v, _: money(v))
        top.set_ylim(0, per_month * 1.35)
        # B: accrued to as_of.
        middle.set_title(
            "Cost accrued over the contract" if ended else f"Cost accrued to {as_of:%d %b %Y}",
            loc="left",
            fontsize=12,
            fontweight="bold",
        )
        middle.plot(own["month"], own["accrued_gbp"], color=MID_GREY, linewidth=1.2, linestyle=":")
        upto = own[own["up_to_as_of"]]
        middle.plot(upto["month"], upto["accrued_gbp"], color=DARK_BLUE, linewidth=2.4)
        if len(upto):
            middle.scatter([upto["month"].iloc[-1]], [upto["accrued_gbp"].iloc[-1]], color=DARK_BLUE, zorder=3)
            middle.text(
                upto["month"].iloc[-1],
                upto["accrued_gbp"].iloc[-1],
                f"  {money(accrued)}",
                va="center",
                fontsize=10,
                color=DARK_BLUE,
            )
        middle.yaxis.set_major_formatter(lambda v, _: money(v))
        middle.set_xlim(top.get_xlim())
        # C: share of the council's annual spend.
        bottom.set_title(
            "Share of the council's net spending on children's services (section 251, cash)"
            + (f"\n{', '.join(missing)}: not in the spending data this project holds" if missing else ""),
            loc="left",
            fontsize=12,
            fontweight="bold",
        )
        if len(share):
            labels = [f"{r.financial_year}" for r in share.itertuples()]
            bottom.barh(labels, share["net_spend_gbp"], color="#D9E1EA", label="net spending")
            bottom.barh(labels, share["contract_cost_gbp"], color=MAROON, label="contract")
            for i, r in enumerate(share.itertuples()):
                bottom.text(
                    r.net_spend_gbp,
                    i,
                    f" {money(r.net_spend_gbp)} net spending; contract {money(r.contract_cost_gbp)} = {r.share_pct:.1f}%",
                    va="center",
                    fontsize=10,
                )
            bottom.xaxis.set_major_formatter(lambda v, _: money(v))
            bottom.set_xlim(0, share["net_spend_gbp"].max() * 1.9)
            bottom.grid(axis="y", visible=False)
        else:
            bottom.axis("off")
            bottom.text(0, 0.5, "No section 251 spending data for the contract's years.", color=DARK_GREY, fontsize=10)
        frame_text(fig, title, subtitle, source, bottom_in=0.55, left=0.1)
    alt = (
        f"{title}. Monthly cost bars for the {money(main.amount_gbp)} contract ({main.period_label}), "
        f"cumulative cost reaching {money(accrued)} {accrued_when}"
        + (", an optional extension with undisclosed cost" if len(extensions) else "")
        + (f", and {comparators.iloc[0].payer}'s contract as a comparator" if len(comparators) else "")
        + "."
    )
    return Chart(NAME, fig, title, subtitle, source, alt, monthly)
