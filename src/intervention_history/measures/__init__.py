"""Measures: what charts and prose share, computed once from official and curated data.

Prices (real terms), phases (the one rule that puts a figure in a phase), spending, children looked
after, leadership, costs, the comparison of councils, and the council context a chapter loads.
Nothing here draws or writes prose.
"""
