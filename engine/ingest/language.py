"""Offline language identification, limited to the six UN languages.

Cheap signals first: the script settles Arabic, Chinese and Russian; function words settle
English, French and Spanish for all but very short blocks.  py3langid (restricted to the six)
decides the rest; its model loads lazily (most documents never need it) and, restricted to the six,
from hrba's disk cache after the first time.
Short blocks nothing can decide (headings like "Annex") take their neighbours' language.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..diskcache import regexes
from ..document import Document

UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")

_FUNCTION_WORDS = {
    "en": "the and of to in is that for with on by as be are was has have its it this which from at an or "
          "were not been should their will shall all any such these those".split(),
    "fr": "le les des et du est une dans pour qui sur par au aux avec sont ont été ces cette il elle pas ne "
          "leur leurs à où être sera doit afin ainsi également".split(),
    "es": "el los las y del por con una para es su sus al lo como más fue ha han sobre entre esta este "
          "estos debe será así también según".split(),
}
MODEL_MIN_CHARS = 400
_LOOKUP: dict[str, str] = {w: lang for lang, words in _FUNCTION_WORDS.items() for w in words}
_WORD = re.compile(r"[a-zà-öø-ÿ]+")


_MODEL_PARTS = ("nb_ptc", "nb_pc", "nb_classes", "tk_nextmove", "tk_output", "tk_row")


def _six_language_model() -> dict:
    """py3langid's model restricted to the six languages, as the arrays its identifier is made of."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages(list(UN_LANGUAGES))
    return {name: getattr(ident, name) for name in _MODEL_PARTS}


@lru_cache(maxsize=1)
def _identifier():
    """The six-language identifier. Decompressing py3langid's model takes most of a second, so the
    restricted model is kept in hrba's disk cache, keyed by the package version and model file."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from ..diskcache import cached

    stat = (MODEL_DIR / MODEL_FILE).stat()
    key = f"{py3langid.__version__}\0{MODEL_DIR / MODEL_FILE}\0{stat.st_size}\0{stat.st_mtime_ns}\0{UN_LANGUAGES}"
    parts = cached("langid-six", key, _six_language_model)
    return LanguageIdentifier(parts["nb_ptc"], parts["nb_pc"], parts["nb_classes"], parts["tk_nextmove"],
                              parts["tk_output"], norm_probs=False, tk_row=parts["tk_row"])


_MARKERS = {
    "en": (" the ", " and ", " of "),
    "fr": (" les ", " des ", " et ", " du "),
    "es": (" los ", " las ", " del ", " y "),
}
_MARKER_LANGUAGE = {marker.strip(): lang for lang, markers in _MARKERS.items() for marker in markers}


def _markers_except(lang: str | None) -> str:
    """A regex for the markers of every language but ``lang`` (the word between two spaces)."""
    return " (" + "|".join(word for word, of in _MARKER_LANGUAGE.items() if of != lang) + ") "


# Kept compiled in the disk cache: the non-Latin class's CJK ranges take ms to compile.
_PATTERNS = regexes("language", {
    "non_latin": r"[\u0400-\u04ff\u0600-\u06ff\u0750-\u077f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\ufb50-\ufeff]",
    "marker": _markers_except(None),
    **{f"not_{lang}": _markers_except(lang) for lang in _MARKERS},
})
_NON_LATIN = _PATTERNS["non_latin"]
_MARKER = _PATTERNS["marker"]
_OTHER_MARKERS = {lang: _PATTERNS[f"not_{lang}"] for lang in _MARKERS}
_SCRIPTS = (
    ("zh", r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"),
    ("ar", r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]"),
    ("ru", r"[\u0400-\u04ff]"),
)


@lru_cache(maxsize=1)
def _script_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """_SCRIPTS compiled, on first use: the UPR PDFs never get this far, and compiling the Chinese
    class alone takes ~2 ms (re marks its ~28,000 characters one by one, twice)."""
    return tuple((lang, re.compile(body)) for lang, body in _SCRIPTS)


_LETTER = re.compile(r"[^\W\d_]")


def _script(sample: str) -> str | None:
    """"zh", "ar" or "ru" when that script dominates, "none" without letters, else None."""
    if sample.isascii() or not _NON_LATIN.search(sample):  # isascii: O(1), and no script of the three
        return None if _LETTER.search(sample) else "none"
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "none"
    for lang, pattern in _script_patterns():
        if len(pattern.findall(sample)) / letters > 0.3:
            return lang
    return None


def _by_markers(low: str) -> str | None:
    """The fast path: three or more unmistakable function words of one language and none of the others.

    One search finds a marker, of some language; one more, any marker of the others (both answers
    as substring tests of each marker would give: no two markers start at one place). Then the
    language's markers are counted until there are three."""
    m = _MARKER.search(low)
    if m is None:
        return None
    found = _MARKER_LANGUAGE[m.group(1)]
    if _OTHER_MARKERS[found].search(low):
        return None  # markers of two languages
    n = 0
    for marker in _MARKERS[found]:
        n += low.count(marker)
        if n >= 3:
            return found
    return None


def _by_function_words(sample: str) -> str | None:
    low = sample[:300].lower()
    fast = _by_markers(low)
    if fast:
        return fast
    found = [_LOOKUP[word] for word in _WORD.findall(low) if word in _LOOKUP]  # a language per function word
    if not found or found.count(found[0]) == len(found):
        return found[0] if found else None  # none, or one language's only (most short blocks)
    (n, best), (second, _) = sorted(((found.count(lang), lang) for lang in ("en", "fr", "es")), reverse=True)[:2]
    if (n >= 2 and n >= 2 * second) or (n == 1 and second == 0):
        return best
    return None


def detect(text: str, *, fallback_model: bool = True) -> str | None:
    """The most likely of the six languages, or None when the text cannot tell.

    The statistical model is consulted only for long blocks that function words leave open
    (short ones, such as lists of names, take their neighbours' language instead).
    """
    sample = text[:1500]
    script = _script(sample)
    if script == "none":
        return None
    if script:
        return script
    lang = _by_function_words(sample)
    if lang or not fallback_model or len(sample) < MODEL_MIN_CHARS:
        return lang
    return model_detect(sample)


def model_detect(sample: str) -> str:
    """py3langid restricted to the six languages (loads its model on first use)."""
    lang, _ = _identifier().classify(sample)
    return lang


def assign_languages(doc: Document, forced: str | None = None) -> None:
    """Set each block's language and the document's dominant one (by characters)."""
    weights: dict[str, int] = {}  # a plain dict: a Counter's item update goes the slow way
    undecided = []
    for i, block in enumerate(doc.blocks):
        block.lang = forced or block.lang or detect(block.text)
        if block.lang:
            weights[block.lang] = weights.get(block.lang, 0) + len(block.text)
        else:
            undecided.append(i)
    # Short blocks (headings, names) take the language of the next decided block, else the previous.
    for i in undecided:
        block = doc.blocks[i]
        if not any(ch.isalpha() for ch in block.text):
            continue
        after = next((b.lang for b in doc.blocks[i + 1: i + 8] if b.lang), None)
        before = next((b.lang for b in reversed(doc.blocks[max(0, i - 8): i]) if b.lang), None)
        block.lang = (after or before) if block.kind == "heading" else (before or after)
        if not block.lang and sum(ch.isalpha() for ch in block.text) >= 20:
            block.lang = model_detect(block.text[:1500])
            weights[block.lang] = weights.get(block.lang, 0) + len(block.text)
    if forced:
        doc.lang, doc.lang_source = forced, "option"
    elif weights:
        doc.lang = max(weights, key=weights.__getitem__)  # the first of equals, as most_common(1)
