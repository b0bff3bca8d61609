"""HTML reader (selectolax/lexbor): headings, paragraphs, lists, tables; scripts and styles ignored."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..document import Document
from ..errors import InputError
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

MAX_DEPTH = 10_000  # nested elements; real pages stay under ~100; the parser is quadratic (100,000: 30 s)
MAX_ATTRIBUTES = 1_000  # per element; likewise
# A tag, a comment, or raw text whose content is no markup; [^<>]* never rescans: linear.
_TAG = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)>")
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "plaintext", "noscript", "iframe", "noembed",
             "noframes"}
_RAW_END = {name: re.compile(f"</{name}", re.I) for name in _RAW_TEXT}
# Elements that never nest (void) or whose end tag may be left out (a new one closes the last).
_FLAT = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
         "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
         "caption", "rb", "rt", "rtc", "rp", "html", "head", "body", "param", "basefont", "bgsound", "frame",
         "keygen", "image"}


def check_structure(source: str, path: Path) -> None:
    """Refuse markup nested deeper than MAX_DEPTH or with more than MAX_ATTRIBUTES on one element,
    before the parser sees it (both cost it quadratic time). One linear pass over the tags."""
    depth = 0
    pos = 0
    search = _TAG.search
    while True:
        m = search(source, pos)
        if m is None:
            return
        pos = m.end()
        if m.group() == "<!--":
            end = source.find("-->", pos)
            pos = len(source) if end < 0 else end + 3
            continue
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if attrs.count("=") > MAX_ATTRIBUTES:
            raise InputError(str(path), f"an HTML element carries over {MAX_ATTRIBUTES:,} attributes: the page is "
                             "malformed or built to stall parsers", "too_complex")
        if closing:
            depth = max(0, depth - 1) if name not in _FLAT else depth
            continue
        if name in _RAW_TEXT:  # its content is text, not tags
            end = _RAW_END[name].search(source, pos)
            pos = len(source) if end is None else end.start()
            continue
        if name not in _FLAT:
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(str(path), f"the HTML nests elements more than {MAX_DEPTH:,} levels deep: the "
                                 "page is malformed or built to stall parsers", "too_complex")


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
    check_structure(source, path)
    tree = LexborHTMLParser(source)
    root = tree.body or tree.root
    walker = _Walker()
    if root is not None:
        walker.walk(root)
        walker.flush("paragraph", None)
    doc = Document.from_blocks(walker.tracker.finish(), path=str(path), name=path.name, format="html")
    doc.encoding = encoding
    return doc
