"""A small on-disk cache for values that are costly to build and depend only on files (the Engine).

Values are pickled under the user cache directory (``$HRBA_CACHE_DIR``, else
``$XDG_CACHE_HOME/hrba``, else ``~/.cache/hrba``), one file per name, with the key they were built
for. A different key (a rule file, the code or Python changed), a corrupt file or an unwritable
directory all fall back to building the value: the cache can only save time, never change results.
``HRBA_CACHE_DIR=off`` (or empty) turns it off.
"""

from __future__ import annotations

import _sre
import functools
import gc
import hashlib
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

try:  # re's own compiler (Python 3.11+); without it regexes are pickled as their patterns, as usual
    from re import _compiler, _parser
except ImportError:  # pragma: no cover
    _compiler = _parser = None  # type: ignore[assignment]

from .. import __version__

T = TypeVar("T")
OFF = ("", "0", "off", "no", "false")
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def cache_dir() -> Path | None:
    """Where cached values live, or None when caching is turned off."""
    configured = os.environ.get("HRBA_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in OFF else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hrba"


def fingerprint(paths: Iterable[Path], *extra: object) -> str:
    """SHA-256 of the files' names and contents, hrba's version, Python's version and ``extra``."""
    h = hashlib.sha256(f"{__version__}\0{sys.version}\0{extra!r}".encode())
    names = sorted(map(str, paths))
    code = _code_digests() if names else {}
    for name in names:
        h.update(b"\0" + name.encode() + b"\0")
        h.update(code.get(name) or _digest(name))
    return h.hexdigest()


def _digest(path: str | Path) -> bytes:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).digest()


@functools.cache
def _code_files() -> tuple[Path, ...]:
    return tuple(sorted((PACKAGE_DIR / "engine").rglob("*.py")))


@functools.cache
def _code_digests() -> dict[str, bytes]:
    """The code files' digests, read once per process (the code running does not change; the keys of the
    engine and of the block roles both cover it)."""
    return {str(path): _digest(path) for path in _code_files()}


def code_files() -> list[Path]:
    """hrba's own modules that decide what a cached value holds (the engine package)."""
    return list(_code_files())


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The value stored under ``name`` for ``key``, else ``build()`` (stored for next time)."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}.pickle"
    enabled = gc.isenabled()
    gc.disable()  # unpickling tens of thousands of objects would trigger collections that find nothing
    try:
        with open(path, "rb") as fh:
            stored_key, value = pickle.load(fh)
        if stored_key == key:
            make_old()
            return value
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or from another version: rebuild
        pass
    finally:
        if enabled:
            gc.enable()
    value = build()
    store(path, key, value)
    return value


def regexes(name: str, patterns: dict[str, str]) -> dict[str, re.Pattern]:
    """``patterns`` compiled, kept compiled in the cache under ``name``: a module's regexes with large
    character classes (CJK), which ``re`` compiles in Python one character at a time (~1.5 ms each)."""
    return cached(f"regexes-{name}", fingerprint([], patterns),
                  lambda: {key: re.compile(pattern) for key, pattern in patterns.items()})


def make_old() -> None:
    """Move every object the collector tracks, those just unpickled included, into its oldest generation
    without scanning them. Left young, they are all scanned by the next collection (about 40 ms for the
    engine's quarter of a million objects) only to be found alive. Skipped once the process has frozen
    objects (``gc.freeze``): unfreezing would hand those back to the collector."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _compiled(pattern: str | bytes, flags: int, code: list[int], groups: int, groupindex: dict[str, int],
              indexgroup: tuple) -> re.Pattern:
    """A regex made from the code ``re`` compiled it to: what re.compile ends with, without parsing the
    pattern and generating the code again (the engine's and the block roles' regexes took ~10 ms to
    compile again at each start-up; loading them this way, well under one)."""
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def _pickled_compiled(regex: re.Pattern) -> tuple | None:
    """``regex`` pickled with its compiled code (re._compiler.compile's steps), or None when the regex
    made from it would not be the very same (equal code, flags and groups): then it pickles as usual,
    as its pattern, and is compiled again when loaded. The cache key holds Python's version, whose
    ``re`` the code is for."""
    try:
        tree = _parser.parse(regex.pattern, regex.flags)
        code = [int(op) for op in _compiler._code(tree, regex.flags)]
        groupindex = dict(tree.state.groupdict)
        indexgroup = [None] * tree.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        args = (regex.pattern, regex.flags | tree.state.flags, code, tree.state.groups - 1, groupindex,
                tuple(indexgroup))
        made = _compiled(*args)
        if made == regex and made.groups == regex.groups and made.groupindex == regex.groupindex:
            return _compiled, args
    except Exception:  # noqa: BLE001 - another Python's re internals: pickle the pattern as usual
        pass
    return None


class _Pickler(pickle.Pickler):
    """Pickles compiled regexes with their code (see _pickled_compiled)."""

    def reducer_override(self, obj: object) -> object:
        if type(obj) is re.Pattern:
            return _pickled_compiled(obj) or NotImplemented
        return NotImplemented


def store(path: Path, key: str, value: object) -> None:
    """Write ``(key, value)`` atomically; any failure (read-only home, full disk) is ignored."""
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            _Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump((key, value))
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a cache that cannot be written just is not used
        try:
            tmp.unlink()
        except OSError:
            pass
