"""Errors hrba reports to users: each says what went wrong, where, and what to do."""

from __future__ import annotations

import re
from functools import cache

MAX_MESSAGE = 300  # characters of a message (the path comes on top, itself capped)
MAX_PATH = 200


@cache
def _control() -> re.Pattern:
    """Control characters, bidi overrides and zero-width marks. This and the next are compiled on first
    use: a run without errors or terminal output needs neither."""
    return re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")


@cache
def _terminal_unsafe() -> re.Pattern:
    return re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters other than newline and tab (escape sequences, bells,
    carriage returns) become '?'. Lines and length are kept."""
    unsafe = _terminal_unsafe()
    return unsafe.sub("?", text) if unsafe.search(text) else text


def clean_message(text: object, limit: int = MAX_MESSAGE, keep_end: bool = False) -> str:
    """One line for a terminal or a report: control characters (terminal escapes, newlines, bidi
    overrides) become spaces, runs of spaces one, and at most ``limit`` characters; an ellipsis marks
    the cut (in the middle with ``keep_end``, so a path keeps its file name)."""
    line = " ".join(_control().sub(" ", str(text)).split())
    if len(line) <= limit:
        return line
    if keep_end:
        head = limit // 3
        return line[:head] + "…" + line[-(limit - head - 1):]
    return line[: limit - 1] + "…"


class HrbaError(Exception):
    """Base class: an error with a message fit for the user (CLI exit code 2): one line, at most
    MAX_MESSAGE characters, no control characters."""

    def __init__(self, *args: object):
        if len(args) == 1 and isinstance(args[0], str):
            args = (clean_message(args[0], MAX_MESSAGE + MAX_PATH),)
        super().__init__(*args)


class InputError(HrbaError):
    """A document could not be read (corrupt, encrypted, empty, image-only, too big...)."""

    def __init__(self, path: str, message: str, code: str = "unreadable"):
        self.path = path
        self.code = code
        self.message = clean_message(message)
        super().__init__(f"{clean_message(path, MAX_PATH, keep_end=True)}: {self.message}")


class RuleError(HrbaError):
    """A checklist or vocabulary file is invalid; names file, line and key."""

    def __init__(self, path: str, message: str, line: int | None = None, pointer: str | None = None):
        self.path = path
        self.line = line
        self.pointer = pointer
        self.message = clean_message(message)
        shown = clean_message(path, MAX_PATH, keep_end=True)
        where = shown if line is None else f"{shown}:{line}"
        key = f" at {clean_message(pointer, 100)}" if pointer else ""
        super().__init__(f"{where}{key}: {self.message}")
