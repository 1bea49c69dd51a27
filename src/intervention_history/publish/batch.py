"""Every named council's report at once, on Dask distributed (`python -m intervention_history batch`).

Before any work the client resolves every council name (an unknown one exits 2, with suggestions),
checks the parameters, builds data/processed/ (the registry) and validates every curated timeline
in the batch, all once. It then skips councils whose report is up to date (the report's own
fingerprint: the same input checksums, computed once per batch, and the same parameters) and
submits one task per remaining council: `report.run(...)` with every guarantee the report gives
(validation first, lock, build in a temporary folder swapped in whole, failed notebooks kept).
A failing council does not stop the batch; results are gathered as they complete, and the national
index (reports/index.html, index.csv) is rewritten once at the end.

How outputs reach the client: a shared filesystem. Every worker runs from the same repository (the
same path, so data/processed/ and the code are the same) and writes into the same --out folder,
which must be on a filesystem the client and every worker share (local disk for the local
cluster; NFS or similar across machines). Before submitting, the client writes a token file into
--out and every worker must read it back, else the batch exits 2 naming the workers. Tasks return
only a small record (status, folder, message, timings, the report's log).

If a worker dies mid-report, the scheduler reruns its task elsewhere: the killed build never
swapped in, its lock names a dead process (taken over) and its temporary folder is removed by
the next build of that report (build.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..errors import InputError, ParameterError

BUILT, UP_TO_DATE, STILL_CURRENT, FAILED = "built", "up to date", "still current", "failed"
LOG_LINES = 40


# ------------------------------------------------------------------ on the worker


def _terminate_cleanly_in_main_thread():
    """build.folder turns SIGTERM into cleanup, but a signal handler can only be set in the main
    thread; a Dask task runs in a worker thread, where a killed worker is recovered instead."""
    from . import build

    original = build.terminate_cleanly
    if getattr(original, "batch_wrapper", False):
        return

    def wrapper():
        if threading.current_thread() is threading.main_thread():
            return original()
        return contextlib.nullcontext()

    wrapper.batch_wrapper = True
    build.terminate_cleanly = wrapper


def _generated_since(folder: Path, started: float) -> bool:
    try:
        generated = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["generated"]
        return datetime.fromisoformat(generated).timestamp() >= int(started)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def run_one(council: str, as_of: str, out: str, force: bool = False, jobs: int | None = None) -> dict:
    """One council's report (a Dask task): a small record of what happened, never an exception."""
    from . import report
    from .build import RunFailed

    _terminate_cleanly_in_main_thread()
    started = time.time()
    log = io.StringIO()
    record = {"council": council, "host": socket.gethostname(), "pid": os.getpid(), "folder": None, "message": ""}
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            folder = report.run(council, as_of, out_root=Path(out), force=force, jobs=jobs)
        record["folder"] = str(folder)
        if _generated_since(folder, started):
            record["status"] = BUILT
        else:
            record["status"] = UP_TO_DATE if folder.name == as_of else STILL_CURRENT
    except (RunFailed, InputError) as exc:
        record.update(status=FAILED, message=str(exc))
    except Exception as exc:  # a bug in one council's report must not stop the batch
        record.update(status=FAILED, message=f"{type(exc).__name__}: {exc} (traceback in the log)")
        import traceback

        log.write(traceback.format_exc())
    record["seconds"] = round(time.time() - started, 2)
    record["log"] = log.getvalue().splitlines()[-LOG_LINES:]
    return record


def _sees(token: str, expected: str) -> bool:
    """Run on every worker: does it read the client's token file in --out?"""
    try:
        return Path(token).read_text(encoding="utf-8") == expected
    except OSError:
        return False


# ------------------------------------------------------------------ on the client


def resolve(names: list[str]) -> list:
    """Councils from the register: `all` is every council existing today; every unknown name is one
    InputError (with suggestions) before any work."""
    from .. import geography

    if [n.strip().lower() for n in names] == ["all"]:
        return list(geography.current())
    found, problems, seen = [], [], set()
    for name in names:
        if name.strip().lower() == "all":
            problems.append("'all' cannot be combined with council names")
            continue
        try:
            council = geography.find(name)
        except InputError as exc:
            problems.append(str(exc))
            continue
        if council.la_code not in seen:
            seen.add(council.la_code)
            found.append(council)
    if problems:
        raise InputError("\n".join(problems))
    if not found:
        raise InputError("no councils given")
    return found


@dataclass
class Plan:
    councils: list  # geography.Council, in submission order
    as_of: str
    out: Path
    up_to_date: dict[str, Path] = field(default_factory=dict)  # council -> folder, no task needed
    timings: dict[str, float] = field(default_factory=dict)


def prepare(names: list[str], as_of: str, out: Path | None, force: bool = False) -> Plan:
    """Everything done once per batch, before any task: names, parameters, data, curated validation,
    and the no-op check of every council (the report's fingerprint)."""
    from ..params import Params
    from ..paths import REPORTS_DIR
    from .build import MANIFEST, output_dir_for
    from .fingerprint import fingerprint, input_checksums
    from .report import CHAPTERS, resolve_council_cheaply

    timings = {}
    step = time.perf_counter()
    councils = resolve(names)
    params = Params.build(councils[0].la_name, as_of)
    for council in councils:
        Params.build(council.la_name, as_of)  # every name is safe text
    out = (Path(out) if out else REPORTS_DIR).resolve()
    timings["names and parameters"] = time.perf_counter() - step

    step = time.perf_counter()
    from ..official import registry

    registry.build_all()
    timings["data (registry)"] = time.perf_counter() - step

    step = time.perf_counter()
    from ..curated.load import load_dataset

    resolved = {}
    problems = []
    for council in councils:
        name, folder = resolve_council_cheaply(council.la_name)
        resolved[council.la_name] = (name, folder)
        if folder is not None:
            try:
                load_dataset(folder)
            except InputError as exc:
                problems.append(str(exc))
    if problems:
        raise InputError("\n".join(problems))
    timings["curated validation"] = time.perf_counter() - step

    step = time.perf_counter()
    plan = Plan(councils, params.as_of.isoformat(), out, timings=timings)
    checksums: dict = {}
    for council in councils if not force else []:
        name, folder = resolved[council.la_name]
        target = output_dir_for(out, name, params.as_of)
        if not (target / MANIFEST).exists():
            continue
        if folder not in checksums:
            checksums[folder] = input_checksums(folder, CHAPTERS)
        nb_params = {"council": name, "as_of": plan.as_of, "window_start": None, "window_end": None, "prices": "real"}
        with contextlib.suppress(OSError, ValueError):
            if json.loads((target / MANIFEST).read_text()).get("fingerprint") == fingerprint(
                checksums[folder], nb_params
            ):
                plan.up_to_date[council.la_name] = target
    timings["no-op checks"] = time.perf_counter() - step
    # Councils with a curated timeline run longest: start them first.
    plan.councils.sort(key=lambda c: resolved[c.la_name][1] is None)
    return plan


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int, say):
    """A Client: to the scheduler at `scheduler`, or to a local cluster of `workers` processes."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        with client:
            say(f"Dask scheduler {scheduler}; dashboard: {client.dashboard_link}")
            yield client
        return
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, silence_logs=logging.ERROR) as cluster,
        Client(cluster) as client,
    ):
        import importlib.util

        note = "" if importlib.util.find_spec("bokeh") else " (install bokeh to see it)"
        say(f"local Dask cluster: {workers} worker processes, 1 thread each; dashboard: {client.dashboard_link}{note}")
        yield client


def check_shared(client, out: Path, wait: float = 60) -> None:
    """Every worker must see the --out folder the client sees (a shared filesystem)."""
    try:
        client.wait_for_workers(1, timeout=wait)
    except TimeoutError:
        raise InputError(f"no Dask worker joined the scheduler within {wait:.0f} s") from None
    out.mkdir(parents=True, exist_ok=True)
    secret = uuid.uuid4().hex
    token = out / f".batch-{secret[:12]}"
    token.write_text(secret, encoding="utf-8")
    try:
        seen = client.run(_sees, str(token), secret)
    finally:
        token.unlink()
    blind = sorted(worker for worker, ok in seen.items() if not ok)
    if blind:
        raise InputError(
            f"worker{'s' if len(blind) > 1 else ''} {', '.join(blind)} cannot see {out}: every worker must run from"
            " the same repository and write into the same --out folder on a shared filesystem (README, Scheduled"
            " regeneration)"
        )


def default_jobs(workers: int) -> int:
    """Notebooks per report on a local cluster: the machine's cores shared between the workers, plus one."""
    return max(1, (os.cpu_count() or 1) // workers) + 1


def run(
    names: list[str],
    as_of: str,
    out: Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    jobs: int | None = None,
    force: bool = False,
    progress: bool | None = None,
) -> dict:
    """Build every council's report; return {"results": [...], "timings": {...}, "index": path}."""
    started = time.perf_counter()
    if workers is not None and workers < 1:
        raise ParameterError(f"--workers must be at least 1, not {workers}")
    workers = workers or max(1, os.cpu_count() or 1)
    plan = prepare(names, as_of, out, force)
    progress = sys.stdout.isatty() if progress is None else progress
    results = [
        {"council": c.la_name, "status": UP_TO_DATE, "folder": str(plan.up_to_date[c.la_name]), "message": ""}
        for c in plan.councils
        if c.la_name in plan.up_to_date
    ]
    todo = [c for c in plan.councils if c.la_name not in plan.up_to_date]
    total = len(plan.councils)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, initial=len(results), unit="council", file=sys.stderr, dynamic_ncols=True)

    def say(line: str) -> None:
        if bar is not None:
            bar.write(line, file=sys.stdout)
        else:
            print(line, flush=True)

    if progress:
        for done, result in enumerate(results, start=1):
            say(f"[{done}/{total}] {result['council']}: up to date")
    try:
        if todo:
            _submit(todo, plan, scheduler, workers, jobs, force, results, total, say if progress else None, bar)
    finally:
        if bar is not None:
            bar.close()
    from . import trail

    index = trail.write_index(plan.out)
    plan.timings["total"] = time.perf_counter() - started
    order = {c.la_name: i for i, c in enumerate(sorted(plan.councils, key=lambda c: c.la_name.lower()))}
    results.sort(key=lambda r: order.get(r["council"], len(order)))
    return {"results": results, "timings": plan.timings, "index": index, "as_of": plan.as_of}


def _submit(todo, plan, scheduler, workers, jobs, force, results, total, say, bar) -> None:
    from distributed import as_completed

    step = time.perf_counter()
    with connect(scheduler, workers, say or (lambda line: print(line, flush=True))) as client:
        check_shared(client, plan.out)
        plan.timings["cluster start"] = time.perf_counter() - step
        step = time.perf_counter()
        if jobs is None and not scheduler:
            jobs = default_jobs(workers)
        batch = uuid.uuid4().hex[:8]
        futures = {
            client.submit(
                run_one,
                council.la_name,
                plan.as_of,
                str(plan.out),
                force,
                jobs,
                key=f"report-{council.la_code}-{batch}",
                priority=-position,
            ): council.la_name
            for position, council in enumerate(todo)
        }
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # the task itself never raises: a lost worker, cancelled, ...
                result = {"council": futures[future], "status": FAILED, "message": f"{type(exc).__name__}: {exc}"}
            results.append(result)
            if bar is not None:
                bar.update(1)
            if say is not None:
                say(line_for(len(results), total, result))
        plan.timings["reports"] = time.perf_counter() - step


def line_for(done: int, total: int, result: dict) -> str:
    seconds = f" in {result['seconds']:.1f} s" if result.get("seconds") is not None else ""
    if result["status"] == FAILED:
        return f"[{done}/{total}] {result['council']}: FAILED{seconds}: {result['message']}"
    return f"[{done}/{total}] {result['council']}: {result['status']}{seconds}"


def summary(outcome: dict) -> list[str]:
    results = outcome["results"]
    counts = {s: sum(r["status"] == s for r in results) for s in (BUILT, UP_TO_DATE, STILL_CURRENT, FAILED)}
    timings = outcome["timings"]
    lines = [
        f"batch of {len(results)} council{'' if len(results) == 1 else 's'} as of {outcome['as_of']} in"
        f" {timings['total']:.1f} s: " + ", ".join(f"{n} {s}" for s, n in counts.items()),
        "done once for the batch: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items() if k not in ("total", "reports"))
        + (f"; reports {timings['reports']:.1f} s" if "reports" in timings else ""),
    ]
    failed = [r for r in results if r["status"] == FAILED]
    if failed:
        lines.append("failed (the previous report, if any, is unchanged):")
        lines += [f"  {r['council']}: {r['message']}" for r in failed]
    lines.append(f"index: {outcome['index']} and {outcome['index'].with_name('index.csv')}")
    return lines


def run_from_cli(args) -> int:
    outcome = run(
        args.councils,
        args.as_of,
        Path(args.out) if args.out else None,
        args.scheduler,
        args.workers,
        args.jobs,
        args.force,
    )
    for line in summary(outcome):
        print(line, flush=True)
    return 1 if any(r["status"] == FAILED for r in outcome["results"]) else 0
