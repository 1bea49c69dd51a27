"""The reports for Doncaster and Rotherham are what tests/same_output.json records (tests/same_output.py)."""

from __future__ import annotations

import subprocess
import sys

from intervention_history.paths import PROJECT_ROOT


def test_same_output_as_recorded():
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tests" / "same_output.py"), "check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 differences" in result.stdout
