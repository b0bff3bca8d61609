"""HTML reader (selectolax/lexbor): headings, paragraphs, lists, tables; scripts and styles ignored."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..document import Document
from .structure import SectionTracker, clean
from .text import decode

_SKIP = {"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "canvas",
         "select", "button", "input", "textarea", "-comment", "title", "meta", "link"}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "li", "dt", "dd",
          "td", "th", "caption", "figcaption", "figure", "blockquote", "pre", "tr", "table", "thead", "tbody",
          "tfoot", "ul", "ol", "dl", "hr", "form", "address", "details", "summary", "fieldset", "legend",
          "body", "center", *_HEADINGS}
_KIND = {"li": "list_item", "dt": "list_item", "dd": "list_item", "td": "table_cell", "th": "table_cell"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_NOTE_CLASS = re.compile(r"\b(?:foot|end)notes?\b", re.I)


def _decode_html(data: bytes, path: Path) -> tuple[str, str]:
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _CHARSET.search(data[:4096])
        if m:
            name = m.group(1).decode("ascii", errors="ignore")
            try:
                codecs.lookup(name)
                return data.decode(name, errors="replace"), name.lower()
            except LookupError:
                pass
    return decode(data, path)


class _Walker:
    def __init__(self) -> None:
        self.tracker = SectionTracker()
        self.buf: list[str] = []

    def flush(self, kind: str, level: int | None) -> None:
        text = clean(" ".join("".join(self.buf).split()))
        self.buf = []
        if not text:
            return
        if level is not None:
            self.tracker.heading(text, level)
        elif kind == "footnote":
            self.tracker.add(text, "footnote", number=False)
        else:
            self.tracker.add(text, kind, number=kind != "table_cell")

    def walk(self, root) -> None:
        """Iterative depth-first walk (deeply nested pages cannot overflow the stack)."""
        # Stack items: (node, kind, heading level) to enter, or None + context to flush on exit.
        stack: list[tuple] = [("enter", root, "paragraph", None)]
        while stack:
            action, node, kind, level = stack.pop()
            if action == "exit":
                self.flush(kind, level)
                continue
            tag = node.tag
            if tag == "-text":
                self.buf.append(node.text_content or "")
                continue
            if tag in _SKIP:
                continue
            if tag == "br":
                self.buf.append(" ")
                continue
            if tag in _BLOCK:
                self.flush(kind, level)
                kind = _KIND.get(tag, kind)
                attrs = node.attributes
                if _NOTE_CLASS.search(attrs.get("class") or "") or (attrs.get("role") or "").startswith(
                    ("doc-footnote", "doc-endnote")
                ):
                    kind = "footnote"
                level = _HEADINGS.get(tag)
                stack.append(("exit", node, kind, level))
            children = list(node.iter(include_text=True))
            for child in reversed(children):
                stack.append(("enter", child, kind, level))


def read_html(data: bytes, path: Path) -> Document:
    """Read an HTML page's bytes into a Document."""
    source, encoding = _decode_html(data, path)
    tree = LexborHTMLParser(source)
    root = tree.body or tree.root
    walker = _Walker()
    if root is not None:
        walker.walk(root)
        walker.flush("paragraph", None)
    doc = Document.from_blocks(walker.tracker.finish(), path=str(path), name=path.name, format="html")
    doc.encoding = encoding
    return doc
