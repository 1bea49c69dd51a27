"""Chapter 5: children in need and on child protection plans, 2013 to 2025, the council against England.

`children_in_need_chart`: five panels, children in need, section 47 enquiries and child protection
plans per 10,000, and the re-referral and second-or-subsequent-plan percentages. It shades eras of
outside control, breaks lines at gaps (never interpolates) and takes optional bands (e.g.
statistical neighbours) to shade.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from ..measures import protection as cin
from ..params import Params
from ..text import years_text
from .base import (
    DARK_BLUE,
    DARK_GREY,
    MAROON,
    MID_GREY,
    ORANGE,
    PHASE_FILL,
    Chart,
    empty_chart,
    frame_text,
    house_style,
    new_figure,
)
from .yearly import BAND_FILL, phase_rows, shade_band, shade_phases, year_x

CIN_SOURCE = (
    "Source: DfE, Characteristics of children in need, 2013 to 2025 (percentages as published; rates computed from "
    "the counts and the ONS mid-year population aged 0-17 of the year before). "
    "Contains public sector information licensed under the OGL v3.0."
)


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
    phase_table = phase_rows(eras, phase_table)
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
            f"; hatched, marked u: the DfE flags the return as low reliability and gives no figure ({years_text(low_years)})"
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
    x_lo, x_hi = year_x(years[0]) - pd.Timedelta(days=200), year_x(years[-1]) + pd.Timedelta(days=520)
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
            shade_phases(ax, phase_table, x_lo, x_hi)
            if band is not None:
                shade_band(ax, year_x, band[0], band[1], band_label)
            x = [year_x(y) for y in years]
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
                    [year_x(y) for y in shaky["year"]],
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
                    year_x(int(year)) - pd.Timedelta(days=120),
                    year_x(int(year)) + pd.Timedelta(days=120),
                    facecolor="none",
                    edgecolor=MID_GREY,
                    hatch="///",
                    linewidth=0,
                    zorder=2,
                )
                ax.text(
                    year_x(int(year)),
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
                    [year_x(j.year)],
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
                    (year_x(j.year), j.value),
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
            note = "; ".join(f"{word} {years_text(ys)}" for word, ys in missing.items() if word != "low reliability")
            if note:
                notes_text.append(f"{m.short}: {note}")
            ax.set_title(m.short + (" (%)" if m.unit == "%" else " per 10,000"), fontsize=11, loc="left")
            ax.grid(axis="y", color="0.9")
            last = s.dropna(subset=["value"])
            last = last[last["status"] == ""]
            if len(last):
                ax.annotate(
                    f"{last['value'].iloc[-1]:.0f}" if m.unit != "%" else f"{last['value'].iloc[-1]:.1f}%",
                    (year_x(int(last["year"].iloc[-1])), last["value"].iloc[-1]),
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
            ax.set_xticks([year_x(y) for y in years[::2]], [str(y) for y in years[::2]])
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


def children_in_need_for(ctx, bands=None) -> Chart:
    """The children in need and protection chart for a CouncilContext."""
    table = cin.for_context(ctx)
    return children_in_need_chart(
        cin.area_rows(table, ctx.la_code), cin.area_rows(table), ctx.la_name, ctx.params, ctx.eras, bands=bands
    )
