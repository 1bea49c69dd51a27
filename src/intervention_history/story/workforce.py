"""Chapter 6: the social work workforce, written from measures/workforce.py."""

from __future__ import annotations

import pandas as pd

from .. import geography
from ..measures import benchmarks
from ..measures import workforce as wf
from ..measures.context import CouncilContext
from ..text import joined
from ..text import md_esc as esc
from .prose import Prose


def _years_text(years: list[int]) -> str:
    """2017-2018, 2022 and 2024-2025."""
    spans: list[list[int]] = []
    for y in sorted(years):
        if spans and spans[-1][-1] == y - 1:
            spans[-1].append(y)
        else:
            spans.append([y])
    return joined([str(s[0]) if len(s) == 1 else f"{s[0]} to {s[-1]}" for s in spans])


def measure_line(la_name: str, head: dict) -> str:
    """One measure's latest figure against its neighbours, England and every council, and its change."""
    m = head["measure"]
    f = lambda v: wf.fmt(m, v)  # noqa: E731
    text = f"**{wf.MEASURES[m].label}** ({wf.MEASURES[m].unit}): {f(head['value'])} in {head['year']}"
    if head["status"] in wf.FLAGGED:
        text += f" (flagged {head['status']}: {wf.STATUS_MEANING[head['status']]})"
    parts = []
    if head["against_neighbours"]:
        parts.append(
            f"{head['against_neighbours']} its neighbours' median council ({f(head['neighbours_median_council'])}; "
            f"{head['neighbours_with_value']} neighbours with a figure, from {f(head['neighbours_min'])} to "
            f"{f(head['neighbours_max'])})"
        )
    else:
        parts.append("with no neighbour's figure to set it against")
    if head["against_england"]:
        parts.append(f"{head['against_england']} England ({f(head['england'])})")
    text += ", " + " and ".join(parts) + f"; {wf.rank_phrase(head)}"
    if head["region_median_council"] is not None:
        text += f"; its region's ({esc(head['region'])}) median council {f(head['region_median_council'])}"
    if head["first_year"] != head["year"]:
        text += f". {wf.fmt_change(m, head['change']).capitalize()} on {head['first_year']} ({f(head['first_value'])})"
    return text + "."


def _who(people, interim) -> list[str]:
    return [f"{p} (interim)" if i else p for p, i in zip(people, interim, strict=True)]


def _phase_table(bench: pd.DataFrame, phase_table: pd.DataFrame, directors: pd.DataFrame) -> str:
    means = wf.phase_means(bench, phase_table)
    if means.empty:
        return ""
    by_year = directors.set_index("year") if len(directors) else None
    header = "| Phase | Years | " + " | ".join(m.label for m in wf.MEASURES.values()) + " | Directors in post |"
    lines = [header, "|" + " --- |" * (3 + len(wf.MEASURES))]
    for phase, rows in means.groupby("phase", sort=False):
        cells = []
        for m in wf.MEASURES:
            r = rows[rows["measure"] == m].iloc[0]
            if not r["years_with_value"]:
                cells.append("no figure")
                continue
            short = "" if len(r["years_with_value"]) == len(r["years"]) else f" ({_years_text(r['years_with_value'])})"
            cells.append(f"{wf.fmt(m, r['mean'])} (England {wf.fmt(m, r['england_mean'])}){short}")
        names = []
        if by_year is not None:
            for y in rows["years"].iloc[0]:
                names += [n for n in _who(by_year.at[y, "people"], by_year.at[y, "interim"]) if n not in names]
        cells.append(joined([esc(n) for n in names]) or "none named")
        lines.append(f"| {esc(phase)} | {_years_text(rows['years'].iloc[0])} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _directors(ctx: CouncilContext, table: pd.DataFrame, years: list[int]) -> str:
    if table.empty:
        return ""
    groups: list[tuple[tuple, list[int]]] = []
    for r in table.itertuples():
        who = tuple(_who(r.people, r.interim))
        if groups and groups[-1][0] == who and groups[-1][1][-1] == r.year - 1:
            groups[-1][1].append(r.year)
        else:
            groups.append((who, [r.year]))
    parts = [
        f"{_years_text(ys)}: {joined([esc(p) for p in who]) if who else 'none named in our sources'}"
        for who, ys in groups
    ]
    late = pd.Timestamp(ctx.params.as_of) < pd.Timestamp(years[-1], 9, 30)
    return (
        "Directors of children's services in post on each 30 September, from the curated roles: "
        + "; ".join(parts)
        + ". "
        + "A tenure whose end is not recorded counts only to the last day a source shows the person in post"
        + (f"; 30 September {years[-1]} falls after the as-of date, so it is read at {ctx.params.as_of:%-d %B %Y}." if late else ".")
    )  # fmt: skip


def workforce_text(ctx: CouncilContext) -> Prose:
    bench = wf.for_context(ctx)
    la = esc(ctx.la_name)
    years = sorted(int(y) for y in bench["year"].unique())
    heads = [wf.headline(bench, m) for m in wf.MEASURES]
    if not years or all(h is None for h in heads):
        return Prose(f"The DfE's social work workforce statistics hold no figures for {la}.")
    measures = joined([f"{m.label.lower()} ({m.unit})" for m in wf.MEASURES.values()])
    higher = joined([m.higher for m in wf.MEASURES.values()])
    rule = benchmarks.MODEL_RULE[0].upper() + benchmarks.MODEL_RULE[1:]
    paragraphs = [
        f"Every year the Department for Education counts each council's children's social workers at 30 September. "
        f"This project holds {years[0]} to {years[-1]}, as full-time equivalents (FTE), and four measures of how "
        f"stable the workforce is: {measures}. On each, a higher figure means a less stable workforce: {higher}. "
        "This is the frontline instability that inspections and intervention reviews describe, counted the same "
        "way for every council.",
        f"{la} is set against its statistical neighbours, the councils the DfE's model judges most like it, against "
        f"its region and against England's own figure. {rule}. Ranks: 1 = the highest figure among the councils "
        f"with one that year; {geography.RANK_RULE}.",
        "\n".join(f"- {measure_line(la, h)}" for h in heads if h is not None),
    ]
    missing = [m.label for m, h in zip(wf.MEASURES.values(), heads, strict=True) if h is None]
    if missing:
        paragraphs.append(f"No figure for {la} is published for {joined([m.lower() for m in missing])}.")
    joint = wf.joint_return(ctx.council_rows("workforce"))
    if joint:
        paragraphs.append(
            f"{esc(joint[0])} publish one workforce return between them ({_years_text(joint[1])}). Its rates hold for "
            f"both councils, so each is shown, benchmarked and ranked with the same figures, and the two tie in every "
            f"rank; its counts (social workers, cases) are the pair's, not {la}'s alone."
        )
    notes = wf.status_notes(bench)
    if len(notes):
        said: dict[str, list[str]] = {}  # "2017 to 2022 (no return)" -> the measures it holds for
        for m, g in notes.groupby("measure", sort=False):
            when = f"{_years_text(list(g['year']))} ({joined(list(dict.fromkeys(g['reason'])))})"
            said.setdefault(when, []).append(wf.MEASURES[m].label.lower())
        gaps = "; ".join(
            f"{'every measure' if len(ms) == len(wf.MEASURES) else joined(ms)} in {when}" for when, ms in said.items()
        )
        symbols = notes["status"].isin(wf.FLAGGED) & (notes["flag"] == "absent")
        paragraphs.append(
            f"Not every year has a figure for {la}: {gaps}."
            + (f" The rule: {wf.STATUS_RULE}." if (notes["status"] != "").any() else "")
            + (" In this release every u and low cell is the symbol alone, so those years are gaps too." if symbols.any() else "")
        )  # fmt: skip
    else:
        paragraphs.append(
            f"Every figure for {la} from {years[0]} to {years[-1]} is published as a number: no year is missing or "
            f"flagged. (Where one is, the rule is: {wf.STATUS_RULE}.)"
        )
    if ctx.has_timeline and len(ctx.phases):
        in_post = wf.directors_in_post(ctx.table("roles"), ctx.params.as_of, years)
        table = _phase_table(bench, ctx.phases, in_post)
        if table:
            paragraphs.append(
                "By phase of the story (a year counts in the phase that holds its 30 September; each figure is the "
                "mean of the phase's years, England's mean over the same years beside it; directors of children's services "
                "in post on any of those 30 Septembers):"
            )
            paragraphs.append(table)
        directors = _directors(ctx, in_post, years)
        if directors:
            paragraphs.append(directors)
    return Prose("\n\n".join(paragraphs))
