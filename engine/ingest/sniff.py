"""Format detection from magic bytes (content first, file suffix second)."""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError

SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html", ".xhtml": "html",
}
_UNSUPPORTED = [
    (b"\xd0\xcf\x11\xe0", "a legacy Microsoft Office file (.doc/.xls): save it as .docx or PDF and try again"),
    (b"{\\rtf", "an RTF file: save it as .docx or PDF and try again"),
    (b"\x89PNG", "a PNG image, not a document: run OCR (e.g. ocrmypdf) to make a searchable PDF"),
    (b"\xff\xd8\xff", "a JPEG image, not a document: run OCR (e.g. ocrmypdf) to make a searchable PDF"),
    (b"II*\x00", "a TIFF image, not a document: run OCR (e.g. ocrmypdf) to make a searchable PDF"),
    (b"MM\x00*", "a TIFF image, not a document: run OCR (e.g. ocrmypdf) to make a searchable PDF"),
    (b"GIF8", "a GIF image, not a document"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive: unpack it first"),
    (b"Rar!", "a RAR archive: unpack it first"),
]


@functools.cache
def _html() -> re.Pattern:
    """The start of an HTML file: compiled on first use (a PDF never needs it)."""
    return re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def _zip_format(data: bytes, path: Path) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                with zf.open("mimetype") as fh:  # its first bytes only: never inflate a whole member here
                    mime = fh.read(100).strip()
                if mime == b"application/vnd.oasis.opendocument.text":
                    return "odt"
                raise InputError(str(path), f"an OpenDocument file of type {mime.decode(errors='replace')!r}, "
                                 "not a text document (.odt)", "unsupported")
            if "content.xml" in names:
                return "odt"
    except InputError:
        raise
    except RuntimeError as exc:  # zipfile says "encrypted" this way
        raise InputError(str(path), f"an encrypted or damaged ZIP container (DOCX/ODT): {exc}", "corrupt") from exc
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError, zlib.error) as exc:
        raise InputError(str(path), f"a damaged or truncated ZIP container (DOCX/ODT): {exc}", "corrupt") from exc
    raise InputError(str(path), "a ZIP archive that is neither a Word (.docx) nor an OpenDocument (.odt) "
                     "document", "unsupported")


def sniff_format(path: Path, data: bytes) -> str:
    """The document format; raise InputError for known non-document types."""
    head = data[:1024]
    if head.lstrip(b"\x00\t\r\n \xef\xbb\xbf")[:5] == b"%PDF-" or b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(data, path)
    for magic, what in _UNSUPPORTED:
        if head.startswith(magic):
            raise InputError(str(path), f"this is {what}", "unsupported")
    by_suffix = SUFFIX_FORMATS.get(path.suffix.lower())
    if by_suffix in ("pdf", "docx", "odt"):
        raise InputError(
            str(path),
            f"the name says {path.suffix.lower()} but the content is not a {by_suffix.upper()} file "
            "(wrong extension, or the file is damaged)",
            "wrong_type",
        )
    text_head = _decode_head(head)
    if _html().match(text_head.encode("utf-8", errors="ignore")):
        return "html"
    return by_suffix or "text"


def _decode_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore")
