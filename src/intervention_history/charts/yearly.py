"""What the yearly charts of chapter 5 share: a census year on the x axis, shaded eras, neighbour bands.

Used by children_in_care.py and children_in_need.py. Lines break at gaps; nothing is interpolated.
"""

from __future__ import annotations

import pandas as pd

from ..measures.phases import CENSUS_31_MARCH, phases, reference_day
from .base import DARK_GREY, PHASE_FILL

BAND_FILL = "#DDDDDD"


def year_x(year: int) -> pd.Timestamp:
    return reference_day(year, CENSUS_31_MARCH)


def phase_rows(eras: pd.DataFrame | None, phase_table: pd.DataFrame | None) -> pd.DataFrame:
    if phase_table is not None:
        return phase_table
    return phases(eras) if eras is not None else pd.DataFrame(columns=["phase", "start", "end"])


def shade_phases(ax, phase_table: pd.DataFrame, x_lo, x_hi, label_at: float | None = None) -> None:
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


def shade_band(ax, x_of, band_low, band_high, label: str | None) -> bool:
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
