"""Fast multilingual term matching: a token trie for alphabetic scripts, prefix-tree regexes for Chinese.

Terms and text are normalised alike (see :mod:`normalize`) and cut into tokens (runs of letters and
digits, or single punctuation marks). Alphabetic terms (Latin, Cyrillic, Arabic...) are paths in a
trie of tokens: a text token is looked up once per distinct token (memoised), so the cost is a
dictionary lookup per word whatever the number of terms. ``*`` lets a word continue (a stem), Arabic
first words may carry the proclitics و ف ب ك ل (and ل + ال written لل). Terms with Chinese characters
match as substrings with prefix-tree regexes. Upper-case acronyms are matched case-sensitively on a
case-preserving pass. Within one group of terms (a vocabulary file) the longest match wins and
matches never overlap; groups never hide each other's matches.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain, compress
from operator import itemgetter

from .diskcache import regexes
from .normalize import CJK_CHARS, CJK_CLASS, Normalized, is_cjk, normalize, normalize_both, normalize_term

WILDCARD = "*"
_TOKEN = rf"[^\W{CJK_CLASS}]+|[^\w\s{CJK_CLASS}]"  # a word (CJK apart) or a symbol
# split() keeps the tokens: [gap, token, gap, token, ..., gap] (kept compiled in the disk cache: CJK classes cost ms)
_TOKEN_SPLIT = regexes("matcher", {"split": f"({_TOKEN})"})["split"]
# The same split for ASCII text (most paragraphs), a third quicker: \s of a str pattern also holds \x1c-\x1f.
_ASCII_SPLIT = re.compile(r"(\w+|[^\w\s\x1c-\x1f])", re.ASCII)
_JOINED = frozenset(("", " "))  # gaps between the words of one term
_TEXT_END = "\n"  # stands for the gap after a text's last token (no term goes on past it)
_CJK_TEXT = CJK_CHARS
_ARABIC = re.compile("[\u0600-\u06ff]")
_PROCLITIC_1 = "وف"
_PROCLITIC_2 = "بكل"


@dataclass(slots=True, unsafe_hash=True)
class Match:
    """A term found in a text: original offsets, the term, and the concepts it evidences.

    Never modified once made (hashable by value); not ``frozen``, whose checks made creating each of
    the tens of thousands of matches of a long document about seven times slower (1.5 µs, not 0.2).
    """

    start: int
    end: int
    text: str
    term: str
    concepts: tuple[str, ...]
    excluded: tuple[str, ...] = ()


@dataclass(slots=True, eq=False, repr=False)
class TermEntry:
    """A term as written in a vocabulary, and what it means."""

    term: str
    concept: str
    exclude: bool = False

    def __reduce__(self) -> tuple:
        return TermEntry, (self.term, self.concept, self.exclude)  # a call: quicker to unpickle than slot state


def is_case_sensitive(term: str) -> bool:
    """Acronym-like terms (no lower-case letter, some upper-case letter) keep their case."""
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters) and any(c.isupper() for c in letters)


# The empty containers frozen plain nodes share once loaded from the disk cache (never filled: a loaded
# trie takes no terms, and a plain node looks up no stems, patterns nor moves).
_SHARED_DICT: dict = {}
_SHARED_LIST: list = []


@dataclass(slots=True, eq=False, repr=False)
class _Node:
    """A node of the token trie: literal children, stem children, pattern children, and term ends."""

    next: dict[str, _Node] = field(default_factory=dict)
    stems: dict[str, _Node] = field(default_factory=dict)  # "discriminat" for "discriminat*"
    patterns: list[tuple[re.Pattern, _Node]] = field(default_factory=list)  # "трудящи*ся"
    # (group, entry) while adding terms; per group once frozen: (group, entries, term, concepts, excluded)
    ends: list = field(default_factory=list)
    plain: bool = True  # no stem or pattern children: one dictionary lookup takes a step (set by freeze)
    moves: dict[str, tuple[_Node, ...]] = field(default_factory=dict)  # step's results per token, when not plain

    def __reduce__(self) -> tuple:
        """Pickled as a call with every field (quicker to unpickle than slot state). A frozen plain node
        never changes its empty containers: it is stored with shared ones (most of the trie's nodes are
        plain leaves; one empty dict or list less to make per field and node on loading)."""
        if not self.plain or self.stems or self.patterns or self.moves:
            return _Node, (self.next, self.stems, self.patterns, self.ends, self.plain, self.moves)
        return _Node, (self.next or _SHARED_DICT, _SHARED_DICT, _SHARED_LIST, self.ends or (), True, _SHARED_DICT)

    def child(self, token: str) -> _Node:
        if token.endswith(WILDCARD) and WILDCARD not in token[:-1]:
            return self.stems.setdefault(token[:-1], _Node())
        if WILDCARD in token:
            pattern = re.compile(re.escape(token).replace(r"\*", r"\w*") + r"\Z")
            for existing, node in self.patterns:
                if existing.pattern == pattern.pattern:
                    return node
            node = _Node()
            self.patterns.append((pattern, node))
            return node
        return self.next.setdefault(token, _Node())

    def step(self, token: str) -> tuple[_Node, ...]:
        """Children reached by one text token (memoised per token, once frozen, when not plain)."""
        if self.plain:
            node = self.next.get(token)
            return () if node is None else (node,)
        found = self.moves.get(token)
        if found is None:
            node = self.next.get(token)
            out = [] if node is None else [node]
            out += [child for stem, child in self.stems.items() if token.startswith(stem)]
            out += [child for pattern, child in self.patterns if pattern.match(token)]
            found = self.moves[token] = tuple(out)
        return found


class _TokenTrie:
    """Alphabetic terms as token paths; the root is indexed so that stems cost a few lookups."""

    def __init__(self) -> None:
        self.root = _Node()
        self.stem_lengths: list[int] = []
        self.stem_prefixes: frozenset[str] = frozenset()  # every stem's first k letters, k >= stem_lengths[0]
        self.root_patterns: list[tuple[str, re.Pattern, _Node]] = []  # (letters before the "*", pattern, node)
        self.pattern_heads: tuple[str, ...] = ()  # the root patterns' letters before the "*"
        self.shortest_stem = 1
        # Per text token: its _Start, or () when no term starts with it. The gate of "the" holds
        # {"right", "rights", ...} (or its node's children).
        self._memo: dict[str, _Start] = _Memo(self)
        self.prefilter: re.Pattern | None = None  # no match in a text: no term can start in it

    def add(self, tokens: list[str], group: int, entry: TermEntry) -> None:
        node = self.root
        for token in tokens:
            node = node.child(token)
        node.ends.append((group, entry))

    def freeze(self) -> None:
        self.stem_lengths = sorted({len(s) for s in self.root.stems})
        shortest = self.stem_lengths[0] if self.stem_lengths else 0
        self.stem_prefixes = frozenset(s[:k] for s in self.root.stems for k in range(shortest, len(s) + 1))
        self.root_patterns = [(_literal_head(pattern), pattern, node) for pattern, node in self.root.patterns]
        self.pattern_heads = tuple(head for head, _, _ in self.root_patterns)
        self.shortest_stem = shortest or 1
        stack = [self.root]
        shared: dict[tuple, tuple] = {}  # one tuple per concept list: fewer objects to load with the engine
        while stack:
            node = stack.pop()
            node.plain = not node.stems and not node.patterns
            node.moves.clear()
            if node.ends and not isinstance(node.ends, tuple):
                node.ends = _by_group(node.ends, shared)
            stack += [*node.next.values(), *node.stems.values(), *(child for _, child in node.patterns)]
        self._memo.clear()
        for key in self.root.next:  # the vocabulary's first words: kept with the engine, not found per process
            self._starts(key)
        # First tokens that are plain words (no stems, patterns or Arabic clitic forms, as for the
        # acronyms of the case-preserving pass): a first token occurs as a substring of the text.
        keys = list(self.root.next)
        plain = not self.root.stems and not self.root.patterns and not any(map(_ARABIC.search, keys))
        self.prefilter = re.compile(_trie_regex(keys, bounded=False)) if keys and plain else None

    def _starts(self, token: str) -> _Start:
        """Find and memoise the start nodes of a token not seen before, and its gate."""
        found: list[_Node] = []
        prefixes, stems, root_next = self.stem_prefixes, self.root.stems, self.root.next
        shortest, pattern_heads = self.shortest_stem, self.pattern_heads
        for form in _arabic_forms(token) if "\u0600" <= token[0] <= "\u06ff" else (token,):
            node = root_next.get(form)
            if node is not None:
                found.append(node)
            if form[:shortest] in prefixes:  # else no stem starts the form (most words)
                for k in range(shortest, len(form) + 1):  # the stems the form starts with, shortest first
                    head = form[:k]
                    if head not in prefixes:
                        break
                    node = stems.get(head)
                    if node is not None:
                        found.append(node)
            if pattern_heads and form.startswith(pattern_heads):
                for head, pattern, node in self.root_patterns:
                    if form.startswith(head) and pattern.match(form):
                        found.append(node)
        start: _Start = _NO_STARTS
        if len(found) == 1:
            node = found[0]
            start = (None if node.ends or node.stems or node.patterns else node.next, node, (node,))
        elif found:
            closed = not any(node.ends or node.stems or node.patterns for node in found)
            start = (frozenset().union(*(node.next for node in found)) if closed else None, None, tuple(found))
        self._memo[token] = start
        return start

    def find(self, text: str) -> list[tuple[int, int, tuple]]:
        """(start, -end, ends) in normalised offsets for every span where terms end, in order of start,
        longest first (``ends``: the terms per group, see :func:`_by_group`)."""
        hits: list[tuple[int, int, tuple]] = []
        skip = 0  # text before the first place a term can start, left out of the split
        if self.prefilter is not None:
            first = self.prefilter.search(text)
            if first is None:
                return hits
            skip = _split_restart(text, first.start())
            if skip:
                text = text[skip:]
        parts = (_ASCII_SPLIT if text.isascii() else _TOKEN_SPLIT).split(text)
        words = parts[1::2]
        n = len(words)
        starts = list(map(self._memo.__getitem__, words))  # each token's _Start (usually none)
        words.append("")  # after the last word: in no gate
        parts[-1] = _TEXT_END  # the gap after the last word: no term goes on
        bounds: list[int] | None = None  # offsets after each part: token i spans bounds[2i], bounds[2i+1]
        joined = _JOINED
        for i in compress(range(n), starts):  # only the tokens a term can start at
            gate, node, frontier = starts[i]
            if gate is not None and words[i + 1] not in gate:
                continue  # no term can go on with the next word
            if bounds is None:
                bounds = list(accumulate(map(len, parts)))
            k, mark = 2 * i, len(hits)  # token j is parts[2j + 1]; a walk's hits go in at mark: longest first
            start = bounds[k]
            if node is None:  # several start nodes
                self._walk(parts, bounds, k, start, frontier, hits)
            while node is not None:  # one node, stepping by one lookup per word
                if node.ends:
                    hits.insert(mark, (start, -bounds[k + 1], node.ends))
                    if not node.next and node.plain:
                        break  # a leaf: no term goes on
                # The next word, when words are apart by one space at most.
                if parts[k + 2] not in joined:
                    break
                k += 2
                if node.plain:
                    node = node.next.get(parts[k + 1])
                    continue
                children = node.step(parts[k + 1])  # stems or patterns too
                if len(children) > 1:
                    self._walk(parts, bounds, k, start, children, hits, mark)
                node = children[0] if len(children) == 1 else None
        if skip and hits:
            return [(start + skip, end - skip, ends) for start, end, ends in hits]
        return hits

    @staticmethod
    def _walk(parts: list[str], bounds: list[int], k: int, start: int, frontier: Collection[_Node],
              hits: list[tuple[int, int, tuple]], mark: int | None = None) -> None:
        """Walk on from several nodes reached at part ``k``, adding their hits at ``mark`` (default: the end)."""
        joined = _JOINED
        if mark is None:
            mark = len(hits)
        while True:
            ends = [f.ends for f in frontier if f.ends]
            if ends:
                hits.insert(mark, (start, -bounds[k + 1], ends[0] if len(ends) == 1 else _merged(ends)))
            if parts[k + 2] not in joined:
                return
            k += 2
            token = parts[k + 1]
            frontier = [child for f in frontier for child in f.step(token)]
            if not frontier:
                return


def _split_restart(text: str, pos: int) -> int:
    """The last offset at or before ``pos`` after which ASCII text splits into the same tokens as the whole
    text does (one after a character that is not a word character); 0 for other text."""
    if not text.isascii():
        return 0
    while pos and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
        pos -= 1
    return pos


# A token's start in the trie: (gate, node, nodes). ``nodes`` are the nodes a term can start at;
# ``node`` is the one when there is one, else None; ``gate`` holds the words that must follow
# when no term ends at the nodes nor goes on with a stem or pattern (None: anything may follow).
_Start = tuple


class _Memo(dict):
    """A trie's start nodes per text token, found on first sight (by ``_TokenTrie._starts``)."""

    def __init__(self, trie: _TokenTrie) -> None:
        super().__init__()
        self.trie = trie

    def __missing__(self, token: str) -> _Start:
        trie = self.trie
        if (token not in trie.root.next and token[:trie.shortest_stem] not in trie.stem_prefixes
                and not token.startswith(trie.pattern_heads) and not "\u0600" <= token[0] <= "\u06ff"):
            self[token] = _NO_STARTS  # most words: no term starts with them (as _starts finds, quicker)
            return _NO_STARTS
        return trie._starts(token)


_NO_STARTS: _Start = ()


def _literal_head(pattern: re.Pattern) -> str:
    """The letters a token pattern ("трудящи*ся") starts with, before its first wildcard."""
    return re.sub(r"\\(.)", r"\1", pattern.pattern.split(r"\w*", 1)[0])


def _by_group(ends: list[tuple[int, TermEntry]], shared: dict[tuple, tuple] | None = None) -> tuple:
    """A node's (group, entry) pairs per group, in order: (group, entries, term, concepts, excluded),
    the last three as a match of the node's entries alone records them (concept tuples taken from
    ``shared`` when equal to one there)."""
    out = []
    for group in sorted(dict.fromkeys(g for g, _ in ends)):
        entries = tuple(e for g, e in ends if g == group)
        term, concepts, excluded = _evidence(entries)
        if shared is not None:
            concepts, excluded = shared.setdefault(concepts, concepts), shared.setdefault(excluded, excluded)
        out.append((group, entries, term, concepts, excluded))
    return tuple(out)


def _evidence(entries: tuple[TermEntry, ...] | list[TermEntry]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The term, concepts and excluded concepts of a match of ``entries`` (one span, one group)."""
    first = entries[0]
    if len(entries) == 1:
        return first.term, *(((), (first.concept,)) if first.exclude else ((first.concept,), ()))
    return (first.term, tuple(sorted({e.concept for e in entries if not e.exclude})),
            tuple(sorted({e.concept for e in entries if e.exclude})))


def _arabic_forms(token: str) -> list[str]:
    """The token and the forms left after Arabic proclitics (و ف, then ب ك ل; ل + ال written لل)
    and after the article ال."""
    forms = [token]
    bases = [token] + ([token[1:]] if len(token) > 2 and token[0] in _PROCLITIC_1 else [])
    for base in bases:
        if base is not token:
            forms.append(base)
        if len(base) > 2 and base[0] in _PROCLITIC_2:
            forms.append(base[1:])
        if len(base) > 3 and base.startswith("لل"):
            forms.append("ا" + base[1:])
    # The article: a term written without it ("مشاركة") also matches "المشاركة", "بالمشاركة".
    forms += [f[2:] for f in forms if len(f) > 4 and f.startswith("ال")]
    return forms


def _trie_regex(keys: Iterable[str], bounded: bool = True) -> str:
    """A regex matching any key, factored as a prefix tree; ``*`` continues a word. Bounded keys
    ending in a letter or digit must end a word; unbounded ones match anywhere (a substring test)."""
    root: dict = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_regex(root, "", bounded)


def _end_boundary(prev: str) -> str:
    if not prev or is_cjk(prev) or prev == WILDCARD or not (prev.isalnum() or prev == "_"):
        return ""
    return r"(?!\w)"


def _node_regex(node: dict, prev: str, bounded: bool = True) -> str:
    alternatives = []
    # Letters before the wildcard, so a longer literal continuation is tried first.
    for ch in sorted((k for k in node if k), key=lambda k: (k == WILDCARD, k)):
        atom = r"\w*" if ch == WILDCARD else re.escape(ch)
        alternatives.append(atom + _node_regex(node[ch], ch, bounded))
    if "" in node:
        alternatives.append(_end_boundary(prev) if bounded else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


@cache
def _key_regex(key: str) -> re.Pattern:
    """A whole-string regex for one CJK key (to tell which keys fit a matched span)."""
    return re.compile(_trie_regex([key]) + r"\Z")


class _CjkPass:
    """Terms containing Chinese characters: substring matching with prefix-tree regexes, one scan per
    group, so a longer term of one group (残疾人组织) never hides a shorter one of another (残疾人)."""

    def __init__(self) -> None:
        self.keys: dict[str, list[tuple[int, TermEntry]]] = defaultdict(list)
        self.scans: list[tuple[int, str, list[str]]] = []  # (group, regex, the group's wildcard keys)
        # The scans' regexes, compiled on the first text with Chinese characters: most runs never need
        # them, and an engine loaded from the disk cache would otherwise compile them all at start-up.
        self._compiled: list[tuple[int, re.Pattern, list[str]]] | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_compiled": None}

    def add(self, key: str, group: int, entry: TermEntry) -> None:
        self.keys[key].append((group, entry))

    def freeze(self) -> None:
        by_group: dict[int, list[str]] = defaultdict(list)
        for key, owners in self.keys.items():
            for group in sorted({g for g, _ in owners}):
                by_group[group].append(key)
        self.scans = []
        for group in sorted(by_group):
            literal = [k for k in by_group[group] if WILDCARD not in k]
            wild = [k for k in by_group[group] if WILDCARD in k]
            # Literal and wildcard keys scan apart: a literal prefix tree's first match is its longest.
            self.scans += [(group, f"({_trie_regex(keys)})", wild) for keys in (literal, wild) if keys]
        self._compiled = None

    def find(self, text: str) -> list[tuple[int, int, tuple]]:
        """(start, -end, ends) as :meth:`_TokenTrie.find` gives them, one entry at a time, unordered."""
        hits: list[tuple[int, int, tuple]] = []
        if not self.scans or text.isascii() or not _CJK_TEXT.search(text):
            return hits
        if self._compiled is None:
            self._compiled = [(group, re.compile(regex), wild) for group, regex, wild in self.scans]
        for group, regex, wild in self._compiled:
            for m in regex.finditer(text):
                found = m.group(1)
                for key in [found] + [k for k in wild if k != found and _key_regex(k).match(found)]:
                    for owner, entry in self.keys.get(key, ()):
                        if owner == group:
                            hits.append((m.start(), -m.end(), _by_group([(group, entry)])))
        return hits


class _Pass:
    """All terms of one case mode (folded, or case-preserving acronyms)."""

    def __init__(self, casefold: bool) -> None:
        self.casefold = casefold
        self.tokens = _TokenTrie()
        self.cjk = _CjkPass()
        self.size = 0

    def add(self, term: str, group: int, entry: TermEntry) -> None:
        key = normalize_term(term, casefold=self.casefold)
        if not key or key.startswith(WILDCARD):
            return
        self.size += 1
        if any(is_cjk(ch) for ch in key):
            self.cjk.add(key, group, entry)
            return
        tokens = [m.group() for m in re.finditer(rf"[^\W{CJK_CLASS}]+\*?(?:\w+\*?)*|\*|[^\w\s{CJK_CLASS}]", key)]
        self.tokens.add(tokens, group, entry)

    def freeze(self) -> None:
        self.tokens.freeze()
        self.cjk.freeze()


class _Index:
    """Terms from one or more groups (vocabulary files); finds matches, resolving overlaps per group."""

    def __init__(self, groups: list[list[TermEntry]]):
        self.folded = _Pass(casefold=True)
        self.exact = _Pass(casefold=False)
        self.groups = len(groups)
        for group, entries in enumerate(groups):
            for entry in entries:
                target = self.exact if is_case_sensitive(entry.term) else self.folded
                target.add(entry.term, group, entry)
        self.folded.freeze()
        self.exact.freeze()
        self.passes = tuple(pass_ for pass_ in (self.folded, self.exact) if pass_.size)  # folded first
        self.one_route = [0] * self.groups  # find_into's route when every group goes to one list

    def find(self, text: str, normalized: dict[bool, Normalized] | None = None) -> list[Match]:
        matches: list[Match] = []
        self.find_into(text, normalized, (matches.append,), self.one_route)
        return matches

    def find_into(self, text: str, normalized: dict[bool, Normalized] | None,
                  adds: Sequence[Callable[[Match], None]], route: Sequence[int]) -> None:
        """Pass each match to its group's ``adds[route[group]]`` (a list's append), in order of start, -end, group."""
        normalized = {} if normalized is None else normalized
        if self.exact.size and self.folded.size and not normalized:
            normalized.update(normalize_both(text))
        found: list[list[tuple[int, int, tuple]]] = []
        ordered = True  # found holds only token hits at unchanged offsets: already in order
        for pass_ in self.passes:
            norm = normalized.get(pass_.casefold)
            if norm is None:
                norm = normalized[pass_.casefold] = normalize(text, casefold=pass_.casefold)
            hits = pass_.tokens.find(norm.text)
            if hits:
                found.append(hits if norm.identity else _original_spans(norm, hits))
            if not norm.identity:
                ordered = False
            if pass_.cjk.scans and not norm.text.isascii():  # (no Chinese term matches in ASCII text)
                hits = pass_.cjk.find(norm.text)
                if hits:
                    found.append(hits if norm.identity else _original_spans(norm, hits))
                    ordered = False
        if not found:
            return
        hits = found[0] if len(found) == 1 and ordered else _in_span_order(found)
        # Per group: longest first at each start, never overlapping; in order of start, -end, group.
        last_end = [0] * self.groups  # per group: where its last match ends
        for start, end, ends in hits:
            end = -end
            for group, _entries, term, concepts, excluded in ends:
                if start < last_end[group]:
                    continue
                last_end[group] = end
                adds[route[group]](Match(start, end, text[start:end], term, concepts, excluded))


def _original_spans(norm: Normalized, hits: list[tuple[int, int, tuple]]) -> list[tuple[int, int, tuple]]:
    """Hits with their spans mapped back to the original text's offsets."""
    out = []
    for start, end, ends in hits:
        o_start, o_end = norm.span(start, -end)
        out.append((o_start, -o_end, ends))
    return out


def _in_span_order(found: list[list[tuple[int, int, tuple]]]) -> list[tuple[int, int, tuple]]:
    """Hits of several passes in order of (start, -end), those of one span merged (earlier passes' first)."""
    out: list[tuple[int, int, tuple]] = []
    for hit in sorted(chain.from_iterable(found), key=_SPAN):  # stable: equal spans keep their order
        if out and out[-1][0] == hit[0] and out[-1][1] == hit[1]:
            out[-1] = (hit[0], hit[1], _merged([out[-1][2], hit[2]]))
        else:
            out.append(hit)
    return out


_SPAN = itemgetter(0, 1)


def _merged(found: list[tuple]) -> list[tuple]:
    """Ends found at one span by several nodes or passes, per group in order of group."""
    by_group: dict[int, list[TermEntry]] = {}
    for ends in found:
        for group, entries, *_ in ends:
            by_group.setdefault(group, []).extend(entries)
    return [(group, entries, *_evidence(entries)) for group, entries in sorted(by_group.items())]


class Matcher:
    """Finds every term of one group in a text, longest first, never overlapping."""

    def __init__(self, entries: Iterable[TermEntry]):
        self.entries = list(entries)
        self._index: _Index | None = None

    def find(self, text: str, normalized: dict[bool, Normalized] | None = None) -> list[Match]:
        """All matches in ``text`` (offsets into ``text``); ``normalized`` caches normalised text."""
        if self._index is None:
            self._index = _Index([self.entries])
        return self._index.find(text, normalized)


class MatcherSet:
    """Several independent groups matched in one pass: each resolves its own overlaps, so a term in
    one group (a criterion's phrase, another vocabulary file) never hides a concept of another.
    ``senses`` (an ``engine.senses.SenseFilter``) then drops the concepts whose word sense fails."""

    def __init__(self, matchers: Iterable[Matcher], senses=None):
        self.matchers = list(matchers)
        self._index = _Index([m.entries for m in self.matchers])
        self.senses = senses if senses else None
        self._first_cue = _first_cue(self.matchers, self.senses)
        first = self._first_cue or 0
        self._route = [0] * first + [1] * (len(self.matchers) - first)  # per group: 0 a match, 1 a cue

    def find_apart(self, text: str) -> tuple[list[Match], list[Match]]:
        """``find(text)`` cut in two, each in text order: the matches, and the modifier cues (whose first
        concept holds ':', as context ids do), the latter never dropped by a word sense."""
        first = self._first_cue
        if first is None:  # not cues in the last groups alone: sort match by match
            found = self.find(text)
            matches = [m for m in found if not (m.concepts and ":" in m.concepts[0])]
            return matches, [m for m in found if m.concepts and ":" in m.concepts[0]] if len(matches) < len(found) else []
        matches: list[Match] = []
        cues: list[Match] = []
        normalized: dict[bool, Normalized] = {}
        self._index.find_into(text, normalized, (matches.append, cues.append), self._route)
        if self.senses is not None and matches:
            matches = self.senses.apply(text, matches, normalized)
        return matches, cues

    def find(self, text: str, normalized: dict[bool, Normalized] | None = None) -> list[Match]:
        """All matches in ``text``; ``normalized`` caches (and returns) the normalised text."""
        if normalized is None:
            normalized = {}
        matches = self._index.find(text, normalized)
        if self.senses is None or not matches:
            return matches
        return self.senses.apply(text, matches, normalized)


def _first_cue(matchers: list[Matcher], senses) -> int | None:
    """The first of the last groups that hold modifier cues (every concept holds ':', as none of a
    vocabulary does; none excluded nor with a word sense), when the groups before hold none; else None."""
    governed = senses.by_concept.keys() if senses is not None else frozenset()
    kinds = []
    for matcher in matchers:
        cue = [":" in e.concept for e in matcher.entries]
        if cue and all(cue) and not any(e.exclude or e.concept in governed for e in matcher.entries):
            kinds.append(True)
        elif any(cue):
            return None
        else:
            kinds.append(False)
    first = len(kinds)
    while first and kinds[first - 1]:
        first -= 1
    return None if any(kinds[:first]) else first
