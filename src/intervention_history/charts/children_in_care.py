"""Chapter 5: children looked after at 31 March, count and rate per 10,000, council against England."""

from __future__ import annotations

import pandas as pd

from ..measures import children as cla
from ..measures.phases import CENSUS_31_MARCH, reference_day
from ..params import Params
from .base import (
    DARK_BLUE,
    DARK_GREY,
    MAROON,
    MID_GREY,
    PHASE_FILL,
    Chart,
    empty_chart,
    event_strip,
    frame_text,
    house_style,
    new_figure,
)

EVENT_CATEGORIES = ("government intervention", "trust")
FIRST_YEAR, LAST_YEAR = 2010, 2024
SOURCE = (
    "Source: DfE, Children looked after in England including adoptions, releases for 31 March 2010 to 2024 "
    "(2010 rate computed from the count and the mid-2009 population in the same file; 2019 on as published). "
    "Contains public sector information licensed under the OGL v3.0."
)
DATA_COLUMNS = ["area", "la_code", "year", "children_looked_after", "rate_per_10000", "rate_source", "release"]


def _x(year: int) -> pd.Timestamp:
    return reference_day(year, CENSUS_31_MARCH)


def title_for(la_name: str, top: dict) -> str:
    """The finding: latest count, change since the first year, latest rate against England's."""
    title = f"{la_name} looked after {top['last_count']:,.0f} children at 31 March {top['last_year']}"
    if top["change_pct"] is not None and top["first_year"] != top["last_year"]:
        pct = top["change_pct"]
        move = "the same as" if round(pct) == 0 else f"{'up' if pct > 0 else 'down'} {abs(pct):.0f}% on"
        title += f", {move} {top['first_year']}"
    if pd.notna(top["rate"]) and pd.notna(top["england_rate"]):
        rate, eng = top["rate"], top["england_rate"]
        side = "above" if rate > eng else "below" if rate < eng else "level with"
        title += (
            f"; its rate of {rate:.0f} per 10,000 children{' in ' + str(top['rate_year']) if top['rate_year'] != top['last_year'] else ''} "
            f"was {side} England's {eng:.0f}"
        )
    return title


def children_in_care_chart(
    council_rows: pd.DataFrame,
    england_rows: pd.DataFrame,
    la_name: str,
    params: Params,
    eras: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    phase_table: pd.DataFrame | None = None,
) -> Chart:
    """Two panels on one time axis: the council's count, then its rate per 10,000 against England's.

    Lines break at every year without a figure (2018; 2011 to 2017 for rates): nothing is interpolated.
    Phases of outside control (from eras, unless phase_table is given) are shaded; key events of
    government intervention or the trust are dotted lines.
    """
    name = "children_in_care"
    top = cla.headline(council_rows, england_rows)
    if top is None:
        return empty_chart(
            name,
            f"{la_name}: children looked after",
            "Children looked after at 31 March, 2010 to 2024.",
            SOURCE,
            f"No published count of children looked after for {la_name}",
        )
    if phase_table is None:
        from ..measures.phases import phases

        phase_table = phases(eras) if eras is not None else pd.DataFrame(columns=["phase", "start", "end"])
    has_eras = eras is not None and len(eras[eras["kind"].isin(["intervention", "trust"])]) > 0
    title = title_for(la_name, top)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    mine = council_rows.set_index("year").reindex(years)
    eng = england_rows.set_index("year").reindex(years)
    rated_years = [y for y in years if pd.notna(mine.loc[y, "rate_per_10000"])]
    missing = [y for y in years if y in cla.MISSING_YEARS]
    no_rate = [y for y in years if pd.notna(mine.loc[y, "children_looked_after"]) and y not in rated_years]
    subtitle = (
        f"Top: children looked after by {la_name} at 31 March. Bottom: children looked after per 10,000 children "
        f"aged under 18, {la_name} against England (England's count, {eng['children_looked_after'].dropna().iloc[-1]:,.0f} "
        f"in {int(eng['children_looked_after'].dropna().index[-1])}, is in the chart data). "
        + (f"No release covers {', '.join(map(str, missing))}: gap left. " if missing else "")
        + (f"{_span(no_rate)}: counts only, no rate published. " if no_rate else "")
        + ("Shaded: periods of outside control." if has_eras else f"No curated eras for {la_name}: nothing shaded.")
    )
    marked = pd.DataFrame()
    if has_eras and events is not None and len(events):
        lo, hi = _x(FIRST_YEAR) - pd.DateOffset(months=6), _x(LAST_YEAR) + pd.DateOffset(months=6)
        window = events["key"] & (events["date_earliest"] >= lo) & (events["date_earliest"] < hi)
        marked = events[window & events["category"].isin(EVENT_CATEGORIES)].sort_values("date_earliest")
    x = [_x(y) for y in years]
    x_lo, x_hi = _x(FIRST_YEAR) - pd.Timedelta(days=200), _x(LAST_YEAR) + pd.Timedelta(days=820)
    with house_style():
        if len(marked):
            fig, (strip, ax_n, ax_r) = new_figure(
                9.4, nrows=3, sharex=True, gridspec_kw={"height_ratios": [1.0, 3.2, 3.2], "hspace": 0.12}
            )
        else:
            fig, (ax_n, ax_r) = new_figure(8.4, nrows=2, sharex=True, gridspec_kw={"hspace": 0.12})
            strip = None
        counts = mine["children_looked_after"]
        ax_n.plot(x, counts, color=MAROON, marker="o", linewidth=2.5, markersize=5)
        n_top = counts.max() * 1.22
        ax_n.set_ylim(0, n_top)
        ax_n.set_ylabel("Children looked after")
        ax_n.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        last = counts.dropna()
        ax_n.annotate(
            f"{la_name}\n{last.iloc[-1]:,.0f}",
            (_x(int(last.index[-1])), last.iloc[-1]),
            xytext=(8, 0),
            textcoords="offset points",
            color=MAROON,
            fontsize=10,
            fontweight="bold",
            va="center",
        )
        rates = mine["rate_per_10000"]
        eng_rates = eng["rate_per_10000"]
        ax_r.plot(x, rates, color=MAROON, marker="o", linewidth=2.5, markersize=6)
        ax_r.plot(x, eng_rates, color=DARK_BLUE, marker="s", linewidth=2, linestyle="--", markersize=5)
        r_top = max(rates.max(), eng_rates.max()) * 1.3
        ax_r.set_ylim(0, r_top)
        ax_r.set_ylabel("Per 10,000 children")
        ends = [(rates.dropna(), la_name, MAROON, "bold"), (eng_rates.dropna(), "England", DARK_BLUE, "normal")]
        gap = r_top * 0.08
        ys = [s.iloc[-1] for s, *_ in ends]
        if abs(ys[0] - ys[1]) < gap:  # nudge the labels apart, keeping their order
            mid = sum(ys) / 2
            ys = [mid + gap / 2, mid - gap / 2] if ys[0] >= ys[1] else [mid - gap / 2, mid + gap / 2]
        for (series, label, colour, weight), y in zip(ends, ys, strict=True):
            if series.empty:
                continue
            ax_r.annotate(
                f"{label} {series.iloc[-1]:.0f}",
                (_x(int(series.index[-1])), series.iloc[-1]),
                xytext=(_x(int(series.index[-1])) + pd.Timedelta(days=40), y),
                color=colour,
                fontsize=10,
                fontweight=weight,
                va="center",
            )
        for ax, ceiling in ((ax_n, n_top), (ax_r, r_top)):
            for row in phase_table.itertuples():
                fill = PHASE_FILL.get(row.phase)
                if fill is None:
                    continue
                start = max(row.start, x_lo) if pd.notna(row.start) else x_lo
                end = min(row.end, x_hi) if pd.notna(row.end) else x_hi
                if end > start:
                    ax.axvspan(start, end, color=fill, zorder=0, linewidth=0)
                    if ax is ax_n:
                        ax.text(
                            start + pd.Timedelta(days=20),
                            ceiling * 0.97,
                            row.phase,
                            fontsize=10,
                            color=DARK_GREY,
                            va="top",
                        )
            for year in missing:
                ax.text(
                    _x(year), ceiling * 0.04, f"{year}\nno data", fontsize=10, color=MID_GREY, ha="center", va="bottom"
                )
        if no_rate:
            ax_r.text(
                (_x(no_rate[0]) + (_x(no_rate[-1]) - _x(no_rate[0])) / 2),
                r_top * 0.45,
                f"{_span(no_rate)}: counts only,\nno rate published",
                fontsize=10,
                color=MID_GREY,
                ha="center",
                va="center",
            )
        ax_r.set_xlim(x_lo, x_hi)
        ax_r.set_xticks([_x(y) for y in years[::2]], [str(y) for y in years[::2]])
        if strip is not None:
            event_strip(strip, ax_n, marked)
            for label in strip.texts:  # a label sits over any dotted line that passes behind it
                label.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.5})
                label.set_zorder(3)
            for row in marked.itertuples():
                ax_r.axvline(row.date_earliest, color=MID_GREY, linestyle=":", linewidth=1, zorder=0)
        frame_text(fig, title, subtitle, SOURCE, bottom_in=0.55, left=0.09)
    out = pd.concat(
        [
            council_rows.assign(area=la_name),
            england_rows.assign(area="England"),
        ],
        ignore_index=True,
    )
    out = out[(out["year"] >= FIRST_YEAR) & (out["year"] <= LAST_YEAR)]
    out = out[DATA_COLUMNS].reset_index(drop=True)
    out["la_code"] = out["la_code"].astype("Int64")
    out["children_looked_after"] = out["children_looked_after"].astype("Int64")
    out["rate_per_10000"] = out["rate_per_10000"].astype("Int64")
    counts_text = "; ".join(f"{y} {v:,.0f}" for y, v in counts.dropna().items())
    rates_text = "; ".join(
        f"{y} {rates[y]:.0f} against {eng_rates[y]:.0f}" if pd.notna(eng_rates[y]) else f"{y} {rates[y]:.0f}"
        for y in rated_years
    )
    alt = (
        f"{title}. Two line charts sharing a time axis. Children looked after by {la_name} at 31 March: {counts_text}. "
        f"Rate per 10,000 children, {la_name} against England: {rates_text or 'none published'}."
        + (f" No data for {', '.join(map(str, missing))}." if missing else "")
        + ("" if has_eras else f" No curated eras for {la_name}.")
    )
    chart = Chart(name, fig, title, subtitle, SOURCE, alt, out)
    chart.comparisons = ()
    return chart


def _span(years: list[int]) -> str:
    """2011 to 2017, or one year, or a list when the years are not consecutive."""
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]} to {years[-1]}"
    return ", ".join(map(str, years))
