"""What a report was built from: checksums of every input, the fingerprint that makes a rerun a no-op,
the package versions and the git commit recorded in its manifest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from ..paths import (
    CURATED_DIR,
    DATA_DIR,
    NOTEBOOKS_DIR,
    PACKAGE_DIR,
    PROJECT_ROOT,
    RAW_DIR,
    REFERENCE_DIR,
    display_path,
)
from .build import MANIFEST

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


def files_for_fingerprint(curated: Path | None | list[Path], notebooks: tuple[str, ...]) -> list[Path]:
    """curated: one council folder, None, or several folders (compare.py)."""
    files = sorted(PACKAGE_DIR.rglob("*.py")) + sorted((PACKAGE_DIR / "publish" / "templates").rglob("*"))
    files += [NOTEBOOKS_DIR / c for c in notebooks]
    files += sorted(REFERENCE_DIR.rglob("*")) + sorted(RAW_DIR.rglob("*"))  # every raw file, any extension
    files += [DATA_DIR / "CAVEATS.md", CURATED_DIR / "README.md"]  # the caveats the appendix prints
    for folder in [curated] if isinstance(curated, Path) else curated or []:
        files += sorted(folder.iterdir())
    files += [PROJECT_ROOT / "uv.lock"]
    return [f for f in files if f.is_file() and "__pycache__" not in f.parts]


def input_checksums(curated: Path | None | list[Path], notebooks: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for path in files_for_fingerprint(curated, notebooks):
        out[display_path(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def fingerprint(checksums: dict[str, str], params: dict) -> str:
    blob = json.dumps({"inputs": checksums, "params": params}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


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


def write_manifest(
    folder: Path, params: dict, generated, checksums: dict[str, str], timings: dict, kind: str | None = None
) -> None:
    """manifest.json: parameters, when, git commit, package versions, inputs' checksums, timings, fingerprint."""
    manifest = {
        "parameters": params,
        "generated": generated.isoformat(),
        "git_commit": git_commit(),
        "packages": package_versions(),
        "inputs_sha256": checksums,
        "timings_seconds": timings,
        "fingerprint": fingerprint(checksums, params),
    }
    if kind:
        manifest["kind"] = kind
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
