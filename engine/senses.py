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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .matcher import Match, TermEntry, _Index, is_case_sensitive
from .normalize import normalize_term
from .textindex import sentence_bounds, words_between


@dataclass(frozen=True)
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
        self._index: _Index | None = None  # the neighbouring words, one group per rule (built on first use)

    def __bool__(self) -> bool:
        return bool(self.rules)

    def _neighbours(self) -> _Index:
        if self._index is None:
            groups = [[TermEntry(w, f"{i}+") for w in rule.requires] + [TermEntry(w, f"{i}-") for w in rule.forbids]
                      for i, rule in enumerate(self.rules)]
            self._index = _Index(groups)
        return self._index

    def apply(self, text: str, matches: list[Match]) -> list[Match]:
        """``matches`` with every concept whose sense fails here moved to ``excluded``."""
        by_concept = self.by_concept
        if not any(c in by_concept for m in matches for c in m.concepts):
            return matches
        found: list[list[Match]] = []  # the neighbouring words, found once per text when first needed

        def neighbours() -> list[Match]:
            if not found:
                found.append(self._neighbours().find(text))
            return found[0]

        out = []
        for m in matches:
            dropped = [c for c in m.concepts if c in by_concept and self._failed(text, m, c, neighbours) is not None]
            if dropped:
                m = Match(m.start, m.end, m.text, m.term, tuple(c for c in m.concepts if c not in dropped),
                          tuple(sorted({*m.excluded, *dropped})))
            out.append(m)
        return out

    def explain(self, text: str, match: Match, concept: str) -> str | None:
        """Why ``concept`` falls at ``match`` (the failing rule's reason), or None when it stands."""
        return self._failed(text, match, concept, lambda: self._neighbours().find(text))

    def _failed(self, text: str, m: Match, concept: str, neighbours) -> str | None:
        """The reason of a failing rule when every language that has this term fails one, else None."""
        failed: dict[str, str] = {}
        for i in self.by_concept.get(concept, ()):
            rule = self.rules[i]
            if rule.lang in failed or not self._governs(rule, m):
                continue
            if rule.exact_case and not self._case_fits(rule, m):
                failed[rule.lang] = rule.why
            elif (rule.requires or rule.forbids) and not self._context_fits(i, rule, text, m, neighbours()):
                failed[rule.lang] = rule.why
        if not failed:
            return None
        known = self.term_langs.get(concept, {})
        langs = known.get(term_key(m.term)) or known.get(term_key(m.text)) or frozenset(failed)
        if not langs <= failed.keys():
            return None  # another language lists the term and its rules (or none) let it stand
        return next(iter(failed.values()))

    @staticmethod
    def _governs(rule: SenseRule, m: Match) -> bool:
        return term_key(m.term) in rule.terms or term_key(m.text) in rule.terms

    @staticmethod
    def _case_fits(rule: SenseRule, m: Match) -> bool:
        return any(_case_fits_term(t, m.text) for t in rule.written if term_key(t) in (term_key(m.term), term_key(m.text)))

    @staticmethod
    def _context_fits(i: int, rule: SenseRule, text: str, m: Match, neighbours: list[Match]) -> bool:
        s, e = sentence_bounds(text, m.start)
        required = found_forbidden = False
        for n in neighbours:
            if not (s <= n.start < e) or not n.concepts:
                continue
            if rule.within != "sentence" and words_between(text, (m.start, m.end), (n.start, n.end)) > int(rule.within):
                continue
            if f"{i}+" in n.concepts:
                required = True
            if f"{i}-" in n.concepts:
                found_forbidden = True
        return (required or not rule.requires) and not found_forbidden


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
