"""Chart 5: spending through the intervention (section 251), for any English council."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from .. import spending as s251
from ..params import Params
from .base import (
    DARK_GREY,
    MAROON,
    MID_GREY,
    PALETTE,
    Chart,
    empty_chart,
    frame_text,
    greedy_rows,
    house_style,
    money,
    new_figure,
    text_width_in,
)

INTERVENTION_CATEGORIES = ("government intervention", "corporate intervention", "review", "improvement partner")
SOURCE = (
    "Source: DfE section 251 outturn 2008-09 to 2013-14, net current expenditure; categories harmonised "
    "(data/reference/s251_categories.csv). Contains public sector information licensed under the OGL v3.0."
)


def _fy_start(financial_year: str) -> pd.Timestamp:
    return pd.Timestamp(int(financial_year[:4]), 4, 1)


def _spread(values: list[float], gap: float) -> list[float]:
    """Nudge label positions apart so that none is closer than gap (order preserved)."""
    order = np.argsort(values)
    placed = np.array(values, dtype=float)[order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    out = np.empty_like(placed)
    out[order] = placed
    return list(out)


def spending_by_category_chart(
    table: pd.DataFrame, council: str | int, params: Params, events: pd.DataFrame | None = None
) -> Chart:
    name = "spending_by_category"
    code, la_name = s251.find_council(table, council)
    data = s251.council_spending(table, code)
    if data.empty:
        return empty_chart(name, f"{la_name}: spending", "", SOURCE, f"No section 251 spending for {la_name}")
    data = data.assign(year_start=data["financial_year"].map(_fy_start))
    total = data[data["category"] == s251.GRAND_TOTAL].sort_values("financial_year")
    first, last = total.iloc[0], total.iloc[-1]
    change = (last.net_current_expenditure / first.net_current_expenditure - 1) * 100
    verb = "rose" if change >= 0 else "fell"
    title = f"{la_name}'s net spending on children's services {verb} {abs(change):.0f}% from {first.financial_year} to {last.financial_year}"
    marked = pd.DataFrame()
    if events is not None and len(events):
        lo, hi = _fy_start(first.financial_year), _fy_start(last.financial_year) + pd.DateOffset(years=1)
        in_window = events["key"] & (events["date_earliest"] >= lo) & (events["date_earliest"] < hi)
        marked = events[in_window & events["category"].isin(INTERVENTION_CATEGORIES)].sort_values("date_earliest")
    subtitle = (
        f"Net current expenditure by category, £ million, {first.financial_year} to {last.financial_year} "
        f"(total {money(first.net_current_expenditure)} to {money(last.net_current_expenditure)}). "
        + (
            "Points mark the start of each financial year (April); dotted lines: intervention events from the timeline."
            if len(marked)
            else "No curated timeline events to mark for this council."
        )
    )
    categories = [c for c in s251.CATEGORIES if c in set(data["category"])]
    with house_style():
        if len(marked):
            fig, (strip, ax) = new_figure(
                8.2, nrows=2, sharex=True, gridspec_kw={"height_ratios": [1.3, 4.5], "hspace": 0.04}
            )
        else:
            fig, ax = new_figure(6.6)
            strip = None
        ends = []
        for i, category in enumerate(categories):
            line = data[data["category"] == category].sort_values("year_start")
            ax.plot(
                line["year_start"],
                line["net_current_expenditure"] / 1e6,
                color=PALETTE[i % len(PALETTE)],
                marker="os^Dv<>"[i % 7],
                linewidth=2,
            )
            ends.append(
                (
                    line["net_current_expenditure"].iloc[-1] / 1e6,
                    category,
                    PALETTE[i % len(PALETTE)],
                    line["year_start"].iloc[-1],
                )
            )
        top = max(v for v, *_ in ends)
        positions = _spread([v for v, *_ in ends], top * 0.055)
        for (value, category, colour, x), y in zip(ends, positions, strict=True):
            ax.annotate(
                category,
                (x, value),
                xytext=(x + pd.Timedelta(days=60), y),
                fontsize=10,
                color=colour,
                va="center",
                arrowprops={"arrowstyle": "-", "color": "0.75", "linewidth": 0.5},
            )
        ax.set_xlim(
            _fy_start(first.financial_year) - pd.Timedelta(days=90),
            _fy_start(last.financial_year) + pd.Timedelta(days=900),
        )
        ax.set_ylim(0, top * 1.08)
        ax.set_xticks([_fy_start(y) for y in total["financial_year"]], list(total["financial_year"]))
        ax.yaxis.set_major_formatter(lambda v, _: f"£{v:.0f}m")
        if strip is not None:
            _event_strip(strip, ax, marked)
        frame_text(fig, title, subtitle, SOURCE, bottom_in=0.6)
    summary = "; ".join(f"{r.financial_year} {money(r.net_current_expenditure)}" for r in total.itertuples())
    alt = f"{title}. Line chart of net spending in {len(categories)} categories. Total by year: {summary}."
    out = data[["la_code", "la_name", "financial_year", "category", "net_current_expenditure"]]
    return Chart(name, fig, title, subtitle, SOURCE, alt, out.reset_index(drop=True))


def _event_strip(strip, ax, marked: pd.DataFrame) -> None:
    """Event names in rows above the plot; dotted lines carry them down through the data."""
    strip.axis("off")
    if marked.empty:
        return
    x_lo, x_hi = ax.get_xlim()
    days_per_in = (x_hi - x_lo) / (strip.figure.get_figwidth() * ax.get_position().width)
    labels, intervals, aligns = [], [], []
    for row in marked.itertuples():
        label = f"{row.title} ({row.date_label})"
        x = mdates.date2num(row.date_earliest)
        width = text_width_in(label) * days_per_in
        right = x + width > x_hi
        intervals.append((x - width, x) if right else (x, x + width))
        labels.append(label)
        aligns.append("right" if right else "left")
    rows = greedy_rows(intervals, gap=0.1 * days_per_in)
    strip.set_ylim(max(rows) + 0.8, -0.6)
    for row, label, align, level in zip(marked.itertuples(), labels, aligns, rows, strict=True):
        ax.axvline(row.date_earliest, color=MID_GREY, linestyle=":", linewidth=1, zorder=0)
        strip.plot(
            [row.date_earliest, row.date_earliest], [level, max(rows) + 0.8], color=MID_GREY, linestyle=":", linewidth=1
        )
        strip.text(
            row.date_earliest,
            level,
            (" " if align == "left" else "") + label + (" " if align == "right" else ""),
            fontsize=10,
            color=DARK_GREY,
            va="center",
            ha=align,
        )


def change_distribution_chart(
    table: pd.DataFrame, council: str | int, params: Params, category: str = s251.GRAND_TOTAL
) -> Chart:
    name = "spending_change"
    code, la_name = s251.find_council(table, council)
    ranks = s251.change_and_rank(table)
    ranks = ranks[(ranks["category"] == category) & ranks["change_pct"].notna()]
    mine = ranks[ranks["la_code"] == code]
    if mine.empty:
        return empty_chart(
            name, f"{la_name}: change in spending", "", SOURCE, f"No comparable {category} spending for {la_name}"
        )
    me = mine.iloc[0]
    median = ranks["change_pct"].median()
    n = len(ranks)
    title = (
        f"{la_name}'s spending {'rose' if me.change_pct >= 0 else 'fell'} {abs(me.change_pct):.0f}%, "
        f"ranked {int(me['rank'])} of {n} councils (England median {median:+.0f}%)"
    )
    subtitle = (
        f"Change in net current expenditure on children's and young people's services ({category}), "
        f"{me.start_year} to {me.end_year}, every English council with both years. Rank 1 = largest rise."
    )
    with house_style():
        fig, ax = new_figure(6.0)
        values = ranks["change_pct"]
        lo, hi = np.nanpercentile(values, [0.5, 99.5])
        clipped = int(((values < lo) | (values > hi)).sum())
        import seaborn as sns  # imported here: it pulls in SciPy, about 1 s, and only this chart uses it

        sns.histplot(values.clip(lo, hi), bins=40, color="#667E99", edgecolor="white", ax=ax)
        ax.axvline(median, color=DARK_GREY, linestyle="--", linewidth=1.5)
        ymax = ax.get_ylim()[1]
        ax.text(
            median,
            ymax * 0.97,
            f" England median {median:+.0f}%",
            color=DARK_GREY,
            fontsize=10,
            va="top",
            ha="left" if me.change_pct < median else "right",
        )
        ax.axvline(me.change_pct, color=MAROON, linewidth=2.5)
        ax.text(
            me.change_pct,
            ymax * 0.82,
            f" {la_name} {me.change_pct:+.0f}%\n rank {int(me['rank'])} of {n}",
            color=MAROON,
            fontsize=11,
            fontweight="bold",
            va="top",
            ha="left" if me.change_pct >= median else "right",
        )
        ax.set_xlabel("Change in net spending, %")
        ax.set_ylabel("Number of councils")
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:+.0f}%")
        note = f" {clipped} extreme councils drawn at the edges." if clipped else ""
        frame_text(fig, title, subtitle + note, SOURCE, bottom_in=0.9)
    alt = f"{title}. Histogram of {n} councils' change in net spending, {me.start_year} to {me.end_year}; {la_name} marked at {me.change_pct:+.1f}%, England median {median:+.1f}%."
    out = ranks[
        [
            "la_code",
            "la_name",
            "category",
            "start_year",
            "end_year",
            "start_value",
            "end_value",
            "change",
            "change_pct",
            "rank",
        ]
    ]
    return Chart(name, fig, title, subtitle, SOURCE, alt, out.reset_index(drop=True))


__all__ = ["change_distribution_chart", "spending_by_category_chart"]
