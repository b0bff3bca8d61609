"""Plain-text and Markdown readers: headings become sections, paragraphs are numbered."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ..document import Block, Document
from ..errors import InputError

# Legacy encodings, each with a test that its decoding is real text and not mojibake.
# GB18030 before the Cyrillic and Arabic code pages: its byte pairs also read as plausible Cyrillic
# letters, while Russian or Arabic text rarely decodes as GB18030 at all (odd-length words, я = 0xFF),
# and when it does its plausibility check (nearly all non-ASCII characters CJK) still refuses it.
LEGACY_ENCODINGS = ("cp1252", "gb18030", "cp1251", "cp1256")
_PLAUSIBILITY = {  # the plausibility test's classes, compiled on first use (see _classes)
    "letters": r"[^\W\d_]",
    "non_ascii_letters": r"[^\W\d_a-zA-Z]",
    "cyrillic": r"[\u0400-\u04ff]",
    "mid_upper_cyrillic": r"(?<=[\u0430-\u044f])[\u0410-\u042f]",
    "arabic": r"[\u0600-\u06ff]",
    "non_ascii_symbols": r"[^\x00-\x7f\w\s]",
    "cjk": r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]",
}

_MD_HEADING_START = re.compile(r"(#{1,6})\s+")  # the title is cut with str methods: linear on any line
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_NUMBERED_PARA = re.compile(r"^(\d{1,4})\.\s+(?=\S)")
_TEXT_HEADING = re.compile(
    r"^(?:(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章节部分])\s*\S.{0,100}$"
)


@cache
def _classes() -> dict[str, re.Pattern]:
    """_PLAUSIBILITY compiled: only text that is not UTF-8 is tested (~2 ms less at start-up, most for the CJK class)."""
    return {name: re.compile(pattern) for name, pattern in _PLAUSIBILITY.items()}


def _plausible(text: str, encoding: str) -> bool:
    """Does this decoding look like real text in that encoding's languages?"""
    classes = _classes()
    letters = len(classes["letters"].findall(text)) or 1
    non_ascii = len(classes["non_ascii_letters"].findall(text))
    if encoding in ("cp1251", "cp1256") and len(classes["non_ascii_symbols"].findall(text)) > 0.05 * max(non_ascii, 1):
        return False  # stray symbols between letters: double-byte text read one byte at a time
    if encoding == "cp1252":  # English, French, Spanish: accents are a minority of letters
        return non_ascii / letters < 0.2
    if encoding == "cp1251":  # Russian: mostly Cyrillic, capitals only at word starts
        cyr = len(classes["cyrillic"].findall(text))
        return cyr / letters > 0.5 and len(classes["mid_upper_cyrillic"].findall(text)) < 0.05 * cyr
    if encoding == "cp1256":
        return len(classes["arabic"].findall(text)) / letters > 0.6
    if encoding == "gb18030":
        other = sum(1 for ch in text if ord(ch) > 127)
        return len(classes["cjk"].findall(text)) >= 0.9 * other
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes: BOMs first, then UTF-8, then the legacy encodings; return (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(str(path), f"invalid UTF-16 text: {exc}", "bad_encoding") from exc
    if b"\x00" in data[:4096]:
        enc = _utf16_without_bom(data)
        if enc:
            text = data.decode(enc, errors="replace")
            sample = text[:2000]
            if sum(ch.isprintable() or ch.isspace() for ch in sample) > 0.95 * len(sample):
                return text, enc
        raise InputError(
            str(path),
            "looks like a binary file, not text (NUL bytes and no known document signature)",
            "binary",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    for enc in LEGACY_ENCODINGS:
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text, enc):
            return data.decode(enc, errors="replace"), enc
    return data.decode("cp1252", errors="replace"), "cp1252 (uncertain)"


def _paragraph_number(text: str, counter: int) -> tuple[str, str]:
    """The block's cited paragraph number: its own printed number, or the running count."""
    m = _NUMBERED_PARA.match(text)
    return (m.group(1), text) if m else (str(counter), text)


def _md_heading(line: str) -> tuple[int, str] | None:
    """ATX heading level and title ("## Title ##" -> (2, "Title")), or None. A regex with
    ``\\s*`` on both sides of an optional closing run took cubic time on a line of spaces."""
    m = _MD_HEADING_START.match(line)
    if m is None:
        return None
    return len(m.group(1)), line[m.end():].rstrip().rstrip("#").strip()


_MD_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def strip_comments(source: str) -> str:
    """HTML comments removed, as a Markdown renderer hides them (an unclosed one runs to the end);
    their line breaks stay, so the paragraphs around them stay apart."""
    if "<!--" not in source:
        return source
    return _MD_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), source)


def parse_markdown(source: str) -> list[Block]:
    """Split Markdown into blocks; ATX headings open sections, other blocks get numbers; HTML comments
    are not text."""
    source = strip_comments(source)
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []  # (level, title)
    counter = 0
    buf: list[str] = []
    kind = "paragraph"

    def section() -> tuple[str, ...]:
        return tuple(title for _, title in stack)

    def flush() -> None:
        nonlocal buf, counter, kind
        text = " ".join(line.strip() for line in buf).strip()
        if text:
            counter += 1
            number, _ = _paragraph_number(text, counter)
            blocks.append(Block(text=text, kind=kind, section=section(), paragraph=number))
        buf = []
        kind = "paragraph"

    in_code = False
    for line in source.splitlines():
        if line.strip().startswith("```"):
            flush()
            in_code = not in_code
            continue
        if in_code:
            continue
        heading = _md_heading(line)
        if heading:
            flush()
            level, title = heading
            while stack and stack[-1][0] >= level:
                stack.pop()
            blocks.append(Block(text=title, kind="heading", section=section(), level=level))
            stack.append((level, title))
            continue
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            for cell in cells:
                if cell:
                    blocks.append(Block(text=cell, kind="table_cell", section=section()))
            continue
        if _MD_LIST.match(line) and not _NUMBERED_PARA.match(stripped):
            flush()
            kind = "list_item"
            buf.append(_MD_LIST.sub("", line, count=1))
            continue
        if _MD_LIST.match(line) and _NUMBERED_PARA.match(stripped) and buf:
            flush()
        buf.append(line)
    flush()
    return blocks


def parse_plain(source: str) -> list[Block]:
    """Split plain text on blank lines; short numbered or upper-case lines become headings."""
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []
    counter = 0
    for chunk in re.split(r"\n\s*\n", source.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        if not lines:
            continue
        first = lines[0]
        is_heading = (
            len(lines) == 1
            and len(first) <= 100
            and not first.endswith((".", ";", ",", ":", "。"))
            and (bool(_TEXT_HEADING.match(first)) or (first.isupper() and len(first) > 3))
        )
        if is_heading:
            level = _heading_level(first)
            while stack and stack[-1][0] >= level:
                stack.pop()
            blocks.append(Block(text=first, kind="heading", section=tuple(t for _, t in stack), level=level))
            stack.append((level, first))
            continue
        counter += 1
        text = " ".join(lines)
        number, _ = _paragraph_number(text, counter)
        blocks.append(Block(text=text, kind="paragraph", section=tuple(t for _, t in stack), paragraph=number))
    return blocks


def _heading_level(title: str) -> int:
    """Roman numerals and upper case are level 1, letters level 2, 1.2-style by depth."""
    m = re.match(r"^(\d+(?:\.\d+)*)[.)]?\s", title)
    if m:
        return m.group(1).count(".") + 1
    if re.match(r"^[A-Z][.)]\s", title):
        return 2
    return 1


def read_text_bytes(data: bytes, path: Path, markdown: bool) -> Document:
    """Read a text or Markdown file's bytes into a Document."""
    source, encoding = decode(data, path)
    blocks = parse_markdown(source) if markdown else parse_plain(source)
    doc = Document.from_blocks(
        blocks, path=str(path), name=path.name, format="markdown" if markdown else "text"
    )
    doc.encoding = encoding
    if not encoding.startswith(("utf-8", "utf-16")):
        doc.warnings.append(f"text is not UTF-8: decoded as {encoding} (legacy encoding detected); "
                            "check the text with `hrba extract`")
    return doc
