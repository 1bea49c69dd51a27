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
COST_BASES = ("contract value", "fee", "budget", "cut", "overspend", "top-up", "spend")
COST_STATUSES = ("committed", "optional", "actual", "projected")
# What one amount is: the whole sum for its period, or a rate (per day, per year) within it.
COST_UNITS = ("total", "per day", "per year")
SUBJECTS = ("council", "trust")
# Who gave a verdict, and what kind of verdict it was. Only an Ofsted inspection of children's
# services counts as an inspection (OFSTED_INSPECTION); annual ratings were drawn from data and
# earlier inspections, focused visits give no grade, and the Audit Commission judged the whole council.
INSPECTORATES = ("Ofsted", "Audit Commission")
JUDGEMENT_KINDS = ("inspection", "annual rating", "focused visit", "corporate inspection")
OFSTED_INSPECTION = {"body": "Ofsted", "kind": "inspection"}
BOOLEANS = ("true", "false")
MAX_TITLE_LENGTH = 60
MAX_ROWS = 200_000
MAX_FILE_BYTES = 50_000_000
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
