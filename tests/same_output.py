"""Same output: digests of what the reports show, recorded once and checked after every change.

    python tests/same_output.py check [REPORTS_DIR]   # build (or read) the reports and compare
    python tests/same_output.py record [REPORTS_DIR]  # after a deliberate change of output

For Doncaster and Rotherham at 2025-06-30 it hashes the processed tables, every figure's PNG, SVG and
CSV, timeline.json and the text of report.html (without its "Generated" time), and compares them with
tests/same_output.json. Without REPORTS_DIR it builds both reports in a temporary folder first.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = Path(__file__).with_name("same_output.json")
COUNCILS = ("Doncaster", "Rotherham")
AS_OF = "2025-06-30"
GENERATED = re.compile(r"Generated \d{2} \w+ \d{4} \d{2}:\d{2} UTC\.")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return GENERATED.sub("Generated (time)", "\n".join(parser.parts))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(out: Path) -> None:
    for council in COUNCILS:
        subprocess.run(
            [sys.executable, "-m", "intervention_history", "report", "--council", council, "--as-of", AS_OF,
             "--out", str(out), "--force"],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip


def digests(reports: Path) -> dict[str, str]:
    out = {}
    for name in ("s251_outturn", "s251_timeseries", "children_looked_after", "children_looked_after_revisions"):
        out[f"processed/{name}.csv"] = sha((ROOT / "data" / "processed" / f"{name}.csv").read_bytes())
    for council in COUNCILS:
        folder = reports / council.lower() / AS_OF
        for figure in sorted((folder / "figures").glob("*")):
            if figure.suffix in (".png", ".svg", ".csv"):
                out[f"{council}/figures/{figure.name}"] = sha(figure.read_bytes())
        out[f"{council}/timeline.json"] = sha((folder / "timeline.json").read_bytes())
        out[f"{council}/report.html (text)"] = sha(html_text(folder / "report.html").encode())
    return out


def differences(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    return [
        f"{key}: {'missing now' if key not in now else 'new' if key not in recorded else 'changed'}"
        for key in sorted(set(recorded) | set(now))
        if recorded.get(key) != now.get(key)
    ]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("check", "record"):
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        reports = Path(argv[1]) if len(argv) > 1 else Path(tmp)
        if len(argv) == 1:
            build(reports)
        now = digests(reports)
    if argv[0] == "record":
        RECORD.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"recorded {len(now)} digests in {RECORD.relative_to(ROOT)}")
        return 0
    diff = differences(json.loads(RECORD.read_text()), now)
    for line in diff:
        print(line)
    print(f"{len(now)} digests, {len(diff)} differences")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
