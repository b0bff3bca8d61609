"""Ingestion: turn files into :class:`~hrba.engine.document.Document` objects.

``read_document`` sniffs the format from the content, enforces size limits, calls the
matching reader, detects languages and fills provenance (SHA-256, name).  Readers live one
per module and are imported lazily (a text file never loads the PDF library).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import InputError
from . import language
from .roles import assign_roles
from .sniff import SUFFIX_FORMATS, sniff_format

__all__ = ["Limits", "read_document", "sniff_format", "SUFFIX_FORMATS", "InputError"]


MB = 1024 * 1024


@dataclass(eq=False, repr=False)
class Limits:
    """Resource limits for untrusted input."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 5000
    max_unzipped_bytes: int = 500 * 1024 * 1024
    isolate: bool | None = False  # read (and score) in a forked child; None: the caller decides (CLI: directories)
    timeout_s: float = 300.0  # with isolate: stop a reader running longer than this
    max_memory_bytes: int = 2048 * 1024 * 1024  # with isolate: address-space cap of the child


def _read(fmt: str, data: bytes, p: Path, password: str | None, limits: Limits) -> Document:
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, p, password=password, max_pages=limits.max_pages)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, p, limits)
    if fmt == "odt":
        from .odt import read_odt

        return read_odt(data, p, limits)
    if fmt == "html":
        from .html import read_html

        return read_html(data, p)
    from .text import read_text_bytes

    return read_text_bytes(data, p, markdown=(fmt == "markdown"))


def read_document(
    path: str | os.PathLike,
    *,
    lang: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
) -> Document:
    """Read any supported file into a Document; raise InputError with a clear message."""
    limits = limits or Limits()
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "file not found", "not_found")
    if p.is_dir():
        raise InputError(str(p), "is a directory, not a document", "not_a_file")
    size = p.stat().st_size
    if size == 0:
        raise InputError(str(p), "the file is empty (0 bytes)", "empty")
    if size > limits.max_bytes:
        raise InputError(
            str(p),
            f"file is {size / MB:.1f} MB, over the {limits.max_bytes / MB:.0f} MB limit "
            "(raise it with --max-mb)",
            "too_large",
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), f"cannot read the file: {exc.strerror or exc}", "unreadable") from exc
    fmt = p.suffix.lower().lstrip(".") or "file"
    try:
        fmt = sniff_format(p, data)
        if limits.isolate:
            from .isolate import run_isolated

            doc = run_isolated(lambda: _read(fmt, data, p, password, limits), str(p), limits.timeout_s,
                               limits.max_memory_bytes)
        else:
            doc = _read(fmt, data, p, password, limits)
    except (InputError, MemoryError, RecursionError):
        raise
    except Exception as exc:  # a reader library choked: still a clear input error, never a crash
        raise InputError(str(p), f"the {fmt.upper()} file is damaged and cannot be read "
                         f"({type(exc).__name__}: {exc})", "corrupt") from exc
    if not doc.blocks:
        raise InputError(str(p), "no text found in the document", "no_text")
    doc.sha256 = hashlib.sha256(data).hexdigest()
    assign_roles(doc.blocks)
    language.assign_languages(doc, forced=lang)
    return doc
