"""A report folder built safely: a lock, a temporary folder, a swap, and recovery after a killed run.

Everything is written into a temporary folder beside the target and swapped in only when complete,
so a failed or killed run never damages the last good report. A lock stops two runs writing the
same folder; a lock left by a dead process is taken over.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import ParameterError

MANIFEST = "manifest.json"


class RunFailed(Exception):
    """A step failed (not bad input): exit code 1, previous report untouched."""


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not value:
        raise ParameterError(f"council {text!r} does not give a usable folder name")
    return value


def output_dir_for(out_root: Path, council_name: str, as_of: date) -> Path:
    root = out_root.resolve()
    target = (root / slug(council_name) / as_of.isoformat()).resolve()
    if root not in target.parents:
        raise ParameterError(f"the report folder would be outside {out_root}")
    return target


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


def swap_in(work: Path, target: Path) -> None:
    """Replace target with work; the old report is moved aside first and removed last."""
    old = target.with_name(f".old-{target.name}-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(work, target)
    shutil.rmtree(old, ignore_errors=True)


def recover(council_dir: Path, target: Path) -> None:
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
def terminate_cleanly():
    """Turn SIGTERM into an exception so temporary files and the lock are cleaned up."""

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def discard(work: Path, council_dir: Path, target: Path) -> None:
    """Remove a failed build, keeping its executed notebooks for inspection."""
    failed_notebooks = work / "notebooks"
    if failed_notebooks.exists():
        keep = council_dir / "failed" / target.name
        shutil.rmtree(keep, ignore_errors=True)
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(failed_notebooks), keep)
    shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def folder(target: Path, what: str = "report") -> Iterator[Path]:
    """Yield a temporary folder to build target in; swap it in on success, discard it (keeping any
    executed notebooks under failed/) on failure. The folder's parent is locked throughout."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    lock = Lock(parent / f".{target.name}.lock")
    work = parent / f".build-{target.name}-{os.getpid()}"
    with terminate_cleanly():
        lock.acquire()
        try:
            recover(parent, target)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            yield work
            swap_in(work, target)
        except OSError as exc:
            discard(work, parent, target)
            raise RunFailed(f"could not write the {what}: {exc}") from None
        except BaseException:
            discard(work, parent, target)
            raise
        finally:
            lock.release()


# ------------------------------------------------------------------ reading what was built

LATEST = "latest.json"
COMPARE_DIR = "compare"  # out_root/compare/<a>-vs-<b>/<as_of>/
REPORT_FILES = ("report.html", "report.pdf")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_json(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def complete_reports(council_dir: Path) -> list[tuple[date, Path, dict]]:
    """The complete reports in a council folder, newest as-of date first: (as_of, folder, manifest).

    A folder counts when its name is a date and it holds manifest.json (written last, and the folder
    is swapped in whole), report.html and report.pdf.
    """
    found = []
    if not council_dir.is_dir():
        return found
    for folder in council_dir.iterdir():
        if not DAY.fullmatch(folder.name) or not folder.is_dir():
            continue
        try:
            as_of = date.fromisoformat(folder.name)
        except ValueError:
            continue
        manifest = read_json(folder / MANIFEST)
        if manifest is None or not all((folder / name).is_file() for name in REPORT_FILES):
            continue
        found.append((as_of, folder, manifest))
    return sorted(found, key=lambda item: item[0], reverse=True)


def report_links(folder: str) -> dict[str, str]:
    return {
        "folder": f"{folder}/",
        "html": f"{folder}/report.html",
        "pdf": f"{folder}/report.pdf",
        "figures": f"{folder}/figures/",
        "manifest": f"{folder}/{MANIFEST}",
    }
