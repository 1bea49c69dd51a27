"""The national context of a council's verdicts: how many councils stood in the lowest band at each
date, and how long councils stayed there. Numbers come from measures/inspections.py."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..measures import inspections
from ..params import Params
from .base import DARK_BLUE, DARK_GREY, MAROON, Chart, empty_chart, frame_text, house_style, new_figure
from .verdicts import OFSTED_SOURCE, OGL_NOTE

SOURCE = f"{OFSTED_SOURCE}. {OGL_NOTE}"


def inadequate_councils_chart(counts: pd.DataFrame, own_spells: pd.DataFrame, la_name: str, params: Params) -> Chart:
    """Step chart: councils whose latest Ofsted verdict was inadequate, with the council's own spells shaded."""
    name = "inadequate_councils"
    if counts.empty:
        return empty_chart(name, "Councils rated inadequate", "", SOURCE, "No Ofsted verdicts up to this date")
    counts = counts[counts["rated"] > 0]
    last = counts.iloc[-1]
    as_of = pd.Timestamp(params.as_of)
    title = f"On {as_of:%d %B %Y}, {last.inadequate} of {last.rated} councils stood in Ofsted's lowest band"
    at_worst = []
    for spell in own_spells.itertuples():
        on = counts[counts["date"] <= spell.start].iloc[-1]
        at_worst.append(f"{la_name} joined {on.inadequate - 1} others in {spell.start:%B %Y}")
    if at_worst:
        title += "; " + "; ".join(at_worst)
    subtitle = (
        f"Councils whose latest Ofsted verdict on children's services was inadequate, 2009 to {as_of:%B %Y} (computed "
        f"from every inspection: {inspections.STANDING_RULE}). Shaded: {la_name}'s own time in the lowest band."
    )
    with house_style():
        fig, ax = new_figure(5.6)
        x = list(counts["date"]) + [as_of]
        y = list(counts["inadequate"]) + [counts["inadequate"].iloc[-1]]
        ax.step(x, y, where="post", color=DARK_BLUE, linewidth=2)
        for spell in own_spells.itertuples():
            ax.axvspan(spell.start, spell.end, color="#F6E3E6", zorder=0, linewidth=0)
            ax.text(spell.start, max(y) * 1.05, f" {la_name} inadequate", color=MAROON, fontsize=10, va="bottom")
        ax.set_ylim(0, max(y) * 1.25)
        ax.set_xlim(pd.Timestamp("2009-01-01"), as_of + pd.Timedelta(days=120))
        ax.set_ylabel("Councils rated inadequate")
        ax.annotate(
            f"{last.inadequate}", (as_of, last.inadequate), xytext=(6, 0), textcoords="offset points", color=DARK_BLUE
        )
        frame_text(fig, title, subtitle, SOURCE, bottom_in=0.6)
    data = counts.assign(date=counts["date"].dt.strftime("%Y-%m-%d"))
    alt = f"{title}. Step chart of the number of councils rated inadequate from 2009; peak {max(y)}."
    return Chart(name, fig, title, subtitle, SOURCE, alt, data.reset_index(drop=True))


def lowest_band_spells_chart(spells: pd.DataFrame, la_code: int, la_name: str, params: Params) -> Chart:
    """How long councils stayed in the lowest band, as a distribution, with the council's spells marked."""
    name = "lowest_band_spells"
    closed = spells[~spells["open"] & ~spells["ceased"]]
    if closed.empty:
        return empty_chart(name, "Time in the lowest band", "", SOURCE, "No completed spells in the lowest band")
    median = float(closed["years"].median())
    mine = spells[spells["la_code"] == la_code]
    if len(mine):
        parts = []
        for spell in mine.itertuples():
            longer = (closed["years"] < spell.years).mean() * 100
            parts.append(
                f"{spell.years:.1f} years from {spell.start:%B %Y}"
                + (" (still open)" if spell.open else f", longer than {longer:.0f}% of councils' spells")
            )
        title = f"{la_name}'s time in the lowest band: {'; '.join(parts)} (the median spell lasted {median:.1f} years)"
    else:
        title = (
            f"{la_name} has had no spell in the lowest band; councils that did stayed a median of {median:.1f} years"
        )
    open_now, ceased = int(spells["open"].sum()), int(spells["ceased"].sum())
    subtitle = (
        f"{len(closed)} completed spells in the lowest band, 2009 to {pd.Timestamp(params.as_of):%B %Y} ({inspections.SPELL_RULE}); "
        f"left out: {open_now} spells still open"
        + (f" and {ceased} ended when the council was abolished." if ceased else ".")
    )
    with house_style():
        fig, ax = new_figure(5.2)
        bins = np.arange(0, np.ceil(closed["years"].max()) + 0.5, 0.5)
        ax.hist(closed["years"], bins=bins, color="#667E99", edgecolor="white")
        top = ax.get_ylim()[1]
        ax.axvline(median, color=DARK_GREY, linestyle="--", linewidth=1.5)
        ax.text(median, top * 0.97, f" median {median:.1f} years", color=DARK_GREY, fontsize=10, va="top")
        for spell in mine.itertuples():
            ax.axvline(spell.years, color=MAROON, linewidth=2.5)
            ax.text(
                spell.years,
                top * 0.8,
                f" {la_name}\n {spell.years:.1f} years",
                color=MAROON,
                fontsize=11,
                fontweight="bold",
                va="top",
            )
        ax.set_xlabel("Years from an inadequate verdict to the next better one")
        ax.set_ylabel("Spells")
        frame_text(fig, title, subtitle, SOURCE, bottom_in=0.8)
    data = spells.assign(
        start=spells["start"].dt.strftime("%Y-%m-%d"),
        end=spells["end"].dt.strftime("%Y-%m-%d"),
        years=spells["years"].round(2),
    )
    alt = (
        f"{title}. Histogram of {len(closed)} councils' completed spells in the lowest band; median {median:.1f} years."
    )
    return Chart(name, fig, title, subtitle, SOURCE, alt, data.reset_index(drop=True))
