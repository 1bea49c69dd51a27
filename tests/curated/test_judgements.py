"""What each verdict is (issue 21): ratings and other inspectorates are named, never counted as Ofsted inspections."""

from __future__ import annotations

import pytest

from intervention_history.curated.load import load_dataset, ofsted_inspections
from intervention_history.curated.vocabulary import INSPECTORATES, JUDGEMENT_KINDS, OFSTED_INSPECTION
from intervention_history.paths import CURATED_DIR


@pytest.fixture(scope="module", params=["doncaster", "rotherham"])
def judgements(request):
    return load_dataset(CURATED_DIR / request.param).judgements


def test_every_verdict_says_who_gave_it_and_what_it_is(judgements):
    assert set(judgements.body) <= set(INSPECTORATES)
    assert set(judgements.kind) <= set(JUDGEMENT_KINDS)


def test_annual_assessments_are_ratings_not_inspections(judgements):
    ratings = judgements[judgements.framework.str.contains("annual")]
    assert len(ratings) and (ratings.kind == "annual rating").all()
    assert not set(ratings.judgement_id) & set(ofsted_inspections(judgements).judgement_id)


def test_ofsted_inspections_are_only_ofsted_inspections(judgements):
    chosen = ofsted_inspections(judgements)
    assert (chosen.body == OFSTED_INSPECTION["body"]).all() and (chosen.kind == OFSTED_INSPECTION["kind"]).all()
    assert not chosen.framework.str.contains("annual|focused|corporate").any()


def test_doncaster_kinds_row_by_row():
    table = load_dataset(CURATED_DIR / "doncaster").judgements.set_index("judgement_id")
    assert table.loc[["apa-2008", "apa-2009", "apa-2010", "apa-2011"], "kind"].eq("annual rating").all()
    assert table.at["cgi-2010", "body"] == "Audit Commission"
    assert table.at["cgi-2010", "kind"] == "corporate inspection"
    inspections = ofsted_inspections(table.reset_index()).judgement_id.tolist()
    assert inspections == ["unannounced-2010", "cp-2012", "sif-2015", "sif-2018", "ilacs-2022", "ilacs-2025"]


def test_unknown_kind_is_reported(council_copy, capsys):
    from intervention_history import cli

    from .test_load import edit_cell

    line = edit_cell(council_copy, "judgements", "apa-2009", "kind", "rumour")
    code = cli.main(["validate", "--data-dir", str(council_copy)])
    err = capsys.readouterr().err
    assert code == 2 and f"judgements.csv:{line}: kind: not one of" in err
