"""Chapter 5: children looked after, in need and on protection plans, as rates, the council against England.

Two charts. `children_in_care_chart`: children looked after per 10,000 children, 2010 to 2025, with
computed rates drawn apart from published ones. `children_in_need_chart`: five panels, 2013 to 2025,
children in need, section 47 enquiries and child protection plans per 10,000, and the re-referral and
second-or-subsequent-plan percentages. Both shade eras of outside control, break lines at gaps (never
interpolate), and take optional band_low / band_high series (e.g. statistical neighbours) to shade.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from ..measures import children as cla
from ..measures import protection as cin
from ..measures.phases import CENSUS_31_MARCH, phases, reference_day
from ..params import Params
from .base import (
    DARK_BLUE,
    DARK_GREY,
    MAROON,
    MID_GREY,
    ORANGE,
    PHASE_FILL,
    Chart,
    empty_chart,
    event_strip,
    frame_text,
    house_style,
    new_figure,
)

EVENT_CATEGORIES = ("government intervention", "trust")
BAND_FILL = "#DDDDDD"
CLA_SOURCE = (
    "Source: DfE, Children looked after in England including adoptions, 31 March 2010 to 2025: rates as published "
    "(2011-2016 local authority tables LAA1; 2018 on the statistics service), 2010 computed from the count and "
    "population in the same release, 2017 from the count and the ONS mid-2016 population. "
    "Contains public sector information licensed under the OGL v3.0."
)
CIN_SOURCE = (
    "Source: DfE, Characteristics of children in need, 2013 to 2025 (percentages as published; rates computed from "
    "the counts and the ONS mid-year population aged 0-17 of the year before). "
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


def _x(year: int) -> pd.Timestamp:
    return reference_day(year, CENSUS_31_MARCH)


def _phase_table(eras: pd.DataFrame | None, phase_table: pd.DataFrame | None) -> pd.DataFrame:
    if phase_table is not None:
        return phase_table
    return phases(eras) if eras is not None else pd.DataFrame(columns=["phase", "start", "end"])


def _shade(ax, phase_table: pd.DataFrame, x_lo, x_hi, label_at: float | None = None) -> None:
    """Shade each phase of outside control; label it at the top when label_at (a y value) is given and
    the phase is wide enough on this axis for its label."""
    for row in phase_table.itertuples():
        fill = PHASE_FILL.get(getattr(row, "kind", None) or row.phase)  # phases.py's kind, else its name
        if fill is None:
            continue
        start = max(row.start, x_lo) if pd.notna(row.start) else x_lo
        end = min(row.end, x_hi) if pd.notna(row.end) else x_hi
        if end > start:
            ax.axvspan(start, end, color=fill, zorder=0, linewidth=0)
            if label_at is not None and end - start >= pd.Timedelta(days=730):
                ax.text(
                    start + pd.Timedelta(days=20),
                    label_at,
                    row.phase.replace(", ", ",\n"),
                    fontsize=10,
                    color=DARK_GREY,
                    va="top",
                    clip_on=True,
                )


def _band(ax, x_of, band_low, band_high, label: str | None) -> bool:
    """Shade between two optional series indexed by year; True when something was drawn."""
    if band_low is None or band_high is None:
        return False
    both = pd.concat([pd.Series(band_low, dtype="float64"), pd.Series(band_high, dtype="float64")], axis=1).dropna()
    if both.empty:
        return False
    ax.fill_between(
        [x_of(int(y)) for y in both.index],
        both.iloc[:, 0],
        both.iloc[:, 1],
        color=BAND_FILL,
        alpha=0.7,
        zorder=1,
        linewidth=0,
        label=label,
    )
    return True


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


def _years_text(years: list[int]) -> str:
    """2011 to 2016 and 2018 to 2025; runs of consecutive years are joined."""
    years = sorted(int(y) for y in years)
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][-1] + 1:
            spans[-1].append(year)
        else:
            spans.append([year])
    parts = [
        f"{s[0]} to {s[-1]}" if len(s) > 2 else " and ".join(map(str, s)) if len(s) == 2 else str(s[0]) for s in spans
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


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
) -> Chart:
    """Children looked after per 10,000 children aged under 18, the council against England, 2010 to 2025.

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
    phase_table = _phase_table(eras, phase_table)
    has_eras = eras is not None and len(eras[eras["kind"].isin(["intervention", "trust"])]) > 0
    mine, eng = cla.rate_series(council_rows, years), cla.rate_series(england_rows, years)
    computed = sorted({int(y) for y in mine.loc[mine["rate_source"] == "computed", "year"]})
    gaps = cla.no_rate_years(council_rows, years)
    held = [int(y) for y in council_rows["year"]]
    # years before or after the council's rows: said once; gaps within its span: labelled on the chart
    outside = [y for y in gaps if not held or y < min(held) or y > max(held)]
    inside = {y: why for y, why in gaps.items() if y not in outside}
    title = cla_title(la_name, top)
    subtitle = (
        f"Children looked after at 31 March per 10,000 children aged under 18, {la_name} against England. "
        "Filled points: rates the DfE published. "
        + (
            f"Hollow points on dotted lines: computed here from the count and the population ({_years_text(computed)}), "
            "not published. "
            if computed
            else ""
        )
        + (
            f"No row for {la_name} in {_years_text(outside)} (the council did not exist or the release has none). "
            if outside
            else ""
        )
        + "".join(f"{y}: no rate ({why}), a gap. " for y, why in inside.items())
        + ("Shaded: periods of outside control." if has_eras else f"No curated eras for {la_name}: nothing shaded.")
    )
    marked = pd.DataFrame()
    if has_eras and events is not None and len(events):
        lo, hi = _x(first_year) - pd.DateOffset(months=6), _x(last_year) + pd.DateOffset(months=6)
        window = events["key"] & (events["date_earliest"] >= lo) & (events["date_earliest"] < hi)
        marked = events[window & events["category"].isin(EVENT_CATEGORIES)].sort_values("date_earliest")
    x_lo, x_hi = _x(first_year) - pd.Timedelta(days=200), _x(last_year) + pd.Timedelta(days=900)
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
        _shade(ax, phase_table, x_lo, x_hi, label_at=top_y * 0.98)
        banded = _band(ax, _x, band_low, band_high, band_label)
        _sourced_line(ax, _x, eng, DARK_BLUE, "s", 5, 2, "--")
        _sourced_line(ax, _x, mine, MAROON, "o", 6, 2.5, "-")
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
                (_x(int(last.year)), last.rate_per_10000),
                xytext=(_x(int(last.year)) + pd.Timedelta(days=60), y),
                color=colour,
                fontsize=10,
                fontweight=weight,
                va="center",
            )
        for year in inside:
            ax.text(_x(year), top_y * 0.03, f"{year}\nno rate", fontsize=10, color=MID_GREY, ha="center", va="bottom")
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
        ax.set_xticks([_x(y) for y in years[::2]], [str(y) for y in years[::2]])
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
        + (f" No rate for {_years_text(list(gaps))}." if gaps else "")
        + ("" if has_eras else f" No curated eras for {la_name}.")
    )
    chart = Chart(name, fig, title, subtitle, CLA_SOURCE, alt, out)
    chart.comparisons = ()
    return chart


# ---------------------------------------------------------------- children in need and protection


def cin_title(la_name: str, latest: dict[str, dict | None], jumps: list) -> str:
    """The finding, in rates: children in need and on plans per 10,000 against England, latest year."""
    found = [
        (key, words, latest.get(key))
        for key, words in (
            ("children_in_need", "were children in need"),
            ("protection_plans", "on a child protection plan"),
        )
    ]
    found = [(key, words, top) for key, words, top in found if top is not None]
    if not found:
        return f"{la_name}: children in need and child protection"
    year = max(top["year"] for _, _, top in found)
    parts = []
    for _, words, top in found:
        part = f"{top['value']:.0f} {words}" + (f" in {top['year']}" if top["year"] != year else "")
        if pd.notna(top["england"]):
            part += f" (England {top['england']:.0f})"
        parts.append(part)
    title = f"At 31 March {year}, of every 10,000 children in {la_name}, " + " and ".join(parts)
    if jumps:
        title += f"; {len(jumps)} figure{'s' if len(jumps) != 1 else ''} to check with the council's return"
    return title


def children_in_need_chart(
    cin_rows: pd.DataFrame,
    england_rows: pd.DataFrame,
    la_name: str,
    params: Params,
    eras: pd.DataFrame | None = None,
    phase_table: pd.DataFrame | None = None,
    bands: dict[str, tuple[pd.Series, pd.Series]] | None = None,
    band_label: str = "statistical neighbours (range)",
) -> Chart:
    """Five panels, 2013 to 2025: the council's line against England's for each measure in protection.MEASURES.

    Gaps stay gaps; a `u` year (low reliability, no number published) is hatched and labelled `u`; a
    suppressed or unavailable year is named in the panel; a figure flagged by
    protection.one_year_jumps is ringed. bands: {measure key: (low, high)} series indexed by year.
    """
    name = "children_in_need"
    if cin_rows.empty:
        return empty_chart(
            name,
            f"{la_name}: children in need and child protection",
            f"Children in need census, {cin.FIRST_YEAR} to {cin.LAST_YEAR}.",
            CIN_SOURCE,
            f"No children in need figures for {la_name} in the DfE's files",
        )
    phase_table = _phase_table(eras, phase_table)
    has_eras = eras is not None and len(eras[eras["kind"].isin(["intervention", "trust"])]) > 0
    years = list(range(cin.FIRST_YEAR, cin.LAST_YEAR + 1))
    mine = {m.key: cin.series(cin_rows, m) for m in cin.MEASURES}
    eng = {m.key: cin.series(england_rows, m) for m in cin.MEASURES}
    jumps = [j for m in cin.MEASURES for j in cin.one_year_jumps(mine[m.key], eng[m.key], m)]
    latest = {m.key: cin.latest(mine[m.key], eng[m.key]) for m in cin.MEASURES}
    title = cin_title(la_name, latest, jumps)
    low_years = sorted({int(y) for s in mine.values() for y in s.loc[s["status"] == "u", "year"]})
    subtitle = (
        f"{la_name} (solid) against England (dashed). Top three panels per 10,000 children aged 0-17, bottom two "
        "percentages. Lines break where there is no figure"
        + (
            f"; hatched, marked u: the DfE flags the return as low reliability and gives no figure ({_years_text(low_years)})"
            if low_years
            else ""
        )
        + (
            "; ringed: a one-year jump far beyond the council's own series and England's, a question about the return (rule in the text)"
            if jumps
            else ""
        )
        + ". "
        + ("Shaded: periods of outside control." if has_eras else f"No curated eras for {la_name}: nothing shaded.")
    )
    x_lo, x_hi = _x(years[0]) - pd.Timedelta(days=200), _x(years[-1]) + pd.Timedelta(days=520)
    notes_text = []
    with house_style():
        fig, axes = new_figure(11.5, nrows=3, ncols=2, sharex=True, gridspec_kw={"hspace": 0.42, "wspace": 0.16})
        panels = list(axes.flat)
        for ax, m in zip(panels, cin.MEASURES, strict=False):
            s, e = mine[m.key], eng[m.key]
            values = pd.concat([s["value"], e["value"]]).dropna()
            band = (bands or {}).get(m.key)
            top_y = (values.max() if len(values) else 1) * 1.3
            if band is not None:
                top_y = max(top_y, pd.Series(band[1], dtype="float64").max() * 1.1)
            ax.set_ylim(0, top_y)
            _shade(ax, phase_table, x_lo, x_hi)
            if band is not None:
                _band(ax, _x, band[0], band[1], band_label)
            x = [_x(y) for y in years]
            ax.plot(
                x,
                e["value"].where(e["status"] == ""),
                color=DARK_BLUE,
                linestyle="--",
                marker="s",
                markersize=4,
                linewidth=1.8,
                zorder=3,
            )
            sound = s["value"].where(s["status"] == "")
            ax.plot(x, sound, color=MAROON, marker="o", markersize=5, linewidth=2.3, zorder=4)
            shaky = s[(s["status"] == "u") & s["value"].notna()]
            if len(shaky):  # a low-reliability number: drawn apart, never joined to the line
                ax.plot(
                    [_x(y) for y in shaky["year"]],
                    shaky["value"],
                    linestyle="none",
                    marker="D",
                    markerfacecolor="white",
                    markeredgecolor=MID_GREY,
                    markersize=6,
                    zorder=5,
                )
            for year in s.loc[s["status"] == "u", "year"]:
                ax.axvspan(
                    _x(int(year)) - pd.Timedelta(days=120),
                    _x(int(year)) + pd.Timedelta(days=120),
                    facecolor="none",
                    edgecolor=MID_GREY,
                    hatch="///",
                    linewidth=0,
                    zorder=2,
                )
                ax.text(
                    _x(int(year)),
                    top_y * 0.04,
                    "u",
                    fontsize=10,
                    color=DARK_GREY,
                    ha="center",
                    va="bottom",
                    fontweight="bold",
                )
            for j in (j for j in jumps if j.measure == m.key):
                ax.plot(
                    [_x(j.year)],
                    [j.value],
                    linestyle="none",
                    marker="o",
                    markersize=15,
                    markerfacecolor="none",
                    markeredgecolor=ORANGE,
                    markeredgewidth=2,
                    zorder=6,
                )
                ax.annotate(
                    "check the\nreturn",
                    (_x(j.year), j.value),
                    xytext=(13, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    fontsize=10,
                    color=ORANGE,
                    fontweight="bold",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
                    zorder=7,
                )
            missing = cin.gaps(s)
            note = "; ".join(f"{word} {_years_text(ys)}" for word, ys in missing.items() if word != "low reliability")
            if note:
                notes_text.append(f"{m.short}: {note}")
            ax.set_title(m.short + (" (%)" if m.unit == "%" else " per 10,000"), fontsize=11, loc="left")
            ax.grid(axis="y", color="0.9")
            last = s.dropna(subset=["value"])
            last = last[last["status"] == ""]
            if len(last):
                ax.annotate(
                    f"{last['value'].iloc[-1]:.0f}" if m.unit != "%" else f"{last['value'].iloc[-1]:.1f}%",
                    (_x(int(last["year"].iloc[-1])), last["value"].iloc[-1]),
                    xytext=(6, 0),
                    textcoords="offset points",
                    color=MAROON,
                    fontsize=10,
                    fontweight="bold",
                    va="center",
                )
        key = panels[len(cin.MEASURES)]
        key.axis("off")
        handles = [
            key.plot([], [], color=MAROON, marker="o", linewidth=2.3, label=la_name)[0],
            key.plot([], [], color=DARK_BLUE, marker="s", linestyle="--", linewidth=1.8, label="England")[0],
        ]
        if low_years:
            handles.append(
                key.fill_between(
                    [], [], [], facecolor="none", edgecolor=MID_GREY, hatch="///", label="u: low reliability, no figure"
                )
            )
        if jumps:
            handles.append(
                key.plot(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=12,
                    markerfacecolor="none",
                    markeredgecolor=ORANGE,
                    markeredgewidth=2,
                    label="one-year jump: check the return",
                )[0]
            )
        if bands:
            handles.append(key.fill_between([], [], [], color=BAND_FILL, label=band_label))
        if has_eras:
            handles.append(
                key.fill_between([], [], [], color=PHASE_FILL["intervention"], label="government intervention")
            )
            if (phase_table.get("kind", pd.Series(dtype=str)) == "trust").any():
                handles.append(key.fill_between([], [], [], color=PHASE_FILL["trust"], label="run by a trust"))
        key.legend(handles=handles, loc="upper left", frameon=False, fontsize=10)
        if notes_text:
            lines = [w for note in notes_text for w in textwrap.wrap(note, 58, subsequent_indent="  ")]
            key.text(
                0.0,
                0.42,
                "No figure:\n" + "\n".join(lines),
                transform=key.transAxes,
                fontsize=10,
                color=DARK_GREY,
                va="top",
            )
        for ax in panels[: len(cin.MEASURES)]:
            ax.set_xlim(x_lo, x_hi)
            ax.set_xticks([_x(y) for y in years[::2]], [str(y) for y in years[::2]])
            ax.tick_params(labelbottom=True)
        frame_text(fig, title, subtitle, CIN_SOURCE, bottom_in=0.45, left=0.06)
    rows = []
    for m in cin.MEASURES:
        for area, s in ((la_name, mine[m.key]), ("England", eng[m.key])):
            for r in s.itertuples():
                rows.append(
                    {
                        "area": area,
                        "measure": m.key,
                        "unit": m.unit,
                        "year": int(r.year),
                        "value": r.value,
                        "status": r.status,
                    }
                )
    data = pd.DataFrame(rows)
    flagged = {(j.measure, j.year) for j in jumps}
    data["flag"] = [
        "check the return" if a == la_name and (k, y) in flagged else ""
        for a, k, y in zip(data["area"], data["measure"], data["year"], strict=True)
    ]

    def listing(s: pd.DataFrame, unit: str) -> str:
        return ", ".join(
            f"{int(r.year)} {r.value:.1f}{'%' if unit == '%' else ''}"
            if r.status == ""
            else f"{int(r.year)} {cin.STATUS_WORDS.get(r.status, 'no figure')}"
            for r in s.itertuples()
            if r.status != "-"
        )

    alt = (
        f"{title}. Five line charts, {years[0]} to {years[-1]}, {la_name} against England. "
        + " ".join(
            f"{m.short}: {la_name} {listing(mine[m.key], m.unit)}; England {listing(eng[m.key], m.unit)}."
            for m in cin.MEASURES
        )
        + "".join(
            f" {cin.BY_KEY[j.measure].short} in {j.year} ({j.value:.1f}, between {j.before:.1f} and {j.after:.1f}) is flagged as a question about the return."
            for j in jumps
        )
    )
    chart = Chart(name, fig, title, subtitle, CIN_SOURCE, alt, data)
    chart.comparisons = ()
    return chart


# ---------------------------------------------------------------- for a council context


def children_in_care_for(ctx, band_low=None, band_high=None) -> Chart:
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
    )


def children_in_need_for(ctx, bands=None) -> Chart:
    """The children in need and protection chart for a CouncilContext."""
    table = cin.for_context(ctx)
    return children_in_need_chart(
        cin.area_rows(table, ctx.la_code), cin.area_rows(table), ctx.la_name, ctx.params, ctx.eras, bands=bands
    )
