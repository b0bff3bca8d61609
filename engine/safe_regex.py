"""Refuse user regexes that could backtrack catastrophically (rules come from files, text is untrusted).

Python's ``re`` backtracks, so a pattern that can match the same text in many ways takes exponential
(or high-polynomial) time on hostile text. Three shapes are refused, each with a short reason:

- a quantifier inside a repeated group (``(a+)+``, ``(.*a){12}b``);
- alternatives that can start with the same character (or both match nothing) under an unbounded
  quantifier (``(a|a)*b``, ``(\\w|\\d)+``);
- two unbounded quantifiers in a row over overlapping characters (``\\s*\\s*x``, ``.*.*``).

Character sets are compared on a sample alphabet: ASCII, the pattern's own literals, and letters,
digits and spaces of the six languages, so a class like ``\\w`` or ``[^a]`` is judged by what it matches.
"""

from __future__ import annotations

import re

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_BOUND = 100  # a repeat allowing more than this counts as unbounded
# Letters, digits, spaces and punctuation of the six languages beyond ASCII.
_EXTRA = "éèçàñüöÉÑ«»’“”–—\u00a0\u2009\u3000٠١٢٣كتابحقوق０１中国人权。，、Лдправо№"
_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}


class UnsafeRegex(ValueError):
    """The pattern is refused: it could take exponential time on hostile text."""


def check_regex(pattern: str) -> re.Pattern:
    """Compile ``pattern`` or raise ValueError/UnsafeRegex explaining why it is refused."""
    try:
        compiled = re.compile(pattern)
        tree = _p.parse(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        raise ValueError(f"invalid regex: {exc}") from None
    _Checker(tree, pattern, bool(compiled.flags & re.IGNORECASE)).walk(list(tree), None)
    return compiled


class _Checker:
    def __init__(self, tree, pattern: str, ignorecase: bool):
        literals = {ch for ch in pattern if not ch.isascii()}
        self.alphabet = sorted(set(map(chr, range(128))) | set(_EXTRA) | literals)
        self.ignorecase = ignorecase

    # -- character sets -------------------------------------------------------------------------
    def _chars(self, test) -> frozenset[str]:
        return frozenset(ch for ch in self.alphabet if test(ch) or (self.ignorecase and test(ch.swapcase())))

    def _in(self, items) -> frozenset[str]:
        negate = bool(items) and items[0][0] == _c.NEGATE
        tests = []
        for op, arg in items[1:] if negate else items:
            if op == _c.LITERAL:
                tests.append(lambda ch, a=arg: ord(ch) == a)
            elif op == _c.RANGE:
                tests.append(lambda ch, a=arg: a[0] <= ord(ch) <= a[1])
            elif op == _c.CATEGORY and arg in _CATEGORIES:
                rx = re.compile(_CATEGORIES[arg])
                tests.append(lambda ch, rx=rx: rx.match(ch) is not None)
            else:  # anything unknown: assume it can match every character
                tests.append(lambda ch: True)
        chars = self._chars(lambda ch: any(t(ch) for t in tests))
        return frozenset(self.alphabet) - chars if negate else chars

    def first(self, items) -> tuple[frozenset[str], bool]:
        """Characters a match of the sequence ``items`` can start with, and whether it can be empty."""
        out: set[str] = set()
        for op, arg in items:
            chars, nullable = self._first_item(op, arg)
            out |= chars
            if not nullable:
                return frozenset(out), False
        return frozenset(out), True

    def _first_item(self, op, arg) -> tuple[frozenset[str], bool]:
        if op == _c.LITERAL:
            return self._chars(lambda ch: ord(ch) == arg), False
        if op == _c.NOT_LITERAL:
            return frozenset(self.alphabet) - self._chars(lambda ch: ord(ch) == arg), False
        if op == _c.ANY:
            return frozenset(self.alphabet), False
        if op == _c.IN:
            return self._in(arg), False
        if op in _REPEATS:
            chars, nullable = self.first(arg[2])
            return chars, nullable or arg[0] == 0
        if op == _c.SUBPATTERN:
            return self.first(arg[-1])
        if op == getattr(_c, "ATOMIC_GROUP", None):
            return self.first(arg)
        if op == _c.BRANCH:
            results = [self.first(b) for b in arg[1]]
            return frozenset().union(*(r[0] for r in results)), any(r[1] for r in results)
        return frozenset(), True  # anchors and lookarounds match no character

    # -- the three shapes -----------------------------------------------------------------------
    def walk(self, items, repeat: str | None) -> None:
        """Check ``items``; ``repeat`` says which enclosing quantifier repeats them (None: not repeated)."""
        previous: frozenset[str] | None = None  # chars of the last unbounded repeat, if only empties since
        for op, arg in items:
            if op == _c.GROUPREF or op == getattr(_c, "GROUPREF_EXISTS", None):
                raise UnsafeRegex("backreferences are not allowed")
            if op in _REPEATS:
                low, high, sub = arg
                unbounded = high == _c.MAXREPEAT or high > _BOUND
                if repeat is not None and high > 1 and low != high:
                    raise UnsafeRegex(f"nested unbounded repetition (a quantifier inside a group repeated by {repeat}, "
                                      "like (a+)+ or (.*a){12}) can hang on hostile text")
                shown = "*" if (low, unbounded) == (0, True) else "+" if (low, unbounded) == (1, True) \
                    else f"{{{low}}}" if low == high else f"{{{low},{'' if unbounded else high}}}"
                if high > 1:
                    self.walk(sub, shown)
                    if unbounded:
                        self._check_branches(sub, shown)
                else:
                    self.walk(sub, repeat)
                chars, nullable = self.first(sub)
                if unbounded:
                    body = self._all_chars(sub)
                    if previous is not None and previous & body:
                        sample = min(previous & body, key=lambda ch: (not ch.isprintable() or ch.isspace(), ch))
                        raise UnsafeRegex(f"two unbounded quantifiers in a row can both match {sample!r} "
                                          "(like \\s*\\s* or .*.*): hostile text makes them try every split")
                    previous = body
                elif not (nullable or low == 0):
                    previous = None
                continue
            if op == _c.SUBPATTERN:
                self.walk(arg[-1], repeat)
            elif op == _c.BRANCH:
                for branch in arg[1]:
                    self.walk(branch, repeat)
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                self.walk(arg[1], repeat)
                continue
            elif op == getattr(_c, "ATOMIC_GROUP", None):
                self.walk(arg, repeat)
            elif op in (_c.AT,):
                continue
            if not self.first([(op, arg)])[1]:
                previous = None

    def _all_chars(self, items) -> frozenset[str]:
        """Every character a match of ``items`` can contain (for single-character bodies: their set)."""
        out: set[str] = set()
        for op, arg in items:
            if op in _REPEATS:
                out |= self._all_chars(arg[2])
            elif op == _c.SUBPATTERN:
                out |= self._all_chars(arg[-1])
            elif op == getattr(_c, "ATOMIC_GROUP", None):
                out |= self._all_chars(arg)
            elif op == _c.BRANCH:
                for b in arg[1]:
                    out |= self._all_chars(b)
            elif op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
                out |= self._first_item(op, arg)[0]
        return frozenset(out)

    def _check_branches(self, items, repeat: str, follow: frozenset[str] | None = None) -> None:
        """Under an unbounded quantifier, alternatives must not start alike (an empty alternative starts
        with whatever follows it, the next round included) nor both match nothing."""
        if follow is None:
            follow = self.first(items)[0]  # the next round of the repeat
        for i, (op, arg) in enumerate(items):
            rest, rest_nullable = self.first(items[i + 1:])
            after = rest | follow if rest_nullable else rest
            if op == _c.SUBPATTERN:
                self._check_branches(arg[-1], repeat, after)
            elif op == _c.BRANCH:
                seen: frozenset[str] = frozenset()
                empties = 0
                for branch in arg[1]:
                    chars, nullable = self.first(branch)
                    chars = chars | after if nullable else chars
                    empties += nullable
                    if seen & chars or empties > 1:
                        raise UnsafeRegex(f"alternatives that can match the same text (like (a|a){repeat} or "
                                          f"(a|aa){repeat}) under {repeat} can hang on hostile text; "
                                          "make them start differently")
                    seen |= chars
                    self._check_branches(branch, repeat, after)
