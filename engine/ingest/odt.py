"""ODT reader (OpenDocument text): headings with outline levels, lists, tables, notes."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..document import Document
from ..errors import InputError
from .structure import SectionTracker, clean
from .zipsafe import SafeZip

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CONTAINERS = {TEXT + "section", TEXT + "index-body", TEXT + "list-header", OFFICE + "text"}
_SKIP = {TEXT + "tracked-changes", TEXT + "sequence-decls", TEXT + "variable-decls", TEXT + "user-field-decls",
         OFFICE + "forms", TEXT + "table-of-content"}


MAX_SPACES = 100  # <text:s text:c="500000000"/> is one run of spaces; clean() squeezes it to one anyway


def _space_count(value: str | None) -> int:
    """The spaces a <text:s/> stands for, at most MAX_SPACES (an expansion bomb otherwise)."""
    try:
        return max(1, min(int(value or 1), MAX_SPACES))
    except ValueError:
        return 1


def _inline(el: etree._Element, parts: list[str], notes: list[str]) -> None:
    """Collect an element's visible text; notes are collected apart, not inline."""
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if tag == TEXT + "s":
            parts.append(" " * _space_count(child.get(TEXT + "c")))
        elif tag in (TEXT + "tab", TEXT + "line-break"):
            parts.append(" ")
        elif tag == TEXT + "soft-page-break":
            pass
        elif tag == TEXT + "note":
            body = child.find(TEXT + "note-body")
            if body is not None:
                note_parts: list[str] = []
                for p in body.iter(TEXT + "p", TEXT + "h"):
                    _inline(p, note_parts, notes)
                    note_parts.append(" ")
                notes.append(clean("".join(note_parts)))
        elif isinstance(tag, str):
            _inline(child, parts, notes)
        if child.tail:
            parts.append(child.tail)


class _Walker:
    def __init__(self) -> None:
        self.tracker = SectionTracker()

    def _emit_notes(self, notes: list[str]) -> None:
        for note in notes:
            if note:
                self.tracker.add(note, "footnote", number=False)

    def walk(self, parent: etree._Element, list_depth: int = 0) -> None:
        for child in parent:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == TEXT + "h":
                parts: list[str] = []
                notes: list[str] = []
                _inline(child, parts, notes)
                text = clean("".join(parts))
                if text:
                    self.tracker.heading(text, int(child.get(TEXT + "outline-level", "1") or 1))
                self._emit_notes(notes)
            elif tag == TEXT + "p":
                parts, notes = [], []
                _inline(child, parts, notes)
                text = clean("".join(parts))
                if text:
                    self.tracker.add(text, "list_item" if list_depth else "paragraph")
                self._emit_notes(notes)
            elif tag == TEXT + "list":
                for item in child:
                    if item.tag in (TEXT + "list-item", TEXT + "list-header"):
                        self.walk(item, list_depth + 1)
            elif tag == TABLE + "table":
                self.table(child)
            elif tag in _CONTAINERS or tag.startswith(TEXT):
                self.walk(child, list_depth)

    def table(self, tbl: etree._Element) -> None:
        for row in tbl.iter(TABLE + "table-row"):
            for cell in row.findall(TABLE + "table-cell"):
                parts: list[str] = []
                notes: list[str] = []
                for p in cell:
                    if p.tag in (TEXT + "p", TEXT + "h"):
                        _inline(p, parts, notes)
                        parts.append(" ")
                    elif p.tag == TEXT + "list":
                        for q in p.iter(TEXT + "p"):
                            _inline(q, parts, notes)
                            parts.append(" ")
                text = clean("".join(parts))
                if text:
                    self.tracker.add(text, "table_cell", number=False)
                self._emit_notes(notes)


def read_odt(data: bytes, path: Path, limits) -> Document:
    """Read an ODT file's bytes into a Document."""
    pkg = SafeZip(data, path, limits.max_unzipped_bytes, "ODT")
    root = pkg.xml("content.xml")
    if root is None:
        raise InputError(str(path), "the ODT file has no content.xml (damaged file?)", "corrupt")
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(str(path), "the ODT file has no text body (is it a spreadsheet or drawing?)", "unsupported")
    walker = _Walker()
    walker.walk(body)
    return Document.from_blocks(walker.tracker.finish(), path=str(path), name=path.name, format="odt")
