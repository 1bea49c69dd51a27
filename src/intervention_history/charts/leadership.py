"""Chart 3: leadership churn, tenures as bars with interim posts hatched."""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import Patch

from ..curated.eras import year_span
from ..measures.leadership import DCS, tenure_table
from ..params import Params
from .base import (
    DARK_BLUE,
    DARK_GREY,
    LILAC,
    MAROON,
    MID_GREY,
    TEAL,
    Chart,
    empty_chart,
    frame_text,
    house_style,
    new_figure,
)

NAME = "leadership"
ROLE_ORDER = (
    ("director of children's services", "Directors of\nchildren's services", DARK_BLUE),
    ("chief executive", "Council chief\nexecutives", TEAL),
    ("elected mayor", "Elected mayors", MAROON),
    ("trust chief executive", "Trust chief\nexecutive", LILAC),
    ("commissioner", "Commissioner", DARK_GREY),
)


def leadership_chart(roles: pd.DataFrame, params: Params, council_name: str) -> Chart:
    source = "Source: curated roles table, data/curated/ (press reports and council records, as cited)"
    title_default = f"{council_name}: who led children's services"
    if roles is None or roles.empty:
        return empty_chart(
            NAME, title_default, "No curated leadership data.", source, f"{council_name} has no curated timeline yet"
        )
    as_of = pd.Timestamp(params.as_of)
    start, end = params.window(roles["start_earliest"].min().date())
    tenures = tenure_table(roles, as_of)
    tenures = tenures[(tenures["end_x"] >= pd.Timestamp(start)) & (tenures["start_x"] <= pd.Timestamp(end))]
    window_text = f"{start:%b %Y} to {end:%b %Y}"
    if tenures.empty:
        return empty_chart(
            NAME, title_default, f"Tenures, {window_text}.", source, f"No tenures in this window ({window_text})"
        )
    dcs = tenures[tenures["role"] == DCS]
    if len(dcs):
        people = dcs["person"].nunique()
        interim = dcs[dcs["interim"]]["person"].nunique()
        years = year_span(dcs["start_x"].min(), dcs["start_x"].max())
        title = f"{people} directors of children's services took office in {years} years, {interim} of them interim"
    else:
        title = f"{tenures['person'].nunique()} leaders in {year_span(start, end)} years"
    subtitle = (
        f"Tenures of the people leading {council_name}'s children's services, council and trust, {window_text}. "
        "Hatched: interim or acting. Faded bar and '?': end not recorded in our sources (bar stops at one year or the next holder). '→': still in post."
    )
    ordered = []
    for role, _, _ in ROLE_ORDER:
        ordered.append(tenures[tenures["role"] == role].sort_values(["start_mid", "person"]))
    table = pd.concat(ordered, ignore_index=True)
    with house_style():
        fig, ax = new_figure(1.6 + 0.36 * len(table) + 1.6)
        y = 0
        yticks, ylabels = [], []
        lo = pd.Timestamp(start) - pd.Timedelta(days=120)
        hi = pd.Timestamp(end) + pd.Timedelta(days=120)
        ax.set_xlim(lo, hi)
        for role, label, colour in ROLE_ORDER:
            rows = table[table["role"] == role]
            if rows.empty:
                continue
            block_top = y
            for row in rows.itertuples():
                unknown_end = row.end_status == "unknown"
                width = row.end_x - row.start_x
                ax.barh(
                    y,
                    width,
                    left=row.start_x,
                    height=0.62,
                    color=colour if not row.interim else "white",
                    edgecolor=colour,
                    hatch="///" if row.interim else None,
                    alpha=0.45 if unknown_end else 1.0,
                    linewidth=1.2,
                )
                end_mark = " ?" if unknown_end else (" →" if row.end_status == "open" else "")
                # Label after the bar; near the right edge, inside a long bar or before a short one.
                near_edge = row.end_x > hi - pd.Timedelta(days=3 * 365)
                inside = near_edge and width > pd.Timedelta(days=4 * 365)
                if inside:
                    x, ha, text, style = (
                        row.end_x - pd.Timedelta(days=60),
                        "right",
                        f"{row.person}{end_mark}",
                        {"fontweight": "bold", "color": "white" if not row.interim else "#1a1a1a"},
                    )
                elif near_edge:
                    x, ha, text, style = (
                        row.start_x - pd.Timedelta(days=40),
                        "right",
                        f"{row.person}{end_mark}",
                        {"color": "#1a1a1a"},
                    )
                else:
                    x, ha, text, style = row.end_x, "left", f"{end_mark} {row.person}", {"color": "#1a1a1a"}
                ax.text(x, y, text, va="center", ha=ha, fontsize=10, **style)
                y += 1
            yticks.append((block_top + y - 1) / 2)
            ylabels.append(label)
            ax.axhline(y - 0.5, color="0.85", linewidth=0.6)
            y += 0.4
        ax.set_ylim(y - 0.2, -0.8)
        ax.set_yticks(yticks, ylabels)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True, color="0.9")
        handles = [
            Patch(facecolor=MID_GREY, edgecolor=MID_GREY, label="permanent"),
            Patch(facecolor="white", edgecolor=MID_GREY, hatch="///", label="interim or acting"),
            Patch(facecolor=MID_GREY, edgecolor=MID_GREY, alpha=0.45, label="end not recorded (?)"),
        ]
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1, 1.0), ncol=3, frameon=False)
        frame_text(fig, title, subtitle, source, bottom_in=0.75, left=0.17)
    listing = "; ".join(
        f"{r.person} ({r.role}{', interim' if r.interim else ''}) {r.start_label} to {r.end_shown}"
        for r in table.itertuples()
    )
    alt = f"{title}. Bar chart of {len(table)} tenures, {window_text}: {listing}."
    data = table[
        ["person", "role", "organisation", "start", "end", "interim", "start_label", "end_shown", "source_ids"]
    ].rename(columns={"end_shown": "end_label"})
    return Chart(NAME, fig, title, subtitle, source, alt, data)
