"""What the report folder holds besides the notebooks: the HTML page and the TimelineJS file."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import nbformat
import pandas as pd

from ..measures.context import CouncilContext
from ..paths import CURATED_DIR, DATA_DIR, REFERENCE_DIR
from ..text import esc
from .methods import methods_md

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
            "headline": esc(report_title(ctx)),
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
    """Each chart's title is a finding, in report order (charts.CHART_NAMES); empty charts make none."""
    from ..charts import CHART_NAMES

    found = []
    for name in CHART_NAMES:
        path = figures / f"{name}.json"
        if path.exists():
            meta = json.loads(path.read_text(encoding="utf-8"))
            if not meta.get("empty"):
                found.append(meta)
    return found


def is_web(url) -> bool:
    return isinstance(url, str) and re.match(r"^https?://", url) is not None


# The official datasets each topic draws on (data/reference/official_sources.csv).
TOPIC_DATASETS = {
    "spending": ("s251_outturn", "s251_timeseries", "gdp_deflator"),
    "children_looked_after": ("children_looked_after", "children_in_need", "population_0_17"),
    "verdicts": ("ofsted_inspections",),
    "workforce": ("workforce",),
    "neighbours": ("statistical_neighbours",),
}


def official_sources(topics) -> pd.DataFrame:
    table = pd.read_csv(REFERENCE_DIR / "official_sources.csv", dtype=str, keep_default_na=False)
    wanted = [d for t in topics for d in TOPIC_DATASETS.get(t, ())]
    return (
        table[table["dataset"].isin(wanted)]
        .set_index("dataset")
        .loc[[d for d in dict.fromkeys(wanted) if d in set(table.dataset)]]
    )


def _sources_html(ctx: CouncilContext, topics) -> str:
    items = []
    for row in official_sources(topics).itertuples():
        copied = (
            f' Files copied from <a href="{esc(row.copied_from)}">{esc(row.copied_from)}</a>.'
            if row.copied_from
            else ""
        )
        items.append(
            f'<li><a href="{esc(row.url)}">{esc(row.title)}</a>. {esc(row.publisher)}. '
            f'<span class="small">Official statistics; this project holds {esc(row.held)}.{copied}</span></li>'
        )
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
    curated = (
        f", then the {len(items) - len(official_sources(topics))} curated sources, oldest first"
        if ctx.has_timeline
        else ""
    )
    return (
        f'<section class="sources"><h2 id="sources">Sources</h2><p>The official datasets{curated}. {esc(OGL)}</p><ol>'
        + "".join(items)
        + "</ol></section>"
    )


def report_title(ctx: CouncilContext) -> str:
    """The intervention framing only where a curated history exists; otherwise a neutral title with the years held."""
    if ctx.has_timeline:
        return f"Intervention history: {ctx.la_name}'s children's services"
    first, last = ctx.years_held()
    years = f", {first} to {last}" if first is not None else ""
    return f"Children's services in {ctx.la_name}{years}"


def report_topics(ctx: CouncilContext, chapter_topics) -> list[str]:
    base = ["timeline"] if ctx.has_timeline else ["official"]
    return base + [t for t in chapter_topics if t != "timeline"] + ["neighbours"]


CHAPTER_NUMBER = re.compile(r"^\d+\.\s*")


def _chapter_heading(text: str, index: int) -> str:
    """Chapters are numbered in the order the report holds them, whatever the notebook's own number."""
    return f"{index}. {CHAPTER_NUMBER.sub('', text)}"


def report_html(ctx: CouncilContext, notebooks: list[Path], generated: datetime, chapter_topics=()) -> str:
    from ..measures.prices import DEFLATOR_NAME, PRICE_BASE

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
        toc.append((anchor, _chapter_heading(first_heading, index)))
        combined.cells.append(nbformat.v4.new_markdown_cell(f'<a id="{anchor}" class="chapter-start"></a>'))
        for cell in chapter.cells:
            if cell.cell_type == "markdown" and cell.source.startswith("# "):
                first, _, rest = cell.source[2:].partition("\n")
                cell = nbformat.v4.new_markdown_cell("## " + _chapter_heading(first, index) + "\n" + rest)
            combined.cells.append(cell)
    title = report_title(ctx)
    topics = report_topics(ctx, chapter_topics)
    findings = _findings(work / "figures")
    dates = (
        f'<p class="meta">Three dates: <strong>Data as of {ctx.params.as_of:%d %B %Y}</strong>, the last day whose '
        f"publications are used; {PRICE_BASE} prices ({esc(DEFLATOR_NAME)}), the year money is expressed in"
        + ("" if ctx.params.prices == "real" else " (this report shows cash)")
        + f"; and when this file was made: Generated {generated:%d %B %Y %H:%M} UTC.</p>"
    )
    front = [f"<header><h1>{esc(title)}</h1>", dates]
    if not ctx.has_timeline:
        front.append(
            '<p class="meta">A benchmarking report from official statistics. There is no curated history of '
            f"{esc(ctx.la_name)} yet: one would add its inspections and interventions in context, its leaders and "
            "the costs of outside help, each sourced (see <code>data/curated/README.md</code> to add one).</p>"
        )
    front.append("</header>")
    if findings:
        front.append(
            '<section class="findings"><h2 id="findings">Key findings</h2><ul>'
            + "".join(f"<li>{esc(f['title'])}</li>" for f in findings)
            + "</ul></section>"
        )
    toc_items = [("findings", "Key findings")] if findings else []
    toc_items += toc + [("sources", "Sources"), ("data-and-methods", "Appendix: data and methods")]
    front.append(
        '<nav class="toc" aria-label="Contents"><h2>Contents</h2><ul>'
        + "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in toc_items)
        + "</ul></nav>"
    )
    methods = (
        '<section class="methods"><h2 id="data-and-methods">Appendix: data and methods</h2>'
        + _markdown(methods_md(topics))
        + "<h3>Assumptions and caveats</h3>"
        + _markdown(caveats_md(ctx.has_timeline, ctx.dataset.directory if ctx.has_timeline else None))
    )
    if "spending" in topics:
        methods += "<h3>Spending categories</h3>" + _markdown(
            _readme_section(REFERENCE_DIR / "README.md", "s251_categories.csv")
        )
    return render_with_template(combined, title, "\n".join(front), _sources_html(ctx, topics) + methods + "</section>")


def caveats_md(curated: bool, folder: Path | None = None) -> str:
    """The caveats log: official data for every report, the curated histories' only where there is one,
    and the council's declared differences from Ofsted's statistics (discrepancies.csv), if any."""
    from ..measures.inspections import read_discrepancies

    official = _readme_section(DATA_DIR / "CAVEATS.md", "Official data")
    if not curated:
        return official
    text = _readme_section(CURATED_DIR / "README.md", "Assumptions and caveats log") + "\n\n" + official
    declared = read_discrepancies(folder) if folder is not None else {}
    if declared:
        text += "\n- **Declared differences from Ofsted's statistics.** " + "; ".join(
            f"`{key}`: {reason}" for key, reason in declared.items()
        )
    return text


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
