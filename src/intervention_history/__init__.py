"""Intervention history of a council's children's services.

The public API, for notebooks and scripts (see README, "Python API"):

    import intervention_history as ih
    data = ih.load("Doncaster")        # tidy DataFrames: data.events, data.spending, ...
    fig = ih.chart("spending_per_child", "Rotherham")
    ih.table("children_looked_after")  # any processed table, every council and England
    ih.councils()

Imports are lazy, so `python -m intervention_history` stays quick.
"""

__all__ = [
    "CouncilData",
    "InputError",
    "chart",
    "chart_names",
    "councils",
    "describe",
    "export",
    "load",
    "table",
    "table_names",
]


def __getattr__(name: str):
    if name == "InputError":
        from .errors import InputError

        return InputError
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'intervention_history' has no attribute {name!r}")
