"""Chart 2: inspection verdicts on one harmonised four-point scale."""

from __future__ import annotations

import matplotlib.dates
import pandas as pd
from matplotlib.lines import Line2D

from ..params import Params
from .base import DARK_BLUE, DARK_GREY, MAROON, MID_GREY, TEAL, Chart, empty_chart, frame_text, house_style, new_figure

NAME = "verdicts"
GRADE_NAMES = {1: "Outstanding", 2: "Good", 3: "Adequate /\nrequires improvement", 4: "Inadequate"}
SUBJECT_MARKERS = {"council": ("o", DARK_BLUE), "trust": ("s", TEAL)}


def verdicts_chart(judgements: pd.DataFrame, params: Params, council_name: str) -> Chart:
    source = "Source: curated judgements table (Ofsted and Audit Commission reports, as reported); grades harmonised as in data/curated/README.md"
    title_default = f"{council_name}: inspection verdicts"
    if judgements is None or judgements.empty:
        return empty_chart(
            NAME,
            title_default,
            "No curated inspection verdicts.",
            source,
            f"{council_name} has no curated timeline yet",
        )
    start, end = params.window(judgements["date_earliest"].min().date())
    window_text = f"{start:%b %Y} to {end:%b %Y}"
    shown = judgements[
        (judgements["date_latest"] >= pd.Timestamp(start)) & (judgements["date_earliest"] <= pd.Timestamp(end))
    ].copy()
    if shown.empty:
        return empty_chart(
            NAME,
            title_default,
            f"Inspection verdicts, {window_text}.",
            source,
            f"No verdicts in this window ({window_text})",
        )
    shown["x"] = shown["date_earliest"] + (shown["date_latest"] - shown["date_earliest"]) / 2
    shown = shown.sort_values("x").reset_index(drop=True)
    graded = shown[shown["grade"].notna()]
    inadequate = graded[graded["grade"] == 4]
    latest = graded.iloc[-1] if len(graded) else None
    if latest is not None and len(inadequate):
        verdict = GRADE_NAMES[int(latest.grade)].split(" /")[0].lower()
        title = (
            f"{council_name} was rated in the lowest band "
            f"{'once' if len(inadequate) == 1 else f'{len(inadequate)} times'} before "
            f"its latest verdict, '{verdict}' ({latest.date_label})"
        )
    elif latest is not None:
        title = f"{council_name}'s latest inspection verdict: {latest.judgement} ({latest.date_label})"
    else:
        title = title_default
    frameworks = shown["framework"].nunique()
    subtitle = (
        f"{len(shown)} verdicts on children's services, {window_text}, on one four-point scale "
        f"across {frameworks} inspection frameworks. Lower is worse. The strip below names each framework from its first verdict."
    )
    with house_style():
        fig, (ax, strip) = new_figure(
            7.4, nrows=2, sharex=True, gridspec_kw={"height_ratios": [4.2, 1.2], "hspace": 0.22}
        )
        lo, hi = pd.Timestamp(start) - pd.Timedelta(days=200), pd.Timestamp(end) + pd.Timedelta(days=200)
        ax.set_xlim(lo, hi)
        ax.axhspan(3.5, 4.5, color="#F6E3E6", zorder=0, linewidth=0)
        ax.text(lo + pd.Timedelta(days=60), 4.38, "Inadequate band", fontsize=10, color=MAROON, va="center")
        ax.set_ylim(4.5, -0.2)
        ax.set_yticks([0, 1, 2, 3, 4], ["No grade given", *GRADE_NAMES.values()])
        ax.grid(axis="y", color="0.9")
        if len(graded) > 1:
            ax.step(graded["x"], graded["grade"].astype(float), where="post", color=MID_GREY, linewidth=1.2, zorder=1)
        for subject, (marker, colour) in SUBJECT_MARKERS.items():
            sel = graded[graded["subject"] == subject]
            ax.scatter(
                sel["x"],
                sel["grade"].astype(float),
                marker=marker,
                s=70,
                color=colour,
                zorder=3,
                edgecolors="white",
                linewidths=0.8,
            )
        ungraded = shown[shown["grade"].isna()]
        ax.scatter(
            ungraded["x"],
            [0] * len(ungraded),
            marker="o",
            s=60,
            facecolors="white",
            edgecolors=DARK_GREY,
            linewidths=1.4,
            zorder=3,
        )
        handles = [
            Line2D([], [], marker="o", linestyle="", color=DARK_BLUE, label="council judged"),
            Line2D([], [], marker="s", linestyle="", color=TEAL, label="trust judged"),
            Line2D(
                [], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor=DARK_GREY, label="no grade"
            ),
        ]
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1, 1.0), ncol=3, frameon=False)
        ax.tick_params(labelbottom=True)
        _framework_strip(strip, shown, hi)
        frame_text(fig, title, subtitle, source, bottom_in=0.95, left=0.2)
    listing = "; ".join(f"{r.date_label}: {r.judgement}" for r in shown.itertuples())
    alt = f"{title}. Step chart of {len(shown)} inspection verdicts, {window_text}: {listing}."
    data = shown[
        ["judgement_id", "date", "date_label", "body", "framework", "subject", "judgement", "grade", "source_ids"]
    ]
    return Chart(NAME, fig, title, subtitle, source, alt, data)


SHORT_FRAMEWORKS = (
    ("annual performance assessment", "Annual performance assessment"),
    ("annual assessment", "Annual assessment"),
    ("contact, referral", "Unannounced inspection"),
    ("corporate governance", "Audit Commission governance"),
    ("protection of children", "Child protection inspection"),
    ("single inspection", "Single inspection framework"),
    ("ilacs", "ILACS"),
)


def short_framework(name: str) -> str:
    lowered = name.lower()
    return next((short for key, short in SHORT_FRAMEWORKS if key in lowered), name[:28])


def _framework_strip(strip, shown: pd.DataFrame, hi) -> None:
    """Each framework as a span from its first verdict to the next framework's; labels in greedy rows."""
    firsts = shown.groupby("framework", sort=False)["x"].min().sort_values()
    starts = list(firsts.items())
    lo_x, hi_x = strip.get_xlim()
    fig = strip.figure
    days_per_in = (hi_x - lo_x) / (fig.get_figwidth() * strip.get_position().width)
    row_ends: list[float] = []
    placed = []
    for i, (framework, start) in enumerate(starts):
        label = short_framework(framework)
        x0 = matplotlib.dates.date2num(start)
        width = (0.085 * len(label) + 0.15) * days_per_in
        row = next((r for r, end in enumerate(row_ends) if end <= x0), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = x0 + width
        end = starts[i + 1][1] if i + 1 < len(starts) else hi
        placed.append((label, start, end, row))
    rows = max(len(row_ends), 1)
    strip.set_ylim(rows - 0.4, -0.7)
    strip.axis("off")
    for label, start, end, row in placed:
        strip.plot([start, end], [row, row], color=MID_GREY, linewidth=2.2, solid_capstyle="butt")
        strip.plot([start], [row], marker="|", color=DARK_GREY, markersize=9)
        strip.text(start, row - 0.28, " " + label, fontsize=10, color=DARK_GREY, va="bottom", ha="left")
