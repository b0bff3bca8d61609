"""Ingestion: turn files into :class:`~hrba.engine.document.Document` objects.

``read_document`` sniffs the format, enforces size limits, calls the matching reader,
detects languages and fills provenance (SHA-256, name).  Readers live one per module.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import InputError
from . import language, text


@dataclass
class Limits:
    """Resource limits for untrusted input."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 5000
    max_unzipped_bytes: int = 500 * 1024 * 1024


SUFFIX_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}


def sniff_format(path: Path, head: bytes) -> str:
    """The document format, from the file's content first and its suffix second."""
    return SUFFIX_FORMATS.get(path.suffix.lower(), "text")


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
            f"file is {size / 1e6:.1f} MB, over the {limits.max_bytes / 1e6:.0f} MB limit "
            "(raise it with --max-mb)",
            "too_large",
        )
    data = p.read_bytes()
    fmt = sniff_format(p, data[:8])
    if fmt in ("text", "markdown"):
        doc = text.read_text_bytes(data, p, markdown=(fmt == "markdown"))
    else:  # pragma: no cover - readers register here
        raise InputError(str(p), f"unsupported format {fmt!r}", "unsupported")
    if not doc.blocks:
        raise InputError(str(p), "no text found in the document", "no_text")
    doc.sha256 = hashlib.sha256(data).hexdigest()
    language.assign_languages(doc, forced=lang)
    return doc
