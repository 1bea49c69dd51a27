"""Chapter 3: the cost of outside help."""

from __future__ import annotations

import pandas as pd

from ..measures.context import CouncilContext
from ..measures.costs import amount_label, contract_rows
from ..text import md_esc as esc
from ..text import money
from .prose import Prose, no_timeline


def costs_text(ctx: CouncilContext) -> Prose:
    if not ctx.has_timeline:
        return no_timeline(ctx, "costs")
    costs = ctx.dataset.costs
    main, extensions, comparators = contract_rows(costs, ctx.dataset.council.get("name", ctx.la_name))
    if main is None:
        return Prose("No disclosed improvement-partner contract is curated for this council.")
    months = round((main.period_latest - main.period_earliest).days / 30.44)
    text = (
        f"The improvement partner, {esc(main.payee)}, was hired for {money(main.amount_gbp)} over {main.period_label} "
        f"({months} months, about {money(main.amount_gbp / months)} a month if spread evenly)."
    )
    if len(extensions):
        ext = extensions.iloc[0]
        text += f" An optional extension ({esc(ext.period_label)}) was offered at a cost that was not disclosed; the chart shows it as unknown, not as zero."
    if len(comparators):
        cmp = comparators.iloc[0]
        cmp_months = round((cmp.period_latest - cmp.period_earliest).days / 30.44)
        text += (
            f" For comparison, {esc(cmp.payer)}'s contract with the same firm was {money(cmp.amount_gbp)} over about "
            f"{cmp_months} months ({money(cmp.amount_gbp / cmp_months)} a month)."
        )
    return Prose(text)


def trust_money_table(ctx: CouncilContext) -> pd.DataFrame | Prose:
    """Every other amount reported: budgets, cuts, overspends, top-ups, spending and fees, oldest first.

    Each amount carries its unit ("£1,000 a day") and its status (committed: set or agreed; actual:
    paid or spent; projected: a forecast; optional: offered, not taken up in our sources). Contracts
    are in the chart and prose above, not here.
    """
    if not ctx.has_timeline:
        return Prose("No curated costs for this council.")
    costs = ctx.dataset.costs
    rows = costs[costs["basis"] != "contract value"].sort_values(["period_earliest", "cost_id"])
    units = rows["unit"] if "unit" in rows else pd.Series("total", index=rows.index)
    return pd.DataFrame(
        {
            "period": rows["period_label"],
            "item": rows["item"],
            "kind": rows["basis"],
            "amount": [amount_label(a, u) for a, u in zip(rows["amount_gbp"], units, strict=True)],
            "status": rows["status"],
        }
    ).reset_index(drop=True)
