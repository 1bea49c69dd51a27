"""Chart 1: the intervention timeline, events in lanes by category, eras shaded."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from ..curated.eras import year_span
from ..params import Params
from .base import (
    ERA_FILL,
    MID_GREY,
    PALETTE,
    Chart,
    empty_chart,
    frame_text,
    greedy_rows,
    house_style,
)

LANES = (
    ("Deaths and incidents", ("child deaths", "incident"), "o"),
    ("Reviews", ("serious case review", "review"), "s"),
    ("Ofsted", ("Ofsted verdict",), "D"),
    ("Government and corporate\nintervention", ("government intervention", "corporate intervention"), "^"),
    ("Leadership and politics", ("leadership", "political"), "v"),
    ("Improvement partner\nand trust", ("improvement partner", "trust"), "P"),
)
LANE_OF = {category: index for index, (_, categories, _) in enumerate(LANES) for category in categories}
MAX_LABELS = 24
LABEL_WRAP = 30
MARKER_BAND_IN = 0.55
ERA_ROW_IN = 0.26
NAME = "timeline"


LANE_LABELS = 5  # spread along the lane


def _sub_rows(x: np.ndarray, gap_days: float, rows: int = 3) -> np.ndarray:
    """Spread close events over a few sub-rows inside a lane (deterministic, greedy)."""
    last = np.full(rows, -np.inf)
    out = np.zeros(len(x), dtype=int)
    for i, value in enumerate(x):
        free = np.flatnonzero(last <= value - gap_days)
        row = int(free[0]) if len(free) else int(np.argmin(last))
        out[i] = row
        last[row] = value
    return out


def timeline_chart(
    events: pd.DataFrame,
    params: Params,
    council_name: str,
    costs: pd.DataFrame | None = None,
    source_count: int | None = None,
    max_labels: int = MAX_LABELS,
    eras: pd.DataFrame | None = None,
) -> Chart:
    """eras: the council's eras (eras.era_spans); None draws no era bars."""
    title_default = f"{council_name}: timeline of children's services"
    source = "Source: curated timeline, data/curated/" + (f" ({source_count} cited sources)" if source_count else "")
    if events is None or events.empty:
        return empty_chart(
            NAME,
            title_default,
            "No curated timeline for this council.",
            source,
            f"{council_name} has no curated timeline yet",
        )
    first = events["date_earliest"].min().date()
    start, end = params.window(first)
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    shown = events[(events["date_latest"] >= start_ts) & (events["date_earliest"] <= end_ts)].copy()
    window_text = f"{start:%b %Y} to {end:%b %Y}"
    if shown.empty:
        return empty_chart(
            NAME,
            title_default,
            f"Events by category, {window_text}.",
            source,
            f"No events in this window ({window_text})",
        )

    shown["lane"] = shown["category"].map(LANE_OF)
    shown["lane_name"] = shown["lane"].map(lambda i: LANES[i][0].replace("\n", " "))
    shown["x_mid"] = shown["date_earliest"] + (shown["date_latest"] - shown["date_earliest"]) / 2
    shown["approximate"] = (shown["date_precision"] != "day") & (shown["date_precision"] != "month") | shown[
        "date_uncertain"
    ]
    shown = shown.sort_values(["lane", "x_mid", "event_id"], kind="stable").reset_index(drop=True)
    x_days = (shown["x_mid"] - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    span_days = max((end_ts - start_ts).days, 30)
    shown["sub_row"] = 0
    for _lane, index in shown.groupby("lane").groups.items():
        shown.loc[index, "sub_row"] = _sub_rows(x_days[index], span_days / 40)

    if eras is None:
        eras = pd.DataFrame(columns=["era", "kind", "start", "end", "years"])
    eras = eras[(eras["end"] >= start_ts) & (eras["start"] <= end_ts)] if len(eras) else eras
    key = shown[shown["key"]]
    labelled = key.head(max_labels) if len(key) > max_labels else key
    # A lane with no key event still names its events (leadership and politics), up to LANE_LABELS.
    bare = [lane for lane in shown["lane"].unique() if lane not in set(labelled["lane"])]
    picks = []
    for _lane, rows in shown[shown["lane"].isin(bare)].sort_values("x_mid").groupby("lane"):
        spread = np.unique(np.linspace(0, len(rows) - 1, min(len(rows), LANE_LABELS)).round().astype(int))
        picks.append(rows.iloc[spread])
    extra = pd.concat(picks) if picks else shown.iloc[0:0]
    labelled = pd.concat([labelled, extra]).sort_values("x_mid")
    gov = eras[eras["kind"] == "intervention"]
    if len(gov):
        g = gov.iloc[0]
        title = f"{council_name}'s children's services spent {g.years} years under {g.era.lower()}"
    else:
        title = f"{council_name}: {len(shown)} events in {year_span(start, end)} years"
    subtitle = (
        f"{len(shown)} events by category, {window_text}. Bars on top: eras (each of outside control, except an improvement partner's contract; government intervention also shaded). "
        "Hollow markers with bars: dates known only roughly ('c.' or a range)."
    )
    if len(key) > len(key[key.index.isin(labelled.index)]):
        subtitle += f" {len(key[key.index.isin(labelled.index)])} of {len(key)} key events labelled."
    if len(extra):
        subtitle += (
            f" In lanes without key events, {len(extra)} of {int(shown['lane'].isin(bare).sum())} events are labelled,"
            " spread along the lane; every event is in figures/timeline.csv."
        )

    with house_style():
        fig, ax = _draw(shown, labelled, eras, start_ts, end_ts, span_days)
        frame_text(
            fig, title, subtitle, source + ". Eras dated from the events and costs tables.", bottom_in=1.0, left=0.2
        )

    era_text = (
        "; ".join(f"{e.era} {e.start:%b %Y} to {e.end:%b %Y}" for e in eras.itertuples()) or "no eras in this window"
    )
    key_text = "; ".join(f"{r.date_label}: {r.title}" for r in labelled.itertuples()) if len(labelled) else "none"
    alt = f"{title}. Timeline of {len(shown)} events in six lanes, {window_text}. Eras: {era_text}. Key events: {key_text}."
    data = shown[
        [
            "event_id",
            "date",
            "date_label",
            "date_precision",
            "date_earliest",
            "date_latest",
            "title",
            "category",
            "lane_name",
            "key",
        ]
    ]
    return Chart(NAME, fig, title, subtitle, source, alt, data.reset_index(drop=True))


def _label_text(row) -> str:
    return "\n".join(textwrap.wrap(str(row.title), LABEL_WRAP)) + "\n" + str(row.date_label)


def _place_labels(
    widths_days: list[float], xs: list[float], lo: float, hi: float, pad: float
) -> tuple[list[int], list[float]]:
    """Each label centred on its event (kept inside the axis), in the first row where it fits."""
    centres = [min(max(x, lo + w / 2), hi - w / 2) for w, x in zip(widths_days, xs, strict=True)]
    rows = greedy_rows([(c - w / 2, c + w / 2) for c, w in zip(centres, widths_days, strict=True)], gap=pad)
    return rows, centres


def _draw(shown, labelled, eras, start_ts, end_ts, span_days):
    """Lanes stacked top to bottom; y is measured in inches so label rows never overlap."""
    lo = start_ts - pd.Timedelta(days=span_days * 0.02)
    hi = end_ts + pd.Timedelta(days=span_days * 0.02)
    fig = plt.figure(figsize=(11.0, 8.0))
    renderer = fig.canvas.get_renderer()
    axes_width_in = 11.0 * (0.97 - 0.2)
    days_per_in = (hi - lo).days / axes_width_in
    label_h = 0.0
    placements = {}
    for lane in range(len(LANES)):
        sel = labelled[labelled["lane"] == lane].sort_values("x_mid")
        if sel.empty:
            placements[lane] = (sel, [], [], [], 0)
            continue
        texts = [_label_text(r) for r in sel.itertuples()]
        sizes = []
        for text in texts:
            t = fig.text(0, 0, text, fontsize=10)
            box = t.get_window_extent(renderer)
            sizes.append((box.width / fig.dpi, box.height / fig.dpi))
            t.remove()
        label_h = max(label_h, max(h for _, h in sizes))
        xs = [(x - lo).days for x in sel["x_mid"]]
        rows, centres = _place_labels([w * days_per_in for w, _ in sizes], xs, 0, (hi - lo).days, 0.12 * days_per_in)
        placements[lane] = (sel, texts, rows, centres, max(rows) + 1)
    row_h = label_h + 0.1
    era_band = ERA_ROW_IN * max(len(eras), 1) + 0.15
    lane_tops, y = [], -era_band
    for lane in range(len(LANES)):
        lane_tops.append(y)
        y -= MARKER_BAND_IN + placements[lane][4] * row_h + 0.15
    total_in = -y
    fig.set_figheight(total_in + 2.5)
    ax = fig.add_axes([0.2, 1.2 / fig.get_figheight(), 0.77, total_in / fig.get_figheight()])
    ax.set_xlim(lo, hi)
    ax.set_ylim(-total_in, 0)
    for spine in ("left", "top", "right"):
        ax.spines[spine].set_visible(False)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True, color="0.9", linewidth=0.6)
    ax.tick_params(axis="y", length=0)
    # Era strip on top, government intervention also shaded through the lanes.
    for row, era in enumerate(eras.itertuples(index=False)):
        top = -0.1 - ERA_ROW_IN * row
        ax.fill_between(
            [era.start, era.end],
            top - ERA_ROW_IN + 0.05,
            top,
            color=PALETTE[[0, 5, 1][row % 3]],
            alpha=0.18,
            linewidth=0,
        )
        label = f" {era.era}, {era.start:%b %Y}–{era.end:%b %Y} "
        probe = fig.text(0, 0, label, fontsize=10)
        width = pd.Timedelta(days=probe.get_window_extent(renderer).width / fig.dpi * days_per_in)
        probe.remove()
        # inside the bar if it fits, else beside it on whichever side has room: never past the axis
        if era.start + width <= era.end:
            at, align = era.start, "left"
        elif era.end + width <= hi:
            at, align = era.end, "left"
        elif era.start - width >= lo:
            at, align = era.start, "right"
        else:
            at, align = era.start, "left"
        ax.text(at, top - ERA_ROW_IN / 2 + 0.02, label, fontsize=10, va="center", ha=align, color="#1a1a1a")
        if era.kind == "intervention":
            ax.axvspan(era.start, era.end, ymax=1 - era_band / total_in, color=ERA_FILL, zorder=0, linewidth=0)
    ticks, names = [], []
    for lane, (name, _, marker) in enumerate(LANES):
        top = lane_tops[lane]
        base = top - placements[lane][4] * row_h - MARKER_BAND_IN / 2
        ax.axhline(top - 0.02, color="0.82", linewidth=0.6, zorder=0)
        ticks.append(base)
        names.append(name)
        colour = PALETTE[lane]
        sel = shown[shown["lane"] == lane]
        ys = base + 0.14 - 0.14 * sel["sub_row"].to_numpy()
        approx = sel["approximate"].to_numpy()
        small = len(shown) > 400
        if approx.any():
            segs = [
                [(mdates_num(a), yy), (mdates_num(b), yy)]
                for a, b, yy in zip(sel["date_earliest"][approx], sel["date_latest"][approx], ys[approx], strict=True)
            ]
            ax.add_collection(
                LineCollection(segs, colors=colour, linewidths=1.5, alpha=0.85, zorder=2, rasterized=small)
            )
        for flag, face in ((False, colour), (True, "white")):
            mask = approx == flag
            if mask.any():
                ax.scatter(
                    sel["x_mid"][mask],
                    ys[mask],
                    marker=marker,
                    s=10 if small else 44,
                    facecolors=face,
                    edgecolors=colour,
                    linewidths=0.6 if small else 1.4,
                    zorder=3,
                    rasterized=small,  # thousands of markers: keep the SVG small
                )
        lab, texts, rows, centres, _ = placements[lane]
        y_of = dict(zip(sel["event_id"], ys, strict=True))
        for row, text, r, centre in zip(lab.itertuples(), texts, rows, centres, strict=True):
            label_bottom = top - 0.05 - (placements[lane][4] - 1 - r) * row_h - label_h
            x_label = lo + pd.Timedelta(days=centre)
            ax.text(
                x_label,
                label_bottom,
                text,
                fontsize=10,
                ha="center",
                va="bottom",
                color="#1a1a1a",
                zorder=4,
                linespacing=1.05,
            )
            ax.plot(
                [x_label, row.x_mid],
                [label_bottom - 0.02, y_of[row.event_id] + 0.08],
                color=MID_GREY,
                linewidth=0.6,
                zorder=1,
            )
    ax.set_yticks(ticks, names)
    handles = [
        Line2D([], [], marker="o", linestyle="", color="#3D3D3D", label="date known to the day or month"),
        Line2D(
            [0, 1],
            [0, 0],
            marker="o",
            color="#3D3D3D",
            markerfacecolor="white",
            label="approximate date ('c.') or range",
        ),
    ]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(-0.26, -0.42 / total_in), ncol=2, fontsize=10, frameon=False
    )
    return fig, ax


def mdates_num(ts) -> float:
    from matplotlib import dates as mdates

    return mdates.date2num(pd.Timestamp(ts))
