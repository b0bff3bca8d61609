"""PDF reader: pypdfium2 text layer -> lines with position and font -> blocks (see layout.py).

Pages whose text layer is missing are reported as skipped (they need OCR); pages whose text
layer is garbled (replacement characters, private-use glyphs, Arabic in visual order) are read
again with poppler's ``pdftotext`` when it is installed.
"""

from __future__ import annotations

import codecs
import ctypes
import math
from pathlib import Path

import pypdfium2_raw as pdfium_c  # pypdfium2's raw bindings alone: its helpers and their imports cost ~6 ms a process

from ..document import Document
from ..errors import InputError
from . import poppler
from .layout import build_blocks
from .lines import Line, PageLines, garbled, lines_from_plain
from .structure import HYPHEN_MARK

_ERR_PASSWORD = 4
# PDFium's load errors as pypdfium2 names them (its ErrorToStr), for the same messages.
_LOAD_ERRORS = {0: "Success", 1: "Unknown error", 2: "File access error", 3: "Data format error",
                4: "Incorrect password error", 5: "Unsupported security scheme error",
                6: "Page not found or content error"}


def _init_library() -> None:
    """Initialise PDFium as pypdfium2 does when imported (config version 2, nothing else set). PDFium
    ignores a second call (pypdfium2 imported in the same process, as some tests do)."""
    config = pdfium_c.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0)
    pdfium_c.FPDF_InitLibraryWithConfig(config)


_init_library()


def _open(data: bytes, path: Path, password: str | None) -> pdfium_c.FPDF_DOCUMENT:
    """The document loaded from ``data`` (a raw handle: ``data`` must stay alive until it is closed),
    as pypdfium2's PdfDocument loads it: a document without pages did not load."""
    secret = None if password is None else (password + "\x00").encode("utf-8")
    doc = pdfium_c.FPDF_LoadMemDocument64(data, len(data), secret)
    if pdfium_c.FPDF_GetPageCount(doc) >= 1:
        return doc
    code = pdfium_c.FPDF_GetLastError()
    if doc:
        pdfium_c.FPDF_CloseDocument(doc)
    if code == _ERR_PASSWORD:
        if password:
            raise InputError(str(path), "the password given with --password is wrong", "bad_password")
        raise InputError(str(path), "the PDF is encrypted and needs a password: pass it with --password", "encrypted")
    reason = _LOAD_ERRORS.get(code, f"Unhandled constant {code}")
    raise InputError(str(path), f"the PDF is corrupt or truncated and cannot be opened (Failed to load document "
                     f"(PDFium: {reason}).)", "corrupt")


def _has_images(page) -> bool:
    """Whether a page (a raw FPDF_PAGE handle) holds images, shadings or form XObjects."""
    n = pdfium_c.FPDFPage_CountObjects(page)
    for i in range(n):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING):
            return True
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            return True  # a form XObject (often a wrapped scan)
    return False


def _unchecked(func):
    """``func`` (a pypdfium2 binding) without argument conversion: callers pass ``c_void_p`` pointers
    and ints (C ints). Converting arguments cost more than pdfium's own work on a character box."""
    fast = type(func)(ctypes.cast(func, ctypes.c_void_p).value)  # same calling convention as the binding
    fast.restype, fast.argtypes = func.restype, None
    return fast


_GET_TEXT = _unchecked(pdfium_c.FPDFText_GetText)


def _page_text(textpage, n: int) -> str:
    """The page's text (UTF-16 from pdfium; ``n`` characters). A bytearray buffer rather than a
    ``c_ushort * n`` array, whose type ctypes would make anew for each page length; the codec function
    itself rather than ``bytes.decode``, which looks the codec up by name."""
    if n <= 0:
        return ""
    buf = bytearray(2 * (n + 1))
    at = ctypes.c_void_p(ctypes.addressof(ctypes.c_char.from_buffer(buf)))
    got = _GET_TEXT(textpage, 0, n, at)
    if got <= 1:
        return ""
    text = codecs.utf_16_le_decode(memoryview(buf)[: 2 * (got - 1)], "replace", True)[0]
    return text.replace("\x02", HYPHEN_MARK)  # older pdfium marks line-end hyphens so (same length)


_CHAR_BOX = _unchecked(pdfium_c.FPDFText_GetCharBox)
_FONT_SIZE = _unchecked(pdfium_c.FPDFText_GetFontSize)
_FONT_WEIGHT = _unchecked(pdfium_c.FPDFText_GetFontWeight)
_MATRIX = _unchecked(pdfium_c.FPDFText_GetMatrix)
_BOX = ctypes.c_double * 4  # left, right, bottom, top
_BOX_STEP = ctypes.sizeof(ctypes.c_double)


def _lines(textpage, n: int, text: str, page_no: int, height: float) -> list[Line]:
    """Split the page text into lines; fetch each line's position, font size and weight.

    ``textpage`` (a ctypes pointer) goes to the unchecked bindings as it is: ``ctypes.cast`` to a
    ``c_void_p`` would tie it into a reference cycle, left to the cyclic collector on every page."""
    lines: list[Line] = []
    box = _BOX()
    at_box = ctypes.addressof(box)
    left, right, bottom, top = (ctypes.c_void_p(at_box + i * _BOX_STEP) for i in range(4))
    matrix = pdfium_c.FS_MATRIX()
    at_matrix = ctypes.c_void_p(ctypes.addressof(matrix))
    # Text and character indices coincide unless pdfium left characters out of the text (``n``).
    same_index = n == len(text)
    pos = 0
    for raw in text.split("\r\n"):
        start = pos
        pos += len(raw) + 2
        stripped = raw.lstrip()
        if not stripped:
            continue
        line_text = stripped.rstrip()
        cindex = start + len(raw) - len(stripped)
        last = cindex + len(line_text) - 1
        if not same_index:
            cindex = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, cindex)
            last = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, last)
        x = y = size = x_end = 0.0
        weight = 0
        if last >= 0 and _CHAR_BOX(textpage, last, left, right, bottom, top):
            x_end = box[1]
        if cindex >= 0:
            if _CHAR_BOX(textpage, cindex, left, right, bottom, top):
                x, y = box[0], box[2]
            if lines and stripped[0].islower():
                # A wrapped line going on: same font as the line before (saves three calls a line).
                prev = lines[-1]
                lines.append(Line(line_text, page_no, x, y, prev.size, prev.bold, height, x_end))
                continue
            size = _FONT_SIZE(textpage, cindex)
            if _MATRIX(textpage, cindex, at_matrix):
                size *= math.hypot(matrix.c, matrix.d) or 1.0
            weight = _FONT_WEIGHT(textpage, cindex)
        lines.append(Line(line_text, page_no, x, y, round(size, 1), weight >= 600, height, x_end))
    return lines


_NO_TEXT_LAYER = "no text layer"


def _read_page(doc: pdfium_c.FPDF_DOCUMENT, i: int, path: Path) -> tuple[PageLines, str | None]:
    """Page ``i``'s lines, and what is wrong with its text layer (missing or garbled), if anything.

    Raw page handles rather than pypdfium2's page objects, whose set-up and finalisers cost more
    than the rest of the Python work on a page's text.
    """
    page = pdfium_c.FPDF_LoadPage(doc, i)
    if not page:
        raise InputError(str(path), f"page {i + 1} cannot be read: the PDF is corrupt (Failed to load page.)",
                         "corrupt")
    try:
        height = pdfium_c.FPDF_GetPageHeightF(page)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise InputError(str(path), f"page {i + 1} cannot be read: the PDF is corrupt", "corrupt")
        try:
            n = pdfium_c.FPDFText_CountChars(textpage)
            text = _page_text(textpage, n)
            if not text.strip():
                return PageLines(i + 1, height, []), _NO_TEXT_LAYER if _has_images(page) else None
            return PageLines(i + 1, height, _lines(textpage, n, text, i + 1, height)), garbled(text)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def read_pdf(data: bytes, path: Path, *, password: str | None = None, max_pages: int = 5000,
             use_poppler: bool = True) -> Document:
    """Read a PDF's bytes into a Document."""
    pdf = _open(data, path, password)  # data stays alive (this frame holds it) until the document is closed
    try:
        n_pages = pdfium_c.FPDF_GetPageCount(pdf)  # at least 1: _open refuses a document without pages
        if n_pages > max_pages:
            raise InputError(
                str(path), f"the PDF has {n_pages} pages, over the {max_pages}-page limit (raise it with --max-pages)",
                "too_many_pages",
            )
        pages: list[PageLines] = []
        no_text: list[int] = []
        bad_pages: dict[int, str] = {}
        for i in range(n_pages):
            page, problem = _read_page(pdf, i, path)
            pages.append(page)
            if problem == _NO_TEXT_LAYER:
                no_text.append(i + 1)
            elif problem:
                bad_pages[i + 1] = problem
    finally:
        pdfium_c.FPDF_CloseDocument(pdf)
    warnings: list[str] = []
    if bad_pages:
        _fallback(path, data, pages, bad_pages, warnings, use_poppler)
    if no_text and not any(page.lines for page in pages):  # scans (and perhaps blank pages) only
        raise InputError(
            str(path),
            f"{_has(no_text)} no text layer (a scanned document?): run OCR, e.g. "
            "`ocrmypdf in.pdf out.pdf`, and try again",
            "no_text_layer",
        )
    blocks = build_blocks(pages)
    doc = Document.from_blocks(blocks, path=str(path), name=path.name, format="pdf")
    doc.pages = n_pages
    doc.skipped_pages = no_text
    if no_text:
        warnings.insert(0, f"{_has(no_text)} no text layer and {'was' if len(no_text) == 1 else 'were'} "
                        "skipped: run OCR, e.g. `ocrmypdf in.pdf out.pdf`, and try again")
    doc.warnings.extend(warnings)
    return doc


def _fallback(path: Path, data: bytes, pages: list[PageLines], bad_pages: dict[int, str],
              warnings: list[str], use_poppler: bool) -> None:
    """Re-read garbled pages with pdftotext, or warn that it is not installed."""
    numbers = sorted(bad_pages)
    reasons = sorted(set(bad_pages.values()))
    what = f"{_has(numbers)} a garbled text layer ({'; '.join(reasons)})"
    if not (use_poppler and poppler.available()):
        warnings.append(f"{what}: install poppler-utils (pdftotext) so hrba can read them another way; "
                        "their text may be wrong")
        return
    texts = poppler.page_texts(path, data, numbers)
    used = []
    for page in pages:
        text = texts.get(page.number)
        if text is not None and text.strip() and not garbled(text):
            page.lines = lines_from_plain(text, page.number, page.height)
            used.append(page.number)
    if used:
        warnings.append(f"{what}: read with pdftotext instead")
    if len(used) < len(numbers):
        rest = [n for n in numbers if n not in used]
        warnings.append(f"{pages_phrase(rest)}: unreadable even with pdftotext; the text may be wrong")


def pages_phrase(numbers: list[int]) -> str:
    """'page 3' / 'pages 3-7, 9', compacting runs."""
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return f"page {runs[0]}" if len(numbers) == 1 else f"pages {', '.join(runs)}"


def _has(numbers: list[int]) -> str:
    return pages_phrase(numbers) + (" has" if len(numbers) == 1 else " have")
