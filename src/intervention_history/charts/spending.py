"""Chapter 4 charts: spending through the intervention (section 251). Draws only; measures come from spending.py."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from .. import geography
from ..measures import spending as s251
from ..measures.prices import PRICE_BASE, price_note
from ..params import Params
from ..text import money, percent_change
from .base import (
    DARK_GREY,
    MAROON,
    MID_GREY,
    PALETTE,
    PHASE_FILL,
    Chart,
    empty_chart,
    event_strip,
    frame_text,
    house_style,
    new_figure,
)

INTERVENTION_CATEGORIES = (
    "government intervention",
    "corporate intervention",
    "review",
    "improvement partner",
    "trust",
)
SOURCE = (
    "Source: DfE section 251 outturn 2008-09 to 2013-14 and section 251 time series 2015-16 on, net current "
    "expenditure, categories harmonised (data/reference/); HM Treasury GDP deflator. Contains public sector "
    "information licensed under the OGL v3.0."
)
GAP_YEAR = "2014-15"


def fy_start(financial_year: str) -> pd.Timestamp:
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


def _in_prices(prices: str) -> str:
    return "in real terms" if prices == "real" else "in cash terms"


def spending_by_category_chart(
    series: pd.DataFrame,
    la_name: str,
    params: Params,
    phase_table: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> Chart:
    name = "spending_by_category"
    prices = params.prices
    if series.empty:
        return empty_chart(name, f"{la_name}: spending", "", SOURCE, f"No section 251 spending for {la_name}")
    change = s251.headline_change(series)
    value = prices  # the column drawn: "real" or "cash"
    years = sorted(series["financial_year"].unique())
    first, last = years[0], years[-1]
    start_value, end_value = (
        (change.start_real, change.end_real) if prices == "real" else (change.start_cash, change.end_cash)
    )
    # In money, not per cent: the percentages are the prose's and the next chart's findings.
    title = (
        f"Like for like, {la_name} spent {money(abs(end_value - start_value))} "
        f"{'more' if end_value >= start_value else 'less'} on children's services in {change.end_year} than in "
        f"{change.start_year}, {_in_prices(prices)}"
    )
    top = s251.driver(series, change, prices)
    if top is not None:
        title += f", {money(abs(top.difference))} of it on {top.category}"
    if change.source == s251.OUTTURN:  # the change itself is the next chart's finding: say something else
        latest = series[series["financial_year"] == last].sort_values(value, ascending=False).iloc[0]
        share = latest[value] / series.loc[series["financial_year"] == last, value].sum() * 100
        title = (
            f"{latest.category.capitalize()} was {la_name}'s largest area of children's services spending in {last}: "
            f"{money(latest[value])}, {share:.0f}% of the total"
        )
    breaks = s251.scope_changes(years)
    gap = GAP_YEAR if first < GAP_YEAR < last and GAP_YEAR not in years else None
    subtitle = (
        f"Net current expenditure by category, £ million, {price_note(prices)}. The headline compares like with like: "
        f"{s251.scope_label(list(change.categories))}, {money(start_value)} to {money(end_value)} "
        f"({change.pct(prices):+.0f}%)."
        + (f" {gap}: published by the DfE but not held by this project (left as a gap)." if gap else "")
        + (" Dashed line: categories enter the return." if len(breaks) else "")
    )
    marked = pd.DataFrame()
    if events is not None and len(events):
        lo, hi = fy_start(first), fy_start(last) + pd.DateOffset(years=1)
        in_window = events["key"] & (events["date_earliest"] >= lo) & (events["date_earliest"] < hi)
        marked = events[in_window & events["category"].isin(INTERVENTION_CATEGORIES)].sort_values("date_earliest")
    shown = series[series["covered"]]
    categories = [c for c in s251.CATEGORIES if c in set(shown["category"])]
    all_years = [f"{y}-{str(y + 1)[2:]}" for y in range(int(first[:4]), int(last[:4]) + 1)]
    with house_style():
        if len(marked):
            fig, (strip, ax) = new_figure(
                8.6, nrows=2, sharex=True, gridspec_kw={"height_ratios": [1.5, 4.5], "hspace": 0.04}
            )
        else:
            fig, ax = new_figure(7.0)
            strip = None
        ends = []
        for i, category in enumerate(categories):
            line = shown[shown["category"] == category].set_index("financial_year").reindex(all_years)
            x = [fy_start(y) for y in all_years]
            colour = PALETTE[i % len(PALETTE)]
            ax.plot(x, line[value] / 1e6, color=colour, marker="os^Dv<>"[i % 7], linewidth=2, markersize=5)
            last_point = line[value].dropna()
            ends.append((last_point.iloc[-1] / 1e6, category, colour, fy_start(last_point.index[-1])))
        top = max(v for v, *_ in ends)
        ax.set_ylim(0, top * 1.12)
        positions = _spread([v for v, *_ in ends], top * 0.075)
        for (val, category, colour, x), y in zip(ends, positions, strict=True):
            ax.annotate(
                category,
                (x, val),
                xytext=(x + pd.Timedelta(days=80), y),
                fontsize=10,
                color=colour,
                va="center",
                arrowprops={"arrowstyle": "-", "color": "0.75", "linewidth": 0.5},
            )
        x_lo, x_hi = fy_start(first) - pd.Timedelta(days=120), fy_start(last) + pd.Timedelta(days=1900)
        ax.set_xlim(x_lo, x_hi)
        shaded: list[str] = []
        if phase_table is not None:
            for row in phase_table.itertuples():
                fill = PHASE_FILL.get(getattr(row, "kind", None) or row.phase)  # phases.py's kind, else its name
                if fill is None:
                    continue
                start = max(row.start, x_lo) if pd.notna(row.start) else x_lo
                end = min(row.end, fy_start(last) + pd.DateOffset(years=1)) if pd.notna(row.end) else x_hi
                if end <= start:
                    continue
                ax.axvspan(start, end, color=fill, zorder=0, linewidth=0)
                number = list(phase_table["phase"]).index(row.phase) + 1
                shaded.append(f"{number} {row.phase}")
                ax.text(start + pd.Timedelta(days=20), top * 1.1, str(number), fontsize=11, color=DARK_GREY, va="top")
        for brk in breaks.itertuples():
            x = fy_start(brk.financial_year) - pd.Timedelta(days=45)
            ax.axvline(x, color=DARK_GREY, linestyle="--", linewidth=1)
            ax.text(
                x + pd.Timedelta(days=20),
                top * 1.02,
                "\n".join(textwrap.wrap(" and ".join(brk.entering) + " enter the return", 26)),
                fontsize=10,
                color=DARK_GREY,
                va="top",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5, "alpha": 0.85},
            )
        if gap:
            ax.text(
                fy_start(gap) + pd.Timedelta(days=182),
                top * 0.93,
                f"{gap}\nnot held",
                fontsize=10,
                color=MID_GREY,
                ha="center",
            )
        ax.set_xticks([fy_start(y) for y in all_years[::2]], all_years[::2])
        ax.yaxis.set_major_formatter(lambda v, _: f"£{v:.0f}m")
        if strip is not None:
            event_strip(strip, ax, marked)
        if shaded:
            subtitle += f" Shaded, numbered phases: {'; '.join(shaded)}."
        frame_text(fig, title, subtitle, SOURCE, bottom_in=0.6)
    total = s251.total_on_scope(series, years)
    summary = "; ".join(f"{r.financial_year} {money(getattr(r, value))}" for r in total.itertuples())
    alt = (
        f"{title}. Line chart of net spending in {len(categories)} categories, {first} to {last}, {price_note(prices)}; "
        f"{gap} not held by this project. "
        if gap
        else f"{title}. Line chart of net spending in {len(categories)} categories, {first} to {last}, {price_note(prices)}. "
    ) + f"Total of the categories reported in every year, by year: {summary}."
    out = series[["area", "financial_year", "source", "category", "covered", "cash", "real"]].copy()
    out["price_base"] = PRICE_BASE
    chart = Chart(name, fig, title, subtitle, SOURCE, alt, out.reset_index(drop=True))
    chart.comparisons = (change,)
    return chart


def change_distribution_chart(table: pd.DataFrame, council: str | int, params: Params) -> Chart:
    name = "spending_change"
    prices = params.prices
    code, la_name = s251.find_council(table, council)
    ranks = s251.change_and_rank(table)
    ranks = ranks[(ranks["category"] == s251.LIKE_FOR_LIKE) & ranks["change_pct"].notna()]
    pct_column = "change_pct" if prices == "real" else "change_pct_cash"
    ranks = ranks.assign(shown_pct=ranks[pct_column])
    mine = ranks[ranks["la_code"] == code]
    if mine.empty:
        return empty_chart(name, f"{la_name}: change in spending", "", SOURCE, f"No comparable spending for {la_name}")
    me = mine.iloc[0]
    ranked = ranks[ranks["rank"].notna()]
    median = ranked["shown_pct"].median()
    n = len(ranked)
    rank_words = f"ranked {int(me['rank'])} of {n} councils" if pd.notna(me["rank"]) else "not ranked (too small)"
    scope = me.scope.split("; ")
    title = (
        f"Like for like, {la_name}'s spending {percent_change(me.shown_pct)} {_in_prices(prices)} from {me.base} to "
        f"{me.end_year}, {rank_words} (median council {median:+.0f}%)"
    )
    subtitle = (
        f"Change in net current expenditure on {s251.scope_label(scope)}, {price_note(prices)}; {s251.ALL_COUNCILS_NOTE}, "
        f"the years of the outturn files, which cover every council. Base: {me.base}, so that no single year sets it. "
        f"Rank 1 = largest rise; {geography.RANK_RULE}."
    )
    with house_style():
        fig, ax = new_figure(6.0)
        values = ranks["shown_pct"]
        lo, hi = np.nanpercentile(values, [0.5, 99.5])
        clipped = int(((values < lo) | (values > hi)).sum())
        # Plain matplotlib: seaborn's histplot drew the same bars but cost every report a second of SciPy imports.
        ax.hist(values.clip(lo, hi), bins=40, color="#667E99", edgecolor="white")
        ax.axvline(median, color=DARK_GREY, linestyle="--", linewidth=1.5)
        ymax = ax.get_ylim()[1]
        ax.text(
            median,
            ymax * 0.97,
            f" median council {median:+.0f}%",
            color=DARK_GREY,
            fontsize=10,
            va="top",
            ha="left" if me.shown_pct < median else "right",
        )
        ax.axvline(me.shown_pct, color=MAROON, linewidth=2.5)
        ax.text(
            me.shown_pct,
            ymax * 0.82,
            f" {la_name} {me.shown_pct:+.0f}%\n {rank_words.replace('ranked ', 'rank ')}",
            color=MAROON,
            fontsize=11,
            fontweight="bold",
            va="top",
            ha="left" if me.shown_pct >= median else "right",
        )
        ax.set_xlabel(f"Change in net spending, % ({'real terms' if prices == 'real' else 'cash'})")
        ax.set_ylabel("Number of councils")
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:+.0f}%")
        note = f" {clipped} extreme councils drawn at the edges." if clipped else ""
        frame_text(fig, title, subtitle + note, SOURCE, bottom_in=0.9)
    alt = (
        f"{title}. Histogram of {n} councils' like-for-like change in net spending, {me.start_year} to {me.end_year}, "
        f"{price_note(prices)}; {la_name} marked at {me.shown_pct:+.1f}%, median {median:+.1f}%."
    )
    out = ranks[
        [
            "la_code",
            "la_name",
            "start_year",
            "end_year",
            "scope",
            "start_cash",
            "end_cash",
            "start_value",
            "end_value",
            "change_pct",
            "change_pct_cash",
            "rank",
        ]
    ].rename(columns={"start_value": "start_real", "end_value": "end_real", "change_pct": "change_pct_real"})
    out["price_base"] = PRICE_BASE
    chart = Chart(name, fig, title, subtitle, SOURCE, alt, out.reset_index(drop=True))
    chart.comparisons = (
        s251.Change(
            "rank",
            me.start_year,
            me.end_year,
            s251.OUTTURN,
            tuple(scope),
            me.start_cash,
            me.end_cash,
            me.start_value,
            me.end_value,
        ),
    )
    return chart


__all__ = ["change_distribution_chart", "spending_by_category_chart"]
