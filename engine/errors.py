"""Errors hrba reports to users: each says what went wrong, where, and what to do."""

from __future__ import annotations


class HrbaError(Exception):
    """Base class: an error with a message fit for the user (CLI exit code 2)."""


class InputError(HrbaError):
    """A document could not be read (corrupt, encrypted, empty, image-only, too big...)."""

    def __init__(self, path: str, message: str, code: str = "unreadable"):
        self.path = path
        self.code = code
        self.message = message
        super().__init__(f"{path}: {message}")


class RuleError(HrbaError):
    """A checklist or vocabulary file is invalid; names file, line and key."""

    def __init__(self, path: str, message: str, line: int | None = None, pointer: str | None = None):
        self.path = path
        self.line = line
        self.pointer = pointer
        self.message = message
        where = path if line is None else f"{path}:{line}"
        key = f" at {pointer}" if pointer else ""
        super().__init__(f"{where}{key}: {message}")
