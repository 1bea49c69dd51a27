"""The few calls a chapter notebook makes. Logic lives in the package, where tests reach it."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pandas as pd

from . import charts
from .charts import compare as compare_charts
from .charts.base import publish
from .measures.comparison import CompareParams, load_contexts
from .measures.context import CouncilContext, load_context
from .params import Params
from .story.comparison import findings


def setup(
    council: str,
    as_of: str,
    window_start: str | None = None,
    window_end: str | None = None,
    prices: str = "real",
    snapshot: str | None = None,
) -> CouncilContext:
    """Check the parameters and load the council's data. prices: "real" (default) or "cash".

    snapshot: set by the report runner, the data it has already validated for the same parameters;
    used only if its parameters match, so a chapter run by hand always loads and validates.
    """
    pd.set_option("display.max_colwidth", 80)
    params = Params.build(council, as_of, window_start, window_end, prices=prices)
    if snapshot:
        with open(snapshot, "rb") as f:
            ctx = pickle.load(f)  # written by report.write_snapshot in this run's own build folder
        if ctx.params == params or ctx.params == Params.build(
            ctx.la_name, as_of, window_start, window_end, prices=prices
        ):
            return ctx
    return load_context(params)


# Charts drawn only from a curated history: without one, a chapter shows nothing in their place.
CURATED_ONLY = ("timeline", "leadership", "costs")


def chart(name: str, ctx: CouncilContext, output_dir: str | None = None):
    """Build one chart; when the report runs, also write its PNG, SVG and CSV to output_dir/figures.
    A chart drawn from a curated history returns None for a council without one (no placeholder)."""
    if name in CURATED_ONLY and not ctx.has_timeline:
        return None
    return publish(charts.build_chart(name, ctx), output_dir)


def compare_setup(councils, as_of: str, prices: str = "real") -> list[CouncilContext]:
    """What the comparison notebook calls first: check the parameters and load every council."""
    pd.set_option("display.max_colwidth", 80)
    return load_contexts(CompareParams.build(councils, as_of, prices))


def compare_chart(name: str, contexts: list[CouncilContext], output_dir: str | None = None):
    """Build one comparison chart; when the runner sets output_dir, also write its files."""
    return compare_charts.chart(name, contexts, output_dir)


def write_findings(contexts: list[CouncilContext], output_dir: str | None) -> None:
    """Save the comparison's findings beside the figures when the runner asks (output_dir/findings.json)."""
    if output_dir:
        path = Path(output_dir) / "findings.json"
        path.write_text(json.dumps(findings(contexts), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
