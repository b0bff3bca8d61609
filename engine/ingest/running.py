"""Running headers and footers: lines in the page margins that repeat on most pages."""

from __future__ import annotations

from collections import Counter

from ..diskcache import regexes
from .lines import Line, PageLines

_COMPILED = regexes("running", {  # kept compiled in the disk cache
    "digits": r"\d+",
    "page_number": r"(?i)^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$|^[ivxlc]{1,6}$",
    "standalone_number": r"\d(?<![\w.,/-]\d)\d*(?![\w.,/-])",
})
_DIGITS = _COMPILED["digits"]
_PAGE_NUMBER = _COMPILED["page_number"]
MAX_PAGE_NUMBER = 40  # characters: "Page 12 / 340" and the like; longer lines are never tried (linear)
MARGIN = 0.12  # top/bottom share of the page where running heads live


NEAR = 0.2  # the wider margin where lines starting with a dropped head's symbol go too


def _margin_lines(page: PageLines) -> tuple[dict[int, str], list[Line]]:
    """The keys of the page's lines in the margins (by index), and its short lines in the wider
    margin (NEAR), which a running head's symbol may drop too. The MARGIN test only for lines in
    the wider margin, which holds it; bounds from the page's height, which each of its lines has."""
    lines = page.lines
    h = page.height
    low, high = h * NEAR, h * (1 - NEAR)
    near = [i for i, line in enumerate(lines) if line.y > high or line.y < low]
    if not near:
        return {}, []
    low, high = h * MARGIN, h * (1 - MARGIN)
    keys = {i: _key(lines[i].text) for i in near if lines[i].y > high or lines[i].y < low}
    return keys, [lines[i] for i in near if len(lines[i].text) < 60]


# A digit first, then the look-behind (at the character before it): a pattern that starts with a
# digit lets re skip ahead to the next digit, which one starting with a look-behind cannot.
_STANDALONE_NUMBER = _COMPILED["standalone_number"]


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
    near_lines: list[list[Line]] = []
    for page in pages:
        keys, near = _margin_lines(page)
        counts.update(set(keys.values()))
        margin_keys.append(keys)
        near_lines.append(near)
    with_text = sum(1 for page in pages if page.lines)
    threshold = max(2, int(0.4 * with_text))
    running = {key for key, n in counts.items() if n >= threshold} if with_text >= 3 else set()
    symbols: set[str] = set()  # "GE.13-11815", "A/HRC/23/6": also dropped when printed with extras
    drops: list[set[int]] = []  # per page: the ids of the lines to drop
    for page, keys in zip(pages, margin_keys, strict=True):
        dropped = [page.lines[i] for i, key in keys.items() if key in running or _is_page_number(page.lines[i].text)]
        for line in dropped:
            symbols.update(w for w in line.text.split() if len(w) >= 6 and any(c.isdigit() for c in w))
        drops.append({id(line) for line in dropped})
    if symbols:
        starts = tuple(symbols)
        for near, gone in zip(near_lines, drops, strict=True):
            gone.update(id(line) for line in near if line.text.replace(" ", "").startswith(starts))
    for page, gone in zip(pages, drops, strict=True):
        if gone:
            page.lines = [line for line in page.lines if id(line) not in gone]
