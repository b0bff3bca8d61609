"""Word senses: a concept's term counts only with (or without) certain neighbouring words.

Many words have several senses, and only one is the concept's: "conflict" is a violent conflict, not
"children in conflict with the law"; "timely" is about data only beside data; "A status" is the
Paris Principles' accreditation, not "A STATUS" in an all-caps sentence. A vocabulary concept may
carry ``sense`` rules, per language (rule data, never code)::

    sense:
      en:
        - terms: [timely]                  # which of the concept's terms (default: all in this language)
          requires: [data, statistic*]     # one of these words must stand within the window
          forbids: [justice]               # none of these may
          within: sentence                 # or a number of words (default: sentence)
          case: exact                      # letters' case as the term writes them
          why: timeliness is a data quality only when said of data
          examples: {kept: [...], dropped: [...]}   # run by ``hrba checklists test``

A :class:`SenseFilter` checks every match of a governed term after matching, once per text: a
concept whose sense fails moves from the match's ``concepts`` to its ``excluded``, like an
``exclude`` context. Neighbouring words are matched by their own small matcher, only in texts where
a governed term occurs, so documents without one pay a dictionary lookup per match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, compress
from operator import attrgetter, not_

from .matcher import Match, TermEntry, _Index, is_case_sensitive
from .normalize import normalize, normalize_term
from .textindex import sentence_spans, words_between


@dataclass(frozen=True, eq=False, repr=False)
class SenseRule:
    """When a term of ``concept`` (in ``lang``) counts: with a required word, without a forbidden one,
    in the case it is written."""

    concept: str
    lang: str
    terms: frozenset[str]  # normalised keys of the governed terms
    requires: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()
    within: str | int = "sentence"
    exact_case: bool = False
    why: str = ""
    written: tuple[str, ...] = ()  # the governed terms as written (for exact case)


_CONCEPTS = attrgetter("concepts")


def _prefilter(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` folded, up to a "*": when none is a substring of a text, none of them occurs in it
    (``in`` tests, quicker than a regex of them)."""
    stems = sorted({normalize_term(w, casefold=True).split("*", 1)[0] for w in words}, key=len, reverse=True)
    return tuple(stem for stem in stems if stem)


@lru_cache(maxsize=65536)
def term_key(term: str) -> str:
    """A term as the matcher compares it."""
    return normalize_term(term, casefold=not is_case_sensitive(term))


@cache
def _case_pattern(term: str) -> re.Pattern:
    """The term's letters and digits in their case (``*`` any letters), ignoring spaces and marks:
    "A status" fits "A status" and "“A” status", not "A STATUS" nor "a status"."""
    key = normalize_term(term, casefold=False)
    return re.compile("".join(r"\w*" if ch == "*" else re.escape(ch) for ch in key if ch == "*" or ch.isalnum()))


def _case_fits_term(term: str, text: str) -> bool:
    return _case_pattern(term).fullmatch("".join(ch for ch in normalize_term(text, casefold=False) if ch.isalnum()))\
        is not None


class SenseFilter:
    """Applies every sense rule of a vocabulary to a text's matches."""

    def __init__(self, rules: Iterable[SenseRule], term_langs: dict[str, dict[str, frozenset[str]]] | None = None):
        self.rules = list(rules)
        # Per governed concept: each term key and the languages that list it. A term shared by
        # languages ("fiables" is French and Spanish) counts when one language's rules let it.
        self.term_langs = term_langs or {}
        self.by_concept: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            self.by_concept.setdefault(rule.concept, []).append(i)
        self._governed = frozenset(self.by_concept)  # (a frozenset tests an iterable quicker than dict keys do)
        # Per (concept, term key, matched text's key): the rules that govern such a match, in order (per process).
        self._governing: dict[tuple[str, str, str], tuple[int, ...]] = {}
        self._by_match: dict[tuple[str, str, str], tuple[int, ...]] = {}  # the same per (concept, term, matched text)
        # The neighbouring words, one group per rule: built here, so an engine keeps it in the disk cache
        # (building takes longer than loading).
        self._index: _Index | None = None
        if self.rules:
            self._neighbours()
        # Per rule, substrings for its words (their letters before any "*"), looked for in the folded text:
        # when none can occur, the rule is decided without matching the neighbouring words.
        self._prefilters = [_prefilter(rule.requires + rule.forbids) for rule in self.rules]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_governing": {}, "_by_match": {}}  # what matched texts were seen stays with the process

    def _neighbours(self) -> _Index:
        if self._index is None:
            groups = [[TermEntry(w, f"{i}+") for w in rule.requires] + [TermEntry(w, f"{i}-") for w in rule.forbids]
                      for i, rule in enumerate(self.rules)]
            self._index = _Index(groups)
        return self._index

    def apply(self, text: str, matches: list[Match], normalized: dict | None = None) -> list[Match]:
        """``matches`` with every concept whose sense fails here moved to ``excluded``
        (``normalized``: the matcher's normalised text, reused for the neighbouring words)."""
        governed = self._governed
        if governed.isdisjoint(chain.from_iterable(map(_CONCEPTS, matches))):
            return matches
        where = _Text(self, text, normalized)
        out = list(matches)
        free = map(governed.isdisjoint, map(_CONCEPTS, matches))
        for i in compress(range(len(out)), map(not_, free)):  # the matches of governed concepts
            m = out[i]
            dropped = [c for c in m.concepts if c in governed and self._failed(where, m, c) is not None]
            if dropped:
                out[i] = Match(m.start, m.end, m.text, m.term, tuple(c for c in m.concepts if c not in dropped),
                               tuple(sorted({*m.excluded, *dropped})))
        return out

    def explain(self, text: str, match: Match, concept: str) -> str | None:
        """Why ``concept`` falls at ``match`` (the failing rule's reason), or None when it stands."""
        return self._failed(_Text(self, text, None), match, concept)

    def _failed(self, where: _Text, m: Match, concept: str) -> str | None:
        """The reason of a failing rule when every language that has this term fails one, else None."""
        key = (concept, m.term, m.text)
        rules = self._by_match.get(key)
        if rules is None:  # the rules governing the term's key or the matched text's apply
            rules = self._by_match[key] = self._rules_for(concept, term_key(m.term), term_key(m.text))
        if not rules:
            return None
        failed: dict[str, str] = {}
        for i in rules:
            rule = self.rules[i]
            if rule.lang in failed:
                continue
            if rule.exact_case and not self._case_fits(rule, m):
                failed[rule.lang] = rule.why
            elif (rule.requires or rule.forbids) and not self._context_fits(i, rule, where, m):
                failed[rule.lang] = rule.why
        if not failed:
            return None
        known = self.term_langs.get(concept, {})
        term, text = term_key(m.term), term_key(m.text)
        langs = known.get(term) or known.get(text) or frozenset(failed)
        if not langs <= failed.keys():
            return None  # another language lists the term and its rules (or none) let it stand
        return next(iter(failed.values()))

    def _rules_for(self, concept: str, term: str, text: str) -> tuple[int, ...]:
        """The rules of ``concept`` that list ``term`` or ``text`` (term keys), in order (remembered)."""
        key = (concept, term, text)
        found = self._governing.get(key)
        if found is None:
            rules = self.rules
            found = self._governing[key] = tuple(
                i for i in self.by_concept.get(concept, ()) if term in rules[i].terms or text in rules[i].terms)
        return found

    @staticmethod
    def _case_fits(rule: SenseRule, m: Match) -> bool:
        return any(_case_fits_term(t, m.text) for t in rule.written if term_key(t) in (term_key(m.term), term_key(m.text)))

    @staticmethod
    def _context_fits(i: int, rule: SenseRule, where: _Text, m: Match) -> bool:
        if not where.may_hold(i):
            return not rule.requires  # none of the rule's words is in the text
        s, e = where.sentence(m.start)
        required = found_forbidden = False
        want, avoid = f"{i}+", f"{i}-"
        for n in where.neighbours():
            if n.start < s or n.start >= e or not (want in n.concepts or avoid in n.concepts):
                continue
            if rule.within != "sentence" and words_between(where.text, (m.start, m.end), (n.start, n.end)) > rule.within:
                continue
            if want in n.concepts:
                required = True
            if avoid in n.concepts:
                found_forbidden = True
        return (required or not rule.requires) and not found_forbidden


class _Text:
    """One text under a sense check: its neighbouring words and sentences, each found once when first needed."""

    __slots__ = ("text", "_filter", "_normalized", "_neighbours", "_spans", "_starts", "_may")

    def __init__(self, sense_filter: SenseFilter, text: str, normalized: dict | None):
        self.text = text
        self._filter = sense_filter
        self._normalized = normalized if normalized is not None else {}
        self._neighbours: list[Match] | None = None
        self._spans: list[tuple[int, int]] | None = None
        self._starts: list[int] = []
        self._may: dict[int, bool] = {}

    def may_hold(self, i: int) -> bool:
        """Whether rule ``i``'s words may occur in the text (a substring test on the folded text)."""
        found = self._may.get(i)
        if found is None:
            folded = self._normalized.get(True)
            if folded is None:
                folded = self._normalized[True] = normalize(self.text, casefold=True)
            found = self._may[i] = any(map(folded.text.__contains__, self._filter._prefilters[i]))
        return found

    def neighbours(self) -> list[Match]:
        if self._neighbours is None:
            self._neighbours = self._filter._neighbours().find(self.text, self._normalized)
        return self._neighbours

    def sentence(self, pos: int) -> tuple[int, int]:
        if self._spans is None:
            self._spans = sentence_spans(self.text)
            self._starts = [s for s, _ in self._spans]
        return self._spans[max(0, bisect_right(self._starts, pos) - 1)]


def sense_rules_of(concept_id: str, sense: dict, terms: dict[str, list[str]]) -> list[SenseRule]:
    """The sense rules of one concept, from its vocabulary data (checked by the loader)."""
    out = []
    for lang, rules in sense.items():
        for data in rules:
            written = tuple(data.get("terms") or terms.get(lang, ()))
            out.append(SenseRule(
                concept=concept_id, lang=lang, terms=frozenset(term_key(t) for t in written),
                requires=tuple(data.get("requires", ())), forbids=tuple(data.get("forbids", ())),
                within=data.get("within", "sentence"), exact_case=data.get("case") == "exact",
                why=data.get("why", ""), written=written,
            ))
    return out


__all__ = ["SenseFilter", "SenseRule", "sense_rules_of", "term_key"]
