"""Benchmark the project and write benchmarks/RESULTS.md. Run with `make bench` (takes ~13 minutes);
`python benchmarks/run.py batch` runs only the batch measurement (BENCH_BATCH councils, default 4).

Each measurement runs in a fresh process, at least three times; the table gives the median wall time
and the peak resident memory of the largest process in the measured command's process tree.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
WORK = ROOT / "benchmarks" / ".work"


def measure(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak MiB, stdout) of one command, measured in a fresh launcher process."""
    launcher = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(json.loads(sys.argv[1]), cwd=sys.argv[2], capture_output=True, text=True)\n"
        "dt = time.perf_counter() - t\n"
        "if r.returncode: sys.stderr.write(r.stdout[-3000:] + r.stderr[-3000:]); sys.exit(r.returncode)\n"
        "print(json.dumps([dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.stdout[-2000:]]))\n"
    )
    result = subprocess.run([PY, "-c", launcher, json.dumps(cmd), str(cwd)], capture_output=True, text=True, env=env)
    if result.returncode:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{result.stderr}")
    seconds, mib, out = json.loads(result.stdout)
    return seconds, mib, out


def repeat(name: str, cmd, runs: int = RUNS, setup=None, **kwargs) -> dict:
    times, peaks = [], []
    for _ in range(runs):
        if setup:
            setup()
        command = cmd() if callable(cmd) else cmd
        seconds, mib, _ = measure(command, **kwargs)
        times.append(seconds)
        peaks.append(mib)
        print(f"  {name}: {seconds:.2f} s, {mib:.0f} MiB", flush=True)
    return {"name": name, "median_s": statistics.median(times), "runs": times, "peak_mib": max(peaks)}


def inside(code: str) -> list[str]:
    """A Python snippet run in the project's environment; it prints its own timing as JSON."""
    return [PY, "-c", code]


def scaling(kind: str, n: int) -> dict:
    folder = WORK / f"synthetic-{n}"
    if not folder.exists():
        subprocess.run(
            [
                PY,
                "-c",
                f"from pathlib import Path; from intervention_history.curated.synthetic import write_council; write_council(Path({str(folder)!r}), {n})",
            ],
            check=True,
        )
    if kind == "load":
        code = (
            "import time, json\n"
            "from intervention_history.curated.load import load_dataset\n"
            "import intervention_history.curated.schemas  # pandera: imported lazily, still an import\n"
            f"t=time.perf_counter(); d = load_dataset({str(folder)!r}); print(json.dumps(time.perf_counter()-t))"
        )
    else:
        code = (
            "import time, json\n"
            "from intervention_history.curated.load import load_dataset\n"
            "from intervention_history.params import Params\n"
            "from intervention_history.charts import timeline_chart, save_chart\n"
            f"d = load_dataset({str(folder)!r}); t=time.perf_counter()\n"
            "c = timeline_chart(d.events, Params.build(), 'Synthetic', d.costs)\n"
            f"save_chart(c, {str(WORK / ('chart-' + str(n)))!r}); print(json.dumps(time.perf_counter()-t))"
        )
    times, peaks = [], []
    for _ in range(RUNS):
        _, mib, out = measure(inside(code))
        times.append(float(out.strip().splitlines()[-1]))
        peaks.append(mib)
    label = (
        "load and validate (the call; imports excluded)"
        if kind == "load"
        else "timeline chart (render and save PNG, SVG, CSV)"
    )
    result = {
        "name": f"{label}, {n:,} events",
        "median_s": statistics.median(times),
        "runs": times,
        "peak_mib": max(peaks),
    }
    print(f"  {result['name']}: {result['median_s']:.2f} s", flush=True)
    return result


def naive_baseline() -> list[str]:
    out = WORK / "naive"
    from intervention_history.publish.report import CHAPTERS  # the same chapters the report runs

    notebooks = [str(ROOT / "notebooks" / chapter) for chapter in CHAPTERS]
    script = " && ".join(
        f"{ROOT / '.venv/bin/jupyter'} nbconvert --execute --to html --output-dir {out} {nb}" for nb in notebooks
    )
    return ["bash", "-c", script]


def cold_setup() -> list[str]:
    clone = WORK / "clone"
    shutil.rmtree(clone, ignore_errors=True)
    return ["bash", "-c", f"git clone -q {ROOT} {clone} && cd {clone} && make report >/dev/null"]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        / 1024**2
    )
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


KERNEL_START = (
    "import json, time\n"
    "from jupyter_client.manager import start_new_kernel\n"
    "t = time.perf_counter()\n"
    "km, kc = start_new_kernel(kernel_name='python3')\n"
    "started = time.perf_counter() - t\n"
    "kc.stop_channels(); km.shutdown_kernel(now=True)\n"
    "print(json.dumps(started))"
)
CHAPTER_IMPORTS = (
    "import json, time\n"
    "t = time.perf_counter()\n"
    "from intervention_history import chapter, charts, story\n"
    "print(json.dumps(time.perf_counter() - t))"
)


def per_kernel_split(out: Path) -> list[str]:
    """Kernel start, a chapter's imports, and what is left of each chapter's time: its own work."""
    starts = [json.loads(measure(inside(KERNEL_START))[2].strip().splitlines()[-1]) for _ in range(RUNS)]
    imports = [json.loads(measure(inside(CHAPTER_IMPORTS))[2].strip().splitlines()[-1]) for _ in range(RUNS)]
    start, imported = statistics.median(starts), statistics.median(imports)
    manifest = json.loads(next(out.rglob("manifest.json")).read_text())
    lines = [
        "| chapter (last warm run) | total | kernel start | imports | chapter work |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, seconds in sorted(manifest["timings_seconds"].items()):
        if key.startswith("notebook "):
            work = seconds - start - imported
            lines.append(f"| {key[9:]} | {seconds:.2f} s | {start:.2f} s | {imported:.2f} s | {work:.2f} s |")
    lines.append("")
    lines.append(
        f"Kernel start (median of {RUNS}, measured alone) and imports (median of {RUNS}, a fresh process) are the "
        "same for every chapter; chapter work is the rest. With the chapters running side by side on two cores "
        "each one's total is longer than when it runs alone. Report steps outside the kernels (last warm run): "
        + ", ".join(
            f"{k} {v:.2f} s" for k, v in sorted(manifest["timings_seconds"].items()) if not k.startswith("notebook")
        )
        + "."
    )
    return lines


# Councils without a curated history, in this order; a batch benchmark takes the first BENCH_BATCH.
BATCH_COUNCILS = (
    "Rutland",
    "Hartlepool",
    "Darlington",
    "Middlesbrough",
    "Halton",
    "Blackpool",
    "Torbay",
    "Slough",
    "Bracknell Forest",
    "Windsor and Maidenhead",
    "Reading",
    "Wokingham",
)
BATCH_SIZE = int(os.environ.get("BENCH_BATCH", "4"))
BATCH_WORKERS = 2


def measure_tree(cmd: list[str]) -> tuple[float, float, float]:
    """(seconds, peak MiB of the whole process tree added up: client, workers, kernels, sampled, and
    CPU seconds of the tree)."""
    import resource

    import psutil

    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    out = proc.stdout.read()
    if proc.returncode:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{out[-3000:]}")
    return seconds, peak / 1024**2, cpu


def batch_bench(n: int = BATCH_SIZE, workers: int = BATCH_WORKERS) -> dict:
    """n reports one after another (a fresh `report --force` process each, as n `make report` runs)
    against one batch of the same n on a local cluster of `workers` processes."""
    councils = list(BATCH_COUNCILS[:n])
    out = WORK / "batch"
    shutil.rmtree(out, ignore_errors=True)
    one = [PY, "-m", "intervention_history", "report", "--as-of", "2025-06-30", "--out", str(out), "--force"]
    sequential = ["bash", "-c", " && ".join(" ".join([*one, "--council", f"'{c}'"]) for c in councils)]
    noop = [PY, "-m", "intervention_history", "batch", "--as-of", "2025-06-30", "--out", str(out)]
    noop += ["--workers", str(workers), "--councils", *councils]
    batch = [*noop, "--force"]
    if os.environ.get("BENCH_BATCH_JOBS"):
        batch += ["--jobs", os.environ["BENCH_BATCH_JOBS"]]
    rows = {}
    for name, cmd in (("sequential", sequential), ("batch", batch)):
        times, peaks, cpus = [], [], []
        for _ in range(RUNS):
            seconds, mib, cpu = measure_tree(cmd)
            times.append(seconds)
            peaks.append(mib)
            cpus.append(cpu)
            print(f"  {name} of {n}: {seconds:.2f} s, {mib:.0f} MiB (whole tree), {cpu:.1f} CPU s", flush=True)
        label = (
            f"{n} reports one after another (`report --force` each)"
            if name == "sequential"
            else f"batch of the same {n} (`batch --force`, local cluster, {workers} workers)"
        )
        rows[name] = {"name": label, "median_s": statistics.median(times), "runs": times, "peak_mib": max(peaks)}
        rows[name]["cpu_s"] = statistics.median(cpus)
    rows["ratio"] = rows["batch"]["median_s"] / rows["sequential"]["median_s"]
    rows["noop"] = repeat(f"batch of {n}, nothing changed (no cluster started)", noop)
    return rows


def main() -> int:
    if sys.argv[1:] == ["batch"]:  # the batch measurement alone: python benchmarks/run.py batch
        WORK.mkdir(parents=True, exist_ok=True)
        rows = batch_bench()
        (WORK / "batch.json").write_text(json.dumps(rows, indent=1))
        print(f"batch / sequential: {rows['ratio']:.2f}")
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / "reports"
    report = [PY, "-m", "intervention_history", "report", "--as-of", "2025-06-30", "--out", str(out)]
    print("benchmarking (medians of", RUNS, "runs)", flush=True)
    results = {}
    results["cold"] = repeat("fresh clone to finished report (git clone + make report, warm uv cache)", cold_setup)
    results["warm"] = repeat("warm report (make report with --force)", report + ["--force"])
    results["naive"] = repeat(
        "naive baseline: jupyter nbconvert --execute --to html, one notebook after another", naive_baseline
    )
    results["noop"] = repeat("no-op rerun (nothing changed)", report, runs=max(RUNS, 5))
    harmonise_code = (
        "import time, json; t=time.perf_counter()\n"
        "from intervention_history.official.s251_outturn import harmonise\n"
        "table = harmonise(); print(json.dumps(time.perf_counter()-t))"
    )
    times, peaks = [], []
    for _ in range(RUNS):
        _, mib, out_text = measure(inside(harmonise_code))
        times.append(float(out_text.strip().splitlines()[-1]))
        peaks.append(mib)
    results["s251"] = {
        "name": "read and harmonise the six section 251 files (incl. imports)",
        "median_s": statistics.median(times),
        "runs": times,
        "peak_mib": max(peaks),
    }
    print(f"  s251: {results['s251']['median_s']:.2f} s", flush=True)
    scale = [scaling(kind, n) for kind in ("load", "chart") for n in (1_000, 10_000, 100_000)]
    batch = batch_bench()
    ratio = results["warm"]["median_s"] / results["naive"]["median_s"]
    targets = [
        ("warm report ≤ 0.5 × naive baseline", f"{ratio:.2f} ×", ratio <= 0.5),
        ("no-op rerun ≤ 0.3 s", f"{results['noop']['median_s']:.2f} s", results["noop"]["median_s"] <= 0.3),
        (
            "fresh clone to finished report ≤ 30 s",
            f"{results['cold']['median_s']:.1f} s",
            results["cold"]["median_s"] <= 30,
        ),
        (
            "peak memory of the report ≤ 400 MiB",
            f"{max(results['warm']['peak_mib'], results['cold']['peak_mib']):.0f} MiB",
            max(results["warm"]["peak_mib"], results["cold"]["peak_mib"]) <= 400,
        ),
        (
            "read and harmonise section 251 < 5 s",
            f"{results['s251']['median_s']:.2f} s",
            results["s251"]["median_s"] < 5,
        ),
        ("load and validate 100k events < 3 s", f"{scale[2]['median_s']:.2f} s", scale[2]["median_s"] < 3),
        (
            f"batch of {BATCH_SIZE} ≤ 0.6 × the same reports one after another",
            f"{batch['ratio']:.2f} ×",
            batch["ratio"] <= 0.6,
        ),
        (
            "peak memory of the batch, whole process tree ≤ 2 GiB",
            f"{batch['batch']['peak_mib']:.0f} MiB",
            batch["batch"]["peak_mib"] <= 2048,
        ),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"Measured by `make bench` (`benchmarks/run.py`) on {time.strftime('%Y-%m-%d')}. Machine: {machine()}.",
        f"Each row is the median of {RUNS} runs (the no-op of {max(RUNS, 5)}), each in a fresh process. Peak memory is the",
        "largest resident set of any single process in the measured command's tree (kernels included).",
        "",
        "| measurement | median | runs (s) | peak memory |",
        "|---|---:|---|---:|",
    ]
    for row in [
        results["cold"],
        results["warm"],
        results["naive"],
        results["noop"],
        results["s251"],
        *scale,
        batch["sequential"],
        batch["batch"],
        batch["noop"],
    ]:
        runs = ", ".join(f"{t:.2f}" for t in row["runs"])
        lines.append(f"| {row['name']} | {row['median_s']:.2f} s | {runs} | {row['peak_mib']:.0f} MiB |")
    lines += ["", "## Targets", "", "| target | measured | met |", "|---|---:|---|"]
    lines += [f"| {t} | {m} | {'yes' if ok else 'no'} |" for t, m, ok in targets]
    lines += ["", "## Per kernel", ""] + per_kernel_split(out)
    lines += [
        "",
        "## Ratios",
        "",
        f"- Warm report / naive baseline: {ratio:.2f}. The report also writes the HTML, the PDF, the figures",
        "  and TimelineJS, which the baseline does not; the chapters run three at a time on the two cores.",
        f"- Growth from 1,000 to 100,000 events: load and validate × {scale[2]['median_s'] / scale[0]['median_s']:.1f}, "
        f"timeline chart × {scale[5]['median_s'] / scale[3]['median_s']:.1f}.",
        "",
        f"- Batch of {BATCH_SIZE} / the same reports one after another: {batch['ratio']:.2f} (the batch rows' peak"
        " memory is the whole process tree added up, sampled every 0.1 s).",
        "",
        "See `benchmarks/NOTES.md` for what bounds each figure.",
    ]
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines) + "\n")
    (WORK / "results.json").write_text(json.dumps({"results": results, "scaling": scale, "batch": batch}, indent=1))
    print("wrote benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
