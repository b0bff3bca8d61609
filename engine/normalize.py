"""Text normalisation for matching, with a map from normalised offsets back to the original.

Both vocabulary terms and document text go through :func:`normalize`, so matching is
insensitive to Unicode compatibility forms (NFKC: Kangxi radicals, full-width Latin,
ligatures), Arabic diacritics and letter variants, hyphen and space variants, soft hyphens,
curly apostrophes and line breaks, and (optionally) to case. In text with Chinese (or other CJK)
characters, a space between two CJK characters or between a CJK character and a digit is dropped,
so typesetting such as "《2030 年可持续发展议程》" matches the term "2030年可持续发展议程".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .diskcache import cached, fingerprint, regexes

# Characters removed outright: Arabic harakat, superscript alef, tatweel, soft hyphen,
# pypdfium2's hyphenation marker, zero-width characters, bidi controls.
_DROP = set(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u00ad", "\x02", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
    + [chr(c) for c in range(0x200E, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
# Single-character folds applied after NFKC.
_FOLD = {
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ",
    "\u2212": " ", "\ufe63": " ", "\uff0d": " ",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # alef forms
    "\u0649": "\u064a",  # alef maqsura -> ya
    "\u0629": "\u0647",  # ta marbuta -> ha
    "\u06cc": "\u064a", "\u06a9": "\u0643",  # Persian ya/kaf
    "\u0451": "\u0435", "\u0401": "\u0415",  # Russian yo -> ye
}
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0x3000, 0x303F), (0xFF00, 0xFF60), (0x20000, 0x2FFFF))
# The same ranges as a regex character-class body (for tokenisers that treat CJK apart).
CJK_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES)
_COMPILED = regexes("normalize", {
    "has_cjk": "[\u2e80-\u9fff]",  # Han, kana and CJK punctuation: text holding one is treated as CJK text
    "cjk": f"[{CJK_CLASS}]",
})
_HAS_CJK = _COMPILED["has_cjk"]  # one range: a quick scan
CJK_CHARS = _COMPILED["cjk"]
_CJK_CHAR = CJK_CHARS.fullmatch


def is_cjk(ch: str) -> bool:
    """True for Han ideographs, CJK punctuation, kana and full-width forms."""
    return _CJK_CHAR(ch) is not None


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """NFKC plus hrba's folds for one character ("" to drop it)."""
    if ch in _DROP:
        return ""
    out = unicodedata.normalize("NFKC", ch)
    return "".join("" if c in _DROP else _FOLD.get(c, c) for c in out)


def _ranges(codepoints: Iterable[int]) -> str:
    """The body of a regex character class holding ``codepoints``, as ranges ("a-z0-9")."""
    ranges: list[list[int]] = []
    for cp in sorted(set(codepoints)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


def _plain_class() -> tuple[str, dict[int, str]]:
    """Runs of characters that normalisation maps one to one (a regex), and the table doing it.

    A character qualifies when NFKC plus hrba's folds give exactly one non-space character that
    case-folds to one character; the fast path then translates and case-folds whole runs.
    """
    plain: list[int] = []
    table: dict[int, str] = {}
    for cp in range(0x21, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if ch.isspace() or unicodedata.combining(ch):
            continue
        folded = _fold_char(ch)
        if len(folded) != 1 or folded.isspace() or unicodedata.combining(folded) or len(folded.casefold()) != 1:
            continue
        if folded != ch:
            table[cp] = folded
        plain.append(cp)
    return _ranges(plain), table


def char_class(codepoints: Iterable[int]) -> re.Pattern:
    """A regex matching any one of ``codepoints``, written as ranges (a quick test before a translate)."""
    body = _ranges(codepoints)
    return re.compile(f"[{body}]" if body else "(?!)")


def _ascii_plain(plain_no_space: re.Pattern, table: dict[int, str]) -> re.Pattern:
    """ASCII text that normalisation changes in place (bar case): printable characters that do not fold,
    in words apart by single spaces or by hyphens (each folds to a space) between two such characters,
    or ending the text."""
    body = _ranges(c for c in range(0x21, 0x7F) if plain_no_space.fullmatch(chr(c)) and c not in table)
    if _fold_char("-") != " " or re.match(f"[{body}]", "-"):
        return re.compile("(?!)")  # the pieces _in_place makes would not be normalize's
    return re.compile(f"[{body}]+(?:[ -][{body}]+)*-?")


_PlainPatterns = tuple[re.Pattern, re.Pattern, dict[int, str], re.Pattern, re.Pattern]


def _plain_patterns() -> _PlainPatterns:
    """The fast path's runs (single spaces inside), the same without spaces (for CJK text), the fold table,
    the characters it folds (char_class) and the ASCII text normalised in place (_ascii_plain)."""
    parts, table = _plain_class()
    plain_no_space = re.compile(f"[{parts}]+")
    return (re.compile(f" ?[{parts}]+(?: [{parts}]+)*"), plain_no_space, table, char_class(table),
            _ascii_plain(plain_no_space, table))


def _cached_plain_class() -> _PlainPatterns:
    """_plain_patterns from the disk cache: scanning the Basic Multilingual Plane takes about 0.1 s, and
    compiling the class's ~61,000 characters about 10 ms (the cache keeps the regexes compiled, the
    fold classes included: ~2 ms more)."""
    key = fingerprint([Path(__file__)], unicodedata.unidata_version)
    return cached("plain-class", key, _plain_patterns)


_PLAIN, _PLAIN_NO_SPACE, _FOLD_TABLE, _FOLDED_CHARS, _ASCII_PLAIN = _cached_plain_class()
# Every fold is one character to one that folds no further: replacing the characters present one
# after the other gives what str.translate gives, several times quicker (translate looks up each character).
_FOLDS_ONCE = all(len(v) == 1 and ord(v) not in _FOLD_TABLE for v in _FOLD_TABLE.values())


def _in_place(text: str, casefold: bool) -> Normalized:
    """``normalize(text, casefold)`` for a text ``_ASCII_PLAIN`` matches: plain runs, each hyphen a piece."""
    if "-" not in text:
        return Normalized(text.lower() if casefold else text, [0], [0], [1], len(text), True)
    starts, steps = [0], [1]
    i = text.find("-")
    while i >= 0:
        starts += [i, i + 1]
        steps += [0, 1]
        i = text.find("-", i + 1)
    if text[-1] == "-":  # no run after the last hyphen
        del starts[-1], steps[-1]
    folded = text.replace("-", " ")
    return Normalized(folded.lower() if casefold else folded, starts, starts.copy(), steps, len(text), True)


def _fold_run(seg: str) -> str:
    """``seg.translate(_FOLD_TABLE)`` for a run of plain characters."""
    if not _FOLDS_ONCE:
        return seg.translate(_FOLD_TABLE)
    for ch in set(_FOLDED_CHARS.findall(seg)):
        seg = seg.replace(ch, _FOLD_TABLE[ord(ch)])
    return seg


@dataclass
class Normalized:
    """Normalised text and, for each of its characters, the original offset it came from.

    The offsets are kept as pieces (no list of one number per character): from normalised offset
    ``starts[k]`` on, characters come from ``origins[k]`` onwards (``steps[k]`` 1: a run copied one
    to one) or all from ``origins[k]`` (``steps[k]`` 0: one character that folded into several).
    """

    text: str
    starts: list[int]
    origins: list[int]
    steps: list[int]
    source_length: int
    identity: bool = False  # every character kept its offset (nothing dropped, merged or expanded)

    def origin(self, pos: int) -> int:
        """The original offset of normalised character ``pos``."""
        k = bisect_right(self.starts, pos) - 1
        return self.origins[k] + (pos - self.starts[k]) * self.steps[k]

    @property
    def offsets(self) -> list[int]:
        """The original offset of every normalised character."""
        return [self.origin(pos) for pos in range(len(self.text))]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end)."""
        if start >= len(self.text):
            return self.source_length, self.source_length
        if self.identity:
            return start, max(end, start)
        o_start = self.origin(start)
        o_end = self.origin(end - 1) + 1 if end > start else o_start
        # Extend over characters that were dropped or merged right after the span's end.
        return o_start, max(o_end, o_start)


def normalize(text: str, casefold: bool = True) -> Normalized:
    """Normalise ``text`` for matching; whitespace runs become one space, CJK line breaks vanish."""
    if text.isascii() and _ASCII_PLAIN.fullmatch(text):  # most paragraphs: offsets unchanged
        return _in_place(text, casefold)
    out: list[str] = []
    starts: list[int] = []  # the offset map's pieces (see Normalized)
    origins: list[int] = []
    steps: list[int] = []
    pos = 0  # normalised length so far
    shifted = False  # some piece does not map one to one onto the same offsets
    i, n = 0, len(text)
    last = ""  # last emitted character
    # CJK text: spaces go through the slow path below, which drops those between CJK and CJK or digits.
    cjk = not text.isascii() and _HAS_CJK.search(text) is not None
    plain = _PLAIN_NO_SPACE if cjk else _PLAIN
    while i < n:
        m = plain.match(text, i)
        end = m.end() if m else i
        if end < n and unicodedata.combining(text[end]):
            end -= 1  # leave the base character to its combining marks
        if end > i and text[i] == " " and (last == " " or not out):
            i += 1  # a single space after a folded hyphen, or leading: already collapsed
            continue
        if end > i:
            seg = text[i:end]
            if _FOLDED_CHARS.search(seg):
                seg = _fold_run(seg)
            out.append(seg.casefold() if casefold else seg)
            shifted = shifted or pos != i
            starts.append(pos)
            origins.append(i)
            steps.append(1)
            pos += end - i
            last = seg[-1]
            i = end
            continue
        ch = text[i]
        if ch.isspace():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            nxt = text[j] if j < n else ""
            has_break = "\n" in text[i:j]
            # A line break between two CJK characters was inserted by layout: drop it; so is a space
            # between CJK characters, or between one and a digit ("2030 年", "《 2030").
            joined = bool(last and nxt) and (
                (has_break and is_cjk(last) and is_cjk(nxt))
                or (cjk and ((is_cjk(last) and (is_cjk(nxt) or nxt.isdigit())) or (last.isdigit() and is_cjk(nxt)))))
            if not joined and out and j < n and last != " ":
                out.append(" ")
                shifted = shifted or pos != i
                starts.append(pos)
                origins.append(i)
                steps.append(1)
                pos += 1
                last = " "
            i = j
            continue
        # Gather a cluster: base character plus combining marks, so NFKC can compose it.
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        folded = _fold_char(cluster) if j == i + 1 else _fold_cluster(cluster)
        if casefold and folded:
            folded = folded.casefold().replace("\u0307", "")  # "İ" -> "i"
        if folded == " " and (last == " " or not out):
            folded = ""
        if folded:
            out.append(folded)
            shifted = shifted or pos != i or len(folded) != 1 or j != i + 1
            starts.append(pos)
            origins.append(i)
            steps.append(0)
            pos += len(folded)
            last = folded[-1]
        i = j
    return Normalized("".join(out), starts, origins, steps, len(text), not shifted)


def normalize_both(text: str) -> dict[bool, Normalized]:
    """``{casefold: normalize(text, casefold)}`` for both modes, normalising once when possible.

    Case folding maps character by character, so the folded text is the case-preserving one folded,
    with the same offsets, whenever no character grows in folding ("ß" -> "ss") and no combining dot
    above appears (the folded mode drops it after "İ").
    """
    if text.isascii() and _ASCII_PLAIN.fullmatch(text):  # most paragraphs: offsets unchanged, ASCII folds by lower()
        exact = _in_place(text, False)
        return {False: exact, True: Normalized(exact.text.lower(), exact.starts, exact.origins, exact.steps,
                                               exact.source_length, True)}
    exact = normalize(text, casefold=False)
    folded = exact.text.casefold()
    if len(folded) == len(exact.text) and "\u0307" not in folded:
        return {False: exact, True: Normalized(folded, exact.starts, exact.origins, exact.steps, exact.source_length,
                                               exact.identity)}
    return {False: exact, True: normalize(text, casefold=True)}


def _fold_cluster(cluster: str) -> str:
    composed = unicodedata.normalize("NFKC", cluster)
    return "".join(_fold_char(c) for c in composed)


def normalize_term(term: str, casefold: bool = True) -> str:
    """Normalise a vocabulary term exactly as document text is normalised."""
    return normalize(term.strip(), casefold=casefold).text
