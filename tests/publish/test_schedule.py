"""Scheduled regeneration: when a later as-of date gets a new report and when the newest one still stands.

These tests stand in small fake report folders for real builds (a real build takes about 15 s; the
one in test_report.py checks the same trail end to end), so each decision is checked in well under
a second.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from intervention_history.paths import CURATED_DIR, PROJECT_ROOT
from intervention_history.publish import build, fingerprint, report, trail


class _Captured(Exception):
    pass


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict:
    """The checksums and parameters report.run computes for Doncaster as of 2025-06-30, without building."""
    seen = {}

    def capture(council_dir, curated, checksums, params, as_of):
        seen.update(checksums=checksums, params=params)
        raise _Captured

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(trail, "still_current", capture)
        with pytest.raises(_Captured):
            report.run("Doncaster", "2025-06-30", out_root=tmp_path_factory.mktemp("capture"))
    assert seen["params"]["as_of"] == "2025-06-30"
    return seen


def fake_report(out: Path, inputs: dict, as_of: str, *, council: str = "Doncaster", **changes) -> Path:
    """A complete report folder as a build leaves it (manifest.json, report.html, report.pdf, figures/)."""
    params = {**inputs["params"], "council": council, "as_of": as_of, **changes.pop("params", {})}
    checksums = changes.pop("checksums", inputs["checksums"])
    folder = out / build.slug(council) / as_of
    (folder / "figures").mkdir(parents=True)
    (folder / "report.html").write_text("<html></html>")
    (folder / "report.pdf").write_bytes(b"%PDF-1.7\n")
    manifest = {
        "parameters": params,
        "generated": changes.pop("generated", f"{as_of}T03:00:00+00:00"),
        "inputs_sha256": checksums,
        "fingerprint": fingerprint.fingerprint(checksums, params),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def check(out: Path, inputs: dict, as_of: str, **params) -> tuple[Path, dict] | None:
    nb_params = {**inputs["params"], "as_of": as_of, **params}
    return trail.still_current(
        out / "doncaster", CURATED_DIR / "doncaster", inputs["checksums"], nb_params, date.fromisoformat(as_of)
    )


def test_two_runs_a_day_apart_with_nothing_new_record_checks_and_build_nothing(tmp_path, inputs, capsys):
    folder = fake_report(tmp_path, inputs, "2025-06-30")
    assert report.run("Doncaster", "2025-07-01", out_root=tmp_path) == folder
    assert report.run("Doncaster", "2025-07-02", out_root=tmp_path) == folder
    assert "still current for as-of 2025-07-02" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "doncaster").iterdir()) == ["2025-06-30", "latest.json"]
    latest = json.loads((tmp_path / "doncaster" / "latest.json").read_text())
    assert latest["as_of"] == "2025-06-30" and latest["pdf"] == "2025-06-30/report.pdf"
    assert [c["requested_as_of"] for c in latest["checks"]] == ["2025-07-01", "2025-07-02"]
    assert all(c["checked"].endswith("+00:00") for c in latest["checks"])
    index = (tmp_path / "index.html").read_text()
    assert 'href="doncaster/2025-06-30/report.html"' in index and "2 checks" in index
    assert not list(tmp_path.rglob(".*.tmp")) and not (tmp_path / trail.TRAIL_LOCK).exists()


def test_still_current_only_for_a_later_as_of(tmp_path, inputs):
    fake_report(tmp_path, inputs, "2025-06-30")
    assert check(tmp_path, inputs, "2025-07-01") is not None
    assert check(tmp_path, inputs, "2025-06-30") is None  # the same date is the fingerprint's business
    assert check(tmp_path, inputs, "2025-05-31") is None  # a backfill is always built


def test_an_event_since_the_newest_report_means_a_new_report(tmp_path, inputs):
    fake_report(tmp_path, inputs, "2025-01-31")  # before the 2025 ILACS inspection (EDTF 2025-03)
    assert check(tmp_path, inputs, "2025-02-28") is not None
    assert check(tmp_path, inputs, "2025-03-01") is None
    assert check(tmp_path, inputs, "2025-06-30") is None


def test_changed_inputs_or_parameters_mean_a_new_report(tmp_path, inputs):
    changed = dict(inputs["checksums"])
    changed["data/curated/doncaster/events.csv"] = "0" * 64
    fake_report(tmp_path / "a", inputs, "2025-06-30", checksums=changed)
    assert check(tmp_path / "a", inputs, "2025-07-01") is None
    fake_report(tmp_path / "b", inputs, "2025-06-30", params={"window_start": "2009-01-01"})
    assert check(tmp_path / "b", inputs, "2025-07-01") is None
    assert check(tmp_path / "b", inputs, "2025-07-01", window_start="2009-01-01") is not None


def test_an_incomplete_newest_report_is_not_current(tmp_path, inputs):
    folder = fake_report(tmp_path, inputs, "2025-06-30")
    (folder / "report.pdf").unlink()
    assert check(tmp_path, inputs, "2025-07-01") is None
    assert trail.complete_reports(tmp_path / "doncaster") == []


def test_force_always_builds(tmp_path, inputs, monkeypatch):
    fake_report(tmp_path, inputs, "2025-06-30")

    def must_not_check(*args):
        raise AssertionError("--force must not look for a current report")

    def stop(*args, **kwargs):
        raise _Captured

    monkeypatch.setattr(trail, "still_current", must_not_check)
    monkeypatch.setattr("intervention_history.measures.context.load_context", stop)
    with pytest.raises(_Captured):  # reached the build
        report.run("Doncaster", "2025-07-01", out_root=tmp_path, force=True)


@pytest.mark.parametrize(
    ("edtf", "between"),
    [
        ("2025-07-01", True),
        ("2025-06-30", False),  # on the newest report's as-of date: already in it
        ("2025-08-01", False),  # after the requested as-of date
        ("2025-07", True),  # a month starting inside the gap
        ("2025-06", False),  # a month starting before it
        ("2025-07~", True),
        ("2025-23", False),  # autumn 2025 begins 1 September
        ("2025-22", False),  # summer 2025 begins 1 June
        ("2025-07-15/2025-09", True),  # an interval counts from its earliest day
        ("2025-06-15/2025-07-15", False),
        ("2025", False),  # a year counts from 1 January
    ],
)
def test_events_between_uses_the_earliest_day_of_every_edtf_form(council_copy, edtf, between):
    (council_copy / "events.csv").write_text(f"event_id,date,title\nx,{edtf},An event\n", encoding="utf-8")
    found = trail.events_between(council_copy, date(2025, 6, 30), date(2025, 7, 31))
    assert found == (["x"] if between else [])


def test_an_unreadable_event_date_means_a_build_which_reports_it(tmp_path, inputs, council_copy):
    (council_copy / "events.csv").write_text("event_id,date,title\nx,30/07/2025,An event\n", encoding="utf-8")
    out = tmp_path / "out"
    fake_report(out, inputs, "2025-06-30")
    nb_params = {**inputs["params"], "as_of": "2025-07-31"}
    args = (out / "doncaster", council_copy, inputs["checksums"], nb_params, date(2025, 7, 31))
    assert trail.still_current(*args) is None


def test_checks_belong_to_one_build_and_the_index_lists_every_council_newest_first(tmp_path, inputs):
    fake_report(tmp_path, inputs, "2025-06-30")
    fake_report(tmp_path, inputs, "2025-05-31")
    fake_report(tmp_path, inputs, "2025-06-15", council="Rotherham")
    report.run("Doncaster", "2025-07-01", out_root=tmp_path)
    index = (tmp_path / "index.html").read_text()
    order = [index.index(f'href="{path}/report.html"') for path in ("doncaster/2025-06-30", "rotherham/2025-06-15")]
    assert order == sorted(order) and index.index('href="doncaster/2025-05-31/') > order[1]
    assert "3 reports" in index and '<html lang="en-GB">' in index and "<script" not in index

    # A new build of the newest report starts a fresh list of checks.
    reports = trail.complete_reports(tmp_path / "doncaster")
    previous = json.loads((tmp_path / "doncaster" / "latest.json").read_text())
    assert len(trail.latest_record(reports, previous)["checks"]) == 1
    rebuilt = [(reports[0][0], reports[0][1], {**reports[0][2], "generated": "2025-07-02T03:00:00+00:00"})]
    assert trail.latest_record(rebuilt, previous)["checks"] == []


def test_the_check_stays_cheap(tmp_path, inputs):
    """The still-current path, like the no-op rerun, never imports pandas."""
    fake_report(tmp_path, inputs, "2025-06-30")
    code = (
        "import sys; from intervention_history.publish import report; "
        f"report.run('Doncaster', '2025-07-01', out_root={str(tmp_path)!r}); "
        "print('pandas' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{(tmp_path / 'doncaster' / '2025-06-30').resolve()}: still current for as-of 2025-07-01 (inputs unchanged,"
        f" no curated event after 2025-06-30); check recorded in {tmp_path.resolve() / 'doncaster' / 'latest.json'}",
        "False",
    ]
