"""environment.yml (for conda users) names the same top-level packages as pyproject.toml."""

import re
import tomllib

import yaml

from intervention_history.paths import PROJECT_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    declared = {_name(r) for r in pyproject["project"]["dependencies"]}
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
    declared = {_name(r) for r in pyproject["project"]["dependencies"]}
    assert {"jupyterlab", "pandas", "matplotlib", "seaborn", "papermill", "nbval", "pandera", "edtf"} <= declared
