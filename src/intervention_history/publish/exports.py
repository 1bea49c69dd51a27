"""What the report folder holds besides the notebooks: the HTML page and the TimelineJS file."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import nbformat
import pandas as pd

from ..measures.context import CouncilContext
from ..paths import CURATED_DIR, REFERENCE_DIR
from ..text import esc
from .methods import METHODS_MD

TEMPLATE_DIR = Path(__file__).parent / "templates"
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


# ------------------------------------------------------------------ TimelineJS


def _tl_date(ts: pd.Timestamp, precision: str) -> dict:
    out = {"year": int(ts.year)}
    if precision in ("day", "month"):
        out["month"] = int(ts.month)
    if precision == "day":
        out["day"] = int(ts.day)
    return out


def timelinejs(ctx: CouncilContext) -> dict:
    """The events in Knight Lab TimelineJS's JSON format (text fields HTML-escaped)."""
    title = {
        "text": {
            "headline": esc(f"{ctx.la_name}: children's services intervention history"),
            "text": esc(f"Data as of {ctx.params.as_of:%d %B %Y}"),
        }
    }
    if not ctx.has_timeline:
        return {"title": title, "events": []}
    sources = ctx.dataset.sources.set_index("source_id")
    events = []
    for row in ctx.dataset.events.sort_values(["date_earliest", "event_id"]).itertuples():
        exact = row.date_precision in ("day", "month", "year") and not row.date_uncertain
        event = {
            "unique_id": row.event_id,
            "start_date": _tl_date(
                row.date_earliest, row.date_precision if row.date_precision != "interval" else "month"
            ),
            "text": {"headline": esc(row.title), "text": esc(row.summary)},
            "group": esc(row.category),
        }
        if (
            row.date_precision in ("interval", "season")
            or row.date_earliest != row.date_latest
            and row.date_precision == "interval"
        ):
            event["end_date"] = _tl_date(row.date_latest, "month")
        if not exact or row.date_precision == "interval":
            event["display_date"] = esc(row.date_label)
        first_source = str(row.source_ids).split(";")[0].strip()
        if first_source in sources.index and is_web(sources.loc[first_source].url):
            src = sources.loc[first_source]
            event["media"] = {"url": str(src.url), "credit": esc(f"{src.publisher}: {src.title}"), "link": str(src.url)}
        events.append(event)
    return {"title": title, "events": events}


# ------------------------------------------------------------------ HTML report


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def _readme_section(path: Path, heading: str) -> str:
    """One '## heading' section of a README, as Markdown."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    return match.group(1).strip() if match else ""


def _findings(figures: Path) -> list[dict]:
    found = []
    for name in (
        "timeline",
        "verdicts",
        "leadership",
        "costs",
        "spending_by_category",
        "spending_change",
        "spending_per_child",
        "children_in_care",
    ):
        path = figures / f"{name}.json"
        if path.exists():
            meta = json.loads(path.read_text(encoding="utf-8"))
            if not meta.get("empty"):
                found.append(meta)
    return found


def is_web(url) -> bool:
    return isinstance(url, str) and re.match(r"^https?://", url) is not None


def _sources_html(ctx: CouncilContext) -> str:
    items = []
    if ctx.has_timeline:
        for row in ctx.dataset.sources.sort_values(["published_earliest", "source_id"]).itertuples():
            title = (
                f'<a href="{esc(row.url)}">{esc(row.title)}</a>'
                if is_web(row.url)
                else f"{esc(row.title)} ({esc(row.url)})"
            )
            items.append(
                f'<li id="source-{esc(row.source_id)}">{title}. '
                f'{esc(row.publisher)}, {esc(row.published_label)}. <span class="small">{esc(row.kind)}'
                + (f"; {esc(row.notes)}" if isinstance(row.notes, str) and row.notes else "")
                + "</span></li>"
            )
    else:
        items.append(
            "<li>Department for Education, section 251 outturn 2008-09 to 2013-14 (raw files from "
            '<a href="https://github.com/BenGoodair/childrens_social_care_data">BenGoodair/childrens_social_care_data</a>).</li>'
        )
    return (
        f'<section class="sources"><h2 id="sources">Sources</h2><p>{len(items)} sources, oldest first. {esc(OGL)}</p><ol>'
        + "".join(items)
        + "</ol></section>"
    )


def report_html(ctx: CouncilContext, notebooks: list[Path], generated: datetime) -> str:

    work = notebooks[0].parent.parent
    combined = nbformat.v4.new_notebook()
    combined.metadata = nbformat.read(notebooks[0], as_version=4).metadata
    toc = []
    for index, path in enumerate(notebooks, start=1):
        chapter = nbformat.read(path, as_version=4)
        first_heading = next(
            (
                line.lstrip("# ").strip()
                for cell in chapter.cells
                if cell.cell_type == "markdown"
                for line in cell.source.splitlines()
                if line.startswith("# ")
            ),
            path.stem,
        )
        anchor = f"chapter-{index}"
        toc.append((anchor, first_heading))
        combined.cells.append(nbformat.v4.new_markdown_cell(f'<a id="{anchor}"></a>'))
        for cell in chapter.cells:
            if cell.cell_type == "markdown" and cell.source.startswith("# "):
                cell = nbformat.v4.new_markdown_cell("## " + cell.source[2:])
            combined.cells.append(cell)
    title = f"Intervention history: {ctx.la_name}'s children's services"
    findings = _findings(work / "figures")
    front = [
        f"<header><h1>{esc(title)}</h1>",
        f'<p class="meta">Data as of <strong>{ctx.params.as_of:%d %B %Y}</strong>. Generated {generated:%d %B %Y %H:%M} UTC. '
        + (
            ""
            if ctx.has_timeline
            else "No curated timeline for this council: the timeline chapters say so and only the spending chapter has data. "
        )
        + "</p></header>",
    ]
    if findings:
        front.append(
            '<section class="findings"><h2 id="findings">Key findings</h2><ul>'
            + "".join(f"<li>{esc(f['title'])}</li>" for f in findings)
            + "</ul></section>"
        )
    toc_items = [("findings", "Key findings")] if findings else []
    toc_items += toc + [("data-and-methods", "Data and methods"), ("sources", "Sources")]
    front.append(
        '<nav class="toc" aria-label="Contents"><h2>Contents</h2><ul>'
        + "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in toc_items)
        + "</ul></nav>"
    )
    caveats = _readme_section(CURATED_DIR / "README.md", "Assumptions and caveats log")
    mapping = _readme_section(REFERENCE_DIR / "README.md", "s251_categories.csv")
    methods = (
        '<section class="methods"><h2 id="data-and-methods">Data and methods</h2>'
        + _markdown(METHODS_MD)
        + "<h3>Assumptions and caveats</h3>"
        + _markdown(caveats)
        + "<h3>Spending categories</h3>"
        + _markdown(mapping)
        + "</section>"
    )
    return render_with_template(combined, title, "\n".join(front), methods + _sources_html(ctx))


def render_with_template(combined, title: str, front_html: str, back_html: str) -> str:
    """The executed notebooks as one accessible page, through the custom nbconvert template (inputs hidden)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    resources = {
        "report": {
            "title": title,
            "css": (TEMPLATE_DIR / "report" / "report.css").read_text(encoding="utf-8"),
            "front_html": front_html,
            "back_html": back_html,
        }
    }
    body, _ = exporter.from_notebook_node(combined, resources=resources)
    return body
