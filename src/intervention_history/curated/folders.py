"""Which councils have a curated timeline. Reads only council.json files (no pandas), so the
report's no-op check stays fast."""

from __future__ import annotations

import json
from pathlib import Path

from .. import geography
from ..errors import DataError, Problem
from ..paths import CURATED_DIR, display_path


def load_council_json(directory: Path, problems: list[Problem]) -> dict:
    path = directory / "council.json"
    name = display_path(path)
    try:
        council = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(name, 0, "(file)", "file is missing"))
        return {}
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        problems.append(Problem(name, line, "(file)", f"not valid UTF-8 JSON: {exc}"))
        return {}
    if not isinstance(council, dict):
        problems.append(Problem(name, 1, "(file)", "must be a JSON object"))
        return {}
    if not isinstance(council.get("name"), str) or not council.get("name"):
        problems.append(Problem(name, 1, "name", "a council name is required", council.get("name")))
    if not isinstance(council.get("la_code"), int):
        problems.append(
            Problem(name, 1, "la_code", "the DfE local authority code must be a whole number", council.get("la_code"))
        )
    return council


def council_folders(curated_dir: Path | None = None) -> list[Path]:
    root = Path(curated_dir) if curated_dir else CURATED_DIR
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "council.json").exists())


def find_council_folder(council: str | int, curated_dir: Path | None = None) -> Path | None:
    """The curated folder for a council, or None when it has no timeline: by folder name, council.json
    name or code, or any name or code the council register (geography.py) knows for it.

    A council.json that cannot be read is an error, not a council without a timeline.
    """
    wanted = str(council).strip().lower()
    known = geography.match(council)
    by_code = None
    for folder in council_folders(curated_dir):
        problems: list[Problem] = []
        meta = load_council_json(folder, problems)
        if problems:
            raise DataError(problems)
        if wanted in (folder.name.lower(), str(meta.get("name", "")).lower(), str(meta.get("la_code"))):
            return folder
        if by_code is None and known is not None and meta.get("la_code") == known.la_code:
            by_code = folder
    return by_code
