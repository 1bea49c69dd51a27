"""`python -m intervention_history notebooks`: re-execute the committed notebooks in place.

The committed notebooks carry the outputs of their default parameters, which nbval compares on
every test run. Refreshing strips volatile metadata so that diffs show only real changes.
"""

from __future__ import annotations

import time

import nbformat
from nbclient import NotebookClient

from ..paths import NOTEBOOKS_DIR
from .report import CHAPTERS
from .runner import kernel_manager_class

VOLATILE_METADATA = ("papermill", "execution", "widgets")


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for key in VOLATILE_METADATA:
        nb.metadata.pop(key, None)
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        for key in ("execution", "papermill", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)
    return nb


def all_notebooks() -> list[str]:
    """Every committed notebook: the explorer, the chapters and the comparison."""
    return sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))


def refresh(names=CHAPTERS) -> None:
    for name in names:
        path = NOTEBOOKS_DIR / name
        started = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
            kernel_manager_class=kernel_manager_class(),
        ).execute()
        nbformat.write(strip_volatile(nb), path)
        print(f"refreshed {name} in {time.perf_counter() - started:.1f} s", flush=True)
