"""What every chart shares: the Chart object, the house style, and deterministic saving."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import afcharts  # noqa: E402,F401  (ships the style file used below)
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

AF_STYLE = str(Path(afcharts.__file__).with_name("afcharts.mplstyle"))
# Analysis Function colours with at least 3:1 contrast on white (orange darkened from #F46A25).
DARK_BLUE, TEAL, MAROON, ORANGE, DARK_GREY, LILAC = "#12436D", "#1A7A72", "#801650", "#B65B13", "#3D3D3D", "#6B4FA0"
MID_GREY = "#707070"
BROWN = "#7A4E12"  # a seventh colour: seven spending categories, no two alike
PALETTE = [DARK_BLUE, TEAL, MAROON, ORANGE, DARK_GREY, LILAC, BROWN]
ERA_FILL = "#E8EEF4"
MIN_FONT_PT = 10
WIDTH_IN = 11.0
DPI = 200
HOUSE_RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "svg.hashsalt": "intervention-history",
    "svg.fonttype": "none",
    "path.simplify": True,
}


@dataclass
class Chart:
    """A finished chart: the figure plus everything needed to publish and reuse it."""

    name: str
    figure: Figure
    title: str
    subtitle: str
    source: str
    alt_text: str
    data: pd.DataFrame = field(repr=False)
    empty: bool = False  # a "nothing to show" chart: no finding to report
    comparisons: tuple = field(default=(), repr=False)  # spending.Change objects behind the title

    def png_bytes(self, dpi: int = 120) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The plain-text form is the alt text: the report uses it as <img alt>, nbval compares it.
        return {"image/png": self.png_bytes(), "text/plain": self.alt_text}


@contextmanager
def house_style():
    with plt.style.context([AF_STYLE, HOUSE_RC]):
        yield


def contrast_ratio(colour: str) -> float:
    """WCAG contrast of a colour against white."""
    r, g, b = matplotlib.colors.to_rgb(colour)

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def new_figure(height_in: float, nrows: int = 1, ncols: int = 1, **kwargs):
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH_IN, height_in), **kwargs)
    return fig, axes


def frame_text(fig: Figure, title: str, subtitle: str, source: str, bottom_in: float = 0.8, left: float = 0.08) -> None:
    """Title and subtitle above the plot, source line below, all left-aligned, spaced in inches."""
    height = fig.get_figheight()
    title_lines = textwrap.wrap(title, 80) or [""]
    subtitle_lines = textwrap.wrap(subtitle, 120) or [""]
    source_lines = textwrap.wrap(source, 140) or [""]
    y = 1 - 0.15 / height
    fig.text(0.012, y, "\n".join(title_lines), fontsize=15, fontweight="bold", va="top", ha="left")
    y -= (0.3 * len(title_lines) + 0.08) / height
    fig.text(0.012, y, "\n".join(subtitle_lines), fontsize=11, va="top", ha="left", color=DARK_GREY)
    top_in = 0.15 + 0.3 * len(title_lines) + 0.08 + 0.22 * len(subtitle_lines) + 0.3
    fig.text(0.012, 0.1 / height, "\n".join(source_lines), fontsize=10, va="bottom", ha="left", color=DARK_GREY)
    fig.subplots_adjust(
        top=1 - top_in / height, bottom=(bottom_in + 0.18 * len(source_lines)) / height, left=left, right=0.97
    )


def text_width_in(text: str, fontsize: float = 10) -> float:
    """Rough width of one line of DejaVu Sans text, in inches (for layout, not measurement)."""
    return max((len(line) for line in text.split("\n")), default=0) * fontsize * 0.0078 + 0.1


def greedy_rows(intervals: list[tuple[float, float]], gap: float = 0.0) -> list[int]:
    """Give each (left, right) interval the first row where it does not overlap; deterministic."""
    row_ends: list[float] = []
    rows = []
    for left, right in intervals:
        row = next((i for i, end in enumerate(row_ends) if end + gap <= left), len(row_ends))
        if row == len(row_ends):
            row_ends.append(float("-inf"))
        row_ends[row] = right
        rows.append(row)
    return rows


def empty_chart(name: str, title: str, subtitle: str, source: str, message: str) -> Chart:
    """A clear 'nothing to show' chart instead of a crash or a blank panel."""
    with house_style():
        fig, ax = new_figure(3.2)
        ax.axis("off")
        ax.text(
            0.5, 0.5, message, ha="center", va="center", fontsize=13, color=DARK_GREY, transform=ax.transAxes, wrap=True
        )
        frame_text(fig, title, subtitle, source, bottom_in=0.3)
    return Chart(
        name, fig, title, subtitle, source, f"{title}. {message}", pd.DataFrame({"message": [message]}), empty=True
    )


def neutralise_cell(value):
    """Stop spreadsheet programs treating exported text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def save_chart(chart: Chart, directory: Path | str) -> dict[str, Path]:
    """Write <name>.png (200 dpi), <name>.svg and <name>.csv. Same inputs, same bytes."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {ext: directory / f"{chart.name}.{ext}" for ext in ("png", "svg", "csv")}
    with plt.rc_context({"svg.hashsalt": HOUSE_RC["svg.hashsalt"], "svg.fonttype": "none"}):
        chart.figure.savefig(paths["png"], dpi=DPI, metadata={"Software": None})
        chart.figure.savefig(
            paths["svg"], metadata={"Date": None, "Creator": None, "Title": chart.title, "Description": chart.alt_text}
        )
    data = chart.data.copy()
    for column in data.columns:
        if data[column].dtype == object or pd.api.types.is_string_dtype(data[column]):
            data[column] = data[column].map(neutralise_cell)
    data.to_csv(paths["csv"], index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return paths


def digest(paths: dict[str, Path]) -> dict[str, str]:
    return {ext: hashlib.sha256(path.read_bytes()).hexdigest() for ext, path in paths.items()}


def publish(built: Chart, output_dir: str | None) -> Chart:
    """When a runner sets output_dir, write the chart's PNG, SVG, CSV and a JSON of its texts to
    output_dir/figures; always close the figure, so long notebooks do not hold every chart open."""
    if output_dir:
        figures = Path(output_dir) / "figures"
        save_chart(built, figures)
        meta = {
            "name": built.name,
            "title": built.title,
            "subtitle": built.subtitle,
            "alt_text": built.alt_text,
            "empty": built.empty,
        }
        (figures / f"{built.name}.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    plt.close(built.figure)
    return built


PHASE_FILL = {"intervention": ERA_FILL, "trust": "#EFEAF6"}


def event_strip(strip, ax, marked: pd.DataFrame) -> None:
    """Event names in rows above the plot; dotted lines carry them down through the data."""
    strip.axis("off")
    if marked.empty:
        return
    x_lo, x_hi = ax.get_xlim()
    days_per_in = (x_hi - x_lo) / (strip.figure.get_figwidth() * ax.get_position().width)
    labels, intervals, aligns = [], [], []
    for row in marked.itertuples():
        label = f"{row.title} ({row.date_label})"
        x = mdates.date2num(row.date_earliest)
        width = text_width_in(label) * days_per_in
        right = x + width > x_hi
        intervals.append((x - width, x) if right else (x, x + width))
        labels.append(label)
        aligns.append("right" if right else "left")
    rows = greedy_rows(intervals, gap=0.1 * days_per_in)
    strip.set_ylim(max(rows) + 0.8, -0.6)
    for row, label, align, level in zip(marked.itertuples(), labels, aligns, rows, strict=True):
        ax.axvline(row.date_earliest, color=MID_GREY, linestyle=":", linewidth=1, zorder=0)
        strip.plot(
            [row.date_earliest, row.date_earliest], [level, max(rows) + 0.8], color=MID_GREY, linestyle=":", linewidth=1
        )
        strip.text(
            row.date_earliest,
            level,
            (" " if align == "left" else "") + label + (" " if align == "right" else ""),
            fontsize=10,
            color=DARK_GREY,
            va="center",
            ha=align,
        )
