"""Block roles: cover, front matter, contents, headings, body, participants, references, annexes.

Runs once per document after the reader has built its blocks (any format), in one linear pass
plus a few look-backs: it finds where the document *opens* (its first body paragraph), marks
what comes before it as cover or front matter (except the contents and the headings right above
the opening), follows contents, participants, references and annex zones from their headings,
demotes cover lines that looked like headings and promotes plain lines that are real headings
(an annex heading, a contents entry's title), then rebuilds the section paths so sections start
only at real headings. All cue words live in ``checklists/document/roles.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..diskcache import cached, code_files, fingerprint, regexes
from ..document import Block
from ..normalize import normalize_term
from ..rulefile import load_rule_file
from ..safe_regex import check_regex
from ..vocabulary import CHECKLIST_DIR
from .structure import PARA_NUMBER, TERMINAL, has_leader, heading_number, looks_like_heading_text

ROLES_PATH = CHECKLIST_DIR / "document" / "roles.yaml"
ZONE_ROLES = ("front_matter", "list_of_participants", "references", "annex")
_COMPILED = regexes("roles", {  # kept compiled in the disk cache (~1 ms to compile)
    "toc_tail": r"(?:\s+\d{1,4}(?:\s*[-–—]\s*\d{1,4})?){1,2}\s*$",  # "... 1–4  3", "... 24"
    "sentence": r"[^\W\d_]{3,}[.!?。！？](?:\s|$)",  # a word ending a sentence ("age. The ...")
    "annex_title": r"\s*[:：—–]\s*|\s+-\s+",  # "annex i: list of participants"
    "numbering": r"^(?:[ivxlc]{1,7}|[a-zа-я]|\d{1,2}(?:\.\d{1,2})*|[一二三四五六七八九十]{1,3})[.)、:]?\s+",
    "dash": r"\s+[-–—]\s+",
    "leader": r"\s*(?:\.{3,}|(?:\. ){3,}|…{2,}|_{3,})",
})
_TOC_TAIL = _COMPILED["toc_tail"]
_SENTENCE_END = TERMINAL[:2] + ("!", "?", "。", "！", "？", ";", "；", ":")
_SENTENCE = _COMPILED["sentence"]
_ANNEX_TITLE = _COMPILED["annex_title"]
_NUMBERING = _COMPILED["numbering"]


@dataclass(frozen=True, eq=False, repr=False)
class RoleRules:
    """The compiled cue words of a roles file."""

    opening_words: int
    front_max_blocks: int
    annex_substance_chars: int
    front_max_chars: int
    front_patterns: tuple[re.Pattern, ...]
    front_lines: re.Pattern
    cover_lines: re.Pattern
    toc_headings: re.Pattern
    toc_lines: re.Pattern
    zone_headings: tuple[tuple[str, re.Pattern, re.Pattern], ...]  # (role, cue starting a heading, whole line)
    preliminary: re.Pattern  # titles of sections that introduce rather than programme ("Introduction")
    examples: tuple[dict, ...]


_LETTER_AFTER = r"(?![^\W\d_])"  # a Latin, Cyrillic or Arabic cue ends at a word's end
_LETTER_BEFORE = r"(?<![^\W\d_])"


def _phrase(phrase: str) -> str:
    """One cue phrase as a regex body: its normalised words, ``*`` for any words in between."""
    return r"\b.*\b".join(re.escape(p.strip()) for p in normalize_term(phrase).split("*")).replace(r"\ ", " ")


def _cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff"


def _alternation(cues: dict[str, list[str]], anchor: str) -> re.Pattern:
    """All languages' phrases as one regex: ``contains`` (anywhere), ``starts``, ``whole`` or
    ``designated`` (whole, or followed by a number or letter: "annex ii"); ``starts`` is for headings:
    the cue and its designation, then nothing or a title after a colon or dash. Words match whole
    words; Chinese phrases (no spaces) match anywhere they stand."""
    raw = sorted({p for terms in cues.values() for p in terms}, key=lambda p: -len(p))
    words = "|".join(_phrase(p) for p in raw if not _cjk(p.strip(" *")[:1]))
    chinese = "|".join(_phrase(p) for p in raw if _cjk(p.strip(" *")[:1]))
    body = f"{_LETTER_BEFORE}(?:{words}){_LETTER_AFTER}" + (f"|(?:{chinese})" if chinese else "")
    designation = r"(?: (?:[ivxlc]{1,5}|\d{1,2}|[a-z])|[一二三四五六七八九十]{1,3})?"
    if anchor == "starts":  # a heading: the cue, a designation, then only a title after a colon or dash
        return re.compile(rf"^(?:{body}){designation}(?:\s?[:：—–(]| - |[.:]?$)")
    if anchor == "whole":
        return re.compile(rf"^(?:{body})$")
    if anchor == "designated":  # "annex", "annex ii", "annexe 3", "anexo a", "附件一"
        return re.compile(rf"^(?:{body})(?: (?:[ivxlc]{{1,5}}|\d{{1,2}}|[a-z])|[一二三四五六七八九十]{{1,3}})?[.:]?$")
    return re.compile(body)


def load_role_rules(path: Path | None = None) -> RoleRules:
    """Load and compile a roles file (schema ``roles``); errors name file, line and key."""
    source = load_rule_file(path or ROLES_PATH, "roles")
    data = source.data
    patterns = []
    for i, pattern in enumerate(data["front_matter"]["patterns"]):
        try:
            patterns.append(check_regex(pattern))
        except ValueError as exc:
            raise source.error(str(exc), ["front_matter", "patterns", i]) from None
    zones = tuple((role, _alternation(data[role]["headings"], "starts"), _alternation(data[role]["headings"], "designated"))
                  for role in ("front_matter", "list_of_participants", "references", "annex"))
    return RoleRules(
        opening_words=data["opening_words"],
        front_max_blocks=data["front_max_blocks"],
        annex_substance_chars=data["annex_substance_chars"],
        front_max_chars=data["front_matter"].get("max_chars", 90),
        front_patterns=tuple(patterns),
        front_lines=_alternation(data["front_matter"]["lines"], "contains"),
        cover_lines=_alternation(data["cover"]["lines"], "contains"),
        toc_headings=_alternation(data["toc"]["headings"], "whole"),
        toc_lines=_alternation(data["toc"]["lines"], "whole"),
        zone_headings=zones,
        preliminary=_alternation(data["preliminary_sections"]["headings"], "designated"),
        examples=tuple(data["examples"]),
    )


@cache
def builtin_role_rules() -> RoleRules:
    """The built-in rules, compiled once per process (and kept in the disk cache between runs)."""
    key = fingerprint([ROLES_PATH, *code_files()], "roles")
    return cached("roles", key, load_role_rules)


_DASH = _COMPILED["dash"]
_LEADER = _COMPILED["leader"]


def _key(text: str) -> str:
    """A block's text as cues compare it: normalised, without dot leaders and what follows them."""
    text = text.strip().rstrip("*†‡ ")
    if has_leader(text):
        text = _LEADER.split(text, maxsplit=1)[0]
    return normalize_term(_DASH.sub(": ", text))  # "Annex 2 - Persons consulted": a dash separates a title


def _title_key(text: str) -> str:
    """A heading or contents entry's title without numbering or trailing page numbers."""
    text = text.strip().rstrip("*†‡ ")
    if has_leader(text):
        text = _LEADER.split(text, maxsplit=1)[0]
    key = normalize_term(_TOC_TAIL.sub("", text)).strip(" .:")
    return _NUMBERING.sub("", key).strip()


class _Assigner:
    def __init__(self, blocks: list[Block], rules: RoleRules):
        self.blocks = blocks
        self.rules = rules
        self.roles: list[str | None] = [None] * len(blocks)
        self.toc_titles: set[str] = set()
        self.changed = False  # a heading was demoted or a line promoted: sections need rebuilding
        self._keys: dict[str, str] = {}
        self._title_keys: dict[str, str] = {}

    def key(self, text: str) -> str:
        """``_key(text)``, worked out once per text of the document (the passes ask again)."""
        if text not in self._keys:
            self._keys[text] = _key(text)
        return self._keys[text]

    def title_key(self, text: str) -> str:
        """``_title_key(text)``, worked out once per text of the document."""
        if text not in self._title_keys:
            self._title_keys[text] = _title_key(text)
        return self._title_keys[text]

    # -- small predicates ---------------------------------------------------------------------
    def front_pattern(self, block: Block) -> bool:
        if len(block.text) > self.rules.front_max_chars + 10:
            return False
        text = block.text.strip()
        if len(text) > self.rules.front_max_chars:
            return False
        for pattern in self.rules.front_patterns:  # a loop: cheaper than any() over a generator
            if pattern.search(text):
                return True
        return False

    def heading_like(self, block: Block) -> bool:
        return block.kind == "heading" or (block.kind in ("paragraph", "list_item")
                                           and looks_like_heading_text(block.text, 120))

    def opens(self, block: Block) -> bool:
        """A body paragraph: printed number, or a sentence long enough, not a continuation."""
        if block.kind not in ("paragraph", "list_item") or has_leader(block.text):
            return False
        text = block.text.strip()
        if not text or text[:1].islower() or self.front_pattern(block):
            return False
        if PARA_NUMBER.match(text) and len(text) > 20:
            return text.endswith(_SENTENCE_END) or not _TOC_TAIL.search(text)  # not "1. Introduction 3"
        words = len(text.split()) if not _cjk(text[0]) else len(text) // 2
        return words >= self.rules.opening_words and (text.endswith(_SENTENCE_END) or _SENTENCE.search(text) is not None)

    def toc_entry(self, block: Block) -> bool:
        """A contents line: dot leader, column heads, or a short title ending in page numbers."""
        text = block.text.strip()
        if has_leader(text) or self.rules.toc_lines.match(self.key(text)):
            return True
        tail = _TOC_TAIL.search(text)
        return bool(tail) and len(text) <= 160 and not text[:tail.start()].rstrip(". …").endswith(_SENTENCE_END)

    def toc_heading(self, block: Block) -> bool:
        key = self.key(block.text)
        if len(key) > 60:
            return False
        if self.rules.toc_headings.match(key):
            return True
        # "CONTENTS Paragraphs Page": a contents heading run together with its column heads
        words = key.split()
        return any(self.rules.toc_headings.match(" ".join(words[:n])) and self.rules.toc_lines.match(" ".join(words[n:]))
                   for n in range(1, min(len(words), 4)))

    def zone_cue(self, block: Block) -> str | None:
        """The zone a heading opens ("Annex II: ...") or a plain line that is only a cue ("ANNEX")."""
        if not self.heading_like(block) or len(block.text) > 120:
            return None
        key = self.key(block.text)
        for role, starts, whole in self.rules.zone_headings:
            if (starts if block.kind == "heading" else whole).match(key):
                if role == "annex" and block.kind == "heading":  # "Annex I: List of participants"
                    rest = _ANNEX_TITLE.split(key, maxsplit=1)
                    inner = self.zone_cue(Block(rest[1], kind="heading")) if len(rest) == 2 else None
                    return f"annex+{inner}" if inner and inner != "annex" else role
                return role
        return None

    # -- passes -------------------------------------------------------------------------------
    def toc_zone(self, start: int) -> int:
        """Mark the contents from ``start`` (its heading or first entry); return the index after it."""
        blocks = self.blocks
        self.roles[start] = "toc"
        last_page = blocks[start].page
        i = start + 1
        while i < len(blocks):
            block = blocks[i]
            text = block.text.strip()
            entry = self.toc_entry(block)
            later_page = block.page is not None and last_page is not None and block.page > last_page
            if entry:
                if block.page is not None:
                    last_page = block.page
            elif block.kind == "footnote" or self.front_pattern(block):
                pass
            elif (later_page or block.page is None or not self.heading_like(block)
                  or self.title_key(text) in self.toc_titles):
                break
            if entry or self.heading_like(block):
                self.toc_titles.add(self.title_key(text))
            if self.roles[i] is None:
                self.roles[i] = "toc" if block.kind != "footnote" else "footnote"
            i += 1
        self.toc_titles.discard("")
        return i

    def opening(self, start: int = 0) -> int | None:
        """The first body paragraph at or after ``start``, within the front's reach."""
        limit = min(len(self.blocks), start + self.rules.front_max_blocks)
        return next((i for i in range(start, limit) if self.roles[i] is None and self.opens(self.blocks[i])), None)

    def front(self, opening: int) -> None:
        """Cover and front matter before the opening; the headings right above it stay headings."""
        blocks = self.blocks
        chain: set[int] = set()
        level = 99
        for i in range(opening - 1, -1, -1):
            block = blocks[i]
            if self.roles[i] is not None or block.kind == "footnote":
                if self.roles[i] == "toc":
                    break
                continue
            if block.kind != "heading" or (block.level or 1) >= level or self.zone_cue(block):
                break
            chain.add(i)
            level = block.level or 1
        after_toc = max((i for i in range(opening) if self.roles[i] == "toc"), default=-1)
        cover_end = self.cover_end(opening, after_toc)
        zone_level: int | None = None
        for i in range(opening):
            if self.roles[i] is not None or i in chain:
                continue
            block = blocks[i]
            if i > after_toc >= 0 and block.kind != "footnote":
                continue  # between the contents and the opening: ordinary headings and text
            if self.zone_cue(block) == "front_matter":
                self.roles[i], zone_level = "front_matter", block.level or 1  # "Acronyms"
                continue
            if zone_level is not None and block.kind == "heading" and (block.level or 1) <= zone_level:
                zone_level = None
            if zone_level is not None:
                self.roles[i] = "front_matter"
                continue
            if i > cover_end:
                continue  # after the last cover cue, on the opening's page: the plan's own text
            key = self.key(block.text)
            if block.kind == "footnote" or self.opens(block) or (
                    len(block.text) <= self.rules.front_max_chars and self.rules.front_lines.search(key)):
                self.roles[i] = "front_matter"  # "* The annex to the present report is circulated as received."
            else:
                self.roles[i] = "cover"

    def cover_end(self, opening: int, after_toc: int) -> int:
        """The last block before the opening that can be cover: up to the contents, the last page
        before the opening's, or the last line with a cover or front-matter cue (-1: no cover)."""
        if after_toc >= 0:
            return after_toc
        end = -1
        opened = self.blocks[opening].page
        for i in range(opening):
            block = self.blocks[i]
            if self.roles[i] is not None or (block.page is not None and opened is not None and block.page < opened):
                end = i
            elif len(block.text) <= 200:
                key = self.key(block.text)
                if self.rules.cover_lines.search(key) or self.rules.front_lines.search(key):
                    end = i
        return end

    def zones(self, opening: int) -> None:
        """Contents, participants, references, acronyms and annexes (these after the opening)."""
        blocks = self.blocks
        annex_at: int | None = None
        zone: tuple[str, int] | None = None  # (role, heading level) of the open non-annex zone
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if self.roles[i] is not None:
                i += 1
                continue
            if block.kind != "heading" and len(block.text) > 160:  # the common case: a body paragraph
                self.roles[i] = "toc" if has_leader(block.text) else zone[0] if zone is not None else None
                i += 1
                continue
            if (block.kind == "heading" or looks_like_heading_text(block.text, 60)) and self.toc_heading(block):
                i = self.toc_zone(i)
                continue
            if has_leader(block.text):
                self.roles[i] = "toc"
                i += 1
                continue
            cue = self.zone_cue(block)
            if cue is None and self.toc_titles and block.kind != "heading" and self.heading_like(block) \
                    and self.title_key(block.text) in self.toc_titles:
                number = heading_number(block.text)  # a contents entry's title: a real heading
                self.promote(block, number[1] if number else 1)
            if block.kind == "heading" or cue:
                if block.kind == "heading":
                    level = block.level or 1
                else:  # a plain cue line made a heading: an annex at the top, a list inside an annex
                    level = 1 if cue.startswith("annex") or annex_at is None else 2
                if zone is not None and level <= zone[1]:
                    zone = None
                self.promote(block, level)
                if cue is not None and cue.startswith("annex"):
                    if i >= opening:
                        annex_at = i if annex_at is None else annex_at
                    cue = cue.partition("+")[2] or None  # an annex that is a list of participants
                if cue is not None:
                    zone = (cue, level)
            if zone is not None:
                self.roles[i] = zone[0]
            i += 1
        if annex_at is not None:
            self.annex(opening, annex_at)

    def annex(self, start: int, annex_at: int) -> None:
        """Everything from the annex heading on is annex, unless the annex is the document's substance."""
        long = self.rules.annex_substance_chars
        before = sum(1 for b in self.blocks[start:annex_at] if b.kind != "footnote" and len(b.text) >= long)
        after = sum(1 for b in self.blocks[annex_at:] if b.kind != "footnote" and len(b.text) >= long)
        if after > before:
            return
        for i in range(annex_at, len(self.blocks)):
            block = self.blocks[i]
            if self.roles[i] is None and block.kind != "footnote":
                self.roles[i] = "annex"

    def promote(self, block: Block, level: int) -> None:
        if block.kind != "heading":
            block.kind, block.level, block.paragraph = "heading", level, None
            self.changed = True

    def finish(self) -> None:
        for block, role in zip(self.blocks, self.roles, strict=True):
            if role is None:
                role = "footnote" if block.kind == "footnote" else "heading" if block.kind == "heading" else "body"
            elif role in ("cover", "front_matter", "toc") and block.kind == "heading":
                block.kind, block.level = "paragraph", None  # never a section
                self.changed = True
            block.role = role
        if self.changed:
            rebuild_sections(self.blocks)


def preliminary_section(title: str, rules: RoleRules | None = None) -> bool:
    """Whether a section title names an introductory section ("Introduction", "1. Méthodologie")."""
    return bool((rules or builtin_role_rules()).preliminary.match(_title_key(title)))


def rebuild_sections(blocks: list[Block]) -> None:
    """Section paths from the headings alone (after demotions and promotions)."""
    stack: list[tuple[int, str]] = []
    section: tuple[str, ...] = ()  # the titles on the stack (made once per heading, shared by its blocks)
    for block in blocks:
        if block.kind == "heading":
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            block.section = tuple(t for _, t in stack)
            stack.append((level, block.text))
            section = tuple(t for _, t in stack)
        else:
            block.section = section


def assign_roles(blocks: list[Block], rules: RoleRules | None = None) -> list[Block]:
    """Give every block its role (in place); fix kinds and sections where cover lines posed as headings."""
    if not blocks:
        return blocks
    rules = rules or builtin_role_rules()
    assigner = _Assigner(blocks, rules)
    longest = rules.front_max_chars + 10  # front_pattern's first test, here: most blocks are longer
    for i, block in enumerate(blocks):  # symbols, GE numbers, dates, separators: wherever they are
        if len(block.text) <= longest and block.kind != "footnote" and assigner.front_pattern(block):
            assigner.roles[i] = "front_matter"
    # Contents near the start come first: the document opens after them (a cover note such as
    # "Previously issued under document symbol ..." reads like a sentence but opens nothing).
    # Dot leaders alone start them only before any body paragraph ("Total ...... 45%" in a table is
    # not a table of contents); a contents heading may follow a foreword.
    toc_end = 0
    first = assigner.opening()
    for i in range(min(len(blocks), rules.front_max_blocks)):
        block = blocks[i]
        if assigner.roles[i] is not None:
            continue
        if ((block.kind == "heading" or looks_like_heading_text(block.text, 60)) and assigner.toc_heading(block)) \
                or (has_leader(block.text) and (first is None or i < first)):
            toc_end = assigner.toc_zone(i)
            break
    opening = assigner.opening(toc_end)
    if opening is not None:
        assigner.front(opening)
    assigner.zones(opening or 0)
    assigner.finish()
    return blocks
