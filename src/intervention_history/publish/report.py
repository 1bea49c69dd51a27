"""Run the chapter notebooks and export reports/<council>/<as_of>/.

The run validates data and parameters first (exit 2 on bad input), builds everything in a
temporary folder and only then swaps it in (build.py). A rerun whose inputs and parameters have not
changed does no work, and a run for a later as-of date whose newest report still stands only
records the check (trail.py). Heavy imports happen only when there is work to do, so the no-op
check stays fast.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputError
from ..paths import PROCESSED_DIR, REPORTS_DIR
from . import build
from .build import MANIFEST, RunFailed, output_dir_for
from .fingerprint import fingerprint, input_checksums, write_manifest
from .runner import execute_chapters, write_snapshot

CHAPTERS = (
    "1-timeline.ipynb",
    "2-verdicts-and-leaders.ipynb",
    "3-costs.ipynb",
    "4-spending.ipynb",
    "5-children-in-care.ipynb",
    "6-workforce.ipynb",
)


# What each chapter is about: a report holds only the chapters whose topic has data for its council.
CHAPTER_TOPICS = {
    "1-timeline.ipynb": "timeline",
    "2-verdicts-and-leaders.ipynb": "verdicts",
    "3-costs.ipynb": "costs",
    "4-spending.ipynb": "spending",
    "5-children-in-care.ipynb": "children_looked_after",
    "6-workforce.ipynb": "workforce",
}


def chapters_for(ctx) -> tuple[str, ...]:
    return tuple(c for c in CHAPTERS if ctx.holds(CHAPTER_TOPICS[c]))


def resolve_council_cheaply(council: str) -> tuple[str, Path | None]:
    """(display name, curated folder) from council.json files and the council register alone (no
    pandas); an unknown council is an InputError."""
    from .. import geography
    from ..curated.folders import find_council_folder

    folder = find_council_folder(council)
    if folder is None:
        return geography.find(council).la_name, None
    return str(json.loads((folder / "council.json").read_text(encoding="utf-8"))["name"]), folder


def write_timelinejs(ctx, path: Path) -> None:
    from .exports import timelinejs

    path.write_text(json.dumps(timelinejs(ctx), indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def render_html(ctx, work: Path, generated: datetime, chapters: tuple[str, ...] = CHAPTERS) -> Path:
    from .exports import report_html

    html = report_html(
        ctx, [work / "notebooks" / c for c in chapters], generated, [CHAPTER_TOPICS[c] for c in chapters]
    )
    path = work / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def render_pdf(html_path: Path, pdf_path: Path) -> None:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # PDF/UA-1: a tagged PDF (headings, lists, tables, figures with their alt text) with the
    # document's language (html lang) and title, for screen readers.
    HTML(filename=str(html_path), base_url=str(html_path.parent)).write_pdf(str(pdf_path), pdf_variant="pdf/ua-1")


def run(
    council: str,
    as_of: str,
    window_start: str | None = None,
    window_end: str | None = None,
    out_root: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    prices: str = "real",
) -> Path:
    from ..params import Params

    started = time.perf_counter()
    params = Params.build(council, as_of, window_start, window_end, prices=prices)
    name, curated = resolve_council_cheaply(params.council)
    out_root = Path(out_root) if out_root else REPORTS_DIR
    target = output_dir_for(out_root, name, params.as_of)
    nb_params = {
        "council": name,
        "as_of": params.as_of.isoformat(),
        "window_start": params.window_start.isoformat() if params.window_start else None,
        "window_end": params.window_end.isoformat() if params.window_end else None,
        "prices": params.prices,
    }
    checksums = input_checksums(curated, CHAPTERS)
    print_ = lambda msg: print(msg, flush=True)  # noqa: E731
    # No-op rerun: same inputs, same parameters, report complete.
    manifest_path = target / MANIFEST
    if not force and manifest_path.exists() and curated is not None and (PROCESSED_DIR / "s251_outturn.csv").exists():
        with contextlib.suppress(OSError, ValueError):
            previous = json.loads(manifest_path.read_text())
            if previous.get("fingerprint") == fingerprint(checksums, nb_params):
                print_(f"{target}: up to date, nothing to do")
                return target
    # A later as-of date whose newest report still stands (scheduled runs): record the check, build nothing.
    if not force:
        from . import trail

        current = trail.still_current(target.parent, curated, checksums, nb_params, params.as_of)
        if current is not None:
            folder = current[0]
            check = {
                "checked": datetime.now(UTC).replace(microsecond=0).isoformat(),
                "requested_as_of": params.as_of.isoformat(),
                "result": "still current",
            }
            try:
                latest = trail.update(out_root, target.parent, check)
            except OSError as exc:
                raise RunFailed(f"could not record the check: {exc}") from None
            print_(
                f"{folder}: still current for as-of {params.as_of} (inputs unchanged, no curated event after"
                f" {folder.name}); check recorded in {latest}"
            )
            return folder

    # Full validation before any work: data, council, parameters.
    from ..measures.context import load_context
    from ..official import registry

    registry.build_all()
    ctx = load_context(Params.build(name, as_of, window_start, window_end, prices=prices))
    if curated is None:
        name = ctx.la_name
        nb_params["council"] = name
        target = output_dir_for(out_root, name, params.as_of)
    council_dir = target.parent
    # One more kernel than cores: a kernel spends part of its start-up waiting, not computing (measured in make bench).
    chapters = chapters_for(ctx)
    jobs = jobs or max(1, min(len(chapters), (os.cpu_count() or 1) + 1))
    timings: dict[str, float] = {}
    with build.folder(target, "report") as work:
        print_(
            f"building {target} ({'with' if ctx.has_timeline else 'without'} a curated timeline, {jobs} notebooks at a time)"
        )
        step = time.perf_counter()
        snapshot = write_snapshot(ctx, work)
        notebook_times = execute_chapters(
            work, {**nb_params, "snapshot": str(snapshot)}, jobs, council_dir / "failed" / target.name, chapters
        )
        timings.update({f"notebook {k}": v for k, v in notebook_times.items()})
        snapshot.unlink()
        timings["notebooks"] = round(time.perf_counter() - step, 2)
        write_timelinejs(ctx, work / "timeline.json")
        write_outputs(
            work, lambda generated: render_html(ctx, work, generated, chapters), nb_params, checksums, timings, started
        )
    from . import trail

    try:
        trail.update(out_root, council_dir)
    except (OSError, RunFailed) as exc:
        print(f"warning: {target} is complete, but the index could not be updated: {exc}", file=sys.stderr)
    print_(f"done in {time.perf_counter() - started:.1f} s: {target}")
    return target


def write_outputs(
    work: Path, render, nb_params: dict, checksums: dict, timings: dict, started: float, kind=None
) -> None:
    """The HTML (render(generated) -> its path), the PDF and, last, the manifest, each timed."""
    generated = datetime.now(UTC).replace(microsecond=0)
    step = time.perf_counter()
    html_path = render(generated)
    timings["html"] = round(time.perf_counter() - step, 2)
    print("report.html written", flush=True)
    step = time.perf_counter()
    render_pdf(html_path, work / "report.pdf")
    timings["pdf"] = round(time.perf_counter() - step, 2)
    print("report.pdf written", flush=True)
    timings["total"] = round(time.perf_counter() - started, 2)
    write_manifest(work, nb_params, generated, checksums, timings, kind=kind)


def run_from_cli(args) -> int:
    try:
        run(args.council, args.as_of, args.window_start, args.window_end, args.out, args.force, args.jobs, args.prices)
    except RunFailed as exc:
        print(f"report failed: {exc}", file=sys.stderr)
        print("the previous report, if any, is unchanged", file=sys.stderr)
        return 1
    except InputError:
        raise
    return 0
