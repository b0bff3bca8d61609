"""Shared structure helpers: heading numbering, paragraph numbers, section tracking, text cleanup.

Every reader (PDF, DOCX, ODT, HTML) produces blocks through a :class:`SectionTracker`, so
section paths and paragraph numbers follow the same rules whatever the format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import normalize
from ..diskcache import cached, fingerprint, regexes
from ..document import Block
from ..normalize import char_class

# "I.", "IV.", "A.", "3.", "3.2", "3.2.1", "一、", "一.", "(a)", "(i)", "А." (Cyrillic), "أولا -".
_ROMAN = r"[IVXLC]{1,7}"
_CJK_NUM = r"[一二三四五六七八九十百]{1,4}"
_HEADING_NUMBER = (
    rf"^(?:(?P<roman>{_ROMAN})[.)]|(?P<upper>[A-Z\u0410-\u042f])[.)]|(?P<dotted>\d{{1,2}}(?:\.\d{{1,2}})+)\.?"
    rf"|(?P<arabic>\d{{1,2}})[.)]|(?P<cjk>{_CJK_NUM})[、.．]|[(（](?P<cjkparen>{_CJK_NUM})[)）]"
    rf"|第(?P<chapter>{_CJK_NUM})[章节部分篇]|\((?P<lower>[a-z])\)|\((?P<lroman>[ivx]{{1,5}})\)"
    r"|(?P<arordinal>(?:أولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا|ثامنا|تاسعا|عاشرا)ً?)\s*[-–.:]?)"
    r"(?:(?<=[、．）])|(?=\s|$))"
)
# Level of each numbering style; dotted numbers add their depth.
STYLE_LEVELS = {
    "roman": 1, "cjk": 1, "chapter": 1, "arordinal": 1,
    "upper": 2, "cjkparen": 2,
    "arabic": 3, "lower": 5, "lroman": 6,
}
# UN numbered paragraphs ("57.") and numbered recommendations ("110.1" / "110.1.").
_PARA_NUMBER = r"^(?P<num>\d{1,3})\.(?=\s)"
_SUBPARA_NUMBER = r"^(?P<num>\d{1,3}\.\d{1,3})\.?(?=\s)"
_LETTER_ITEM = r"^\((?P<num>[a-z]{1,2}|[ivxl]{1,6})\)(?=\s)"
_BULLET = r"^[•·▪■●◦‣○►\-–—*]\s+"


def _unnamed(pattern: str) -> str:
    """``pattern`` with its named groups made plain (non-capturing) ones, to join patterns sharing names."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_COMPILED = regexes("structure", {  # kept compiled in the disk cache (the heading numbers take ~1 ms)
    "heading_number": _HEADING_NUMBER,
    # Any of the numberings or a bullet, in one match: what starts a block (layout tries most lines).
    "numbered": "|".join(_unnamed(p) for p in (_PARA_NUMBER, _SUBPARA_NUMBER, _LETTER_ITEM, _BULLET, _HEADING_NUMBER)),
    "para_number": _PARA_NUMBER,
    "subpara_number": _SUBPARA_NUMBER,
    "letter_item": _LETTER_ITEM,
    "bullet": _BULLET,
    "spaces": r" {2,}",
    "marked": r"\b(\w+)\ufffe\s*(\w*)",
    "toc_tail": r"\s\d{1,4}(?:\s*[-–]\s*\d{1,4})?\s+\d{1,4}$",
})
PARA_NUMBER = _COMPILED["para_number"]
SUBPARA_NUMBER = _COMPILED["subpara_number"]
LETTER_ITEM = _COMPILED["letter_item"]
BULLET = _COMPILED["bullet"]
HEADING_NUMBER = _COMPILED["heading_number"]
NUMBERED = _COMPILED["numbered"]


def has_leader(text: str) -> bool:
    """A table-of-contents dot leader ("Introduction ........ 3"). One character is found faster
    than a run of it: "…" and "_" are looked for alone first (most text has neither)."""
    return ("....." in text or ". . . . ." in text or ("…" in text and "……" in text)
            or ("_" in text and "_____" in text))


TERMINAL = tuple(".;:,!?。；：，！？،؛")

_BIDI_AND_CONTROLS = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x00AD, 0x200B, 0x200E, 0x200F,
     *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF],
    None,
)


def _compat_table() -> dict[int, str]:
    """Map Kangxi radicals, CJK compatibility ideographs, Latin ligatures and Arabic presentation
    forms to their normal letters (NFKC per character); leave everything else alone."""
    table: dict[int, str] = dict(_BIDI_AND_CONTROLS)
    for lo, hi in ((0x2F00, 0x2FD5), (0xF900, 0xFAFF), (0xFB00, 0xFB06), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC)):
        for cp in range(lo, hi + 1):
            norm = unicodedata.normalize("NFKC", chr(cp))
            if norm != chr(cp):
                table[cp] = norm
    for cp in (0x09, 0xA0, *range(0x2000, 0x200B), 0x3000):
        table[cp] = " "
    return table


def _clean_classes() -> tuple[dict[int, str], re.Pattern]:
    """The compatibility table and the regex of its characters (searching is much faster than
    translating text with nothing to do)."""
    table = _compat_table()
    return table, char_class(table)


# From the disk cache: the table's NFKC scan and its class's compilation take ~1 ms.
CLEAN_TABLE, _UNCLEAN = cached("clean-table", fingerprint([Path(__file__), Path(normalize.__file__)],
                                                          unicodedata.unidata_version), _clean_classes)
_SPACES = _COMPILED["spaces"]


def clean(text: str) -> str:
    """Drop control/bidi characters and soft hyphens, fold compatibility forms, squeeze spaces."""
    if not (text.isascii() and text.isprintable()) and _UNCLEAN.search(text):  # no ASCII to clean is printable
        text = text.translate(CLEAN_TABLE)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def is_cjk(ch: str) -> bool:
    """True for Han, kana, Hangul and CJK/full-width punctuation (no space between them)."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7AF or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF
    )


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: de-hyphenate, no space between CJK characters, else one space."""
    out = ""
    for raw in lines:
        line = raw.strip(" \t")
        if not line:
            continue
        if not out:
            out = line
            continue
        end = out[-1]
        if end in _SOFT_HYPHENS:
            out = out[:-1] + HYPHEN_MARK + line  # a line-end hyphen: resolved by resolve_hyphens()
        elif end == "-" and len(out) > 1 and out[-2].isalpha() and line[0].isalpha():
            out += line  # a hard hyphen at line end (e.g. "follow-up"): keep it, no space
        elif end >= "\u2e80" and is_cjk(end) and is_cjk(line[0]):  # no CJK below U+2E80
            out += line
        else:
            out += " " + line
    return out


HYPHEN_MARK = "\ufffe"  # where pdfium found a line-end hyphen (it joins the two lines itself)
_SOFT_HYPHENS = ("\x02", "\u00ad", HYPHEN_MARK)  # line-end hyphens a line may end with
_MARKED = _COMPILED["marked"]  # \b: only word starts try (quadratic in long words without)


_PUNCT = ".,;:()[]“”\"'’«»"
_AFTER_WORD = ".,;:)”"  # a word's token may end in one of these ("word." ... "word”")
_BEFORE_WORD = "(“"  # or start with one of these


class _Vocabulary:
    """Whether a document uses a word on its own (allowing for punctuation: "word.", "(word") or as
    part of a hyphenated compound ("word-based", "(cross-word)"), as sets of its whitespace-separated
    tokens and of their hyphen-separated parts would tell.

    Building those sets means splitting the whole text; the handful of words that line-end hyphens
    ask about are cheaper to look up in the text itself. Once the look-ups have cost about as much
    as a split (many marks, or words found all over), the sets are built and answer the rest, so
    the work stays linear (at worst about twice the split).
    """

    def __init__(self, low: str):
        self.low = low
        self.budget = len(low)  # in characters split; searching a character costs ~1/25 of that
        self.known: dict[str, bool] = {}
        self.tokens: set[str] | None = None
        self.parts: set[str] = set()

    def used(self, word: str) -> bool:
        if word not in self.known:
            found = None if self.tokens is not None else self._search(word)
            self.known[word] = self._in_sets(word) if found is None else found
        return self.known[word]

    def _in_sets(self, word: str) -> bool:
        if self.tokens is None:
            self.tokens = set(self.low.split())
            self.parts = {p.strip(_PUNCT) for t in self.tokens if "-" in t for p in t.split("-")}
        tokens = self.tokens
        return word in self.parts or any(v in tokens for v in (
            word, word + ".", word + ",", word + ";", word + ":", "(" + word, word + ")", "“" + word, word + "”"))

    def _search(self, word: str) -> bool | None:
        """``_in_sets(word)`` from the word's occurrences in the text; None when over budget."""
        low = self.low
        if not word or any(ch.isspace() or ch in _PUNCT for ch in word):
            return None  # a token or part cannot be told from an occurrence of such a word
        self.budget -= len(low) // 25
        at = low.find(word)
        while at >= 0 and self.budget >= 0:
            self.budget -= 50  # about what checking an occurrence costs
            if self._token_at(at, at + len(word)) or ("-" not in word and self._part_at(at, at + len(word))):
                return True
            at = low.find(word, at + 1)
        return None if self.budget < 0 else False

    def _token_at(self, start: int, end: int) -> bool:
        """``low[start:end]`` is a token, or one with a punctuation mark before or after it."""
        low = self.low
        before = low[start - 1] if start else " "
        after = low[end] if end < len(low) else " "
        if before.isspace():
            return after.isspace() or (after in _AFTER_WORD and (end + 1 == len(low) or low[end + 1].isspace()))
        return before in _BEFORE_WORD and (start == 1 or low[start - 2].isspace()) and after.isspace()

    def _part_at(self, start: int, end: int) -> bool:
        """``low[start:end]``, with punctuation around it, lies between a hyphen and a hyphen or the
        token's edge."""
        low = self.low
        while start and low[start - 1] in _PUNCT:
            start -= 1
            self.budget -= 1
        while end < len(low) and low[end] in _PUNCT:
            end += 1
            self.budget -= 1
        before = low[start - 1] if start else " "
        after = low[end] if end < len(low) else " "
        return (before == "-" or before.isspace()) and (after == "-" or after.isspace()) and "-" in (before, after)


def resolve_hyphens(blocks: list[Block]) -> None:
    """Rejoin words split by a line-end hyphen, using the document's own vocabulary.

    "partici-|pation" becomes "participation"; "awareness-|raising" stays hyphenated when the
    document spells it so elsewhere or uses both halves as words of their own.
    """
    marked = [b for b in blocks if HYPHEN_MARK in b.text]
    if not marked:
        return
    # Blocks lowered one by one (most are ASCII, which lowers fast); the same as lowering the whole,
    # as no letter's case depends on letters beyond a space.
    low = " ".join([b.text.lower() for b in blocks if HYPHEN_MARK not in b.text])
    low += " " + _MARKED.sub(" ", " ".join(b.text for b in marked).lower())
    used = _Vocabulary(low).used

    def fix(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        if not right:
            return left + "-"
        lo_left, lo_right = left.lower(), right.lower()
        if used(lo_left + lo_right):
            return left + right
        if used(f"{lo_left}-{lo_right}") or (used(lo_left) and used(lo_right)) or right[:1].isupper():
            return f"{left}-{right}"
        return left + right

    for block in marked:
        block.text = _MARKED.sub(fix, block.text).replace(HYPHEN_MARK, "-")


def heading_number(text: str) -> tuple[str, int] | None:
    """The numbering style and level of a numbered heading, or None."""
    m = HEADING_NUMBER.match(text)
    if not m:
        return None
    style = m.lastgroup or ""
    if style == "dotted":
        return style, 2 + m.group("dotted").count(".")
    return style, STYLE_LEVELS.get(style, 3)


_TOC_TAIL = _COMPILED["toc_tail"]


def looks_like_heading_text(text: str, max_len: int = 160) -> bool:
    """Short, no sentence punctuation at the end, not a table-of-contents line."""
    stripped = text.rstrip("*†‡0123456789 ")
    return (
        0 < len(text) <= max_len
        and not stripped.endswith(TERMINAL)
        and not has_leader(text)
        and not _TOC_TAIL.search(text)
        and any(ch.isalpha() for ch in text)
    )


@dataclass(eq=False, repr=False)
class SectionTracker:
    """Builds blocks in reading order, keeping the heading stack and paragraph numbers."""

    stack: list[tuple[int, str]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    current_para: str | None = None  # last printed paragraph number seen
    counter: int = 0  # running count, used when the document prints no numbers
    numbered: bool = False  # the document prints its own paragraph numbers
    counted: list[Block] = field(default_factory=list)  # blocks numbered by the running count
    sub_outer: str | None = None  # "87" while reading a list numbered 1., 2., ... inside paragraph 87
    sub_last: int = 0
    _section: tuple[str, ...] | None = field(default=None, repr=False, compare=False)  # cached section()

    def section(self) -> tuple[str, ...]:
        if self._section is None:
            self._section = tuple(title for _, title in self.stack)
        return self._section

    def heading(self, text: str, level: int, page: int | None = None) -> Block:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        block = Block(text=text, kind="heading", page=page, section=tuple(title for _, title in self.stack),
                      level=level)
        self.blocks.append(block)
        self.stack.append((level, text))
        self._section = None
        return block

    def paragraph_number(self, text: str, kind: str) -> tuple[str | None, str]:
        """The cited paragraph number for a new block and its (possibly refined) kind."""
        m = PARA_NUMBER.match(text)
        if m:
            self.numbered = True
            n = int(m.group("num"))
            if self.sub_outer is not None:
                if n == self.sub_last + 1:
                    self.sub_last = n
                    return f"{self.sub_outer}.{n}", "list_item"
                self.sub_outer = None
            previous = self.blocks[-1] if self.blocks else None
            if (n == 1 and self.current_para and self.current_para.isdigit() and int(self.current_para) > 1
                    and previous is not None and previous.kind in ("paragraph", "list_item")):
                # Numbering restarting at 1 right after a paragraph ("...the following
                # recommendations") is a list inside that paragraph: cite its items as 87.1, 87.2
                # (the UN's later style).  After a heading, it is a new numbering instead.
                self.sub_outer, self.sub_last = self.current_para, 1
                return f"{self.current_para}.1", "list_item"
            self.current_para = m.group("num")
            return self.current_para, kind
        m = SUBPARA_NUMBER.match(text)
        if m:
            self.numbered = True
            return m.group("num"), "list_item"
        m = LETTER_ITEM.match(text)
        if m and self.current_para:
            return f"{self.current_para} ({m.group('num')})", "list_item"
        if self.numbered and self.current_para:
            return self.current_para, kind
        self.counter += 1
        return str(self.counter), kind

    def add(self, text: str, kind: str = "paragraph", page: int | None = None, number: bool = True) -> Block:
        """Append a non-heading block in the current section."""
        para: str | None = None
        if number and kind in ("paragraph", "list_item"):
            para, kind = self.paragraph_number(text, kind)
        block = Block(text=text, kind=kind, page=page, section=self.section(), paragraph=para)
        self.blocks.append(block)
        if para is not None and para.isdigit() and not self.numbered:
            self.counted.append(block)
        return block

    def demote(self, block: Block) -> None:
        """Turn a heading back into a paragraph (it turned out to run on over a page break)."""
        if self.stack and self.stack[-1][1] == block.text:
            self.stack.pop()
            self._section = None
        block.level = None
        block.section = self.section()
        block.paragraph, block.kind = self.paragraph_number(block.text, "paragraph")

    def finish(self) -> list[Block]:
        """The blocks; running counts are dropped when the document prints its own numbers."""
        if self.numbered:
            for block in self.counted:
                block.paragraph = None
        return self.blocks
