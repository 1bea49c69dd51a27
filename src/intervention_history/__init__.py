"""Intervention history of a council's children's services.

The public API, for notebooks and scripts (see README, "Python API"):

    import intervention_history as ih
    data = ih.load("Doncaster")        # tidy DataFrames: data.events, data.spending, ...
    fig = ih.chart("spending_per_child", "Rotherham")
    ih.councils()

Imports are lazy, so `python -m intervention_history` stays quick.
"""

__all__ = ["CouncilData", "chart", "chart_names", "councils", "load"]


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'intervention_history' has no attribute {name!r}")
