"""The document model: what every reader produces and every matcher consumes.

A :class:`Document` is an ordered list of :class:`Block` objects (headings, paragraphs,
list items, table cells, footnotes).  ``Document.text`` is the blocks' text joined by
``BLOCK_SEPARATOR``; each block records its ``start``/``end`` offsets into it, so any
evidence offset maps back to a block and so to its page, section and paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

BLOCK_SEPARATOR = "\n\n"
# A block longer than this is cut at a sentence end (else a space) into pieces of at most this size,
# each keeping the block's place: work per block and the length of any quote stay bounded however
# large a single paragraph of hostile input is. Real paragraphs stay far below it.
MAX_BLOCK_CHARS = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SENTENCE_ENDS = (". ", "? ", "! ", "; ", "。", "！", "？", "؟ ", "\n")
BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_cell", "footnote")
# What a block is for (assigned in ingestion by ingest/roles.py); only "body" is evidence by default.
BLOCK_ROLES = ("cover", "front_matter", "toc", "heading", "body", "list_of_participants", "references",
               "footnote", "annex")
EVIDENCE_ROLES = ("body",)


@dataclass(slots=True, eq=False, repr=False)
class Block:
    """One unit of reading order: a heading, paragraph, list item, table cell or footnote."""

    text: str
    kind: str = "paragraph"
    page: int | None = None  # 1-based page number, when the format has pages
    section: tuple[str, ...] = ()  # titles of the enclosing headings, outermost first
    paragraph: str | None = None  # the document's own paragraph number ("57") or a running count
    level: int | None = None  # heading level (1 = top), headings only
    lang: str | None = None  # ISO 639-1 code of the block's language, when detected
    role: str = "body"  # one of BLOCK_ROLES
    start: int = 0  # offset of the block's text in Document.text
    end: int = 0

    def location(self) -> dict:
        """Where the block is, as reviewers cite it."""
        return {
            "page": self.page,
            "section": " > ".join(self.section) if self.section else None,
            "paragraph": self.paragraph,
        }


def _bounded(blocks: Iterable[Block]) -> Iterator[Block]:
    """The blocks, those over MAX_BLOCK_CHARS cut into pieces (continuations of a heading are paragraphs)."""
    for block in blocks:
        text = block.text
        if len(text) <= MAX_BLOCK_CHARS:
            yield block
            continue
        start, first = 0, True
        while start < len(text):
            end = start + MAX_BLOCK_CHARS
            if end < len(text):
                floor = start + MAX_BLOCK_CHARS // 2
                cut = max(text.rfind(mark, floor, end) + len(mark) for mark in _SENTENCE_ENDS)
                if cut < floor:
                    cut = text.rfind(" ", floor, end) + 1
                end = cut if cut > floor else end
            yield replace(block, text=text[start:end].strip()) if first else \
                replace(block, text=text[start:end].strip(), kind="paragraph" if block.kind == "heading" else
                        block.kind, level=None if block.kind == "heading" else block.level)
            start, first = end, False


@dataclass(eq=False, repr=False)
class Document:
    """A document read into blocks, with its provenance."""

    path: str
    name: str
    format: str  # "text", "markdown", "pdf", "docx", "odt", "html"
    blocks: list[Block] = field(default_factory=list)
    sha256: str = ""
    pages: int | None = None
    lang: str | None = None  # dominant language
    lang_source: str = "detected"  # "detected" or "option"
    encoding: str | None = None  # for text files: the encoding that was used
    warnings: list[str] = field(default_factory=list)
    skipped_pages: list[int] = field(default_factory=list)  # pages with no text layer
    text: str = ""

    @classmethod
    def from_blocks(cls, blocks: Iterable[Block], **kwargs) -> Document:
        """Build a document, laying the blocks end to end and setting their offsets."""
        doc = cls(**kwargs)
        parts: list[str] = []
        pos = 0
        for block in _bounded(blocks):
            if not block.text.strip():
                continue
            # Escape sequences, bells, NULs: one space each (offsets kept). None is printable, and
            # isprintable() is the cheaper scan.
            if not block.text.isprintable() and _CONTROL.search(block.text):
                block.text = _CONTROL.sub(" ", block.text)
            if parts:
                parts.append(BLOCK_SEPARATOR)
                pos += len(BLOCK_SEPARATOR)
            block.start = pos
            block.end = pos + len(block.text)
            parts.append(block.text)
            pos = block.end
            doc.blocks.append(block)
        doc.text = "".join(parts)
        return doc

    def block_at(self, offset: int) -> Block | None:
        """The block containing ``offset`` (binary search)."""
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            block = self.blocks[mid]
            if offset < block.start:
                hi = mid - 1
            elif offset >= block.end:
                lo = mid + 1
            else:
                return block
        return None

    def to_dict(self, with_blocks: bool = True) -> dict:
        """JSON-ready form (used by ``hrba extract --format json``)."""
        data = {
            "path": self.path,
            "name": self.name,
            "format": self.format,
            "sha256": self.sha256,
            "pages": self.pages,
            "lang": self.lang,
            "lang_source": self.lang_source,
            "encoding": self.encoding,
            "warnings": list(self.warnings),
            "skipped_pages": list(self.skipped_pages),
            "block_count": len(self.blocks),
        }
        if with_blocks:
            data["blocks"] = [
                {
                    "index": i,
                    "kind": b.kind,
                    "role": b.role,
                    "text": b.text,
                    "page": b.page,
                    "section": list(b.section),
                    "paragraph": b.paragraph,
                    "level": b.level,
                    "lang": b.lang,
                    "start": b.start,
                    "end": b.end,
                }
                for i, b in enumerate(self.blocks)
            ]
        return data
