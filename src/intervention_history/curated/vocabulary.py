"""The allowed values and limits of the curated tables (data/curated/README.md documents each)."""

EVENT_CATEGORIES = (
    "child deaths",
    "serious case review",
    "incident",
    "Ofsted verdict",
    "government intervention",
    "corporate intervention",
    "review",
    "leadership",
    "political",
    "improvement partner",
    "trust",
)
SOURCE_KINDS = ("news", "official report", "statistics", "parliamentary record")
CONFIDENCE = ("high", "medium", "low")
ROLES = (
    "director of children's services",
    "chief executive",
    "elected mayor",
    "commissioner",
    "trust chief executive",
)
COST_BASES = ("contract value", "daily rate", "budget", "overspend", "top-up", "spend")
COST_STATUSES = ("committed", "optional", "actual", "projected")
SUBJECTS = ("council", "trust")
BOOLEANS = ("true", "false")
MAX_TITLE_LENGTH = 60
MAX_ROWS = 200_000
MAX_FILE_BYTES = 50_000_000
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
