"""The corrected costs (issue 21): units, statuses checked against the sources, the £4.5m cut."""

from __future__ import annotations

import pandas as pd
import pytest

from intervention_history.curated.load import load_dataset
from intervention_history.curated.vocabulary import COST_UNITS
from intervention_history.measures.costs import amount_label, contract_rows, totals_only
from intervention_history.paths import CURATED_DIR


@pytest.fixture(scope="module")
def costs():
    return load_dataset(CURATED_DIR / "doncaster").costs.set_index("cost_id")


def test_brazil_fee_is_a_day_rate(costs):
    row = costs.loc["brazil-day-rate"]
    assert (row.amount_gbp, row.unit, row.basis) == (1000, "per day", "fee")
    assert row.source_ids == "yp-2013-consultants"
    assert amount_label(row.amount_gbp, row.unit) == "£1,000 a day"


def test_2017_18_budget_is_a_budget_set_not_an_outturn(costs):
    row = costs.loc["trust-budget-2017-18"]
    assert (row.amount_gbp, row.basis, row.status) == (42_200_000, "budget", "committed")
    assert "cyp-2018-trust-funding" in row.source_ids
    assert "£46.3m" in row.notes


def test_the_4_5m_cut_over_three_years(costs):
    row = costs.loc["trust-funding-cut-2018-21"]
    assert (row.amount_gbp, row.unit, row.basis, row.status) == (4_500_000, "total", "cut", "committed")
    assert (row.period_earliest, row.period_latest) == (pd.Timestamp("2018-04-01"), pd.Timestamp("2021-03-31"))
    assert row.source_ids == "cyp-2018-trust-funding"
    assert "£2m in 2018-19" in row.notes


def test_every_amount_has_a_unit_in_both_councils():
    for council in ("doncaster", "rotherham"):
        table = load_dataset(CURATED_DIR / council).costs
        assert set(table.unit) <= set(COST_UNITS), council
        assert not (table.basis == "daily rate").any()


def test_rates_are_never_spread_as_contracts(costs):
    main, extensions, comparators = contract_rows(costs.reset_index(), "Doncaster")
    assert main.cost_id == "impower-contract"
    assert "brazil-day-rate" not in set(totals_only(costs.reset_index()).cost_id)
    assert set(comparators.cost_id) == {"sandwell-contract"}
    assert set(extensions.cost_id) == {"impower-extension"}


def test_money_table_shows_units_and_what_each_amount_is():
    from intervention_history import chapter as nb
    from intervention_history import story

    table = story.trust_money_table(nb.setup("Doncaster", "2025-06-30"))
    brazil = table[table["item"].str.contains("Eleanor Brazil")].iloc[0]
    assert brazil["amount"] == "£1,000 a day" and brazil["kind"] == "fee"
    cut = table[table["kind"] == "cut"].iloc[0]
    assert cut["amount"] == "£4.5m" and cut["status"] == "committed"
    assert "contract value" not in set(table["kind"])


def test_costs_chart_does_not_accrue_past_the_contract_end():
    from intervention_history import chapter as nb

    chart = nb.chart("costs", nb.setup("Doncaster", "2025-06-30"))
    assert "accrued by its end (Jun 2015)" in chart.subtitle
    titles = [ax.get_title(loc="left") for ax in chart.figure.axes]
    assert "Cost accrued over the contract" in titles
    assert any("2014-15: not in the spending data this project holds" in t for t in titles)
