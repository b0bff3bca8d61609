"""Fast multilingual term matching with a prefix-tree regex.

Terms are normalised like the text (see :mod:`normalize`), grouped by script and compiled
into prefix-tree regexes (measured 15x faster than one flat alternation): Latin/Cyrillic
terms need Unicode word boundaries, Arabic terms may carry proclitics (و ف ب ك ل), Chinese
terms match as substrings.  Upper-case acronyms are matched case-sensitively on a second,
case-preserving pass.  Matches never overlap; the longest wins.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from .normalize import Normalized, is_cjk, normalize, normalize_term

WILDCARD = "*"


@dataclass(frozen=True)
class Match:
    """A term found in a text: original offsets, the term, and the concepts it evidences."""

    start: int
    end: int
    text: str
    term: str
    concepts: tuple[str, ...]
    excluded: tuple[str, ...] = ()


@dataclass
class TermEntry:
    """A term as written in a vocabulary, and what it means."""

    term: str
    concept: str
    exclude: bool = False


def is_case_sensitive(term: str) -> bool:
    """Acronym-like terms (no lower-case letter, some upper-case letter) keep their case."""
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters) and any(c.isupper() for c in letters)


def _script(ch: str) -> str:
    if is_cjk(ch):
        return "cjk"
    if "\u0600" <= ch <= "\u06ff":
        return "arabic"
    return "word"


@dataclass
class _Pass:
    """One compiled pass (case-folded or case-preserving) over a set of terms."""

    casefold: bool
    keys: dict[str, list[TermEntry]] = field(default_factory=lambda: defaultdict(list))
    # Wildcard terms by the first characters of their literal prefix.
    wild: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Literal terms and wildcard terms compile apart: a literal prefix tree is deterministic, so its
    # first match is its longest; wildcard matches are merged in by length afterwards.
    regexes: list[tuple[re.Pattern | None, re.Pattern]] = field(default_factory=list)  # (script guard, terms)

    def add(self, key: str, entry: TermEntry) -> None:
        self.keys[key].append(entry)

    def compile(self) -> None:
        literal = [k for k in self.keys if WILDCARD not in k]
        wildcard = [k for k in self.keys if WILDCARD in k]
        for key in wildcard:
            prefix = key[: key.index(WILDCARD)]
            self.wild[prefix[:2]].append(key)
        self.regexes = _script_regexes(literal) + _script_regexes(wildcard)

    def entries_for(self, found: str) -> list[TermEntry]:
        """Every term that matches exactly this text: its literal key and any wildcard term that fits."""
        forms = [found] + (["ا" + found[1:]] if found.startswith("لل") else [])
        entries: list[TermEntry] = []
        for form in forms:
            entries.extend(self.keys.get(form, ()))
            for bucket in {form[:2], form[:1]}:
                for key in self.wild.get(bucket, ()):
                    if _wildcard_regex(key).match(form):
                        entries.extend(self.keys[key])
        return entries

    def find(self, norm: Normalized) -> Iterable[tuple[int, int, int, str, list[TermEntry]]]:
        """Yield (original start, original end, normalised length, normalised text, entries)."""
        for guard, regex in self.regexes:
            if guard is not None and guard.search(norm.text) is None:
                continue
            for m in regex.finditer(norm.text):
                found = next(g for g in m.groups() if g is not None)
                entries = self.entries_for(found)
                if not entries:
                    continue
                start, end = norm.span(m.start(), m.end())
                yield start, end, m.end() - m.start(), found, entries


@cache
def _wildcard_regex(key: str) -> re.Pattern:
    """A whole-string regex for one wildcard term (compiled on first use only)."""
    return re.compile(_trie_regex([key]) + r"\Z")


_ARABIC = re.compile("[\u0600-\u06ff]")


def _script_regexes(keys: list[str]) -> list[tuple[re.Pattern | None, re.Pattern]]:
    """One regex per script over ``keys``, each with a guard that skips texts without that script:
    word boundaries for alphabetic scripts, proclitics for Arabic, substrings for CJK."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        groups[_script(key[0])].append(key)
        if key.startswith("ال"):  # li + al contract to "لل"
            groups["arabic"].append("ل" + key[1:])
    out: list[tuple[re.Pattern | None, re.Pattern]] = []
    if groups["word"]:
        out.append((None, re.compile(r"(?<!\w)(?=" + _first_chars(groups["word"]) + ")("
                                     + _trie_regex(groups["word"]) + ")")))
    if groups["arabic"]:
        out.append((_ARABIC, re.compile(r"(?<!\w)(?=[وفبكل]|" + _first_chars(groups["arabic"])
                                        + r")[وف]?[بكل]?(" + _trie_regex(groups["arabic"]) + ")")))
    if groups["cjk"]:
        first = _first_chars(groups["cjk"])
        out.append((re.compile(first), re.compile("(?=" + first + ")(" + _trie_regex(groups["cjk"]) + ")")))
    return out


def _first_chars(keys: list[str]) -> str:
    """A character class of the keys' first characters."""
    return "[" + "".join(sorted({re.escape(k[0]) for k in keys})) + "]"


def _trie_regex(keys: Iterable[str]) -> str:
    """A regex matching any key, factored as a prefix tree; ``*`` continues a word."""
    root: dict = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_regex(root, "")


def _end_boundary(prev: str) -> str:
    if not prev or is_cjk(prev) or prev == WILDCARD or not (prev.isalnum() or prev == "_"):
        return ""
    return r"(?!\w)"


def _node_regex(node: dict, prev: str) -> str:
    alternatives = []
    # Letters before the wildcard, so "résultats collectifs" beats "résultat*" on the same words.
    for ch in sorted((k for k in node if k), key=lambda k: (k == WILDCARD, k)):
        atom = r"\w*" if ch == WILDCARD else re.escape(ch)
        alternatives.append(atom + _node_regex(node[ch], ch))
    if "" in node:
        alternatives.append(_end_boundary(prev))  # longer continuations are tried first
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


class Matcher:
    """Finds every vocabulary term in a text, longest first, never overlapping."""

    def __init__(self, entries: Iterable[TermEntry]):
        self.folded = _Pass(casefold=True)
        self.exact = _Pass(casefold=False)
        for entry in entries:
            sensitive = is_case_sensitive(entry.term)
            target = self.exact if sensitive else self.folded
            key = normalize_term(entry.term, casefold=not sensitive)
            if not key or key == WILDCARD or key.startswith(WILDCARD):
                continue
            target.add(key, entry)
        self.folded.compile()
        self.exact.compile()

    @classmethod
    def from_vocabulary(cls, vocabulary, extra: Iterable[TermEntry] = ()) -> Matcher:
        """Build a matcher over every term and exclusion of a vocabulary."""
        return cls(list(vocabulary.term_entries()) + list(extra))

    def find(self, text: str, normalized: dict[bool, Normalized] | None = None) -> list[Match]:
        """All matches in ``text`` (offsets into ``text``), longest first and non-overlapping.

        ``normalized`` caches the normalised text by case-folding, to share it between matchers.
        """
        normalized = {} if normalized is None else normalized
        candidates = []
        for pass_ in (self.folded, self.exact):
            if not pass_.regexes:
                continue
            norm = normalized.get(pass_.casefold)
            if norm is None:
                norm = normalized[pass_.casefold] = normalize(text, casefold=pass_.casefold)
            for start, end, length, found, entries in pass_.find(norm):
                candidates.append((start, -length, end, found, entries))
        candidates.sort(key=lambda c: (c[0], c[1]))
        matches: list[Match] = []
        last_end = -1
        for start, _neg, end, _found, entries in candidates:
            if start < last_end:
                continue
            positives = tuple(sorted({e.concept for e in entries if not e.exclude}))
            excluded = tuple(sorted({e.concept for e in entries if e.exclude}))
            term = entries[0].term
            matches.append(Match(start, end, text[start:end], term, positives, excluded))
            last_end = end
        return matches


class MatcherSet:
    """Independent matchers over one text: each resolves its own overlaps, so a term in one set
    (a criterion's phrase, another vocabulary file) never hides a concept of another."""

    def __init__(self, matchers: Iterable[Matcher]):
        self.matchers = list(matchers)

    def find(self, text: str) -> list[Match]:
        normalized: dict[bool, Normalized] = {}
        found = [m for matcher in self.matchers for m in matcher.find(text, normalized)]
        return sorted(found, key=lambda m: (m.start, -m.end))
