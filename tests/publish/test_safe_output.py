"""Text from the data is escaped wherever it is rendered: HTML (checked in Chromium), SVG, PDF, JSON, CSV.

Validation already rejects markup in titles; these tests bypass it on purpose, to show the output
layer is safe on its own.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import UTC, datetime

import matplotlib.pyplot as plt
import nbformat
import pytest

from intervention_history import story
from intervention_history.charts import save_chart, timeline_chart
from intervention_history.measures.context import load_context
from intervention_history.params import Params
from intervention_history.publish.exports import report_html, timelinejs
from intervention_history.publish.report import render_pdf

from .test_report import CHROMIUM, CHROMIUM_ARGS, needs_chromium, needs_poppler

SCRIPT = "<script>document.title='pwned'</script>"
IMG = "<img src=x onerror=\"document.title='pwned2'\">"


@pytest.fixture(scope="module")
def hostile():
    ctx = load_context(Params.build())
    data = ctx.dataset
    events = data.events.copy()
    index = events.index[events["event_id"] == "trust-launch"][0]
    events.loc[index, "title"] = SCRIPT
    events.loc[index, "summary"] = IMG + " and *emphasis* [link](javascript:alert(1))"
    deaths = events.index[events["event_id"] == "deaths-2004-2008"][0]
    events.loc[deaths, "summary"] = SCRIPT
    sources = data.sources.copy()
    sources.loc[0, "title"] = SCRIPT
    sources.loc[0, "url"] = "javascript:alert(1)"
    dataset = dataclasses.replace(data, events=events, sources=sources)
    return dataclasses.replace(ctx, dataset=dataset)


def test_prose_escapes_data(hostile):
    text = story.timeline_intro(hostile).markdown
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_svg_escapes_data(hostile, tmp_path):
    chart = timeline_chart(hostile.dataset.events, hostile.params, "Doncaster", hostile.dataset.costs)
    svg = save_chart(chart, tmp_path)["svg"].read_text()
    plt.close(chart.figure)
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg


def test_timelinejs_escapes_data(hostile):
    data = timelinejs(hostile)
    event = next(e for e in data["events"] if e["unique_id"] == "trust-launch")
    assert event["text"]["headline"].startswith("&lt;script&gt;")
    assert "<img" not in event["text"]["text"]


@pytest.fixture(scope="module")
def hostile_html(hostile, tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    (work / "notebooks").mkdir()
    chart = timeline_chart(hostile.dataset.events, hostile.params, "Doncaster", hostile.dataset.costs)
    bundle = chart._repr_mimebundle_()
    plt.close(chart.figure)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 1. Hostile chapter"),
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"text/markdown": story.timeline_intro(hostile).markdown, "text/plain": "p"}
                ),
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "image/png": __import__("base64").b64encode(bundle["image/png"]).decode(),
                        "text/plain": bundle["text/plain"],
                    },
                ),
            ],
        ),
    ]
    path = work / "notebooks" / "1-hostile.ipynb"
    nbformat.write(nb, path)
    html_path = work / "report.html"
    html_path.write_text(report_html(hostile, [path], datetime(2026, 1, 1, tzinfo=UTC)), encoding="utf-8")
    return html_path


def test_html_source_has_no_live_markup_from_data(hostile_html):
    html = hostile_html.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert 'href="javascript:' not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "")


@needs_chromium
def test_script_in_a_title_shows_as_text_and_runs_nothing(hostile_html, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(hostile_html.as_uri(), wait_until="load")
        title = page.title()
        text = page.inner_text("body")
        img_alts = page.evaluate("Array.from(document.images).map(i => i.alt)")
        page.screenshot(path=str(tmp_path / "hostile.png"))
        browser.close()
    assert title.startswith("Intervention history")
    assert "pwned" not in title and dialogs == []
    assert SCRIPT in text
    assert any(SCRIPT in alt for alt in img_alts)


@needs_poppler
def test_pdf_shows_markup_as_text(hostile_html, tmp_path):
    pdf = tmp_path / "hostile.pdf"
    render_pdf(hostile_html, pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "<script>document.title='pwned'</script>" in text.replace("\n", "")
    assert shutil.which("pdftotext")
