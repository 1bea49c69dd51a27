"""Narrative charts. Each function returns a Chart: figure, title, subtitle, source, alt text, data."""

from .base import Chart, contrast_ratio, save_chart
from .timeline import timeline_chart

__all__ = ["Chart", "contrast_ratio", "save_chart", "timeline_chart"]
