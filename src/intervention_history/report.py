"""Run the chapter notebooks with papermill and export reports/<council>/<as_of>/.

The run validates data and parameters first (exit 2 on bad input), builds everything in a
temporary folder, and only then swaps it in, so a failed or killed run never damages the last good
report. A lock stops two runs writing the same report; a lock left by a dead process is taken over.
A rerun whose inputs and parameters have not changed does no work, and a run for a later as-of date
whose newest report still stands only records the check (trail.py). Heavy imports happen only when
there is work to do, so the no-op check stays fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, date, datetime
from pathlib import Path

from .errors import InputError, ParameterError
from .paths import (
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    RAW_DIR,
    REFERENCE_DIR,
    REPORTS_DIR,
    S251_PROCESSED,
    display_path,
)

CHAPTERS = (
    "1-timeline.ipynb",
    "2-verdicts-and-leaders.ipynb",
    "3-costs.ipynb",
    "4-spending.ipynb",
    "5-children-in-care.ipynb",
)
TEMPLATE_DIR = Path(__file__).parent / "templates"
MANIFEST = "manifest.json"
PACKAGES = (
    "pandas",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "weasyprint",
    "pandera",
    "edtf",
    "afcharts",
)


class RunFailed(Exception):
    """A step failed (not bad input): exit code 1, previous report untouched."""


# ------------------------------------------------------------------ parameters and paths


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not value:
        raise ParameterError(f"council {text!r} does not give a usable folder name")
    return value


def resolve_council_cheaply(council: str) -> tuple[str, Path | None]:
    """(display name, curated folder) from council.json files alone; no pandas needed."""
    from .curated_folders import find_council_folder

    folder = find_council_folder(council)
    if folder is None:
        return council.strip(), None
    return str(json.loads((folder / "council.json").read_text(encoding="utf-8"))["name"]), folder


def output_dir_for(out_root: Path, council_name: str, as_of: date) -> Path:
    root = out_root.resolve()
    target = (root / slug(council_name) / as_of.isoformat()).resolve()
    if root not in target.parents:
        raise ParameterError(f"the report folder would be outside {out_root}")
    return target


# ------------------------------------------------------------------ fingerprint (no-op reruns)


def _files_for_fingerprint(curated: Path | None | list[Path], notebooks: tuple[str, ...] = CHAPTERS) -> list[Path]:
    """curated: one council folder, None, or several folders (compare.py)."""
    files = sorted((Path(__file__).parent).rglob("*.py")) + sorted(TEMPLATE_DIR.rglob("*"))
    files += [NOTEBOOKS_DIR / c for c in notebooks]
    files += sorted(REFERENCE_DIR.glob("*.csv")) + sorted(RAW_DIR.glob("*/*.csv"))
    for folder in [curated] if isinstance(curated, Path) else curated or []:
        files += sorted(folder.iterdir())
    files += [PROJECT_ROOT / "uv.lock"]
    return [f for f in files if f.is_file() and "__pycache__" not in f.parts]


def input_checksums(curated: Path | None | list[Path], notebooks: tuple[str, ...] = CHAPTERS) -> dict[str, str]:
    out = {}
    for path in _files_for_fingerprint(curated, notebooks):
        out[display_path(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def fingerprint(checksums: dict[str, str], params: dict) -> str:
    blob = json.dumps({"inputs": checksums, "params": params}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


# ------------------------------------------------------------------ locking


class Lock:
    """An exclusive lock file holding the owner's pid; a lock whose owner is dead is stale."""

    def __init__(self, path: Path):
        self.path = path
        self.held = False

    @staticmethod
    def _alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:
                    owner = json.loads(self.path.read_text())
                except (OSError, ValueError):
                    owner = {}
                pid = int(owner.get("pid", 0))
                same_host = owner.get("host") == socket.gethostname()
                if pid and same_host and self._alive(pid):
                    raise RunFailed(f"another run (pid {pid}) is writing this report; lock file {self.path}") from None
                print(f"removing stale lock left by pid {pid or '?'}", file=sys.stderr)
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                continue
            with os.fdopen(fd, "w") as f:
                json.dump({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}, f)
            self.held = True
            return
        raise RunFailed(f"could not take the lock {self.path}")

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.held = False


# ------------------------------------------------------------------ steps


def _kernel_manager_class():
    """A kernel manager that shuts a kernel down without interrupting it first.

    jupyter_client sends SIGINT before every shutdown request, to stop a cell that is still running.
    papermill shuts the kernel down only after the last reply (or a failed cell), so there is never
    a cell to stop: the signal can only land while ipykernel finishes handling that last message,
    where it logs "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel." on a run that
    succeeded. Without the interrupt the shutdown request stops the kernel as before, and
    jupyter_client still kills it if it has not exited within its shutdown_wait_time.
    """
    from jupyter_client.manager import AsyncKernelManager

    class NoInterruptOnShutdown(AsyncKernelManager):
        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return NoInterruptOnShutdown


SNAPSHOT = "validated-data.pickle"


def write_snapshot(ctx, work: Path) -> Path:
    """The validated data, handed to each chapter's kernel so that it need not read and validate them again."""
    import pickle

    ctx.cla_table  # noqa: B018  (load it once here, not in every kernel)
    path = work / SNAPSHOT
    path.write_bytes(pickle.dumps(ctx, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def execute_chapters(
    work: Path, params: dict, jobs: int, keep_dir: Path, chapters: tuple[str, ...] = CHAPTERS
) -> dict[str, float]:
    """Run the notebooks (default: the report's chapters) with papermill, in parallel, printing a line for each."""
    import papermill

    kernel_manager_class = _kernel_manager_class()

    executed = work / "notebooks"
    executed.mkdir(parents=True)
    timings: dict[str, float] = {}

    def run(chapter: str) -> tuple[str, float]:
        started = time.perf_counter()
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / chapter),
            str(executed / chapter),
            parameters={**params, "output_dir": str(work)},
            kernel_name="python3",
            progress_bar=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # hide the kernel's transport warning
            kernel_manager_class=kernel_manager_class,
        )
        return chapter, time.perf_counter() - started

    failures = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        # Slowest chapters first, so two workers finish together.
        order = sorted(chapters, key=lambda c: c not in ("4-spending.ipynb", "1-timeline.ipynb"))
        futures = {pool.submit(run, chapter): chapter for chapter in order}
        for done, future in enumerate(as_completed(futures), start=1):
            chapter = futures[future]
            try:
                _, seconds = future.result()
            except Exception as exc:  # papermill wraps the kernel's error
                failures.append((chapter, exc))
                print(f"[{done}/{len(chapters)}] {chapter} FAILED", flush=True)
                continue
            timings[chapter] = round(seconds, 2)
            print(f"[{done}/{len(chapters)}] {chapter} done in {seconds:.1f} s", flush=True)
    if failures:
        raise RunFailed("; ".join(_describe_failure(chapter, exc, keep_dir / chapter) for chapter, exc in failures))
    return timings


def _describe_failure(chapter: str, exc: Exception, notebook: Path) -> str:
    cell = getattr(exc, "exec_count", None)
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc)).strip().splitlines()
    where = f"cell {cell}" if cell is not None else "a cell"
    return f"notebook {chapter} failed in {where}: {ename}: {evalue[-1] if evalue else ''} (executed copy kept at {notebook})"


def write_timelinejs(ctx, path: Path) -> None:
    from .exports import timelinejs

    path.write_text(json.dumps(timelinejs(ctx), indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def render_html(ctx, work: Path, generated: datetime) -> Path:
    from .exports import report_html

    html = report_html(ctx, [work / "notebooks" / c for c in CHAPTERS], generated)
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


def package_versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


def git_commit() -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if result.returncode != 0:
        return "unknown"
    return result.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


# ------------------------------------------------------------------ the run


def _swap_in(work: Path, target: Path) -> None:
    """Replace target with work; the old report is moved aside first and removed last."""
    old = target.with_name(f".old-{target.name}-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(work, target)
    shutil.rmtree(old, ignore_errors=True)


def _recover(council_dir: Path, target: Path) -> None:
    """Tidy what a killed run left behind: restore a report moved aside, drop dead builds."""
    if not council_dir.exists():
        return
    for old in sorted(council_dir.glob(f".old-{target.name}-*")):
        if not target.exists():
            os.replace(old, target)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in council_dir.glob(f".build-{target.name}-*"):
        pid = int(tmp.name.rsplit("-", 1)[-1]) if tmp.name.rsplit("-", 1)[-1].isdigit() else 0
        if not Lock._alive(pid):
            shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def _terminate_cleanly():
    """Turn SIGTERM into an exception so temporary files and the lock are cleaned up."""

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
    from .params import Params

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
    checksums = input_checksums(curated)
    print_ = lambda msg: print(msg, flush=True)  # noqa: E731
    # No-op rerun: same inputs, same parameters, report complete.
    manifest_path = target / MANIFEST
    if not force and manifest_path.exists() and curated is not None and (S251_PROCESSED.exists()):
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
    from .context import load_context
    from .processed import build_all

    build_all()
    ctx = load_context(Params.build(name, as_of, window_start, window_end, prices=prices))
    if curated is None:
        name = ctx.la_name
        nb_params["council"] = name
        target = output_dir_for(out_root, name, params.as_of)
    council_dir = target.parent
    council_dir.mkdir(parents=True, exist_ok=True)
    lock = Lock(council_dir / f".{target.name}.lock")
    # One more kernel than cores: a kernel spends part of its start-up waiting, not computing (measured in make bench).
    jobs = jobs or max(1, min(len(CHAPTERS), (os.cpu_count() or 1) + 1))
    timings: dict[str, float] = {}
    work = council_dir / f".build-{target.name}-{os.getpid()}"
    with _terminate_cleanly():
        lock.acquire()
        try:
            _recover(council_dir, target)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            print_(
                f"building {target} ({'with' if ctx.has_timeline else 'without'} a curated timeline, {jobs} notebooks at a time)"
            )
            step = time.perf_counter()
            snapshot = write_snapshot(ctx, work)
            timings.update(
                {
                    f"notebook {k}": v
                    for k, v in execute_chapters(
                        work, {**nb_params, "snapshot": str(snapshot)}, jobs, council_dir / "failed" / target.name
                    ).items()
                }
            )
            snapshot.unlink()
            timings["notebooks"] = round(time.perf_counter() - step, 2)
            generated = datetime.now(UTC).replace(microsecond=0)
            step = time.perf_counter()
            write_timelinejs(ctx, work / "timeline.json")
            html_path = render_html(ctx, work, generated)
            timings["html"] = round(time.perf_counter() - step, 2)
            print_("report.html written")
            step = time.perf_counter()
            render_pdf(html_path, work / "report.pdf")
            timings["pdf"] = round(time.perf_counter() - step, 2)
            print_("report.pdf written")
            timings["total"] = round(time.perf_counter() - started, 2)
            manifest = {
                "parameters": nb_params,
                "generated": generated.isoformat(),
                "git_commit": git_commit(),
                "packages": package_versions(),
                "inputs_sha256": checksums,
                "timings_seconds": timings,
                "fingerprint": fingerprint(checksums, nb_params),
            }
            (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
            _swap_in(work, target)
        except OSError as exc:
            _discard(work, council_dir, target)
            raise RunFailed(f"could not write the report: {exc}") from None
        except BaseException:
            _discard(work, council_dir, target)
            raise
        finally:
            lock.release()
    from . import trail

    try:
        trail.update(out_root, council_dir)
    except (OSError, RunFailed) as exc:
        print(f"warning: {target} is complete, but the index could not be updated: {exc}", file=sys.stderr)
    print_(f"done in {time.perf_counter() - started:.1f} s: {target}")
    return target


def _discard(work: Path, council_dir: Path, target: Path) -> None:
    """Remove a failed build, keeping its executed notebooks for inspection."""
    failed_notebooks = work / "notebooks"
    if failed_notebooks.exists():
        keep = council_dir / "failed" / target.name
        shutil.rmtree(keep, ignore_errors=True)
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(failed_notebooks), keep)
    shutil.rmtree(work, ignore_errors=True)


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
