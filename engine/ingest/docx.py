"""DOCX reader: headings from paragraph styles/outline levels, lists, tables, footnotes.

Parses the WordprocessingML parts directly with a hardened lxml parser (see zipsafe.py);
blocks follow the body's order, and each footnote follows the paragraph citing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..document import Document
from ..errors import InputError
from .structure import SectionTracker, clean, heading_number, looks_like_heading_text
from .zipsafe import SafeZip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_NAME = re.compile(
    r"^(?:heading|titre|título|titulo|encabezado|überschrift|заголовок|标题|العنوان)\s*(\d)$", re.I
)
_TEXT_TAGS = {W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "footnoteReference",
              W + "endnoteReference", W + "sym"}


@dataclass(eq=False, repr=False)
class _Style:
    """A paragraph style of a DOCX file: its parent, outline level and numbering."""

    name: str
    based_on: str | None
    outline: int | None
    numbered: bool


def _styles(pkg: SafeZip) -> dict[str, _Style]:
    root = pkg.xml("word/styles.xml")
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for st in root.iter(W + "style"):
        sid = st.get(W + "styleId") or ""
        name_el = st.find(W + "name")
        based = st.find(W + "basedOn")
        outline = st.find(f"{W}pPr/{W}outlineLvl")
        styles[sid] = _Style(
            name=(name_el.get(W + "val") if name_el is not None else sid) or sid,
            based_on=based.get(W + "val") if based is not None else None,
            outline=int(outline.get(W + "val", "9")) if outline is not None else None,
            numbered=st.find(f"{W}pPr/{W}numPr") is not None,
        )
    return styles


def _heading_level(style_id: str | None, styles: dict[str, _Style]) -> int | None:
    """Heading level of a paragraph style (following basedOn), or None for body styles."""
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        st = styles.get(style_id)
        if st is None:
            m = _HEADING_NAME.match(style_id)
            return int(m.group(1)) if m else None
        m = _HEADING_NAME.match(st.name)
        if m:
            return int(m.group(1))
        if st.name.lower() in ("title", "titre", "título"):
            return 1
        if st.outline is not None and st.outline < 9:
            return st.outline + 1
        style_id = st.based_on
    return None


def _is_list_style(style_id: str | None, styles: dict[str, _Style]) -> bool:
    st = styles.get(style_id or "")
    return bool(st and (st.numbered or "list" in st.name.lower()))


def _para_text(p: etree._Element) -> tuple[str, list[str], bool]:
    """Visible text, cited footnote ids, and whether every run is bold."""
    parts: list[str] = []
    notes: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        tag = el.tag
        if tag == W + "t":
            if _in_deleted(el):
                continue
            parts.append(el.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag in (W + "footnoteReference", W + "endnoteReference"):
            kind = "f" if tag == W + "footnoteReference" else "e"
            notes.append(kind + (el.get(W + "id") or ""))
    runs = [r for r in p.iter(W + "r") if r.find(W + "t") is not None]
    bold = bool(runs) and all(_run_bold(r) for r in runs)
    return clean("".join(parts)), notes, bold


def _in_deleted(el: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent.tag != W + "p":
        if parent.tag in (W + "del", W + "moveFrom"):
            return True
        parent = parent.getparent()
    return False


def _run_bold(run: etree._Element) -> bool:
    b = run.find(f"{W}rPr/{W}b")
    return b is not None and b.get(W + "val", "true") not in ("0", "false", "off")


def _notes(pkg: SafeZip, part: str, prefix: str) -> dict[str, str]:
    root = pkg.xml(part)
    out: dict[str, str] = {}
    if root is None:
        return out
    for note in root.iter(W + "footnote", W + "endnote"):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = [_para_text(p)[0] for p in note.iter(W + "p")]
        text = " ".join(t for t in texts if t)
        if text:
            out[prefix + (note.get(W + "id") or "")] = text
    return out


class _Walker:
    def __init__(self, styles: dict[str, _Style], notes: dict[str, str]):
        self.styles = styles
        self.notes = notes
        self.tracker = SectionTracker()

    def body(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child)
            elif tag == W + "tbl":
                self.table(child)
            elif tag in (W + "sdt", W + "customXml", W + "smartTag"):
                content = child.find(W + "sdtContent")
                self.body(content if content is not None else child)

    def paragraph(self, p: etree._Element) -> None:
        text, notes, bold = _para_text(p)
        if text:
            style_el = p.find(f"{W}pPr/{W}pStyle")
            style_id = style_el.get(W + "val") if style_el is not None else None
            outline = p.find(f"{W}pPr/{W}outlineLvl")
            level = _heading_level(style_id, self.styles)
            if level is None and outline is not None and int(outline.get(W + "val", "9")) < 9:
                level = int(outline.get(W + "val", "9")) + 1
            if level is None and bold and looks_like_heading_text(text, 120):
                numbered = heading_number(text)
                level = numbered[1] if numbered else None
            if level is not None:
                self.tracker.heading(text, level)
            else:
                is_list = p.find(f"{W}pPr/{W}numPr") is not None or _is_list_style(style_id, self.styles)
                self.tracker.add(text, "list_item" if is_list else "paragraph")
        for ref in notes:
            note = self.notes.pop(ref, None)
            if note:
                self.tracker.add(note, "footnote", number=False)

    def table(self, tbl: etree._Element) -> None:
        for row in tbl.iter(W + "tr"):
            if _nearest_table(row) is not tbl:
                continue
            for cell in row.findall(W + "tc"):
                texts = []
                notes: list[str] = []
                for child in cell:
                    if child.tag == W + "p":
                        t, n, _ = _para_text(child)
                        texts.append(t)
                        notes.extend(n)
                    elif child.tag == W + "tbl":
                        self.table(child)
                text = " ".join(t for t in texts if t)
                if text:
                    self.tracker.add(text, "table_cell", number=False)
                for ref in notes:
                    note = self.notes.pop(ref, None)
                    if note:
                        self.tracker.add(note, "footnote", number=False)


def _nearest_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def read_docx(data: bytes, path: Path, limits) -> Document:
    """Read a DOCX file's bytes into a Document (no page numbers: Word files have none)."""
    pkg = SafeZip(data, path, limits.max_unzipped_bytes, "DOCX")
    root = pkg.xml("word/document.xml")
    if root is None:
        raise InputError(str(path), "the DOCX file has no word/document.xml (damaged file?)", "corrupt")
    body = root.find(W + "body")
    if body is None:
        raise InputError(str(path), "the DOCX file has no document body (damaged file?)", "corrupt")
    notes = _notes(pkg, "word/footnotes.xml", "f")
    notes.update(_notes(pkg, "word/endnotes.xml", "e"))
    walker = _Walker(_styles(pkg), notes)
    walker.body(body)
    for text in walker.notes.values():  # notes whose citation we did not meet
        walker.tracker.add(text, "footnote", number=False)
    return Document.from_blocks(walker.tracker.finish(), path=str(path), name=path.name, format="docx")
