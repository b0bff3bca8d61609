"""Running headers and footers: lines in the page margins that repeat on most pages."""

from __future__ import annotations

import re
from collections import Counter

from .lines import Line, PageLines

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$|^[ivxlc]{1,6}$", re.I)
MAX_PAGE_NUMBER = 40  # characters: "Page 12 / 340" and the like; longer lines are never tried (linear)
MARGIN = 0.12  # top/bottom share of the page where running heads live


def _in_margin(line: Line, share: float = MARGIN) -> bool:
    return line.y > line.height * (1 - share) or line.y < line.height * share


# A digit first, then the look-behind (at the character before it): a pattern that starts with a
# digit lets re skip ahead to the next digit, which one starting with a look-behind cannot.
_STANDALONE_NUMBER = re.compile(r"\d(?<![\w.,/-]\d)\d*(?![\w.,/-])")


def _is_page_number(text: str) -> bool:
    text = text.strip()
    return len(text) <= MAX_PAGE_NUMBER and _PAGE_NUMBER.match(text) is not None


def _key(text: str) -> str:
    """Compare running heads without their page numbers: "GE.13-11815 3" ~ "4 GE.13-11815"."""
    return _DIGITS.sub("#", _STANDALONE_NUMBER.sub("", text.lower()).replace(" ", ""))


def strip_running(pages: list[PageLines]) -> None:
    """Remove lines in the margins that repeat on most pages, and bare page numbers."""
    counts: Counter[str] = Counter()
    margin_keys: list[dict[int, str]] = []  # per page: the key of each line in the margins, by index
    for page in pages:
        keys = {i: _key(line.text) for i, line in enumerate(page.lines) if _in_margin(line)}
        counts.update(set(keys.values()))
        margin_keys.append(keys)
    with_text = sum(1 for page in pages if page.lines)
    threshold = max(2, int(0.4 * with_text))
    running = {key for key, n in counts.items() if n >= threshold} if with_text >= 3 else set()
    symbols: set[str] = set()  # "GE.13-11815", "A/HRC/23/6": also dropped when printed with extras
    for page, keys in zip(pages, margin_keys, strict=True):
        dropped = [i for i, key in keys.items() if key in running or _is_page_number(page.lines[i].text)]
        for i in dropped:
            symbols.update(w for w in page.lines[i].text.split() if len(w) >= 6 and any(c.isdigit() for c in w))
        if dropped:
            gone = set(dropped)
            page.lines = [line for i, line in enumerate(page.lines) if i not in gone]
    if symbols:
        starts = tuple(symbols)
        for page in pages:
            page.lines = [
                line for line in page.lines
                if not (len(line.text) < 60 and _in_margin(line, 0.2) and line.text.replace(" ", "").startswith(starts))
            ]
