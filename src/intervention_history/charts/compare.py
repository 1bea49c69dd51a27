"""Comparison charts: two or more councils side by side. Drawing only; the measures are in comparison.py."""

from __future__ import annotations

import pandas as pd

from ..measures import comparison as cmp
from ..text import joined
from .base import (
    DARK_BLUE,
    DARK_GREY,
    ERA_FILL,
    LILAC,
    MAROON,
    MID_GREY,
    ORANGE,
    TEAL,
    Chart,
    empty_chart,
    frame_text,
    house_style,
    new_figure,
)

COUNCIL_COLOURS = (DARK_BLUE, ORANGE, TEAL, MAROON, LILAC)
ENGLAND_COLOUR = DARK_GREY
GRADE_LABELS = {1: "Outstanding", 2: "Good", 3: "Requires improvement /\nadequate", 4: "Inadequate"}
VERDICT_SOURCE = (
    "Source: Ofsted, Children's social care data in England 2023 and Local authority inspection outcomes as at "
    "31 March 2025 (every council's inspections); eras from each curated council.json"
)
CLA_SOURCE = (
    "Source: DfE, Children looked after in England including adoptions (2010 rate computed from the count and "
    "population in the same file; 2019 on as published). Contains public sector information licensed under the OGL v3.0."
)
SPEND_SOURCE = (
    "Source: DfE section 251 time series, net current expenditure per child aged 0-17 (all services, excluding CERA); "
    "real terms with HM Treasury's GDP deflator. Contains public sector information licensed under the OGL v3.0."
)


def colour(i: int) -> str:
    return COUNCIL_COLOURS[i % len(COUNCIL_COLOURS)]


# ------------------------------------------------------------------ 1. verdicts as small multiples


def verdicts_chart(contexts) -> Chart:
    name = "compare_verdicts"
    councils = cmp.names(contexts)
    as_of = pd.Timestamp(contexts[0].params.as_of)
    frames = {ctx.la_name: cmp.verdicts(ctx) for ctx in contexts}
    shown = [f for f in frames.values() if len(f)]
    title = f"Ofsted verdicts: {joined(councils)}"
    if not shown:
        return empty_chart(
            name,
            title,
            "Ofsted verdicts on one four-point scale.",
            VERDICT_SOURCE,
            "None of these councils has an Ofsted verdict by this date",
        )
    years = cmp.years_table(contexts).set_index("council")
    graded = years[years["graded_verdicts"] > 0]
    counts = ", ".join(f"{c} {int(graded.at[c, 'inadequate_verdicts'])}" for c in graded.index)
    title = f"Ofsted inspections rated inadequate (from Ofsted's statistics): {counts}"
    start = min(f["date_earliest"].min() for f in shown) - pd.Timedelta(days=240)
    end = as_of + pd.Timedelta(days=240)
    subtitle = (
        f"Ofsted verdicts on children's services to {as_of:%d %b %Y}, one row per council on the same time axis; "
        "harmonised four-point scale, lower is worse. Blue shading: government intervention; red band: inadequate. "
        "Ungraded visits are in the CSV but not drawn."
    )
    with house_style():
        fig, axes = new_figure(1.75 * len(contexts) + 2.3, nrows=len(contexts), sharex=True, squeeze=False)
        axes = axes[:, 0]
        rows = []
        for i, (ctx, ax) in enumerate(zip(contexts, axes, strict=True)):
            table = frames[ctx.la_name]
            ax.set_xlim(start, end)
            ax.set_ylim(4.6, 0.4)
            ax.set_yticks(
                [1, 2, 3, 4],
                [GRADE_LABELS[g].replace("\n", " ") if g != 3 else "Req. improvement" for g in (1, 2, 3, 4)],
            )
            ax.grid(axis="y", color="0.9")
            ax.axhspan(3.5, 4.6, color="#EBC6CD", alpha=0.6, zorder=0.5, linewidth=0)
            for s, e in cmp.intervention_spells(ctx):
                ax.axvspan(s, e, color=ERA_FILL, zorder=0, linewidth=0)
            ax.set_title(ctx.la_name, loc="left", fontsize=12, fontweight="bold", color=colour(i))
            if table.empty:
                ax.text(
                    0.5,
                    0.5,
                    "No Ofsted verdict by this date",
                    transform=ax.transAxes,
                    ha="center",
                    va="center",
                    color=DARK_GREY,
                )
                continue
            graded = table[table["grade"].notna()].copy()
            graded["g"] = graded["grade"].astype(float)
            if len(graded):
                xs = list(graded["date_earliest"]) + [as_of]
                ys = list(graded["g"]) + [graded["g"].iloc[-1]]
                ax.step(xs, ys, where="post", color=MID_GREY, linewidth=1.2, zorder=1)
                ax.scatter(
                    graded["date_earliest"],
                    graded["g"],
                    s=60,
                    color=colour(i),
                    zorder=3,
                    edgecolors="white",
                    linewidths=0.8,
                )
            for row in table.itertuples():
                rows.append(
                    {
                        "council": ctx.la_name,
                        "judgement_id": row.judgement_id,
                        "date": row.date_earliest.date().isoformat(),
                        "date_label": row.date_label,
                        "framework": row.framework,
                        "judgement": row.judgement,
                        "grade": row.grade,
                    }
                )
        axes[-1].set_xlabel("")
        frame_text(fig, title, subtitle, VERDICT_SOURCE, bottom_in=0.55, left=0.17)
    listing = " ".join(
        f"{c}: " + "; ".join(f"{r['date_label']} {r['judgement']}" for r in rows if r["council"] == c) + "."
        for c in councils
        if any(r["council"] == c for r in rows)
    )
    alt = f"{title}. Small multiples, one row per council, of Ofsted verdicts over time. {listing}"
    data = pd.DataFrame(
        rows, columns=["council", "judgement_id", "date", "date_label", "framework", "judgement", "grade"]
    )
    return Chart(name, fig, title, subtitle, VERDICT_SOURCE, alt, data)


# ------------------------------------------------------------------ 2. years under intervention and in the lowest band


def years_chart(contexts) -> Chart:
    name = "compare_years"
    table = cmp.years_table(contexts)
    curated = table[table["curated_timeline"]]
    title_default = "Years under government intervention and rated inadequate"
    if curated.empty:
        return empty_chart(
            name,
            title_default,
            "Computed from curated eras and verdicts.",
            VERDICT_SOURCE,
            "None of these councils has a curated timeline",
        )
    top = curated.sort_values(["intervention_years", "council"], ascending=[False, True]).iloc[0]
    title = f"{top.council} spent {top.intervention_years:.1f} years under government intervention"
    others = [f"{r.council} {r.intervention_years:.1f}" for r in curated.itertuples() if r.council != top.council]
    if others:
        title += f" ({', '.join(others)})"
    subtitle = (
        "Years under intervention: the council's intervention eras, overlaps counted once. Years rated inadequate: "
        "from each inadequate Ofsted verdict to the next graded verdict."
    )
    measures = (
        ("intervention_years", "under government intervention", DARK_BLUE),
        ("lowest_band_years", "rated inadequate (lowest band)", MAROON),
    )
    with house_style():
        fig, ax = new_figure(1.0 * len(table) + 2.4)
        height = 0.36
        for j, (column, label, shade) in enumerate(measures):
            ys = [i + (j - 0.5) * height for i in range(len(table))]
            values = [v if pd.notna(v) else 0 for v in table[column]]
            ax.barh(ys, values, height=height * 0.95, color=shade, label=label)
            for y, v, has in zip(ys, values, table["curated_timeline"], strict=True):
                if has:
                    ax.text(v + 0.1, y, f"{v:.1f}", va="center", fontsize=10, color=DARK_GREY)
        for i, row in enumerate(table.itertuples()):
            if not row.curated_timeline:
                ax.text(0.1, i, "no curated timeline", va="center", fontsize=10, color=DARK_GREY)
        ax.set_yticks(range(len(table)), table["council"])
        ax.set_ylim(len(table) - 0.4, -0.6)
        ax.set_xlabel("years")
        ax.set_xlim(0, max(1.0, float(curated[["intervention_years", "lowest_band_years"]].max().max())) * 1.15)
        ax.legend(loc="lower right", bbox_to_anchor=(1, 1.0), ncol=2, frameon=False)
        ax.grid(axis="x", color="0.9")
        frame_text(fig, title, subtitle, VERDICT_SOURCE, bottom_in=0.75, left=0.14)
    listing = "; ".join(
        f"{r.council}: {r.intervention_years:.1f} years under intervention, {r.lowest_band_years:.1f} years rated inadequate"
        if r.curated_timeline
        else f"{r.council}: no curated timeline"
        for r in table.itertuples()
    )
    alt = f"{title}. Bar chart: {listing}."
    return Chart(name, fig, title, subtitle, VERDICT_SOURCE, alt, table)


# ------------------------------------------------------------------ 3. children looked after and spending per child


def _area_lines(ax, data, x, y, areas, breaks=()) -> None:
    """One line per area (England dashed grey), broken where the x values jump (e.g. 2010 to 2019)."""
    for i, area in enumerate(areas):
        rows = data[data["area"] == area].sort_values(x)
        if rows.empty:
            continue
        shade = ENGLAND_COLOUR if area == "England" else colour(i)
        style = "--" if area == "England" else "-"
        groups = (rows[x].isin(breaks)).cumsum() if breaks else pd.Series(0, index=rows.index)
        for k, (_, part) in enumerate(rows.groupby(groups)):
            ax.plot(
                part[x],
                part[y],
                style,
                color=shade,
                marker="o",
                markersize=5,
                linewidth=2,
                label=area if k == 0 else None,
            )
        last = rows.iloc[-1]
        ax.annotate(
            f"{area} {last[y]:,.0f}",
            (last[x], last[y]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
            color=shade,
        )


def children_in_care_chart(contexts) -> Chart:
    name = "compare_children_in_care"
    rates = cmp.cla_rates(contexts)
    councils = cmp.names(contexts)
    title_default = "Children looked after per 10,000 children"
    if rates.empty:
        return empty_chart(
            name, title_default, "Where the DfE publishes a rate.", CLA_SOURCE, "No published rates for these councils"
        )
    last_year = int(rates["year"].max())
    now = rates[rates["year"] == last_year].set_index("area")["rate_per_10000"]
    ranked = [a for a in sorted(now.index, key=lambda a: (-now[a], a)) if a != "England"]
    title = f"Children looked after per 10,000 children, {last_year}: " + ", ".join(f"{a} {now[a]:.0f}" for a in ranked)
    if "England" in now.index:
        title += f"; England {now['England']:.0f}"
    missing = cmp.missing_official(contexts)["children looked after"]
    subtitle = (
        f"At 31 March; the DfE publishes a rate for {cmp.CLA_RATE_YEARS} only, so the lines break between 2010 and 2019."
        + (f" No figures for {joined(missing)}." if missing else "")
    )
    areas = [*councils, "England"]
    with house_style():
        fig, ax = new_figure(5.6)
        _area_lines(ax, rates, "year", "rate_per_10000", areas, breaks=(2019,))
        ax.set_xlim(rates["year"].min() - 0.5, rates["year"].max() + 2.2)
        ax.set_ylim(0, rates["rate_per_10000"].max() * 1.15)
        ax.set_ylabel("per 10,000 children under 18")
        ax.set_xticks(sorted(rates["year"].unique()))
        ax.grid(axis="y", color="0.9")
        frame_text(fig, title, subtitle, CLA_SOURCE, bottom_in=0.75)
    listing = "; ".join(
        f"{a}: " + ", ".join(f"{int(r.year)} {r.rate_per_10000:.0f}" for r in rates[rates["area"] == a].itertuples())
        for a in areas
        if (rates["area"] == a).any()
    )
    alt = f"{title}. Line chart of the rate per 10,000 children: {listing}."
    return Chart(name, fig, title, subtitle, CLA_SOURCE, alt, rates)


def spending_per_child_chart(contexts) -> Chart:
    name = "compare_spending_per_child"
    prices = contexts[0].params.prices
    column = "real" if prices == "real" else "cash"
    money = cmp.per_child_spending(contexts)
    councils = cmp.names(contexts)
    missing = cmp.missing_official(contexts)["spending per child"]
    label = "in 2023-24 prices" if prices == "real" else "in cash"
    title_default = f"Net spending per child, {label}"
    source = (
        SPEND_SOURCE if prices == "real" else SPEND_SOURCE.replace("; real terms with HM Treasury's GDP deflator", "")
    )
    if not (money["area"].isin(councils)).any():
        return empty_chart(
            name,
            title_default,
            "Where the DfE publishes it (2015-16 on).",
            source,
            f"No published spending per child for {joined(missing)}",
        )
    last = money["financial_year"].max()
    now = money[money["financial_year"] == last].set_index("area")[column]
    ranked = [a for a in sorted(now.index, key=lambda a: (-now[a], a)) if a != "England"]
    title = f"Net spending per child, {last}, {label}: " + ", ".join(f"{a} £{now[a]:,.0f}" for a in ranked)
    if "England" in now.index:
        title += f"; England £{now['England']:,.0f}"
    subtitle = "Children's and young people's services, per child aged 0-17, as the DfE publishes it (2015-16 on)." + (
        f" Not published for {joined(missing)}." if missing else ""
    )
    areas = [*councils, "England"]
    with house_style():
        fig, ax = new_figure(5.6)
        years = sorted(money["financial_year"].unique())
        data = money.assign(x=money["financial_year"].map({y: i for i, y in enumerate(years)}))
        _area_lines(ax, data, "x", column, areas)
        ax.set_xticks(range(len(years)), years)
        ax.set_xlim(-0.4, len(years) + 0.9)
        ax.set_ylim(0, data[column].max() * 1.15)
        ax.set_ylabel(f"£ per child, {label}")
        ax.grid(axis="y", color="0.9")
        frame_text(fig, title, subtitle, source, bottom_in=0.75)
    listing = "; ".join(
        f"{a}: "
        + ", ".join(f"{r.financial_year} £{getattr(r, column):,.0f}" for r in money[money["area"] == a].itertuples())
        for a in areas
        if (money["area"] == a).any()
    )
    alt = f"{title}. Line chart: {listing}."
    return Chart(name, fig, title, subtitle, source, alt, money)


COMPARE_CHARTS = {
    "compare_verdicts": verdicts_chart,
    "compare_years": years_chart,
    "compare_children_in_care": children_in_care_chart,
    "compare_spending_per_child": spending_per_child_chart,
}


def chart(name: str, contexts, output_dir: str | None = None) -> Chart:
    """Build one comparison chart; when the runner sets output_dir, also write PNG, SVG, CSV and JSON to figures/."""
    from .base import publish

    return publish(COMPARE_CHARTS[name](contexts), output_dir)
