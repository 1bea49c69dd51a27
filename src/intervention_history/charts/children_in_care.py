"""Chapter 5: children looked after per 10,000 children, 2010 to 2025, the council against England.

`children_in_care_chart` draws computed rates apart from published ones, shades eras of outside
control, breaks lines at gaps (never interpolates) and takes optional band_low / band_high series
(e.g. statistical neighbours) to shade.
"""

from __future__ import annotations

import pandas as pd

from ..measures import children as cla
from ..params import Params
from ..text import years_text
from .base import (
    DARK_BLUE,
    DARK_GREY,
    MAROON,
    MID_GREY,
    Chart,
    empty_chart,
    event_strip,
    frame_text,
    house_style,
    new_figure,
)
from .yearly import phase_rows, shade_band, shade_phases, year_x

EVENT_CATEGORIES = ("government intervention", "trust")
CLA_SOURCE = (
    "Source: DfE, Children looked after in England including adoptions, 31 March 2010 to 2025: rates as published "
    "(2011-2016 local authority tables LAA1; 2018 on the statistics service), 2010 computed from the count and "
    "population in the same release, 2017 from the count and the ONS mid-2016 population. "
    "Contains public sector information licensed under the OGL v3.0."
)
CLA_DATA_COLUMNS = [
    "area",
    "la_code",
    "year",
    "children_looked_after",
    "population_0_17",
    "rate_per_10000",
    "rate_source",
    "release",
    "rate_release",
]


def _sourced_line(ax, x_of, rates: pd.DataFrame, colour: str, marker: str, size: float, width: float, dashes: str):
    """A rate line whose published points are filled and joined solid; computed ones hollow, joined dotted.

    A segment is drawn only between consecutive years that both have a rate, so gaps stay gaps.
    """
    by_year = rates.set_index("year")
    for year in by_year.index:
        nxt = year + 1
        if nxt not in by_year.index or pd.isna(by_year.loc[year, "rate_per_10000"]):
            continue
        if pd.isna(by_year.loc[nxt, "rate_per_10000"]):
            continue
        computed = "computed" in (by_year.loc[year, "rate_source"], by_year.loc[nxt, "rate_source"])
        ax.plot(
            [x_of(year), x_of(nxt)],
            [by_year.loc[year, "rate_per_10000"], by_year.loc[nxt, "rate_per_10000"]],
            color=colour,
            linewidth=width * (0.7 if computed else 1),
            linestyle=":" if computed else dashes,
            zorder=3,
        )
    published = rates[rates["rate_source"] == "published"]
    computed = rates[rates["rate_source"] == "computed"]
    ax.plot(
        [x_of(y) for y in published["year"]],
        published["rate_per_10000"],
        linestyle="none",
        marker=marker,
        markersize=size,
        color=colour,
        zorder=4,
    )
    ax.plot(
        [x_of(y) for y in computed["year"]],
        computed["rate_per_10000"],
        linestyle="none",
        marker=marker,
        markersize=size + 1,
        markerfacecolor="white",
        markeredgecolor=colour,
        markeredgewidth=1.8,
        zorder=5,
    )


def _side(value: float, other: float, decimals: int = 0) -> str:
    """Above, below or level with, as the figures are shown (rounded to ``decimals``)."""
    value, other = round(value, decimals), round(other, decimals)
    return "above" if value > other else "below" if value < other else "level with"


# ---------------------------------------------------------------- children looked after


def cla_title(la_name: str, top: dict) -> str:
    """The finding, in rates: the latest rate against England's, and the move since the first year."""
    title = f"{la_name} looked after {top['rate']:.0f} children in every 10,000 at 31 March {top['year']}" + (
        f", {_side(top['rate'], top['england'])} England's {top['england']:.0f}" if pd.notna(top["england"]) else ""
    )
    if top["first_year"] != top["year"]:
        change = top["change"]
        move = "the same as" if round(change) == 0 else f"{'up' if change > 0 else 'down'} from"
        title += f", {move} {top['first_rate']:.0f} in {top['first_year']}"
    if top.get("peak_year") not in (None, top["year"], top["first_year"]):
        title += f"; its highest was {top['peak']:.0f}, in {top['peak_year']}"
    return title


def children_in_care_chart(
    council_rows: pd.DataFrame,
    england_rows: pd.DataFrame,
    la_name: str,
    params: Params,
    eras: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    phase_table: pd.DataFrame | None = None,
    band_low: pd.Series | None = None,
    band_high: pd.Series | None = None,
    band_label: str = "statistical neighbours (range)",
    neighbours_median: pd.Series | None = None,
) -> Chart:
    """Children looked after per 10,000 children aged under 18, the council against England, 2010 to 2025.
    neighbours_median (by year): the title says where the council stands among its neighbours.

    Published rates are filled points joined by solid lines; computed ones (2010, 2017) hollow points
    joined by dotted lines, with a legend entry. A year without a rate is a gap. band_low/band_high:
    optional series indexed by year, shaded behind the lines.
    """
    name = "children_in_care"
    years = list(cla.YEARS)
    first_year, last_year = years[0], years[-1]
    top = cla.rate_headline(council_rows, england_rows)
    if top is None:
        return empty_chart(
            name,
            f"{la_name}: children looked after per 10,000 children",
            f"Children looked after at 31 March, {first_year} to {last_year}.",
            CLA_SOURCE,
            f"No rate of children looked after for {la_name} in the DfE's releases",
        )
    phase_table = phase_rows(eras, phase_table)
    has_eras = eras is not None and len(eras[eras["kind"].isin(["intervention", "trust"])]) > 0
    mine, eng = cla.rate_series(council_rows, years), cla.rate_series(england_rows, years)
    computed = sorted({int(y) for y in mine.loc[mine["rate_source"] == "computed", "year"]})
    gaps = cla.no_rate_years(council_rows, years)
    held = [int(y) for y in council_rows["year"]]
    # years before or after the council's rows: said once; gaps within its span: labelled on the chart
    outside = [y for y in gaps if not held or y < min(held) or y > max(held)]
    inside = {y: why for y, why in gaps.items() if y not in outside}
    title = cla_title(la_name, top)
    if neighbours_median is not None and pd.notna(neighbours_median.get(top["year"])):
        median = neighbours_median.get(top["year"])
        title = title.replace(
            f" at 31 March {top['year']}",
            f" at 31 March {top['year']} ({_side(top['rate'], median)} its neighbours' median council, {median:.0f})",
            1,
        )
    subtitle = (
        f"Children looked after at 31 March per 10,000 children aged under 18, {la_name} against England. "
        "Filled points: rates the DfE published. "
        + (
            f"Hollow points on dotted lines: computed here from the count and the population ({years_text(computed)}), "
            "not published. "
            if computed
            else ""
        )
        + (
            f"No row for {la_name} in {years_text(outside)} (the council did not exist or the release has none). "
            if outside
            else ""
        )
        + "".join(f"{y}: no rate ({why}), a gap. " for y, why in inside.items())
        + ("Shaded: periods of outside control." if has_eras else f"No curated eras for {la_name}: nothing shaded.")
    )
    marked = pd.DataFrame()
    if has_eras and events is not None and len(events):
        lo, hi = year_x(first_year) - pd.DateOffset(months=6), year_x(last_year) + pd.DateOffset(months=6)
        window = events["key"] & (events["date_earliest"] >= lo) & (events["date_earliest"] < hi)
        marked = events[window & events["category"].isin(EVENT_CATEGORIES)].sort_values("date_earliest")
    x_lo, x_hi = year_x(first_year) - pd.Timedelta(days=200), year_x(last_year) + pd.Timedelta(days=900)
    with house_style():
        if len(marked):
            fig, (strip, ax) = new_figure(
                7.6, nrows=2, sharex=True, gridspec_kw={"height_ratios": [1.0, 4.0], "hspace": 0.08}
            )
        else:
            fig, ax = new_figure(6.2)
            strip = None
        top_y = max(mine["rate_per_10000"].max(), eng["rate_per_10000"].max()) * 1.25
        if band_high is not None:
            top_y = max(top_y, pd.Series(band_high, dtype="float64").max() * 1.1)
        ax.set_ylim(0, top_y)
        shade_phases(ax, phase_table, x_lo, x_hi, label_at=top_y * 0.98)
        banded = shade_band(ax, year_x, band_low, band_high, band_label)
        _sourced_line(ax, year_x, eng, DARK_BLUE, "s", 5, 2, "--")
        _sourced_line(ax, year_x, mine, MAROON, "o", 6, 2.5, "-")
        ax.set_ylabel("Per 10,000 children under 18")
        ends = [(mine, la_name, MAROON, "bold"), (eng, "England", DARK_BLUE, "normal")]
        ys = [s["rate_per_10000"].dropna().iloc[-1] for s, *_ in ends]
        gap = top_y * 0.07
        if abs(ys[0] - ys[1]) < gap:  # nudge the labels apart, keeping their order
            mid = sum(ys) / 2
            ys = [mid + gap / 2, mid - gap / 2] if ys[0] >= ys[1] else [mid - gap / 2, mid + gap / 2]
        for (series, label, colour, weight), y in zip(ends, ys, strict=True):
            last = series.dropna(subset=["rate_per_10000"]).iloc[-1]
            ax.annotate(
                f"{label} {last.rate_per_10000:.0f}",
                (year_x(int(last.year)), last.rate_per_10000),
                xytext=(year_x(int(last.year)) + pd.Timedelta(days=60), y),
                color=colour,
                fontsize=10,
                fontweight=weight,
                va="center",
            )
        for year in inside:
            ax.text(
                year_x(year), top_y * 0.03, f"{year}\nno rate", fontsize=10, color=MID_GREY, ha="center", va="bottom"
            )
        handles = [
            ax.plot([], [], color=MAROON, marker="o", linewidth=2.5, label=f"{la_name}, published")[0],
            ax.plot([], [], color=DARK_BLUE, marker="s", linestyle="--", linewidth=2, label="England, published")[0],
        ]
        if (mine["rate_source"] == "computed").any() or (eng["rate_source"] == "computed").any():
            handles.append(
                ax.plot(
                    [],
                    [],
                    color=DARK_GREY,
                    marker="o",
                    markerfacecolor="white",
                    markeredgewidth=1.8,
                    linestyle=":",
                    label="computed here, not published",
                )[0]
            )
        if banded:
            handles.append(ax.collections[-1])
        ax.legend(handles=handles, loc="lower left", frameon=True, framealpha=0.9, fontsize=10, ncol=len(handles))
        ax.set_xlim(x_lo, x_hi)
        ax.set_xticks([year_x(y) for y in years[::2]], [str(y) for y in years[::2]])
        ax.grid(axis="y", color="0.9")
        if strip is not None:
            event_strip(strip, ax, marked)
            for label in strip.texts:
                label.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.5})
                label.set_zorder(3)
        frame_text(fig, title, subtitle, CLA_SOURCE, bottom_in=0.55, left=0.08)
    out = pd.concat([council_rows.assign(area=la_name), england_rows.assign(area="England")], ignore_index=True)
    out = out[(out["year"] >= first_year) & (out["year"] <= last_year)]
    out = out[[c for c in CLA_DATA_COLUMNS if c in out.columns]].reset_index(drop=True)
    for column in ("la_code", "children_looked_after", "population_0_17", "rate_per_10000"):
        if column in out.columns:
            out[column] = out[column].astype("Int64")

    def listing(series: pd.DataFrame) -> str:
        return "; ".join(
            f"{int(r.year)} {r.rate_per_10000:.0f}" + (" (computed)" if r.rate_source == "computed" else "")
            for r in series.dropna(subset=["rate_per_10000"]).itertuples()
        )

    alt = (
        f"{title}. Line chart of children looked after per 10,000 children, {first_year} to {last_year}. "
        f"{la_name}: {listing(mine)}. England: {listing(eng)}."
        + (f" No rate for {years_text(list(gaps))}." if gaps else "")
        + ("" if has_eras else f" No curated eras for {la_name}.")
    )
    chart = Chart(name, fig, title, subtitle, CLA_SOURCE, alt, out)
    chart.comparisons = ()
    return chart


def children_in_care_for(ctx, band_low=None, band_high=None, neighbours_median=None) -> Chart:
    """The looked-after chart for a CouncilContext (measures.context)."""
    table = ctx.children_looked_after
    return children_in_care_chart(
        cla.council(table, ctx.la_code),
        cla.england(table),
        ctx.la_name,
        ctx.params,
        ctx.eras,
        ctx.table("events"),
        band_low=band_low,
        band_high=band_high,
        neighbours_median=neighbours_median,
    )
