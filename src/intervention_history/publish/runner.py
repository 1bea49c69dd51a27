"""Run chapter notebooks with papermill, in parallel, each kernel handed the validated data."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from ..paths import NOTEBOOKS_DIR
from .build import RunFailed


def kernel_manager_class():
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

    ctx.children_looked_after  # noqa: B018  (load it once here, not in every kernel)
    path = work / SNAPSHOT
    path.write_bytes(pickle.dumps(ctx, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def execute_chapters(
    work: Path, params: dict, jobs: int, keep_dir: Path, chapters: tuple[str, ...]
) -> dict[str, float]:
    """Run the notebooks (default: the report's chapters) with papermill, in parallel, printing a line for each."""
    import papermill

    manager = kernel_manager_class()

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
            kernel_manager_class=manager,
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
        raise RunFailed("; ".join(describe_failure(chapter, exc, keep_dir / chapter) for chapter, exc in failures))
    return timings


def describe_failure(chapter: str, exc: Exception, notebook: Path) -> str:
    cell = getattr(exc, "exec_count", None)
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc)).strip().splitlines()
    where = f"cell {cell}" if cell is not None else "a cell"
    return f"notebook {chapter} failed in {where}: {ename}: {evalue[-1] if evalue else ''} (executed copy kept at {notebook})"
