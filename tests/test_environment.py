"""environment.yml (for conda users) names the same top-level packages as pyproject.toml.

Test and lint tools live in pyproject.toml's `dev` dependency group (installed by `uv sync`, so by
`make env`), not in the runtime dependencies; environment.yml lists both.
"""

import re
import tomllib

import yaml

from intervention_history.paths import PROJECT_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _declared(pyproject: dict) -> tuple[set[str], set[str]]:
    runtime = {_name(r) for r in pyproject["project"]["dependencies"]}
    dev = {_name(r) for r in pyproject["dependency-groups"]["dev"]}
    return runtime, dev


def test_environment_yml_matches_pyproject():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    runtime, dev = _declared(pyproject)
    declared = runtime | dev
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(r) for r in dep.get("pip", []) if not r.startswith("-e")}
        else:
            conda.add(_name(dep))
    conda -= {"python", "pip"}
    assert conda.isdisjoint(pip)
    assert conda | pip == declared


def test_required_tools_are_declared():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    runtime, dev = _declared(pyproject)
    assert {"jupyterlab", "pandas", "matplotlib", "seaborn", "papermill", "nbval", "pandera", "edtf"} <= runtime


def test_test_and_lint_tools_are_a_dev_group_not_runtime_dependencies():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    runtime, dev = _declared(pyproject)
    assert {"pytest", "ruff", "playwright", "pikepdf"} <= dev
    assert runtime.isdisjoint(dev)
    # uv installs the dev group by default, so `make env` (uv sync --frozen) still gives the test tools.
    assert pyproject.get("tool", {}).get("uv", {}).get("default-groups", ["dev"]) in (["dev"], "all")
    lock = (PROJECT_ROOT / "uv.lock").read_text()
    assert all(f'name = "{tool}"' in lock for tool in ("pytest", "ruff", "playwright", "pikepdf"))
