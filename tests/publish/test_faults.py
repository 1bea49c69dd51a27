"""Faults in the middle of a run: SIGTERM, SIGKILL, a full disk, two runs at once.

After each: the previous report is byte-identical, the lock is released or recognised as stale, and
the next run succeeds.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intervention_history.paths import PROJECT_ROOT
from intervention_history.publish import build, report

from .test_report import tree_digest


def command(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "intervention_history", "report", "--as-of", "2025-06-30", "--out", str(out), *extra]


def finish_run(out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(command(out, *extra), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)


def start_run(out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        command(out, *extra),
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_notebooks(proc: subprocess.Popen) -> None:
    """Block until the run has started executing notebooks (it prints 'building ...')."""
    for line in proc.stdout:
        if line.startswith("building "):
            time.sleep(4)  # well inside the notebook step
            return
    pytest.fail("the run ended before it started building")


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    out = tmp_path_factory.mktemp("faults")
    target = report.run("Doncaster", "2025-06-30", out_root=out)
    return out, target, tree_digest(target)


def leftovers(target: Path) -> tuple[list[Path], list[Path]]:
    return list(target.parent.glob(".*.lock")), list(target.parent.glob(".build-*"))


def interrupt(out: Path, sig: int) -> int:
    """Start a forced run, send it a signal while notebooks execute, and return its exit code."""
    proc = start_run(out, "--force")
    wait_for_notebooks(proc)
    proc.send_signal(sig)
    return proc.wait(timeout=120)


def test_sigterm_mid_run_leaves_previous_report_and_no_lock(good):
    out, target, before = good
    assert interrupt(out, signal.SIGTERM) != 0
    assert tree_digest(target) == before
    assert leftovers(target) == ([], [])
    result = finish_run(out)
    assert result.returncode == 0 and "up to date" in result.stdout


def test_sigkill_mid_run_leaves_previous_report_and_a_stale_lock_that_is_taken_over(good):
    out, target, before = good
    assert interrupt(out, signal.SIGKILL) == -signal.SIGKILL
    time.sleep(1)  # let the orphaned kernels notice
    assert tree_digest(target) == before
    locks, builds = leftovers(target)
    assert locks and builds  # a killed run cannot clean up...
    result = finish_run(out, "--force")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "removing stale lock" in result.stderr
    assert leftovers(target) == ([], [])  # ...and the next run recovers
    assert (target / "report.pdf").exists()


def test_write_failure_keeps_previous_report(good, monkeypatch):
    out, target, _ = good
    before = tree_digest(target)

    def disk_full(html_path, pdf_path):
        raise OSError(errno.ENOSPC, "No space left on device", str(pdf_path))

    monkeypatch.setattr(report, "render_pdf", disk_full)
    with pytest.raises(build.RunFailed, match="No space left on device"):
        report.run("Doncaster", "2025-06-30", out_root=out, force=True)
    assert tree_digest(target) == before
    assert leftovers(target) == ([], [])


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a tmpfs needs root")
def test_real_full_disk_on_a_small_tmpfs(tmp_path, good):
    mount = tmp_path / "small"
    mount.mkdir()
    previous = good[1].parent.parent
    size_kib = sum(p.stat().st_size for p in previous.rglob("*") if p.is_file()) // 1024
    # Room for the previous report and about half of a new one, so the new build runs out of space.
    options = f"size={int(size_kib * 1.5) + 256}k"
    if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("this machine does not allow tmpfs mounts")
    try:
        shutil.copytree(previous, mount / "reports")  # a previous report
        target = mount / "reports" / "doncaster" / "2025-06-30"
        before = tree_digest(target)
        result = finish_run(mount / "reports", "--force")
        assert result.returncode == 1, result.stderr[-2000:]
        assert "No space left on device" in result.stderr
        assert "Traceback" not in result.stderr.split("report failed:")[-1]
        assert tree_digest(target) == before
        assert leftovers(target) == ([], [])
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_two_runs_at_once_one_waits_out(good):
    out, target, _ = good
    first = start_run(out, "--force")
    wait_for_notebooks(first)
    second = finish_run(out, "--force")
    first_out, first_err = first.communicate(timeout=300)
    assert second.returncode == 1 and "another run" in second.stderr
    assert first.returncode == 0, first_err[-2000:]
    assert leftovers(target) == ([], [])
    assert (target / "report.html").exists()
