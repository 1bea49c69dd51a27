"""Intervention history of a council's children's services."""
