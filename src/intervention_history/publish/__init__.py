"""Publishing: from chapter notebooks to a report folder.

The build folder (lock, temporary folder, swap, recovery: build.py), the inputs' checksums and the
fingerprint (fingerprint.py), the notebook runner (runner.py), the report run (report.py), the
comparison run (compare.py), the HTML, PDF and TimelineJS exports (exports.py, methods.py), the
reports trail (trail.py) and the refresh of the committed notebooks (notebooks.py).
"""
