"""Chapter 6: the social work workforce at 30 September, four small panels, the council against its
statistical neighbours' range and median council and England. Draws only: every number comes from
measures/workforce.py.
"""

from __future__ import annotations

import textwrap
from functools import partial

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import geography
from ..measures import benchmarks
from ..measures import workforce as wf
from ..measures.phases import WORKFORCE_30_SEPTEMBER, phase_of, reference_day
from .base import (
    DARK_BLUE,
    DARK_GREY,
    MAROON,
    MID_GREY,
    PHASE_FILL,
    Chart,
    empty_chart,
    frame_text,
    house_style,
    new_figure,
    text_width_in,
)

NAME = "workforce"
BAND_FILL = "#CFCFCF"
BAND_ALPHA = 0.6  # the era shading shows through
HEIGHT_IN = 9.0
SOURCE = (
    "Source: DfE, Children's social work workforce, indicators by local authority, 30 September 2017 to 2025 "
    "(full-time equivalent figures as published). Contains public sector information licensed under the OGL v3.0."
)
PHRASES = {
    "agency_rate": "{v} of {la}'s social workers were agency staff",
    "turnover_rate": "{la}'s social worker turnover was {v}",
    "vacancy_rate": "{v} of {la}'s social worker posts were vacant",
    "caseload": "{la}'s social workers held {v} cases each on average",
}


def title_for(la_name: str, head: dict) -> str:
    """The finding: the lead measure's latest figure against the neighbours' median council and England."""
    m = head["measure"]
    title = f"In {head['year']}, " + PHRASES[m].format(v=wf.fmt(m, head["value"]), la=la_name)
    if head["status"] in wf.FLAGGED:
        title += f" ({wf.STATUS_MEANING[head['status']]})"
    near, eng = head["against_neighbours"], head["against_england"]
    parts = []
    if near:
        parts.append(f"{near} its neighbours' median council ({wf.fmt(m, head['neighbours_median_council'])})")
    if eng:
        parts.append(f"{eng} England ({wf.fmt(m, head['england'])})")
    if near and near == eng:  # "below its neighbours' median council (7.2%) and England (13.0%)"
        parts[1] = parts[1].removeprefix(f"{eng} ")
    if parts:
        title += ", " + " and ".join(parts)
    if not near:
        title += "; its statistical neighbours have no figure"
    return title


def joint_note(joint: tuple[str, list[int]], years: list[int]) -> str:
    """ "Kingston upon Thames and Richmond upon Thames publish one return (from 2021)"."""
    since = f" (from {joint[1][0]})" if joint[1][0] > years[0] else ""
    return f"{joint[0]} publish one return{since}"


def gap_label(notes: pd.DataFrame) -> str:
    """Why a run of years has no figure, from status_notes: "no return", or each status and its meaning."""
    reasons = [
        "no return" if r.reason.startswith("no return") else f"{r.status} ({r.reason})" if r.status else r.reason
        for r in notes.itertuples()
    ]
    return "; ".join(dict.fromkeys(reasons))


def _x_of(day: pd.Timestamp) -> float:
    """A date on the year axis, where year y sits at its 30 September."""
    return 2017 + (day - reference_day(2017, WORKFORCE_30_SEPTEMBER)).days / 365.25


def _spans(years: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for y in years:
        if out and out[-1][-1] == y - 1:
            out[-1].append(y)
        else:
            out.append([y])
    return out


def _span_text(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _years_text(years: list[int]) -> str:
    return ", ".join(_span_text(s) for s in _spans(years))


def shaded_phases(phase_table: pd.DataFrame, x_lo: float, x_hi: float) -> list[dict]:
    """The phases with a fill that overlap the axis, numbered in order: number, phase, x0, x1, fill."""
    out = []
    for row in phase_table.itertuples():
        fill = PHASE_FILL.get(getattr(row, "kind", None) or row.phase)
        if fill is None:
            continue
        x0 = max(_x_of(row.start), x_lo) if pd.notna(row.start) else x_lo
        x1 = min(_x_of(row.end), x_hi) if pd.notna(row.end) else x_hi
        if x1 > x0:
            out.append({"number": len(out) + 1, "phase": row.phase, "x0": x0, "x1": x1, "fill": fill, "row": row})
    return out


def _phase_key(shaded: list[dict], phase_table: pd.DataFrame) -> str:
    parts = []
    for s in shaded:
        row = s["row"]
        when = []
        if pd.notna(row.start):
            when.append(f"from {row.start:%b %Y}")
        if pd.notna(row.end):
            when.append(f"to {row.end:%b %Y}")
        parts.append(f"{s['number']} {row.phase}" + (f" ({' '.join(when)})" if when else ""))
    key = "Shaded (a figure belongs to the phase that holds its 30 September): " + "; ".join(parts)
    after = phase_table[phase_table["start"].notna()].tail(1)
    if len(after) and PHASE_FILL.get(after["kind"].iloc[0] or after["phase"].iloc[0]) is None:
        key += f". Unshaded from {after['start'].iloc[0]:%b %Y}: {after['phase'].iloc[0]}"
    return key + "."


def workforce_chart(
    bench: pd.DataFrame,
    la_name: str,
    phase_table: pd.DataFrame | None = None,
    joint: tuple[str, list[int]] | None = None,
) -> Chart:
    """Four panels (2x2) on one year axis: agency rate, turnover, vacancies, caseload.

    bench: measures.workforce.council_benchmarks. The council's line is maroon with markers (hollow
    where its figure is flagged u or low); its neighbours' range is a grey band and their median
    council a thin grey line; England is dashed blue. Lines break at every year without a figure.
    Phases of outside control (phase_table, curated councils) are shaded and numbered.
    """
    lead = wf.lead_measure(bench)
    years = sorted(int(y) for y in bench["year"].unique())
    if lead is None or not years:
        return empty_chart(
            NAME,
            f"{la_name}: the social work workforce",
            "Children's social workers at 30 September, 2017 to 2025.",
            SOURCE,
            f"No published workforce figures for {la_name}",
        )
    head = wf.headline(bench, lead)
    title = title_for(la_name, head)
    phase_table = phase_table if phase_table is not None else pd.DataFrame(columns=["phase", "start", "end", "kind"])
    x_lo, x_hi = years[0] - 0.45, years[-1] + 0.75
    shaded = shaded_phases(phase_table, x_lo, x_hi)
    no_neighbours = bool(bench["neighbours_missing"].all())
    model_counts = sorted({int(n) for n in bench["neighbours"] if n})
    subtitle = (
        f"Children's social workers (full-time equivalent) at 30 September, {years[0]} to {years[-1]}; on all four "
        "measures a higher figure means a less stable workforce. "
        + (
            f"{la_name} has no statistical neighbours in the DfE's models: no band is drawn. "
            if no_neighbours
            else f"Grey band: the range of {la_name}'s {'/'.join(map(str, model_counts))} statistical neighbours; "
            f"grey line: their median council. {benchmarks.MODEL_RULE[0].upper()}{benchmarks.MODEL_RULE[1:]}. "
        )
        + f"Ranks (in the chart data): 1 = highest; {geography.RANK_RULE}. Gaps: no figure published."
        + (f" {joint_note(joint, years)}: its rates hold for both councils." if joint else "")
    )
    flagged_any = bool((bench["flag"] == "flagged").any())
    notes = wf.status_notes(bench)
    headroom = 1.32 if shaded or len(notes) else 1.15  # room for the phase numbers and gap labels
    with house_style():
        fig, axes = new_figure(HEIGHT_IN, nrows=2, ncols=2, sharex=True)
        for ax, measure in zip(axes.flat, wf.MEASURES.values(), strict=True):
            rows = bench[bench["measure"] == measure.column].set_index("year").reindex(years)
            value = rows["value"].astype("float64")
            drawn = pd.concat([value, rows["neighbours_max"], rows["england_value"]]).dropna()
            top = (drawn.max() if len(drawn) else 1.0) * headroom or 1.0
            for s in shaded:
                ax.axvspan(s["x0"], s["x1"], color=s["fill"], zorder=0, linewidth=0)
                if s["x0"] > x_lo:
                    ax.axvline(s["x0"], color=MID_GREY, linestyle=":", linewidth=0.8, zorder=0)
                ax.text(
                    s["x0"] + 0.06, top * 0.985, str(s["number"]), fontsize=10, color=DARK_GREY, va="top", ha="left"
                )
            ax.fill_between(
                years, rows["neighbours_min"].astype("float64"), rows["neighbours_max"].astype("float64"),
                color=BAND_FILL, alpha=BAND_ALPHA, linewidth=0, zorder=1,
            )  # fmt: skip
            ax.plot(years, rows["neighbours_median_council"], color=MID_GREY, linewidth=1.2, zorder=2)
            ax.plot(years, rows["england_value"], color=DARK_BLUE, linewidth=1.8, linestyle="--", zorder=3)
            ax.plot(years, value, color=MAROON, linewidth=2.4, zorder=4)
            plain = rows["flag"] == ""
            ax.plot(
                [y for y in years if plain[y]], value[plain], linestyle="none", marker="o", markersize=5, color=MAROON,
                zorder=5,
            )  # fmt: skip
            hollow = rows["flag"] == "flagged"
            if hollow.any():
                ax.plot(
                    [y for y in years if hollow[y]], value[hollow], linestyle="none", marker="o", markersize=6,
                    markerfacecolor="white", markeredgecolor=MAROON, markeredgewidth=1.5, zorder=5,
                )  # fmt: skip
            last = value.dropna()
            if len(last):
                ax.annotate(
                    wf.fmt(measure.column, last.iloc[-1]),
                    (int(last.index[-1]), last.iloc[-1]),
                    xytext=(6, 0),
                    textcoords="offset points",
                    color=MAROON,
                    fontsize=10,
                    fontweight="bold",
                    va="center",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
                    zorder=6,
                )
            gaps = notes[(notes["measure"] == measure.column) & (notes["flag"] == "absent")].set_index("year")
            per_in = (x_hi - x_lo) / (fig.get_figwidth() * ax.get_position().width)
            for span in _spans(list(gaps.index)):
                label = f"{_span_text(span)}: " + gap_label(gaps.loc[span])
                half = text_width_in(label) * per_in / 2
                centre = min(max((span[0] + span[-1]) / 2, x_lo + half), x_hi - half)
                ax.text(centre, top * 0.915, label, fontsize=10, color=MID_GREY, ha="center", va="top")
            ax.set_ylim(0, top)
            ax.set_xlim(x_lo, x_hi)
            ax.set_title(f"{measure.label}: {measure.unit}", loc="left", fontsize=11, fontweight="bold")
            ax.set_xticks(years, [str(y) if (y - years[0]) % 2 == 0 else "" for y in years])
            ax.tick_params(axis="x", labelbottom=True)
            if measure.percent:
                ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}%")
        handles = [
            Line2D([], [], color=MAROON, linewidth=2.4, marker="o", markersize=5, label=la_name),
            Line2D([], [], color=DARK_BLUE, linewidth=1.8, linestyle="--", label="England"),
        ]
        if not no_neighbours:
            handles[1:1] = [
                Line2D([], [], color=MID_GREY, linewidth=1.2, label="neighbours' median council"),
                Patch(color=BAND_FILL, alpha=BAND_ALPHA, label="neighbours' range (lowest to highest)"),
            ]
        if flagged_any:
            handles.append(
                Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor=MAROON,
                       label="low reliability (u) or small (low): kept, flagged"),
            )  # fmt: skip
        # from the foot up, in inches: source, phase key, legend, then the panels
        source_lines = len(textwrap.wrap(SOURCE, 140))
        y = 0.1 + 0.18 * source_lines + 0.14
        if shaded:
            key = textwrap.wrap(_phase_key(shaded, phase_table), 150)
            fig.text(0.012, y / HEIGHT_IN, "\n".join(key), fontsize=10, color=DARK_GREY, va="bottom")
            y += 0.18 * len(key) + 0.12
        width = sum(text_width_in(h.get_label()) + 0.6 for h in handles)
        ncol = len(handles) if width <= fig.get_figwidth() - 0.3 else (len(handles) + 1) // 2
        legend_rows = -(-len(handles) // ncol)
        fig.legend(
            handles=handles, loc="lower left", bbox_to_anchor=(0.005, y / HEIGHT_IN), ncol=ncol,
            frameon=False, handlelength=2.4, borderaxespad=0,
        )  # fmt: skip
        y += 0.3 * legend_rows
        frame_text(fig, title, subtitle, SOURCE, bottom_in=y + 0.4 - 0.18 * source_lines, left=0.06)
        fig.subplots_adjust(hspace=0.32, wspace=0.16)
    data = bench.copy()
    if len(phase_table):
        data.insert(4, "phase", [phase_of(y, WORKFORCE_30_SEPTEMBER, phase_table) or "" for y in data["year"]])
    alt = _alt_text(title, bench, la_name, years, shaded, joint, no_neighbours)
    return Chart(NAME, fig, title, subtitle, SOURCE, alt, data.reset_index(drop=True))


def _alt_text(title, bench, la_name, years, shaded, joint, no_neighbours) -> str:
    panels = []
    for m in wf.MEASURES.values():
        head = wf.headline(bench, m.column)
        if head is None:
            panels.append(f"{m.label}: no figure for {la_name}.")
            continue
        f = partial(wf.fmt, m.column)
        near = (
            ""
            if head["neighbours_median_council"] is None
            else f"; neighbours' median council {f(head['neighbours_median_council'])}, "
            f"range {f(head['neighbours_min'])} to {f(head['neighbours_max'])}"
        )
        panels.append(
            f"{m.label} ({m.unit}): {la_name} {f(head['value'])} in {head['year']}, {wf.rank_phrase(head)}{near}; "
            f"England {f(head['england'])}; {head['first_year']}: {f(head['first_value'])}."
        )
    notes = wf.status_notes(bench)
    gaps = ""
    if len(notes):
        gaps = " Gaps: " + "; ".join(
            f"{wf.MEASURES[m].label.lower()} {_years_text([int(y) for y in g['year']])} ({', '.join(dict.fromkeys(g['reason']))})"
            for m, g in notes.groupby("measure", sort=False)
        ) + "."  # fmt: skip
    return (
        f"{title}. Four line charts sharing a year axis, {years[0]} to {years[-1]}, each showing {la_name} against "
        + ("England (no statistical neighbours). " if no_neighbours else "its statistical neighbours' range and median council and England. ")
        + " ".join(panels)
        + gaps
        + (f" Shaded: {', '.join(s['phase'] for s in shaded)}." if shaded else f" No curated eras for {la_name}.")
        + (f" {joint_note(joint, years)}." if joint else "")
    )  # fmt: skip


def workforce_for(ctx) -> Chart:
    """The chapter's chart for a council context."""
    bench = wf.for_context(ctx)
    return workforce_chart(
        bench, ctx.la_name, ctx.phases if ctx.has_timeline else None, wf.joint_return(ctx.council_rows("workforce"))
    )
