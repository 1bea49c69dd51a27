"""Curated data: the hand-curated tables of a council's history (data/curated/<council>/).

Loading and validation (load.py), the schemas and allowed values (schemas.py, vocabulary.py), the
council folders and council.json (folders.py), EDTF dates (dates.py), the declared eras (eras.py)
and a synthetic council for tests and benchmarks (synthetic.py). Nothing here reads official data.
"""
