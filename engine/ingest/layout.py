"""Page lines -> blocks: footnotes, paragraphs, headings, numbers (running heads: running.py).

Works on the lines of any PDF text source (pdfium with positions and fonts, or pdftotext's
plain text with synthetic positions).  Reading order is the text layer's order, which keeps
columns apart; only vertical gaps, numbering and font changes start new blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Block
from .lines import Line, PageLines
from .running import strip_running
from .structure import (
    BULLET,
    HYPHEN_MARK,
    NUMBERED,
    PARA_NUMBER,
    TERMINAL,
    SectionTracker,
    clean,
    has_leader,
    heading_number,
    join_lines,
    looks_like_heading_text,
    resolve_hyphens,
)

_NOTE_SIGNS = "*†‡"
_FOOTNOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡]{1,3})(?:\s|$|(?=[A-Z]))")


def _body_size(pages: list[PageLines]) -> float:
    """The font size of most of the text (by characters). Counts in a plain dict, whose item
    updates are several times faster than a Counter's; ``max`` picks the first of equals, as
    ``Counter.most_common`` would."""
    sizes: dict[float, int] = {}
    for page in pages:
        for line in page.lines:
            if line.size:
                sizes[line.size] = sizes.get(line.size, 0) + len(line.text)
    return max(sizes, key=sizes.__getitem__) if sizes else 0.0


def _line_gap(pages: list[PageLines]) -> float:
    """The most common distance between consecutive lines (counted as in ``_body_size``)."""
    gaps: dict[int, int] = {}
    for page in pages:
        for a, b in zip(page.lines, page.lines[1:], strict=False):
            d = round(a.y - b.y)
            if 4 <= d <= 40:
                gaps[d] = gaps.get(d, 0) + 1
    return float(max(gaps, key=gaps.__getitem__)) if gaps else 12.0


def _split_footnotes(page: PageLines, body: float) -> tuple[list[Line], list[list[Line]]]:
    """Separate small-print footnotes at the foot of the page from the body lines."""
    if not body:
        return page.lines, []
    notes: list[list[Line]] = []
    body_lines: list[Line] = []
    for line in page.lines:
        is_small = ((line.size and line.size < body * 0.92 and line.y < line.height * 0.45)
                    or (line.y < line.height * 0.2 and line.text[:1] in _NOTE_SIGNS))
        if is_small and _FOOTNOTE_MARK.match(line.text):
            notes.append([line])
        elif is_small and notes and line.y <= notes[-1][-1].y + 1:
            notes[-1].append(line)
        else:
            body_lines.append(line)
    return body_lines, notes


@dataclass(slots=True, eq=False, repr=False)
class _Para:
    """A paragraph's lines, its text and heading class once worked out."""

    lines: list[Line]
    _text: str | None = None
    _heading: tuple[bool, int] | None = None

    @property
    def first(self) -> Line:
        return self.lines[0]

    def text(self) -> str:
        if self._text is None:
            self._text = clean(join_lines([ln.text for ln in self.lines]))
        return self._text


def _starts_block(line: Line) -> bool:
    t = line.text
    c0 = t[:1]
    if c0.islower():
        return False  # the common case: a wrapped line going on
    if c0.isascii() and c0.isalpha() and c0 not in "IVXLC" and t[1:2] not in (".", ")"):
        return has_leader(t)  # a capitalised word: no numbering can follow
    return NUMBERED.match(t) is not None or has_leader(t)  # a paragraph, list or heading number, a bullet


@dataclass(eq=False, repr=False)
class _Numbers:
    """Recent printed paragraph numbers, to tell "57." from a wrapped "57. " in running text.

    Two levels: the document's paragraphs and a list restarting at 1 inside one of them.
    """

    levels: list[int] = field(default_factory=lambda: [0])

    def plausible(self, text: str) -> bool:
        m = PARA_NUMBER.match(text)
        if not m:
            return True
        n = int(m.group("num"))
        if n == 1:
            self.levels = [self.levels[0], 1] if self.levels[0] else [1]
            return True
        for depth in range(len(self.levels) - 1, -1, -1):
            if self.levels[depth] < n <= self.levels[depth] + 10:
                self.levels = [*self.levels[:depth], n]
                return True
        return False


_SENTENCE_END = (".", "!", "?", ":", ";", "。", "！", "？", "：", "；")


def _right_edges(lines: list[Line]) -> dict[int, float]:
    """Right margin seen by lines starting at each left edge (rounded to 20 pt): the widest line
    starting there or further left, so indented lines share their column's margin."""
    widest: dict[int, float] = {}
    for line in lines:
        key = round(line.x / 20)
        if line.x_end > widest.get(key, 0.0):
            widest[key] = line.x_end
    edges: dict[int, float] = {}
    running = 0.0
    for key in sorted(widest):
        running = max(running, widest[key])
        edges[key] = running
    return edges


def _ends_short(prev: Line, edges: dict[int, float]) -> bool:
    """A line ending a sentence well before its column's right margin ends its paragraph."""
    if not prev.x_end or not prev.text.endswith(_SENTENCE_END):
        return False
    edge = edges.get(round(prev.x / 20), 0.0)
    return edge - prev.x_end > max(25.0, 0.12 * (edge - prev.x))


def _paragraphs(lines: list[Line], gap: float, numbers: _Numbers) -> list[_Para]:
    paras: list[_Para] = []
    edges = _right_edges(lines)
    min_allowed = gap * 1.35
    para: _Para | None = None
    prev: Line | None = None  # the line before, the last of ``para``
    for line in lines:
        lower = line.text[:1].islower()  # a wrapped line going on (the common case): starts nothing
        starts = not lower and _starts_block(line) and numbers.plausible(line.text)
        if (para is not None and not starts and _same_flow(prev, line, gap, min_allowed)
                and (lower or not _ends_short(prev, edges)) and not has_leader(prev.text)):
            para.lines.append(line)
        else:
            para = _Para([line])
            paras.append(para)
        prev = line
    return paras


def _same_flow(prev: Line, line: Line, gap: float, min_allowed: float) -> bool:
    """``line`` follows ``prev`` at a line's distance, in a font of about the same size."""
    drop = prev.y - line.y
    if drop <= 0 or prev.page != line.page:
        return False
    allowed = max(min_allowed, prev.size * 1.3)
    # pdfium joins a line ending in a hyphen with the next one: allow for the lines it ate
    if drop > allowed and (HYPHEN_MARK not in prev.text or drop > allowed + gap * prev.text.count(HYPHEN_MARK)):
        return False
    return not (prev.size and line.size and abs(prev.size - line.size) > 0.12 * max(prev.size, line.size))


def _style(para: _Para) -> tuple[int, bool]:
    return round(para.first.size), para.first.bold


def _anchor_levels(paras: list[_Para], body: float) -> dict[tuple[int, bool], int]:
    """The level of each numbered heading style (size, bold), e.g. 12 pt bold -> 1 for "I."."""
    anchors: dict[tuple[int, bool], int] = {}
    for para in paras:
        is_heading, level = _is_heading(para, body)
        if is_heading and heading_number(para.text()) and para.first.size:
            key = _style(para)
            anchors[key] = min(level, anchors.get(key, level))
    return anchors


def _unnumbered_level(para: _Para, body: float, anchors: dict[tuple[int, bool], int]) -> int:
    """Same style as a numbered heading: its level; else by size relative to the body text."""
    if para.first.size:
        level = anchors.get(_style(para))
        if level is not None:
            return level
        if body:
            ratio = para.first.size / body
            return 1 if ratio >= 1.6 else 2 if ratio >= 1.3 else 3
    return 1


def _is_heading(para: _Para, body: float) -> tuple[bool, int]:
    """(is it a heading, its level from numbering or 0 when unnumbered); cached on the para."""
    if para._heading is None:
        para._heading = _classify_heading(para, body)
    return para._heading


def _classify_heading(para: _Para, body: float) -> tuple[bool, int]:
    text = para.text()
    if len(para.lines) > 3 or not looks_like_heading_text(text):
        return False, 0
    first = para.first
    emphasised = first.bold or (body and first.size >= body * 1.12)
    numbered = heading_number(text)
    if numbered and numbered[0] == "arabic" and first.size and first.size < body * 1.1 and len(text.split()) > 8:
        return False, 0  # "61. To increase efforts ..." cut by a page break: a UN paragraph, not a heading
    if numbered and (emphasised or not first.size or text.isupper()
                     or len(para.lines) == 1 and len(text) < 90 and numbered[0] in ("roman", "upper")):
        return True, numbered[1]
    if numbered or not emphasised or not text[:1].isupper() and not text[:1].isalpha():
        return False, 0
    if text[:1].islower() or len(text) > 100:
        return False, 0
    return True, 0  # unnumbered: level from _unnumbered_level


def _continues(prev: Block | None, para: _Para, body: float) -> bool:
    """A paragraph broken by a page or column change, not a new one.

    A contents line (dot leader) never runs on, and a line set larger than the body text starts
    something new: the "Introduction" heading after the contents page, "Contents" after the cover.
    """
    if prev is None or prev.kind not in ("paragraph", "list_item") or has_leader(prev.text):
        return False
    t = para.first.text
    if _starts_block(para.first):
        return False
    if body and para.first.size >= body * 1.12 and _is_heading(para, body)[0]:
        return False
    return not prev.text.rstrip().endswith(TERMINAL[:2] + ("。", "!", "?", "！", "？")) or t[:1].islower()


def build_blocks(pages: list[PageLines]) -> list[Block]:
    """Turn the pages' lines into blocks with sections, paragraph numbers and footnotes."""
    strip_running(pages)
    body = _body_size(pages)
    gap = _line_gap(pages)
    tracker = SectionTracker()
    numbers = _Numbers()
    laid_out = []
    for page in pages:
        lines, notes = _split_footnotes(page, body)
        laid_out.append((page, _paragraphs(lines, gap, numbers), notes))
    anchors = _anchor_levels([para for _, paras, _ in laid_out for para in paras], body)
    last: Block | None = None
    last_heading: Block | None = None  # a heading that ended the previous page
    for page, paras, notes in laid_out:
        first_on_page = True
        for para in paras:
            text = para.text()
            if not text:
                continue
            if first_on_page and last_heading is not None and text[:1].islower():
                tracker.demote(last_heading)  # "53. To strengthen ... children's" | "of Children, ..."
                last = last_heading
            if first_on_page and _continues(last, para, body) and last is not None:
                last.text = clean(join_lines([last.text, text]))
                first_on_page = False
                last_heading = None
                continue
            first_on_page = False
            is_heading, level = _is_heading(para, body)
            if is_heading:
                level = level or _unnumbered_level(para, body, anchors)
                last_heading = tracker.heading(text.rstrip("*†‡ ") or text, level, page=page.number)
                last = None
                continue
            last_heading = None
            if has_leader(text):
                last = tracker.add(text, "paragraph", page=page.number, number=False)
                continue
            kind = "list_item" if BULLET.match(text) else "paragraph"
            last = tracker.add(text, kind, page=page.number)
        for note in notes:
            note_text = clean(join_lines([ln.text for ln in note]))
            if any(ch.isalnum() for ch in note_text.lstrip("0123456789")):
                tracker.add(note_text, "footnote", page=page.number, number=False)
    blocks = tracker.finish()
    resolve_hyphens(blocks)
    return blocks
