from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from intervention_history.paths import CURATED_DIR, PROJECT_ROOT


@pytest.fixture
def council_copy(tmp_path: Path) -> Path:
    """A writable copy of the Doncaster folder that a test may break."""
    target = tmp_path / "doncaster"
    shutil.copytree(CURATED_DIR / "doncaster", target)
    return target


def run_module(*args: str, cwd: Path = PROJECT_ROOT, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m intervention_history ...` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "intervention_history", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
