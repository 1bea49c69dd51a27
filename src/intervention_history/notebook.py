"""The few calls a chapter notebook makes. Logic lives in the package, where tests reach it."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from . import charts as _charts
from .charts.base import save_chart
from .context import CouncilContext, load_context
from .params import Params


def setup(
    council: str, as_of: str, window_start: str | None = None, window_end: str | None = None, prices: str = "real"
) -> CouncilContext:
    """Check the parameters and load the council's data. prices: "real" (default) or "cash"."""
    pd.set_option("display.max_colwidth", 80)
    return load_context(Params.build(council, as_of, window_start, window_end, prices=prices))


def chart(name: str, ctx: CouncilContext, output_dir: str | None = None):
    """Build one chart; when the report runs, also write its PNG, SVG and CSV to output_dir/figures."""
    built = _charts.build_chart(name, ctx)
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
