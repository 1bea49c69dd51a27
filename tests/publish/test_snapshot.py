"""The report hands each kernel the data it validated; a chapter run by hand still validates."""

from __future__ import annotations

from intervention_history import chapter as nb
from intervention_history.measures.context import load_context
from intervention_history.params import Params
from intervention_history.publish import runner


def test_snapshot_is_used_only_for_the_same_parameters(tmp_path, monkeypatch):
    ctx = load_context(Params.build("Doncaster", "2025-06-30"))
    path = runner.write_snapshot(ctx, tmp_path)
    same = nb.setup("Doncaster", "2025-06-30", snapshot=str(path))
    assert same.params == ctx.params and len(same.children_looked_after) == len(ctx.children_looked_after)
    calls = []
    monkeypatch.setattr(nb, "load_context", lambda params: calls.append(params) or ctx)
    nb.setup("Doncaster", "2025-06-30", prices="cash", snapshot=str(path))  # other parameters: load afresh
    nb.setup("Doncaster", "2025-06-30")  # by hand, no snapshot: load and validate
    assert [p.prices for p in calls] == ["cash", "real"]
