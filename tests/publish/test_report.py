"""The report runner: every output, safe HTML, no-op reruns, locks, failures and bad parameters."""

from __future__ import annotations

import hashlib
import html as html_module
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from intervention_history import paths
from intervention_history.charts import CHART_NAMES
from intervention_history.publish import build, report, runner
from intervention_history.publish.build import MANIFEST as MANIFEST_NAME

from ..conftest import run_module

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdfinfo") and not os.environ.get("CI"), reason="poppler-utils not installed (CI installs it)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM and not os.environ.get("CI"), reason="chromium not installed (CI installs it)"
)


def axe_violations(html_path: Path) -> list[str]:
    """axe-core's WCAG 2 A/AA violations on a page opened in Debian's Chromium (none expected)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(html_path.as_uri(), wait_until="load")
        options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
        results = Axe().run(page, options=options)
        browser.close()
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]]


@pytest.fixture(scope="module")
def built_run(tmp_path_factory):
    """One real `python -m intervention_history report` run, as make runs it; its output is kept."""
    out = tmp_path_factory.mktemp("reports")
    result = run_module("report", "--council", "Doncaster", "--as-of", "2025-06-30", "--out", str(out), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, (out / "doncaster" / "2025-06-30").resolve(), result


@pytest.fixture(scope="module")
def built(built_run):
    return built_run[:2]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_report_folder_has_every_output(built):
    out, target = built
    assert target == (out / "doncaster" / "2025-06-30").resolve()
    for name in ("report.html", "report.pdf", "timeline.json", "manifest.json"):
        assert (target / name).stat().st_size > 0, name
    assert not (target / runner.SNAPSHOT).exists()  # the kernels' copy of the validated data is removed
    for chart in CHART_NAMES:
        for ext in ("png", "svg", "csv"):
            assert (target / "figures" / f"{chart}.{ext}").exists(), (chart, ext)
    assert sorted(p.name for p in (target / "notebooks").iterdir()) == sorted(report.CHAPTERS)


def test_html_is_self_contained_with_alt_text_contents_and_sources(built):
    html = (built[1] / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "require.js" not in html and "mathjax" not in html.lower()
    assert not re.search(r"""(src|href)=["']https?://(?!\S*#)""", html.split('<section class="sources">')[0])
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == len(CHART_NAMES)
    for img in images:
        alt = re.search(r'alt="([^"]*)"', img).group(1)
        assert len(alt) > 40
    assert 'aria-label="Contents"' in html
    assert 'id="data-and-methods"' in html and "Assumptions and caveats" in html
    assert html.count('<li id="source-') == 68  # Doncaster's curated sources (official datasets listed apart)
    assert "<strong>Data as of 30 June 2025</strong>" in html and "Generated " in html
    assert html.index('id="sources"') < html.index('id="data-and-methods"')  # methods in an appendix
    assert "nb.setup(" not in html and "In&nbsp;[" not in html and "jp-InputPrompt" not in html


@needs_poppler
def test_pdf_is_a_real_document(built, tmp_path):
    pdf = built[1] / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 8
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    assert next(tmp_path.glob("page*.png")).stat().st_size > 10_000


def page_fill(pdf: Path, tmp_path: Path) -> list[float]:
    """How far down each page its content reaches (0 to 1), the page-number footer left out."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(tmp_path / "fill")], check=True)
    fills = []
    for path in sorted(tmp_path.glob("fill-*.png")):
        image = Image.open(path)
        width, height = image.size
        body = image.crop((0, 0, width, int(height * 0.92)))  # the footer sits in the bottom margin
        box = body.point(lambda v: 255 if v < 200 else 0).getbbox()
        fills.append(0.0 if box is None else box[3] / height)
    return fills


@needs_poppler
def test_pdf_layout_no_half_empty_page_no_stranded_heading_methods_last(built, tmp_path):
    pdf = built[1] / "report.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    texts = pages.stdout.split("\f")[: len(page_fill(pdf, tmp_path))]
    fills = page_fill(pdf, tmp_path)
    chapter = re.compile(r"^\s*(\d+\. [A-Z]|Sources$|Appendix: data and methods)", re.M)
    for number, (fill, text) in enumerate(zip(fills, texts, strict=True), start=1):
        following = texts[number] if number < len(texts) else ""
        starts_chapter = chapter.search(following.strip().splitlines()[0] if following.strip() else "")
        if number < len(texts) and not starts_chapter:
            assert fill > 0.5, f"page {number} is more than half empty ({fill:.0%} used)"
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip() and not ln.strip().startswith("Page ")]
        first_chapter = next(
            i for i, t in enumerate(texts, start=1) if re.search(r"^\s*1\. [A-Z]", t.strip(), re.M) and i > 1
        )
        if lines and first_chapter <= number < len(texts):  # the front pages end on the contents list
            last = lines[-1]
            assert not chapter.match(last) and last not in HEADINGS, f"page {number} ends on the heading {last!r}"
    whole = pages.stdout
    assert whole.index("Sources") > whole.index("5. ") and whole.index("Appendix: data and methods") > whole.index(
        "Sources"
    )


# Section headings the chapters use (a page must not end on one)
HEADINGS = ("Key events", "Inspection verdicts", "Leadership churn", "Key findings", "Contents")


def test_report_command_prints_no_error_line(built_run):
    result = built_run[2]
    assert "report.pdf written" in result.stdout
    assert "ERROR" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_kernels_are_shut_down_without_an_interrupt():
    """The SIGINT jupyter_client sends before a shutdown made the kernel log 'ERROR | KeyboardInterrupt'."""
    import asyncio

    manager = runner.kernel_manager_class()(kernel_name="python3")
    manager.shutting_down = True
    asyncio.run(manager._async_interrupt_kernel())  # a no-op: no signal, no error
    manager.shutting_down = False
    with pytest.raises(RuntimeError, match="No kernel is running"):
        asyncio.run(manager._async_interrupt_kernel())  # otherwise the usual interrupt


@needs_poppler
def test_pdf_is_tagged_pdf_ua_with_language_headings_tables_and_figure_alt_text(built):
    import html as html_lib

    import pikepdf

    pdf = built[1] / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.M), info
    struct = subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True, check=True).stdout
    tags = [line.split()[0].rstrip(":") for line in struct.splitlines() if line.strip()]
    assert tags.count("Figure") == len(CHART_NAMES)
    assert tags.count("H1") == 1 and tags.count("H2") >= 4
    assert "Table" in tags and "TH" in tags and "TD" in tags

    page_alts = [
        html_lib.unescape(alt)
        for alt in re.findall(r'<img [^>]*alt="([^"]*)"', (built[1] / "report.html").read_text(encoding="utf-8"))
    ]
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "en-GB"
        assert bool(doc.Root.MarkInfo.Marked)
        with doc.open_metadata() as meta:
            assert str(meta.get("pdfuaid:part")) == "1"
        figures = []

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == pikepdf.Name.Figure:
                    figures.append(str(node.get("/Alt", "")))
                if "/K" in node:
                    walk(node.K)

        walk(doc.Root.StructTreeRoot)
    assert len(figures) == len(CHART_NAMES)
    assert figures == page_alts
    assert all(len(alt) > 40 for alt in figures)


def test_scheduled_runs_with_nothing_new_keep_one_report_and_record_the_checks(built):
    """Cron's nightly `make report AS_OF=<yesterday>`, twice, with no data change and no event since."""
    out, target = built
    latest = out / "doncaster" / "latest.json"
    trail = json.loads(latest.read_text())
    assert (trail["as_of"], trail["html"], trail["checks"]) == ("2025-06-30", "2025-06-30/report.html", [])
    before = tree_digest(target)
    for as_of in ("2025-07-01", "2025-07-02"):
        result = run_module("report", "--as-of", as_of, "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert f"still current for as-of {as_of}" in result.stdout
    assert sorted(p.name for p in (out / "doncaster").iterdir() if p.is_dir()) == ["2025-06-30"]
    assert tree_digest(target) == before
    trail = json.loads(latest.read_text())
    assert trail["as_of"] == "2025-06-30"
    assert [c["requested_as_of"] for c in trail["checks"]] == ["2025-07-01", "2025-07-02"]
    assert all(c["result"] == "still current" for c in trail["checks"])
    index = (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((target / "manifest.json").read_text())
    for link in ("report.html", "report.pdf", "figures/", "manifest.json"):
        assert f'href="doncaster/2025-06-30/{link}"' in index
    assert manifest["generated"][:10] in index and "2 checks" in index


def test_timelinejs_file(built):
    data = json.loads((built[1] / "timeline.json").read_text(encoding="utf-8"))
    events = {e["unique_id"]: e for e in data["events"]}
    assert len(events) == 57
    assert events["incident-edlington"]["start_date"] == {"year": 2009, "month": 4, "day": 4}
    assert "display_date" not in events["incident-edlington"]
    interval = events["leader-pratt-retires"]
    assert interval["display_date"] == "5 May–18 Jun 2013" and interval["end_date"] == {"year": 2013, "month": 6}
    assert events["ofsted-apa-2009"]["display_date"] == "c. Dec 2009"
    assert events["trust-launch"]["group"] == "trust"
    assert events["partner-impower-named"]["media"]["credit"].startswith("South Yorkshire Times")


def test_manifest_records_parameters_inputs_commit_versions_and_timings(built):
    manifest = json.loads((built[1] / "manifest.json").read_text())
    assert manifest["parameters"] == {
        "council": "Doncaster",
        "as_of": "2025-06-30",
        "window_start": None,
        "window_end": None,
        "prices": "real",
    }
    events = Path("data/curated/doncaster/events.csv")
    assert (
        manifest["inputs_sha256"][str(events)] == hashlib.sha256((paths.PROJECT_ROOT / events).read_bytes()).hexdigest()
    )
    assert any(k.startswith("data/raw/s251_outturn/") for k in manifest["inputs_sha256"])
    assert re.fullmatch(r"[0-9a-f]{40}(-dirty)?|unknown", manifest["git_commit"])
    assert {"pandas", "papermill", "weasyprint"} <= set(manifest["packages"])
    assert manifest["timings_seconds"]["total"] > 0


def test_rerun_with_same_inputs_does_no_work(built, capsys):
    out, target = built
    before = tree_digest(target)
    report.run("Doncaster", "2025-06-30", out_root=out)
    assert "up to date, nothing to do" in capsys.readouterr().out
    assert tree_digest(target) == before


def test_failed_notebook_keeps_previous_report_and_names_the_cell(built, tmp_path, monkeypatch):
    out, target = built
    before = tree_digest(target)
    broken = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, broken)
    nb = nbformat.read(broken / "3-costs.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')"))
    nbformat.write(nb, broken / "3-costs.ipynb")
    monkeypatch.setattr(runner, "NOTEBOOKS_DIR", broken)
    with pytest.raises(
        build.RunFailed, match=r"notebook 3-costs.ipynb failed in cell \d+: RuntimeError: deliberate failure"
    ):
        report.run("Doncaster", "2025-06-30", out_root=out, force=True)
    assert tree_digest(target) == before
    assert (target.parent / "failed" / "2025-06-30" / "3-costs.ipynb").exists()
    assert not list(target.parent.glob(".*.lock"))
    assert not list(target.parent.glob(".build-*"))


def test_lock_blocks_a_live_run_and_takes_over_a_stale_one(tmp_path):
    path = tmp_path / ".x.lock"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        path.write_text(json.dumps({"pid": sleeper.pid, "host": build.socket.gethostname()}))
        with pytest.raises(build.RunFailed, match="another run"):
            build.Lock(path).acquire()
    finally:
        sleeper.kill()
        sleeper.wait()
    lock = build.Lock(path)
    lock.acquire()  # the owner is dead now: stale
    assert json.loads(path.read_text())["pid"] == os.getpid()
    lock.release()
    assert not path.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2999-01-01"], "in the future"),
        (["--as-of", "2001-01-01"], "before the first event"),
        (["--as-of", "30/06/2025"], "YYYY-MM-DD"),
        (["--council", "Doncater", "--as-of", "2025-06-30"], "did you mean: Doncaster (371)"),
        (["--council", "../x", "--as-of", "2025-06-30"], "council must be a council name"),
        (
            ["--as-of", "2025-06-30", "--window-start", "2015-01-01", "--window-end", "2010-01-01"],
            "before window_start",
        ),
    ],
)
def test_bad_parameters_exit_2_and_write_nothing(tmp_path, args, message):
    result = run_module("report", *args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.html"))


@needs_chromium
def test_axe_core_finds_no_violations(built):
    assert axe_violations(built[1] / "report.html") == []


@needs_chromium
def test_report_in_a_real_browser(built, tmp_path):
    """Every image loads, nothing is fetched from outside the file, the key facts are on the page."""
    from playwright.sync_api import sync_playwright

    page_url = (built[1] / "report.html").as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_url, wait_until="load")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt.length])")
        text = page.inner_text("body")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        shots = Path(os.environ.get("REPORT_SCREENSHOT_DIR", tmp_path))
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "report-top.png"))
        browser.close()
    assert len(images) == len(CHART_NAMES)
    assert all(complete and width > 500 and alt > 40 for complete, width, alt in images)
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    for fact in (
        "spent 12 years under government intervention",
        "7 directors of children's services took office in 14 years",
        "£75k a month",
        "rose 22% in real terms from the average of 2008-09 and 2009-10 to 2013-14",
        "Data as of 30 June 2025",
    ):
        assert fact in text, fact
    assert (tmp_path / "report.png").stat().st_size > 20_000


# Sentences that belong to Doncaster's curated history and must never reach another council's report.
DONCASTER_ONLY = ("Doncaster's", "iMPOWER", "Sandwell", "Jo Miller", "Edlington", "seed article", "Le Grand")
PLACEHOLDERS = ("no curated timeline", "has no curated", "nothing to show", "No section 251 spending")


def report_text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def test_council_without_a_timeline_gets_a_benchmarking_report(tmp_path):
    target = report.run("Sheffield", "2025-06-30", out_root=tmp_path)
    assert target == (tmp_path / "sheffield" / "2025-06-30").resolve()
    html = (target / "report.html").read_text(encoding="utf-8")
    text = report_text(html)
    assert text.startswith("Children's services in Sheffield, 2008 to 2025")
    assert (
        "Like for like, Sheffield's spending fell 21% in real terms from the average of 2008-09 and 2009-10 to 2013-14"
        in text
    )
    # only the chapters with data, numbered in order; one sentence says what a curated history would add
    held = sorted(p.name for p in (target / "notebooks").iterdir())
    assert "1-timeline.ipynb" not in held and "3-costs.ipynb" not in held and "4-spending.ipynb" in held
    headings = [report_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    numbered = [h for h in headings if re.match(r"\d+\. ", h)]
    assert [int(h.split(".")[0]) for h in numbered] == list(range(1, len(held) + 1))
    assert text.count("There is no curated history of Sheffield yet") == 1
    for phrase in PLACEHOLDERS + DONCASTER_ONLY:
        assert phrase not in text, phrase
    timeline = json.loads((target / "timeline.json").read_text())
    assert html_module.unescape(timeline["title"]["text"]["headline"]).startswith("Children's services in Sheffield")
    for img in re.findall(r"<img [^>]*>", html):
        assert len(re.search(r'alt="([^"]*)"', img).group(1)) > 40
    # the sources list names the official datasets used, and no curated source
    assert '<li id="source-' not in html
    assert "Section 251 outturn" in text and "Children looked after in England including adoptions" in text
    assert "Intervention history" not in text


@pytest.mark.parametrize("council", ["Barnsley", "Cumberland", "Kingston upon Hull, City of"])
def test_reports_for_councils_without_curated_history(tmp_path, council):
    target = report.run(council, "2025-06-30", out_root=tmp_path)
    html = (target / "report.html").read_text(encoding="utf-8")
    text = report_text(html)
    assert "There is no curated history of" in text
    for phrase in PLACEHOLDERS + DONCASTER_ONLY:
        assert phrase not in text, (council, phrase)
    assert (target / "report.pdf").stat().st_size > 10_000
    assert json.loads((target / MANIFEST_NAME).read_text())["parameters"]["council"] != "Doncaster"
