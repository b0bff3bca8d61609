"""Evaluating evidence rules (signals) on a matched document."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from .matcher import Match
from .memo import IdentityMemo
from .normalize import normalize
from .rules import Context, Signal
from .textindex import BlockIndex, DocumentIndex

if TYPE_CHECKING:
    from .context import SentenceContext

QUOTE_LIMIT = 600
MAX_QUOTE = 4 * QUOTE_LIMIT  # hard cap on any quote (hostile text: one evidence item was once 76 MB of JSON)
T = TypeVar("T")  # what highlights_as makes of each highlight


@dataclass(slots=True, eq=False, repr=False)
class Highlight:
    """A matched span inside a quote (offsets relative to the quote)."""

    start: int
    end: int
    text: str
    term: str
    concepts: list[str]
    role: str  # "anchor", "near" or "unless"


class Marks(NamedTuple):
    """What a quote's highlights are made from: its matches and where the quote is in their block."""

    anchors: list[Match]
    nears: list[Match]
    cue: Match | None
    q_start: int  # the quote's offsets in the block's text (the matches' offsets are in it too)
    q_end: int


_marks = tuple.__new__  # Marks from a tuple, without the keyword-handling constructor


@dataclass(slots=True, eq=False, repr=False)
class Evidence:
    """A quote that supports (or, when ``suppressed``, would have supported) a signal.

    Its highlights and concepts are made when read (:attr:`highlights`, :attr:`concepts`): a report shows
    a few quotes of each criterion, and most evidence is only counted."""

    signal: str
    block: int
    start: int  # offsets of the quote in Document.text
    end: int
    quote: str
    marks: Marks | None = field(repr=False, compare=False)  # its matches: its highlights and concepts (None: none)
    page: int | None
    section: str | None
    paragraph: str | None
    lang: str | None
    suppressed: str | None = None  # the reason, when a cue cancelled it
    reason_data: dict | None = None  # the same as data: {cue, negation} or {cue, unless, within}
    functions: list[str] = field(default_factory=list)  # what the anchors' sentences do (engine/context.py)
    mention_only: bool = False  # every anchor sits in a sentence that names many concepts and analyses none
    # Concepts it adds to min_distinct (all anchors; those not in mention-only sentences), so the signal can be
    # decided again without it or without others (a reviewer's "not evidence").
    distinct: list[str] = field(default_factory=list, repr=False)
    clean_distinct: list[str] = field(default_factory=list, repr=False)
    _made: list[Highlight] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def highlights(self) -> list[Highlight]:
        """The matches inside the quote, in text order, each span once (made on first read, then kept)."""
        found = self._made
        if found is None:
            marks = self.marks
            found = self._made = [] if marks is None else _highlights(*marks)
        return found

    def highlights_as(self, make: Callable[[int, int, str, str, list[str], str], T]) -> list[T]:
        """The highlights, each as ``make(start, end, text, term, concepts, role)`` makes it (a JSON report's
        dicts without Highlight objects first; ``concepts``: a list of its own)."""
        made = self._made
        if made is not None:
            return [make(h.start, h.end, h.text, h.term, list(h.concepts), h.role) for h in made]
        marks = self.marks
        return [] if marks is None else _highlights(*marks, make=make)

    @property
    def concepts(self) -> list[str]:
        """The anchors' concepts, sorted (criterion phrases left out)."""
        marks = self.marks
        return [] if marks is None else _named_concepts(marks.anchors)

    @property
    def near_concepts(self) -> list[str]:
        """The near matches' concepts, sorted (criterion phrases left out)."""
        marks = self.marks
        return _named_concepts(marks.nears) if marks is not None and marks.nears else []


@dataclass(slots=True, eq=False, repr=False)
class SignalResult:
    """The outcome of one signal over a document."""

    signal: Signal
    evidence: list[Evidence] = field(default_factory=list)
    suppressed: list[Evidence] = field(default_factory=list)
    distinct: list[str] = field(default_factory=list)
    found: bool = False
    shortfall: str = ""  # why not found, when hits exist
    shortfall_need: tuple[str, int, int] | None = None  # the same as data: ("count" | "distinct" | "sections", have, needed)
    # Found without the mention-only evidence (the stuffing guard: such evidence lifts no level above approaches).
    found_substantive: bool = False
    # Anchors not counted in the blocks searched, for explain: (block index, anchor; why: _rejection); and the
    # blocks that could hold an anchor, for the whole blocks that fell (listed only when asked for: thousands).
    _rejected: list[tuple[int, Match]] = field(default_factory=list, repr=False)
    _candidates: list[BlockIndex] = field(default_factory=list, repr=False)

    @property
    def hits(self) -> int:
        return len(self.evidence)

    @property
    def rejected(self) -> list[tuple[int, Match, str]]:
        """(block, anchor, why) for every anchor found but not counted, in document order."""
        in_block: dict[int, list[Match]] = {}
        for block, anchor in self._rejected:
            in_block.setdefault(block, []).append(anchor)
        out: list[tuple[int, Match, str]] = []
        for bi in self._candidates:
            why = _block_rejection(self.signal, bi)
            if why:
                out.extend((bi.index, a, why) for a in _anchors(self.signal, bi))
            else:
                out.extend((bi.index, a, _rejection(self.signal, bi, a)) for a in in_block.get(bi.index, ()))
        return out


def _in_scope(signal: Signal, bi: BlockIndex) -> bool:
    block = bi.block
    if signal.scope_kinds and block.kind not in signal.scope_kinds:
        return False
    if signal.scope_sections:
        titles = " / ".join(block.section + ((block.text,) if block.kind == "heading" else ()))
        hit = any(p.search(titles) for p in signal.scope_sections)
        return not hit if signal.scope_exclude else hit
    return True


def _regex_matches(signal: Signal, bi: BlockIndex) -> list[Match]:
    if signal.regex is None:
        return []
    norm = normalize(bi.block.text)
    out = []
    for m in signal.regex.finditer(norm.text):
        if m.end() > m.start():
            s, e = norm.span(m.start(), m.end())
            out.append(Match(s, e, bi.block.text[s:e], signal.regex.pattern, ("regex",)))
    return out


_start = operator.attrgetter("start")  # a match's start, as a C-level key (the window's bisects call it often)


def _window_matches(ctx: Context, pool: list[Match], bi: BlockIndex, anchor: Match,
                    include_anchor: bool = False) -> list[Match]:
    """Matches in ``pool`` (the block's matches of ``ctx``'s concepts) within its window around ``anchor``
    (the anchor itself only if asked: a term such as "CEDAW recommendations" may carry both the
    anchor's and the near concept)."""
    if not pool:
        return []
    if ctx.within == "paragraph":
        return [m for m in pool if include_anchor or (m.start, m.end) != (anchor.start, anchor.end)]
    s, e = bi.sentence_of(anchor.start)
    # ``pool`` is in text order: the sentence's matches are one slice (work per anchor stays within its
    # sentence, not the whole block)
    in_sentence = pool[bisect.bisect_left(pool, s, key=_start):bisect.bisect_left(pool, e, key=_start)]
    if not include_anchor:
        in_sentence = [m for m in in_sentence if (m.start, m.end) != (anchor.start, anchor.end)]
    if ctx.within == "sentence":
        return in_sentence
    return [m for m in in_sentence if bi.word_gap((anchor.start, anchor.end), (m.start, m.end)) <= int(ctx.within)]


def _inside_longer(cue: Match, bi: BlockIndex) -> bool:
    """A cue word inside a longer term ("not" in "the right not to answer") is part of that term."""
    return any(m.start <= cue.start and m.end >= cue.end and m.end - m.start > cue.end - cue.start
               for m in bi.matches)


def _anchors(signal: Signal, bi: BlockIndex) -> list[Match]:
    anchors = bi.with_concepts(signal.any_set) if signal.any_concepts else []
    if signal.regex is not None:
        anchors = anchors + _regex_matches(signal, bi)  # never extend the block's cached lists
    if signal.all_concepts:
        if not signal.all_set <= bi.by_concept.keys():
            return []
        if not signal.any_concepts and signal.regex is None:
            anchors = bi.with_concepts(signal.all_set)
    if signal.regex is None:
        return anchors  # with_concepts keeps text order already (callers never modify the list)
    return sorted(anchors, key=lambda m: m.start)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class _Plan:
    """What evaluate_signal needs of a signal beyond its fields, worked out once per signal (rules never
    change once loaded): the concepts that make a block a candidate, the pool of distinct concepts."""

    concepts: tuple[str, ...]
    pool: frozenset[str]

    @classmethod
    def of(cls, signal: Signal) -> _Plan:
        return cls((*signal.any_concepts, *signal.all_concepts), frozenset(_distinct_pool(signal)))


_PLANS = IdentityMemo()


def _candidate_blocks(signal: Signal, index: DocumentIndex, concepts: tuple[str, ...]) -> list[BlockIndex]:
    """Blocks that can hold an anchor: those with one of the signal's ``concepts`` (all blocks for a regex)."""
    if signal.regex is not None:
        return index.blocks
    return index.blocks_with_any(concepts)


def evaluate_signal(signal: Signal, index: DocumentIndex) -> SignalResult:
    """Find every hit of ``signal``; suppress those inside a negation scope (unless the signal keeps them)
    or with an ``unless`` cue; keep only sentences of the wanted function; decide ``found``."""
    plan = _PLANS.of(signal, _Plan.of)
    candidates = _candidate_blocks(signal, index, plan.concepts)
    result = SignalResult(signal, _candidates=candidates)
    rejected = result._rejected
    for bi in _searched_blocks(signal, candidates):
        kept, sentences, cancelled = _block_hits(signal, bi, rejected)
        if kept:
            result.evidence.append(_kept_evidence(signal, bi, kept, sentences, plan.pool))
        for anchor, near, cue, reason, reason_data in cancelled:
            result.suppressed.append(_evidence(signal, bi, [anchor], near, cue, reason, reason_data))
    _decide(result)
    return result


def _searched_blocks(signal: Signal, candidates: list[BlockIndex]) -> list[BlockIndex]:
    """The ``candidates`` whose anchors are looked at (see _unsearched; a signal without a scope of kinds or
    sections, as all built-in ones, takes the same two tests inline: some 85k blocks per 24 reports)."""
    if signal.scope_kinds or signal.scope_sections:
        return [bi for bi in candidates if _unsearched(signal, bi) is None]
    roles = signal.scope_roles
    near = signal.near.concept_set if signal.near else None
    return [bi for bi in candidates if bi.block.role in roles and (near is None or not near.isdisjoint(bi.by_concept))]


def _unsearched(signal: Signal, bi: BlockIndex) -> str | None:
    """Why ``signal`` does not look at the anchors of candidate block ``bi``: "role" (not body text, or a
    role the signal asks for), "scope" (outside its sections or kinds), "near" (no near cue in it); None:
    it does."""
    if bi.block.role not in signal.scope_roles:  # cover, contents, participants, annexes...: only if the signal asks
        return "role"
    if (signal.scope_kinds or signal.scope_sections) and not _in_scope(signal, bi):
        return "scope"
    if signal.near and signal.near.concept_set.isdisjoint(bi.by_concept):
        return "near"
    return None


def _block_rejection(signal: Signal, bi: BlockIndex) -> str | None:
    """Why every anchor of a candidate block falls, when one reason does (None: the block is searched, or
    outside the signal's scope)."""
    why = _unsearched(signal, bi)
    if why == "role":
        return f"{bi.block.role.replace('_', ' ')}, not body text"
    if why == "near":
        return f"no {_cue_label(signal.near)}"
    return None


def _kept_evidence(signal: Signal, bi: BlockIndex, kept: list[tuple[Match, list[Match]]],
                   sentences: list[SentenceContext], pool: frozenset[str]) -> Evidence:
    """The evidence of a block's kept anchors (with their near matches and sentences): the quote, what
    their sentences do, whether all are mere mentions (the stuffing guard), the distinct concepts of
    ``pool`` they add (all of them; those outside mention-only sentences)."""
    if len(kept) == 1 and signal.distinct_of != "near":  # most evidence: one anchor, whose own concepts count
        sentence = sentences[0]
        mention = bi.context.stuffed_sentence(sentence)
        added = sorted(pool.intersection(kept[0][0].concepts))
        return _evidence(signal, bi, [kept[0][0]], kept[0][1], functions=sorted(sentence.functions),
                         mention_only=mention, distinct=added, clean_distinct=[] if mention else added[:])
    stuffed_sentence = bi.context.stuffed_sentence
    added: set[str] = set()
    clean: set[str] = set()
    functions: set[str] = set()
    of_near = signal.distinct_of == "near"
    last, mention, mentions_only = None, False, True
    for (anchor, near), sentence in zip(kept, sentences, strict=True):
        if sentence is not last:  # anchors of one sentence come together (in text order): its work once
            last, mention = sentence, stuffed_sentence(sentence)
            mentions_only = mentions_only and mention
            functions.update(sentence.functions)
        for m in near if of_near else (anchor,):
            named = pool.intersection(m.concepts)
            added |= named
            if not mention:
                clean |= named
    return _evidence(signal, bi, [a for a, _ in kept], [m for _, near in kept for m in near],
                     functions=sorted(functions), mention_only=mentions_only, distinct=sorted(added),
                     clean_distinct=sorted(clean))


def _block_hits(signal: Signal, bi: BlockIndex, rejected: list[tuple[int, Match]]) \
        -> tuple[list[tuple[Match, list[Match]]], list[SentenceContext], list[tuple[Match, list[Match], Match, str, dict]]]:
    """The anchors of ``signal`` in one block: those kept (with their near matches and their sentences)
    and those cancelled (with the cue, the reason and the reason as data); the others go to ``rejected``
    as (block, anchor) (why: _rejection, worked out when explain asks)."""
    kept: list[tuple[Match, list[Match]]] = []
    sentences: list[SentenceContext] = []
    cancelled: list[tuple[Match, list[Match], Match, str, dict]] = []
    near_ctx, unless = signal.near, signal.unless
    near_pool: list[Match] | None = None  # the block's near cues, looked up when an anchor first needs them
    unless_pool: list[Match] | None = None  # its unless cues, the same way
    function, not_function = signal.function, signal.not_function
    index, reject = bi.index, rejected.append
    ctx = None  # the block's sentence modifiers, computed when an anchor needs them
    negates: bool | None = None  # whether negation may cancel an anchor of the block, once known
    for anchor in _anchors(signal, bi):
        sentence = None
        if function or not_function:  # the sentence's function first: a cheaper test than the near window
            if ctx is None:
                ctx = bi.context
            sentence = ctx.sentence(anchor.start)
            if (function and function.isdisjoint(sentence.functions)) \
                    or (not_function and not not_function.isdisjoint(sentence.functions)):
                reject((index, anchor))
                continue
        if near_ctx:
            if near_pool is None:
                near_pool = bi.with_concepts(near_ctx.concept_set)
            near = _window_matches(near_ctx, near_pool, bi, anchor, include_anchor=True)
            if not near:
                reject((index, anchor))
                continue
        else:
            near = []
        if sentence is None:
            if ctx is None:
                ctx = bi.context
            sentence = ctx.sentence(anchor.start)
        if negates is None:
            negates = not signal.keep_negated and ctx.may_negate()
        # (a sentence without scopes negates nothing: nor its near cues, unless they lie in other sentences)
        if negates and (sentence.scopes or (near and near_ctx.within == "paragraph")):
            own = (anchor, *near)
            scope = sentence.negation(anchor.start, anchor.end, own)
            if scope is None and near:
                free = [m for m in near if ctx.negation(m, own) is None]
                if free:
                    near = free
                else:  # every co-occurring cue the signal needs is negated
                    scope = ctx.negation(near[0], own)
            if scope is not None:
                cancelled.append((anchor, near, scope.cue, scope.describe(),
                                  {"cue": scope.cue.text, "negation": scope.kind}))
                continue
        if unless:
            if unless_pool is None:
                unless_pool = bi.with_concepts(unless.concept_set)
            cues = [c for c in _window_matches(unless, unless_pool, bi, anchor) if not _inside_longer(c, bi)]
        else:
            cues = []
        if cues:
            cancelled.append((anchor, near, cues[0], f"cancelled by {cues[0].text!r} ({_cue_label(unless)})",
                              {"cue": cues[0].text, "unless": [*unless.refs, *unless.phrases],
                               "within": unless.within}))
        else:
            kept.append((anchor, near))
            sentences.append(sentence)
    return kept, sentences, cancelled


def _rejection(signal: Signal, bi: BlockIndex, anchor: Match) -> str:
    """Why an anchor of a searched block was not counted: the first test it fails, in the order explain
    tells them (its near cue, then its sentence's function)."""
    near = signal.near
    if near and not _window_matches(near, bi.with_concepts(near.concept_set), bi, anchor, include_anchor=True):
        return f"no {_cue_label(near)}"
    functions = bi.context.sentence(anchor.start).functions
    if signal.function and signal.function.isdisjoint(functions):
        return f"not a {' or '.join(sorted(signal.function))} sentence"
    unwanted = min(signal.not_function.intersection(functions))
    return f"a {unwanted} sentence ({functions[unwanted]!r})"


def settle_signal(result: SignalResult) -> None:
    """Decide ``found`` again from the evidence kept (after a reviewer set some quotes aside)."""
    result.shortfall, result.shortfall_need = "", None
    _decide(result)


def _decide(result: SignalResult) -> None:
    """``found``, ``found_substantive``, ``distinct`` and ``shortfall`` from the signal's evidence."""
    signal = result.signal
    if not result.evidence:  # most signals in a document: found only if nothing is needed, no shortfall to tell
        result.distinct = []
        result.found = result.found_substantive = \
            signal.min_count <= 0 and signal.min_distinct <= 0 and signal.min_sections <= 0
        return
    result.distinct = sorted({c for ev in result.evidence for c in ev.distinct})
    sections = {ev.section for ev in result.evidence}
    enough_hits = result.hits >= signal.min_count
    enough_distinct = len(result.distinct) >= signal.min_distinct
    enough_sections = len(sections) >= signal.min_sections
    result.found = enough_hits and enough_distinct and enough_sections
    clean = [ev for ev in result.evidence if not ev.mention_only]  # the stuffing guard's view
    result.found_substantive = (result.found and len(clean) >= signal.min_count
                                and len({c for ev in clean for c in ev.clean_distinct}) >= signal.min_distinct
                                and len({ev.section for ev in clean}) >= signal.min_sections)
    if result.hits and not enough_hits:
        result.shortfall = f"{result.hits} of {signal.min_count} paragraphs needed"
        result.shortfall_need = ("count", result.hits, signal.min_count)
    elif result.hits and not enough_distinct:
        result.shortfall = f"{len(result.distinct)} of {signal.min_distinct} distinct needed"
        result.shortfall_need = ("distinct", len(result.distinct), signal.min_distinct)
    elif result.hits and not enough_sections:
        result.shortfall = f"{len(sections)} of {signal.min_sections} sections needed"
        result.shortfall_need = ("sections", len(sections), signal.min_sections)


def _distinct_pool(signal: Signal) -> set[str]:
    if signal.distinct_of == "near" and signal.near:
        return set(signal.near.concepts)
    return set(signal.any_concepts) | set(signal.all_concepts) | ({"regex"} if signal.regex else set())


def _cue_label(ctx: Context | None) -> str:
    if ctx is None:
        return ""
    within = ctx.within if isinstance(ctx.within, str) else f"{ctx.within} words"
    return f"{', '.join(ctx.refs + ctx.phrases)} within {within}"


def _evidence(signal: Signal, bi: BlockIndex, anchors: list[Match], nears: list[Match], cue: Match | None = None,
              reason: str | None = None, reason_data: dict | None = None, *, functions: list[str] | None = None,
              mention_only: bool = False, distinct: list[str] | None = None,
              clean_distinct: list[str] | None = None) -> Evidence:
    """The quote of ``anchors`` (with their ``nears``, and the ``cue`` and ``reason`` that suppressed them) in
    block ``bi``, with its highlights and place; kept evidence also has its sentences' ``functions``, whether
    it is ``mention_only`` and the ``distinct`` concepts it adds (``clean_distinct``: outside mentions)."""
    block = bi.block
    q_start, q_end = _quote_span(bi, anchors, nears, cue)
    start = block.start
    # Fields by position: keywords make this call a third slower (some 12k items per 24 reports).
    return Evidence(signal.name, bi.index, start + q_start, start + q_end, block.text[q_start:q_end],
                    _marks(Marks, (anchors, nears, cue, q_start, q_end)), block.page, bi.section, block.paragraph,
                    block.lang, reason, reason_data, functions or [], mention_only, distinct or [], clean_distinct or [])


def _quote_span(bi: BlockIndex, anchors: list[Match], nears: list[Match], cue: Match | None) -> tuple[int, int]:
    """Where the quote of these matches lies in the block's text: the whole block when short, else the
    sentences holding them, cut to about QUOTE_LIMIT at word bounds (never over MAX_QUOTE)."""
    text = bi.block.text
    if len(text) <= QUOTE_LIMIT:
        return 0, len(text)
    spans = [*anchors, *nears, cue] if cue else [*anchors, *nears]
    lo, hi = min(m.start for m in spans), max(m.end for m in spans)
    q_start, q_end = bi.sentence_of(lo)[0], bi.sentence_of(max(lo, hi - 1))[1]
    if q_end - q_start > QUOTE_LIMIT:
        q_start, q_end = max(q_start, lo - 200), min(q_end, max(hi, lo + QUOTE_LIMIT - 200))
    q_start, q_end = word_bounds(text, q_start, q_end, lo, hi)
    return q_start, min(q_end, q_start + MAX_QUOTE)  # hits spread over a giant sentence: the quote stays readable


def _highlights(anchors: list[Match], nears: list[Match], cue: Match | None, q_start: int, q_end: int,
                make: Callable[[int, int, str, str, list[str], str], T] = Highlight) -> list[T]:
    """The matches inside the quote ``q_start``..``q_end``, in text order, each span once (the first role wins),
    each made by ``make(start, end, text, term, concepts, role)``."""
    if len(anchors) == 1 and not nears and not cue:  # the common case: one anchor
        a = anchors[0]
        if a.start < q_start or a.end > q_end:
            return []
        return [make(a.start - q_start, a.end - q_start, a.text, a.term, list(a.concepts), "anchor")]
    roles = [(a, "anchor") for a in anchors]
    if nears:
        roles += [(m, "near") for m in nears]
    if cue:
        roles.append((cue, "unless"))
    roles.sort(key=_role_start)
    highlights = []
    seen = set()
    for m, role in roles:
        span = (m.start, m.end)
        if span in seen or m.start < q_start or m.end > q_end:
            continue
        seen.add(span)
        highlights.append(make(m.start - q_start, m.end - q_start, m.text, m.term, list(m.concepts), role))
    return highlights


def _role_start(role: tuple[Match, str]) -> int:
    return role[0].start


def word_bounds(text: str, start: int, end: int, lo: int, hi: int, reach: int = 40) -> tuple[int, int]:
    """``start``/``end`` moved off the middle of a word (never past the matches ``lo``..``hi``): a quote
    begins at a word's start and ends at a word's end. Text without spaces nearby (Chinese) is left as cut."""
    if 0 < start < lo and text[start - 1].isalnum() and text[start].isalnum():
        stop = min(lo, start + reach)
        i = start
        while i < stop and text[i].isalnum():
            i += 1
        if i < stop:
            start = i
            while start < lo and text[start].isspace():
                start += 1
    if hi < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        stop = max(hi, end - reach)
        i = end
        while i > stop and text[i - 1].isalnum():
            i -= 1
        if i > stop:
            end = i
            while end > hi and text[end - 1].isspace():
                end -= 1
    return start, end


def _named_concepts(matches: list[Match]) -> list[str]:
    """The concepts of ``matches``, sorted, without criterion phrases ("@...")."""
    if len(matches) == 1:  # the common case: a match's concepts are sorted already (and shared by its term's matches)
        concepts = matches[0].concepts
        named = _NAMED.get(concepts)
        if named is None:
            named = _NAMED[concepts] = tuple(c for c in concepts if c[0] != "@")
        return list(named)
    return sorted({c for m in matches for c in m.concepts if c[0] != "@"})


_NAMED: dict[tuple[str, ...], tuple[str, ...]] = {}  # a match's concepts -> those _named_concepts keeps
