"""How numbers and data text are written, once for every chart, chapter and page."""

from __future__ import annotations

import html

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def _missing(value) -> bool:
    """None, NaN or pandas' NA (without importing pandas: the no-op rerun stays light)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pd.NA
        return True


def money(value: float) -> str:
    """£25.3m, £1.8m, £675k, £950: millions to one decimal place, as a reader quotes them."""
    if _missing(value):
        return "undisclosed"
    if abs(value) >= 1_000_000:
        text = f"{value / 1_000_000:.1f}".removesuffix(".0")
        return f"£{text}m"
    if abs(value) >= 10_000:
        return f"£{value / 1_000:.0f}k"
    return f"£{value:,.0f}"


def esc(value) -> str:
    """Data text, safe inside HTML (attributes included); missing is empty."""
    return html.escape("" if _missing(value) else str(value), quote=True)


def md_esc(value) -> str:
    """Data text, safe inside Markdown that becomes HTML."""
    text = html.escape(str(value), quote=False)
    return text.replace("*", "&#42;").replace("_", "&#95;").replace("[", "&#91;").replace("`", "&#96;")


def words(n: int) -> str:
    """two ... ten in words, other numbers in figures."""
    return NUMBER_WORDS.get(n, str(n))


def percent_change(value: float) -> str:
    """'rose 38%' or 'fell 4%'."""
    return f"{'rose' if value >= 0 else 'fell'} {abs(value):.0f}%"


def joined(items: list[str]) -> str:
    """a, b and c."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def years_text(years) -> str:
    """2011 to 2016 and 2018 to 2025: runs of consecutive years joined."""
    spans: list[list[int]] = []
    for year in sorted(int(y) for y in years):
        if spans and year == spans[-1][-1] + 1:
            spans[-1].append(year)
        else:
            spans.append([year])
    return joined([f"{s[0]} to {s[-1]}" if len(s) > 2 else " and ".join(map(str, s)) for s in spans])
