"""Chapter 5's two charts, gathered: children looked after (children_in_care.py) and children in need
and protection (children_in_need.py), both per 10,000 children, the council against England.
"""

from __future__ import annotations

from .base import DARK_BLUE, MAROON  # noqa: F401  (the council's and England's colours)
from .children_in_care import CLA_SOURCE, children_in_care_chart, children_in_care_for, cla_title  # noqa: F401
from .children_in_need import CIN_SOURCE, children_in_need_chart, children_in_need_for, cin_title  # noqa: F401
