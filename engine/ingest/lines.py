"""The line model shared by PDF text sources, and checks that a page's text layer is usable."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diskcache import regexes
from .structure import clean


@dataclass(slots=True)
class Line:
    """One text line of a page, with its first character's position and font."""

    text: str
    page: int
    x: float = 0.0
    y: float = 0.0  # bottom of the first character, PDF units from the page bottom
    size: float = 0.0  # font size in points (0 when unknown)
    bold: bool = False
    height: float = 842.0  # page height
    x_end: float = 0.0  # right edge of the last character (0 when unknown)


@dataclass(eq=False, repr=False)
class PageLines:
    """A page's lines in reading order, and the page's height."""

    number: int
    height: float
    lines: list[Line] = field(default_factory=list)


# Kept compiled in the disk cache: classes beyond Latin-1 take re ~0.1-0.6 ms each to compile.
_PATTERNS = regexes("lines", {
    "rtl": r"[\u0590-\u08ff\ufb50-\ufdff\ufe70-\ufeff]",
    "presentation_forms": r"[\ufb50-\ufdff\ufe70-\ufefe]",
    "arabic_word": r"[\u0621-\u064a]{3,}",
    "suspect": r"[\ufffd\ue000-\uf8ff\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefe]",
    "bad_chars": r"[\ufffd\ue000-\uf8ff\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f]",
})
_RTL = _PATTERNS["rtl"]
_PRESENTATION_FORMS = _PATTERNS["presentation_forms"]
_ARABIC_WORD = _PATTERNS["arabic_word"]
_SUSPECT = _PATTERNS["suspect"]
_BAD_CHARS = _PATTERNS["bad_chars"]


def garbled(text: str) -> str | None:
    """Why a page's extracted text is unusable, or None when it looks fine."""
    if not _SUSPECT.search(text):
        return None  # the common case: nothing odd and no Arabic at all
    bad = len(_BAD_CHARS.findall(text))
    if bad > max(3, 0.05 * len(text)):
        return "replacement or private-use characters"
    shaped = len(_PRESENTATION_FORMS.findall(text))
    if shaped > 20 and shaped > 0.3 * len(_RTL.findall(text)):
        return "Arabic presentation forms (shaped glyphs, usually in visual order)"
    words = _ARABIC_WORD.findall(text)
    if len(words) >= 5:
        # In logical order "ال" starts words and "ة" ends them; text in visual order flips both.
        forward = sum(w.startswith("ال") for w in words) + sum(w.endswith("ة") for w in words)
        backward = sum(w.endswith("لا") for w in words) + sum(w.startswith("ة") for w in words)
        if backward > forward:
            return "Arabic text in visual (reversed) order"
    return None


def lines_from_plain(text: str, page: int, height: float) -> list[Line]:
    """Lines from pdftotext output; blank lines become paragraph gaps."""
    out: list[Line] = []
    y = height - 50.0
    was_rtl = None
    for raw in text.splitlines():
        line = clean(raw)  # pdftotext wraps lines in bidi embedding controls
        if not line:
            y -= 12.0
            continue
        rtl = bool(_RTL.search(line))
        if was_rtl is not None and rtl != was_rtl:
            y -= 12.0  # a change of writing direction starts a new paragraph
        was_rtl = rtl
        out.append(Line(text=line, page=page, x=50.0, y=y, size=0.0, height=height))
        y -= 12.0
    return out
