"""A matched document: every block's matches, sentences and word positions, computed once."""

from __future__ import annotations

import bisect
import operator
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

from .context import BlockContext, Modifiers, default_modifiers, once
from .diskcache import regexes
from .document import Block, Document
from .matcher import Match, Matcher, MatcherSet

# Kept compiled in the disk cache (the CJK ranges take ~1 ms to compile).
_COMPILED = regexes("textindex", {
    "token": r"[\u3400-\u9fff\uf900-\ufaff]{1,2}|\w+",
    "abbrev": r"(?:\b(?:e\.g|i\.e|etc|para|paras|No|no|art|Art|cf|vol|pp|p|Mr|Ms|Dr|St|al|vs|approx|incl)|\b[A-Z])\.$",
    "sentence_end": r"[.!?؟。！？；](?:(?<=[。！？；])|(?=\s))",
    "full_stop_end": r"\.(?=\s)",
    "leading_number": r"\s*\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,6})\.\Z",
})
_TOKEN = _COMPILED["token"]
_ABBREV = _COMPILED["abbrev"]
# The letters an abbreviation of _ABBREV ends with: before any other character a "." ends no abbreviation.
_ABBREV_LAST = frozenset("gecasotflprx" + string.ascii_uppercase)
# One character class first (a quick scan), then: a CJK mark, or a Latin/Arabic one before whitespace.
_SENTENCE_END = _COMPILED["sentence_end"]
# _SENTENCE_END in a text without its other marks (most): a literal first, which the regex engine finds far quicker.
_FULL_STOP_END = _COMPILED["full_stop_end"]
_OTHER_MARKS = "!?؟。！？；"
# A "sentence" longer than this (a table dump, hostile text without full stops) is cut at spaces:
# every anchor pairs with the cues of its sentence, so unbounded sentences make scoring quadratic.
MAX_SENTENCE = 2_000


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) cut into spans of at most MAX_SENTENCE characters, at a space where there is one."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE) + 1
        cut = cut if cut > start else start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


_LEADING_NUMBER = _COMPILED["leading_number"]


def _has_other_marks(text: str) -> bool:
    """``any(mark in text for mark in _OTHER_MARKS)``: an ASCII text (str.isascii takes no scan) can hold only
    the ASCII ones ("!", "?")."""
    for mark in _OTHER_MARKS if not text.isascii() else _ASCII_MARKS:
        if mark in text:
            return True
    return False


_ASCII_MARKS = "".join(mark for mark in _OTHER_MARKS if mark.isascii())


def _sentence_ends(text: str) -> Iterator[int]:
    """Offsets where sentences of ``text`` end: abbreviations ("e.g.") and the block's own number at
    its start ("110.66.", "5.", "IV.") end none."""
    ends = _SENTENCE_END if _has_other_marks(text) else _FULL_STOP_END
    for m in ends.finditer(text):
        end = m.end()
        if text[end - 1] == ".":
            if end > 1 and text[end - 2] in _ABBREV_LAST and _ABBREV.search(text[max(0, end - 9) : end]):
                continue
            if end <= 12 and _LEADING_NUMBER.match(text, 0, end):
                continue
        yield end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    spans, start = [], 0
    for end in _sentence_ends(text):
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    spans = spans or [(0, len(text))]
    if len(text) > MAX_SENTENCE and any(e - s > MAX_SENTENCE for s, e in spans):  # (no sentence is longer than its text)
        spans = [piece for s, e in spans for piece in _cut_long(text, s, e)]
    return spans


# Sort keys at C level: sorting by end (longest first) then, stably, by start orders matches as the key
# (start, -end) would, ties keeping their order.
_START, _END = operator.attrgetter("start"), operator.attrgetter("end")


@dataclass(eq=False, repr=False)
class BlockIndex:
    """One block with its matches, sentence spans and token starts (block-relative offsets)."""

    block: Block
    index: int
    matches: list[Match]
    modifiers: Modifiers | None = field(default=None, repr=False, compare=False)
    normalized: dict | None = field(default=None, repr=False, compare=False)  # the matcher's normalised text
    cues: list[Match] | None = field(default=None, repr=False, compare=False)  # modifier cues, when matched with the rest
    # with_concepts' answers per frozen set of concepts: signals ask about the same sets in each block
    _pools: dict[frozenset[str], list[Match]] = field(default_factory=dict, repr=False, compare=False)

    @once
    def sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.block.text)

    @once
    def context(self) -> BlockContext:
        """Negation scopes and sentence functions (computed on first use, sentence by sentence)."""
        ctx = BlockContext(self.modifiers or default_modifiers(), self.block.text, self.block.lang, self.sentences,
                           self.matches, self.normalized, self.cues)
        self.normalized = None  # only the cue matcher needed it
        return ctx

    @once
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos`` (the last one when none does), by binary search."""
        sentences = self.sentences
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
            return sentences[i]
        return sentences[-1]

    @once
    def section(self) -> str | None:
        """The block's section path as reports cite it (Block.location)."""
        return self.block.location()["section"]

    @once
    def by_concept(self) -> dict[str, list[Match]]:
        """The block's matches per concept they evidence."""
        out: dict[str, list[Match]] = {}
        for m in self.matches:
            for c in m.concepts:
                out.setdefault(c, []).append(m)
        return out

    def with_concepts(self, wanted: set[str] | frozenset[str]) -> list[Match]:
        """Matches evidencing any of ``wanted``, in text order, each once (callers never modify the list)."""
        if len(wanted) == 1:  # most signals: straight from the block's index
            for concept in wanted:
                return self.by_concept.get(concept, [])
        if type(wanted) is not frozenset:
            return self._with_concepts(wanted)
        found = self._pools.get(wanted)
        if found is None:
            found = self._pools[wanted] = self._with_concepts(wanted)
        return found

    def _with_concepts(self, wanted: set[str] | frozenset[str]) -> list[Match]:
        by_concept = self.by_concept
        if wanted.isdisjoint(by_concept):  # most calls: one set operation
            return []
        hits = [c for c in by_concept if c in wanted]
        if len(hits) == 1:
            return by_concept[hits[0]]
        found = list({id(m): m for c in hits for m in by_concept[c]}.values())
        found.sort(key=_END, reverse=True)
        found.sort(key=_START)
        return found

    @once
    def token_starts(self) -> list[int]:
        return [m.start() for m in _TOKEN.finditer(self.block.text)]

    def word_gap(self, a: tuple[int, int], b: tuple[int, int]) -> int:
        """Number of words strictly between spans ``a`` and ``b`` (0 when adjacent or overlapping)."""
        first, second = (a, b) if a[0] <= b[0] else (b, a)
        if second[0] < first[1]:
            return 0
        lo = bisect.bisect_left(self.token_starts, first[1])
        hi = bisect.bisect_left(self.token_starts, second[0])
        return max(0, hi - lo)


@dataclass(eq=False, repr=False)
class DocumentIndex:
    """A document with every block matched by one matcher."""

    document: Document
    blocks: list[BlockIndex] = field(default_factory=list)
    _by_concept: dict[str, list[BlockIndex]] | None = field(default=None, repr=False, compare=False)
    _with_any: dict[tuple[str, ...], list[BlockIndex]] = field(default_factory=dict, repr=False, compare=False)

    def blocks_by_concept(self) -> dict[str, list[BlockIndex]]:
        """Blocks holding each concept, in document order (built on first use)."""
        if self._by_concept is None:
            self._by_concept = {}
            for bi in self.blocks:
                for c in bi.by_concept:  # each block's own index, built on the way (scoring asks for it next)
                    self._by_concept.setdefault(c, []).append(bi)
        return self._by_concept

    def blocks_with_any(self, concepts: tuple[str, ...]) -> list[BlockIndex]:
        """Blocks holding any of ``concepts``, in document order (remembered: signals share concept lists;
        callers never modify the list)."""
        found = self._with_any.get(concepts)
        if found is None:
            by_concept = self.blocks_by_concept()
            if len(concepts) == 1:
                found = by_concept.get(concepts[0], [])
            else:
                blocks = {bi.index: bi for c in concepts for bi in by_concept.get(c, ())}
                found = [blocks[i] for i in sorted(blocks)]
            self._with_any[concepts] = found
        return found

    @classmethod
    def build(cls, document: Document, matcher: Matcher | MatcherSet, modifiers: Modifiers | None = None) -> DocumentIndex:
        """Match every block; ``modifiers`` (default: the built-in ones) serve negation and sentence function."""
        index = cls(document)
        modifiers = modifiers or default_modifiers()
        if isinstance(matcher, MatcherSet) and getattr(matcher, "includes_cues", False):
            # The engine's matcher holds the modifier cues too (one pass): split them off (their ids hold ':').
            for i, block in enumerate(document.blocks):
                matches, cues = matcher.find_apart(block.text)
                index.blocks.append(BlockIndex(block, i, matches, modifiers, None, cues))
        elif isinstance(matcher, MatcherSet):
            for i, block in enumerate(document.blocks):
                normalized: dict = {}
                matches = matcher.find(block.text, normalized)
                index.blocks.append(BlockIndex(block, i, matches, modifiers, normalized if matches else None))
        else:
            for i, block in enumerate(document.blocks):
                index.blocks.append(BlockIndex(block, i, matcher.find(block.text), modifiers))
        return index


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence of ``text`` holding offset ``pos``, cut as BlockIndex cuts
    sentences (for texts without a BlockIndex, e.g. a row ``hrba tag`` reads)."""
    start = 0
    for end in _sentence_ends(text):
        if end > pos:
            return start, end
        start = end
    return start, len(text)


def words_between(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of words strictly between spans ``a`` and ``b`` of ``text`` (0 when adjacent or overlapping)."""
    first, second = (a, b) if a[0] <= b[0] else (b, a)
    if second[0] <= first[1]:
        return 0
    return len(_TOKEN.findall(text, first[1], second[0]))
