"""The batch on a real Dask cluster: a scheduler and two workers as separate processes on 127.0.0.1.

One worker (and everything it started) is killed while it builds a report; the batch still builds
every council, leaving no partial folder, and a second run does no work. The national index and
the task's record are checked on small fake report folders.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from intervention_history.paths import PROJECT_ROOT
from intervention_history.publish import batch, build, index, report, trail
from intervention_history.publish.fingerprint import input_checksums

AS_OF = "2025-06-30"
# Small councils without a curated history: the quickest reports.
COUNCILS = ["Rutland", "Hartlepool", "Darlington", "Middlesbrough"]
DASK = Path(sys.executable).with_name("dask")


def command(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "intervention_history", "batch", "--as-of", AS_OF, "--out", str(out), *extra]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kill_tree(proc: subprocess.Popen) -> None:
    """SIGKILL a process and everything it started (the worker's kernels run in their own sessions)."""
    try:
        family = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    for p in family:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(scheduler address, [worker processes]): `dask scheduler` and two `dask worker` processes."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    local = tmp_path_factory.mktemp("dask")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": PROJECT_ROOT}
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
    )
    workers = []
    try:
        for n in (1, 2):
            worker = [str(DASK), "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1"]
            worker += ["--no-dashboard", "--name", f"w{n}", "--local-directory", str(local / f"w{n}")]
            workers.append(subprocess.Popen(worker, **quiet))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, workers
    finally:
        for proc in [*workers, scheduler]:
            kill_tree(proc)


def leftovers(out: Path) -> list[Path]:
    """Anything a build, a swap, a lock, an atomic write or the batch's token leaves while at work."""
    patterns = (".build-*", ".old-*", "*.lock", "*.tmp", ".batch-*", "failed")
    return sorted(p for pattern in patterns for p in out.rglob(pattern))


def test_a_bad_council_name_exits_2_before_any_work(tmp_path):
    out = tmp_path / "out"
    # An address nothing listens on: the names are checked before the batch looks for a scheduler.
    result = subprocess.run(
        command(out, "--councils", "Rutland", "Narnia", "--scheduler", f"tcp://127.0.0.1:{free_port()}"),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "unknown council 'Narnia'" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_killed_worker_mid_report_and_the_batch_still_builds_every_council(cluster, tmp_path):
    address, workers = cluster
    out = tmp_path / "reports"
    run = subprocess.Popen(
        command(out, "--councils", *COUNCILS, "--scheduler", address),
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    victim = workers[1]
    # Wait until the victim's worker process is building a report (its build folder carries its pid).
    building = None
    deadline = time.monotonic() + 300
    while building is None and run.poll() is None and time.monotonic() < deadline:
        pids = {str(p.pid) for p in psutil.Process(victim.pid).children(recursive=True)}
        building = next((b for b in out.glob("*/.build-*") if b.name.rsplit("-", 1)[-1] in pids), None)
        time.sleep(0.2)
    assert building is not None, "the second worker never started a report"
    kill_tree(victim)
    stdout, stderr = run.communicate(timeout=600)

    assert run.returncode == 0, stdout[-3000:] + stderr[-3000:]
    assert f"batch of 4 councils as of {AS_OF}" in stdout and "4 built" in stdout, stdout
    folders = {build.slug(c): out / build.slug(c) / AS_OF for c in COUNCILS}
    assert building.parent.name in folders  # the killed report was built again elsewhere
    for folder in folders.values():
        assert all((folder / name).is_file() for name in ("manifest.json", "report.html", "report.pdf"))
    assert leftovers(out) == []
    assert sorted(p.name for p in building.parent.iterdir()) == [AS_OF, "latest.json"]

    # The national index: one row per council, in the page and in the CSV.
    with (out / "index.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["council"] for r in rows) == sorted(COUNCILS)
    assert all(r["as_of"] == AS_OF and r["cla_rate_per_10000"] for r in rows)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{slug}/{AS_OF}/report.html"' in page for slug in folders)
    assert "<script" not in page and 'href="index-by-cla-rate.html"' in page

    # A second run does no work: every report is up to date, none is touched. (In a working tree that
    # someone is editing, a changed input means a rebuild first, then the run that must do nothing.)
    def rerun() -> subprocess.CompletedProcess:
        return subprocess.run(
            command(out, "--councils", *COUNCILS, "--scheduler", address),
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def inputs_unchanged() -> bool:
        now = input_checksums(None, report.CHAPTERS)
        return all(json.loads((f / "manifest.json").read_text())["inputs_sha256"] == now for f in folders.values())

    for _ in range(3):
        if not inputs_unchanged():
            assert rerun().returncode == 0
            continue
        before = {slug: (folder / "manifest.json").stat().st_mtime_ns for slug, folder in folders.items()}
        again = rerun()
        if inputs_unchanged():
            break
    else:
        pytest.fail("the inputs kept changing while the test ran")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "0 built, 4 up to date, 0 still current, 0 failed" in again.stdout, again.stdout
    assert {slug: (folder / "manifest.json").stat().st_mtime_ns for slug, folder in folders.items()} == before
    assert leftovers(out) == []


# ------------------------------------------------------------------ without a cluster


def fake_report(out: Path, council: str, as_of: str = AS_OF) -> Path:
    folder = out / build.slug(council) / as_of
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("<html></html>")
    (folder / "report.pdf").write_bytes(b"%PDF-1.7\n")
    manifest = {"parameters": {"council": council, "as_of": as_of}, "generated": f"{as_of}T03:00:00+00:00"}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def processed(folder: Path, ofsted: bool) -> Path:
    folder.mkdir()
    (folder / "children_looked_after.csv").write_text(
        "year,la_code,la_name,children_looked_after,rate_per_10000\n"
        "2024,857,Rutland,30,38\n2025,857,Rutland,32,40\n2026,857,Rutland,99,99\n"
        "2025,805,Hartlepool,332,157\n2025,841,Darlington,266,\n"
    )
    if ofsted:
        (folder / "ofsted_inspections.csv").write_text(
            "la_code,framework,published,judgement,grade\n"
            "857,SLAC safeguarding,2012-04-17,Good,2\n857,SLAC looked after,2012-04-17,Inadequate,4\n"
            "805,ILACS standard,2024-05-16,Outstanding,1\n805,ILACS short,2025-09-01,Inadequate,4\n"
        )
    return folder


@pytest.mark.parametrize("ofsted", [True, False])
def test_the_national_index_sorts_each_column_and_says_what_is_not_held(tmp_path, monkeypatch, ofsted):
    monkeypatch.setattr(index, "PROCESSED_DIR", processed(tmp_path / "processed", ofsted))
    out = tmp_path / "reports"
    for council in ("Rutland", "Hartlepool", "Darlington"):
        fake_report(out, council)
    trail.write_index(out)
    with (out / "index.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["council"]: r for r in csv.DictReader(f)}
    assert rows["Rutland"]["cla_rate_per_10000"] == "40" and rows["Rutland"]["cla_year"] == "2025"  # not after as-of
    assert rows["Darlington"]["cla_rate_per_10000"] == ""
    by_rate = (out / "index-by-cla-rate.html").read_text(encoding="utf-8")
    assert by_rate.index(">Hartlepool<") < by_rate.index(">Rutland<") < by_rate.index(">Darlington<")
    reversed_rate = (out / "index-by-cla-rate-reversed.html").read_text(encoding="utf-8")
    assert reversed_rate.index(">Rutland<") < reversed_rate.index(">Hartlepool<") < reversed_rate.index(">Darlington<")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.index(">Darlington<") < page.index(">Hartlepool<") < page.index(">Rutland<")
    assert "3 reports" in page and "<script" not in page
    if ofsted:
        # The lower of two grades published the same day; nothing published after the as-of date.
        assert (rows["Rutland"]["ofsted_grade"], rows["Rutland"]["ofsted_date"]) == ("Inadequate", "2012-04-17")
        assert rows["Hartlepool"]["ofsted_grade"] == "Outstanding"
        worst = (out / "index-by-ofsted.html").read_text(encoding="utf-8")
        assert worst.index(">Rutland<") < worst.index(">Hartlepool<") < worst.index(">Darlington<")
        assert index.NOT_HELD not in page
    else:
        assert all(r["ofsted_grade"] == "" for r in rows.values())
        assert f"Ofsted grades: {index.NOT_HELD}" in page


def test_a_task_returns_a_record_and_never_raises(tmp_path, monkeypatch):
    def failing(council, as_of, **kwargs):
        print("building ...")
        raise build.RunFailed("notebook 4-spending.ipynb failed in cell 6: KeyError: 'x'")

    monkeypatch.setattr(report, "run", failing)
    record = batch.run_one("Rutland", AS_OF, str(tmp_path))
    assert record["status"] == batch.FAILED and "cell 6" in record["message"] and record["log"] == ["building ..."]

    def broken(council, as_of, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(report, "run", broken)
    record = batch.run_one("Rutland", AS_OF, str(tmp_path))
    assert record["status"] == batch.FAILED and record["message"].startswith("ZeroDivisionError")

    folder = fake_report(tmp_path, "Rutland")
    monkeypatch.setattr(report, "run", lambda council, as_of, **kwargs: folder)
    assert batch.run_one("Rutland", AS_OF, str(tmp_path))["status"] == batch.UP_TO_DATE
    outcome = {"results": [record], "timings": {"total": 1.0}, "index": tmp_path / "index.html", "as_of": AS_OF}
    lines = batch.summary(outcome)
    assert lines[0].endswith("0 built, 0 up to date, 0 still current, 1 failed") and "ZeroDivisionError" in lines[3]


def test_all_means_every_council_today_and_names_are_checked_together():
    from intervention_history import geography
    from intervention_history.errors import InputError

    assert len(batch.resolve(["all"])) == len(geography.current())
    assert [c.la_name for c in batch.resolve(["Rutland", "857", "Hartlepool"])] == ["Rutland", "Hartlepool"]
    with pytest.raises(InputError) as caught:
        batch.resolve(["Narnia", "Rutlnd"])
    assert "Narnia" in str(caught.value) and "did you mean: Rutland" in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_a_task_in_a_worker_thread_does_not_set_signal_handlers():
    import threading

    batch._terminate_cleanly_in_main_thread()
    seen = []

    def in_thread():
        with build.terminate_cleanly():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert seen == [signal.getsignal(signal.SIGTERM)]


def test_a_worker_that_cannot_see_the_out_folder_stops_the_batch_before_any_task(tmp_path):
    from intervention_history.errors import InputError

    class Client:
        def wait_for_workers(self, n, timeout):
            pass

        def run(self, function, token, secret):
            assert function(token, secret)  # the client's token is there to be read...
            return {"tcp://10.0.0.1:4000": True, "tcp://10.0.0.2:4000": function(token + "-elsewhere", secret)}

    with pytest.raises(InputError, match=r"tcp://10\.0\.0\.2:4000 cannot see .*shared filesystem"):
        batch.check_shared(Client(), tmp_path)
    assert list(tmp_path.iterdir()) == []  # ...and removed afterwards
