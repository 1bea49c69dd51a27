"""Compare two or more councils side by side: reports/compare/<slug>/<as_of>/ (slug: doncaster-vs-rotherham).

Same guarantees as the report (report.py, whose helpers this reuses): parameters and all data are
validated before any work (bad input exits 2), notebooks/compare.ipynb runs with papermill in a
temporary folder that is swapped in only when complete, a lock stops two runs writing the same
comparison, and a rerun whose inputs and parameters have not changed does nothing.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from ..errors import ParameterError
from ..paths import PROCESSED_DIR, REPORTS_DIR
from . import build
from .build import COMPARE_DIR, MANIFEST, RunFailed, slug
from .fingerprint import fingerprint, input_checksums
from .report import resolve_council_cheaply, write_outputs
from .runner import execute_chapters

NOTEBOOK = "compare.ipynb"
NOTEBOOKS = (NOTEBOOK,)


def slug_for(names: list[str]) -> str:
    return "-vs-".join(slug(n) for n in names)


def output_dir_for(out_root: Path, names: list[str], as_of) -> Path:
    root = out_root.resolve()
    target = (root / COMPARE_DIR / slug_for(names) / as_of.isoformat()).resolve()
    if root not in target.parents:
        raise ParameterError(f"the comparison folder would be outside {out_root}")
    return target


def _up_to_date(target: Path, checksums: dict, nb_params: dict) -> bool:
    manifest_path = target / MANIFEST
    if not manifest_path.exists() or not all((target / n).is_file() for n in ("report.html", "report.pdf")):
        return False
    try:
        previous = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        return False
    return previous.get("fingerprint") == fingerprint(checksums, nb_params)


# ------------------------------------------------------------------ HTML


def _sources_html(contexts) -> str:
    from ..text import esc
    from .exports import OGL, is_web

    items = [
        "<li>Department for Education, Children looked after in England including adoptions, releases for 31 March"
        " 2010 to 2024 (data/raw/children_looked_after/).</li>",
        "<li>Department for Education, section 251 outturn time series, 2015-16 to 2023-24"
        " (data/raw/s251_timeseries/).</li>",
        "<li>HM Treasury, GDP deflators at market prices (data/reference/gdp_deflator.csv).</li>",
    ]
    for ctx in contexts:
        if not ctx.has_timeline:
            continue
        cited = set()
        for ids in ctx.dataset.judgements["source_ids"].dropna():
            cited.update(s.strip() for s in str(ids).split(";") if s.strip())
        sources = ctx.dataset.sources[ctx.dataset.sources["source_id"].isin(cited)]
        for row in sources.sort_values(["published_earliest", "source_id"]).itertuples():
            title = f'<a href="{esc(row.url)}">{esc(row.title)}</a>' if is_web(row.url) else esc(row.title)
            items.append(
                f"<li>{esc(ctx.la_name)} verdicts: {title}. {esc(row.publisher)}, {esc(row.published_label)}.</li>"
            )
    return (
        f'<section class="sources"><h2 id="sources">Sources</h2><p>{esc(OGL)}</p><ol>'
        + "".join(items)
        + "</ol></section>"
    )


METHODS_HTML = (
    '<section class="methods"><h2 id="data-and-methods">Data and methods</h2>'
    "<p>Each council with a folder under data/curated/ brings its eras (council.json) and its Ofsted verdicts"
    " (judgements.csv, harmonised onto one four-point scale: 1 outstanding to 4 inadequate). Years under"
    " government intervention are the union of its eras of kind intervention, cut at the as-of date. Years in the"
    " lowest band run from each verdict graded 4 to the next graded Ofsted verdict (an ungraded visit does not"
    " replace a grade), or to the as-of date. Verdicts dated after the as-of date are left out.</p>"
    "<p>Every council, with or without a curated timeline, is compared on the official data: the DfE's rate of"
    " children looked after per 10,000 children (published for 2010 and 2019-2024 only) and the DfE's net current"
    " spending per child aged 0-17 (section 251 time series, 2015-16 on, held for England, Doncaster and"
    " Rotherham), in 2023-24 prices with HM Treasury's GDP deflator unless cash was asked for. Nothing is"
    " interpolated across missing years.</p></section>"
)


def render_html(contexts, work: Path, generated: datetime) -> Path:
    """The comparison page with the report's template and CSS (no scripts, alt text on every chart)."""
    import nbformat

    from ..measures.comparison import names
    from ..text import esc, joined
    from .exports import render_with_template

    notebook = nbformat.read(work / "notebooks" / NOTEBOOK, as_version=4)
    combined = nbformat.v4.new_notebook()
    combined.metadata = notebook.metadata
    toc = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            rest = cell.source.split("\n", 1)[1] if "\n" in cell.source else ""
            if rest.strip():
                combined.cells.append(nbformat.v4.new_markdown_cell(rest))
            continue
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            anchor = f"section-{len(toc) + 1}"
            toc.append((anchor, cell.source.splitlines()[0][3:].strip()))
            combined.cells.append(nbformat.v4.new_markdown_cell(f'<a id="{anchor}"></a>'))
        combined.cells.append(cell)
    as_of = contexts[0].params.as_of
    title = f"Comparing councils' children's services: {joined(names(contexts))}"
    bare = [c.la_name for c in contexts if not c.has_timeline]
    front = [
        f"<header><h1>{esc(title)}</h1>",
        f'<p class="meta">Data as of <strong>{as_of:%d %B %Y}</strong>. Generated {generated:%d %B %Y %H:%M} UTC. '
        + (f"No curated timeline for {esc(joined(bare))}: compared on the official data alone. " if bare else "")
        + "</p></header>",
    ]
    toc_items = toc + [("data-and-methods", "Data and methods"), ("sources", "Sources")]
    front.append(
        '<nav class="toc" aria-label="Contents"><h2>Contents</h2><ul>'
        + "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in toc_items)
        + "</ul></nav>"
    )
    body = render_with_template(combined, title, "\n".join(front), METHODS_HTML + _sources_html(contexts))
    path = work / "report.html"
    path.write_text(body, encoding="utf-8")
    return path


# ------------------------------------------------------------------ the run


def _notebook_takes_window() -> bool:
    from ..paths import NOTEBOOKS_DIR

    return "window_start" in (NOTEBOOKS_DIR / NOTEBOOK).read_text(encoding="utf-8")


def run(
    councils: list[str],
    as_of: str,
    out_root: Path | None = None,
    force: bool = False,
    prices: str = "real",
    window_start: str | None = None,
    window_end: str | None = None,
) -> Path:
    from ..measures.comparison import CompareParams

    started = time.perf_counter()
    params = CompareParams.build(councils, as_of, prices, window_start=window_start, window_end=window_end)
    window = {
        k: v.isoformat() for k, v in (("window_start", params.window_start), ("window_end", params.window_end)) if v
    }
    if window and not _notebook_takes_window():
        raise ParameterError(
            f"notebooks/{NOTEBOOK} has no window_start/window_end parameters yet; leave the window out"
        )
    resolved = [resolve_council_cheaply(c) for c in params.councils]
    names = [name for name, _ in resolved]
    curated = [folder for _, folder in resolved if folder is not None]
    out_root = Path(out_root) if out_root else REPORTS_DIR
    nb_params = {"councils": names, "as_of": params.as_of.isoformat(), "prices": params.prices, **window}
    checksums = input_checksums(curated, NOTEBOOKS)
    print_ = lambda msg: print(msg, flush=True)  # noqa: E731
    target = output_dir_for(out_root, names, params.as_of)
    # No-op rerun, cheaply, when every council has a curated folder (names are then known without pandas).
    all_curated = len(curated) == len(names)
    if (
        not force
        and all_curated
        and (PROCESSED_DIR / "s251_outturn.csv").exists()
        and _up_to_date(target, checksums, nb_params)
    ):
        print_(f"{target}: up to date, nothing to do")
        return target

    # Full validation before any work: every council's data, the official tables, the parameters.
    from ..measures.comparison import load_contexts
    from ..official import registry

    registry.build_all()
    contexts = load_contexts(params)
    names = [ctx.la_name for ctx in contexts]
    nb_params["councils"] = names
    target = output_dir_for(out_root, names, params.as_of)
    if not force and not all_curated and _up_to_date(target, checksums, nb_params):
        print_(f"{target}: up to date, nothing to do")
        return target
    pair_dir = target.parent
    timings: dict[str, float] = {}
    with build.folder(target, "comparison") as work:
        without = [c.la_name for c in contexts if not c.has_timeline]
        print_(
            f"building {target} ({len(names)} councils"
            + (f"; no curated timeline: {', '.join(without)}" if without else "")
            + ")"
        )
        step = time.perf_counter()
        notebook_times = execute_chapters(work, nb_params, 1, pair_dir / "failed" / target.name, NOTEBOOKS)
        timings.update({f"notebook {k}": v for k, v in notebook_times.items()})
        timings["notebooks"] = round(time.perf_counter() - step, 2)
        write_outputs(
            work,
            lambda generated: render_html(contexts, work, generated),
            nb_params,
            checksums,
            timings,
            started,
            "comparison",
        )
    print_(f"done in {time.perf_counter() - started:.1f} s: {target}")
    return target


def run_from_cli(args) -> int:
    try:
        run(
            args.councils,
            args.as_of,
            args.out,
            args.force,
            args.prices,
            getattr(args, "window_start", None),
            getattr(args, "window_end", None),
        )
    except RunFailed as exc:
        print(f"compare failed: {exc}", file=sys.stderr)
        print("the previous comparison, if any, is unchanged", file=sys.stderr)
        return 1
    return 0
