"""Refuse user regexes that could backtrack catastrophically (rules come from files, text is untrusted)."""

from __future__ import annotations

import re

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}


class UnsafeRegex(ValueError):
    """The pattern is refused: it could take exponential time on hostile text."""


def check_regex(pattern: str) -> re.Pattern:
    """Compile ``pattern`` or raise ValueError/UnsafeRegex explaining why it is refused."""
    try:
        compiled = re.compile(pattern)
        tree = _p.parse(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regex: {exc}") from None
    _walk(tree, inside_unbounded=False)
    return compiled


def _walk(items, inside_unbounded: bool) -> None:
    for op, arg in items:
        if op == _c.GROUPREF or op == getattr(_c, "GROUPREF_EXISTS", None):
            raise UnsafeRegex("backreferences are not allowed")
        if op in _REPEATS:
            low, high, sub = arg
            unbounded = high == _c.MAXREPEAT or high > 100
            if unbounded and inside_unbounded:
                raise UnsafeRegex("nested unbounded repetition (like (a+)+) can hang on hostile text")
            _walk(sub, inside_unbounded or unbounded)
        elif op == _c.SUBPATTERN:
            _walk(arg[-1], inside_unbounded)
        elif op == _c.BRANCH:
            for branch in arg[1]:
                _walk(branch, inside_unbounded)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _walk(arg[1], inside_unbounded)
        elif op == getattr(_c, "ATOMIC_GROUP", None):
            _walk(arg, inside_unbounded)
