"""The document model: what every reader produces and every matcher consumes.

A :class:`Document` is an ordered list of :class:`Block` objects (headings, paragraphs,
list items, table cells, footnotes).  ``Document.text`` is the blocks' text joined by
``BLOCK_SEPARATOR``; each block records its ``start``/``end`` offsets into it, so any
evidence offset maps back to a block and so to its page, section and paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

BLOCK_SEPARATOR = "\n\n"
BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_cell", "footnote")
# What a block is for (assigned in ingestion by ingest/roles.py); only "body" is evidence by default.
BLOCK_ROLES = ("cover", "front_matter", "toc", "heading", "body", "list_of_participants", "references",
               "footnote", "annex")
EVIDENCE_ROLES = ("body",)


@dataclass
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


@dataclass
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
        for block in blocks:
            if not block.text.strip():
                continue
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
