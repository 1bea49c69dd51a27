"""Chart 2: inspection verdicts on one harmonised four-point scale."""

from __future__ import annotations

import matplotlib.dates
import pandas as pd
from matplotlib.lines import Line2D

from ..params import Params
from .base import DARK_BLUE, DARK_GREY, MAROON, MID_GREY, TEAL, Chart, empty_chart, frame_text, house_style, new_figure

NAME = "verdicts"
GRADE_NAMES = {1: "Outstanding", 2: "Good", 3: "Adequate /\nrequires improvement", 4: "Inadequate"}
NO_GRADE = 5  # below the scale: an ungraded verdict must not read as the best grade
OFSTED_SOURCE = (
    "Source: Ofsted, Children's social care data in England 2023 and Local authority inspection outcomes as at "
    "31 March 2025 (every inspection of children's services)"
)
OGL_NOTE = "Contains public sector information licensed under the OGL v3.0."
SOURCE = (
    f"{OFSTED_SOURCE}; for councils with a curated history, curated annual ratings and other inspectorates' "
    f"verdicts (data/curated/). {OGL_NOTE}"
)
KIND_LABELS = {
    "inspection": "Ofsted inspection (counted)",
    "annual rating": "annual rating, not an inspection",
    "corporate inspection": "other inspectorate (whole council)",
    "focused visit": "focused visit (no grade)",
}


def verdict_count(merged: pd.DataFrame) -> int:
    """Days on which Ofsted rated the council inadequate (SLAC gave two judgements on one day)."""
    counted = merged[merged["counted"] & (merged["grade"] == 4)]
    return counted["date"].nunique()


def verdicts_chart(merged: pd.DataFrame, params: Params, council_name: str) -> Chart:
    """Every verdict on one four-point scale: Ofsted's inspections (the only ones counted), and, where a
    curated history has them, annual ratings and other inspectorates' verdicts drawn as what they are."""
    title_default = f"{council_name}: Ofsted's verdicts"
    if merged is None or merged.empty:
        return empty_chart(NAME, title_default, "No inspection verdicts.", SOURCE, f"No verdicts for {council_name}")
    start, end = params.window(merged["date"].min().date())
    window_text = f"{start:%b %Y} to {end:%b %Y}"
    shown = merged[(merged["date"] >= pd.Timestamp(start)) & (merged["date"] <= pd.Timestamp(end))].copy()
    if shown.empty:
        return empty_chart(
            NAME, title_default, f"Verdicts, {window_text}.", SOURCE, f"No verdicts in this window ({window_text})"
        )
    shown = shown.rename(columns={"date": "x"}).sort_values("x").reset_index(drop=True)
    source = SOURCE if (shown["source"] == "curated").any() else f"{OFSTED_SOURCE}. {OGL_NOTE}"
    counted = shown[shown["counted"] & shown["grade"].notna()]
    latest = counted.iloc[-1] if len(counted) else None
    lowest = verdict_count(shown.rename(columns={"x": "date"}))
    if latest is not None:
        verdict = GRADE_NAMES[int(latest.grade)].split(" /")[0].replace("\n", " ").lower()
        years = sorted({d.year for d in counted.loc[counted["grade"] == 4, "x"]})
        latest_text = f"its latest verdict, in {latest.x:%B %Y}, was '{verdict}'"
        if lowest:
            times = {1: "once", 2: "twice"}.get(lowest, f"{lowest} times")
            title = (
                f"Ofsted rated {council_name}'s children's services inadequate {times} "
                f"({', '.join(map(str, years))}); {latest_text}"
            )
        else:
            title = (
                f"Ofsted has never rated {council_name}'s children's services inadequate (inspected since "
                f"{counted['x'].min():%Y}); {latest_text}"
            )
    else:
        title = title_default
    others = shown[~shown["counted"]]
    subtitle = (
        f"{len(counted)} Ofsted judgements on children's services, {window_text}, on one four-point scale across "
        f"{counted['framework'].nunique()} inspection frameworks (older frameworks' 'adequate' as Ofsted maps it, "
        "'requires improvement'). Lower is worse."
        + (
            f" Also drawn, never counted: {len(others)} curated verdicts that are not Ofsted inspections of children's "
            "services (annual ratings, another inspectorate's, ungraded visits)."
            if len(others)
            else ""
        )
    )
    with house_style():
        fig, (ax, strip) = new_figure(
            7.6, nrows=2, sharex=True, gridspec_kw={"height_ratios": [4.4, 1.2], "hspace": 0.22}
        )
        lo, hi = pd.Timestamp(start) - pd.Timedelta(days=200), pd.Timestamp(end) + pd.Timedelta(days=200)
        ax.set_xlim(lo, hi)
        ax.axhspan(3.5, 4.5, color="#F6E3E6", zorder=0, linewidth=0)
        ax.text(lo + pd.Timedelta(days=60), 4.38, "Inadequate band", fontsize=10, color=MAROON, va="center")
        ungraded = shown[shown["grade"].isna()]
        if len(ungraded):
            ax.set_ylim(NO_GRADE + 0.5, 0.5)
            ax.set_yticks([1, 2, 3, 4, NO_GRADE], [*GRADE_NAMES.values(), "No grade given"])
        else:
            ax.set_ylim(4.5, 0.5)
            ax.set_yticks([1, 2, 3, 4], list(GRADE_NAMES.values()))
        ax.grid(axis="y", color="0.9")
        if len(counted) > 1:
            ax.step(counted["x"], counted["grade"].astype(float), where="post", color=MID_GREY, linewidth=1.2, zorder=1)
        ax.scatter(
            counted["x"],
            counted["grade"].astype(float),
            marker="o",
            s=70,
            color=DARK_BLUE,
            zorder=3,
            edgecolors="white",
            linewidths=0.8,
        )
        ratings = others[others["grade"].notna() & (others["body"] == "Ofsted")]
        ax.scatter(
            ratings["x"],
            ratings["grade"].astype(float),
            marker="D",
            s=55,
            facecolors="white",
            edgecolors=TEAL,
            linewidths=1.6,
            zorder=3,
        )
        other_body = others[others["grade"].notna() & (others["body"] != "Ofsted")]
        ax.scatter(
            other_body["x"],
            other_body["grade"].astype(float),
            marker="x",
            s=60,
            color=DARK_GREY,
            linewidths=1.8,
            zorder=3,
        )
        ax.scatter(
            ungraded["x"],
            [NO_GRADE] * len(ungraded),
            marker="o",
            s=60,
            facecolors="white",
            edgecolors=DARK_GREY,
            linewidths=1.4,
            zorder=3,
        )
        for row in counted[counted["sub_judgements"].str.contains("inadequate")].drop_duplicates("x").itertuples():
            worst = "; ".join(p for p in row.sub_judgements.split("; ") if p.endswith("inadequate"))
            ax.annotate(
                worst, (row.x, row.grade), xytext=(6, -12), textcoords="offset points", fontsize=10, color=MAROON
            )
        handles = [Line2D([], [], marker="o", linestyle="", color=DARK_BLUE, label="Ofsted inspection (counted)")]
        if len(ratings):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="D",
                    linestyle="",
                    markerfacecolor="white",
                    markeredgecolor=TEAL,
                    label="annual rating, not an inspection",
                )
            )
        if len(other_body):
            handles.append(
                Line2D([], [], marker="x", linestyle="", color=DARK_GREY, label="other inspectorate (whole council)")
            )
        if len(ungraded):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markerfacecolor="white",
                    markeredgecolor=DARK_GREY,
                    label="no grade",
                )
            )
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1, 1.0), ncol=len(handles), frameon=False)
        ax.tick_params(labelbottom=True)
        _framework_strip(strip, shown, hi)
        frame_text(fig, title, subtitle, source, bottom_in=0.95, left=0.2)
    listing = "; ".join(
        f"{r.date_label}: {r.judgement}" + (" (not counted)" if not r.counted else "") for r in shown.itertuples()
    )
    alt = f"{title}. Step chart of {len(shown)} verdicts, {window_text}: {listing}."
    data = shown.rename(columns={"x": "date"})[
        ["date", "date_label", "source", "body", "kind", "framework", "judgement", "grade", "sub_judgements", "counted"]
    ]
    return Chart(NAME, fig, title, subtitle, source, alt, data)


SHORT_FRAMEWORKS = (
    ("slac", "SLAC"),
    ("cpri", "Child protection re-inspection"),
    ("cpi", "Child protection inspection"),
    ("tlac", "Looked-after children (targeted)"),
    ("sif re-inspection", "SIF re-inspection"),
    ("sif", "Single inspection framework"),
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
    firsts = shown.groupby(shown["framework"].map(short_framework), sort=False)["x"].min().sort_values()
    starts = list(firsts.items())
    lo_x, hi_x = strip.get_xlim()
    fig = strip.figure
    days_per_in = (hi_x - lo_x) / (fig.get_figwidth() * strip.get_position().width)
    row_ends: list[float] = []
    placed = []
    for i, (label, start) in enumerate(starts):
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
