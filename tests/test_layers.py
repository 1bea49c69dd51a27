"""The package's layers (import-linter contracts in pyproject.toml) and the house rules that go with them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from intervention_history.paths import PACKAGE_DIR, PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_contracts_are_kept():
    result = lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    shutil.copytree(PROJECT_ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path)
    prices = tmp_path / "src" / "intervention_history" / "measures" / "prices.py"
    prices.write_text(prices.read_text() + "\nfrom ..publish import report  # noqa: E402,F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "One way down the layers BROKEN" in result.stdout
    assert "intervention_history.measures.prices -> intervention_history.publish.report" in result.stdout


def test_charts_and_story_do_not_import_each_other(tmp_path):
    shutil.copytree(PROJECT_ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path)
    costs = tmp_path / "src" / "intervention_history" / "story" / "costs.py"
    costs.write_text(costs.read_text() + "\nfrom ..charts.base import PALETTE  # noqa: E402,F401\n")
    assert "One way down the layers BROKEN" in lint_imports(tmp_path).stdout


def test_no_module_over_about_400_lines():
    long = {
        str(p.relative_to(PACKAGE_DIR)): n
        for p in PACKAGE_DIR.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 420
    }
    assert not long


def test_no_private_name_is_imported_from_another_module():
    pattern = re.compile(r"^\s*from \S+ import .*\b_[a-z]\w*", re.M)
    offenders = [str(p.relative_to(PACKAGE_DIR)) for p in PACKAGE_DIR.rglob("*.py") if pattern.search(p.read_text())]
    assert not offenders


def test_every_subpackage_says_what_belongs_in_it():
    for init in PACKAGE_DIR.glob("*/__init__.py"):
        text = init.read_text()
        assert text.startswith('"""') and len(text.split('"""')[1].strip()) > 40, init
