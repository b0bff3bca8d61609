"""Offline language identification, limited to the six UN languages."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..document import Document

UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(UN_LANGUAGES))
    return ident


def detect(text: str) -> str | None:
    """The most likely of the six languages, or None for text with no letters."""
    sample = text[:2000]
    if not any(ch.isalpha() for ch in sample):
        return None
    # Scripts settle most cases cheaply and robustly for short text.
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    if len(_CJK.findall(sample)) / letters > 0.3:
        return "zh"
    if len(_ARABIC.findall(sample)) / letters > 0.3:
        return "ar"
    if len(_CYRILLIC.findall(sample)) / letters > 0.3:
        return "ru"
    lang, _ = _identifier().classify(sample)
    return lang


def assign_languages(doc: Document, forced: str | None = None) -> None:
    """Set each block's language and the document's dominant one (by characters)."""
    weights: Counter[str] = Counter()
    for block in doc.blocks:
        block.lang = forced or block.lang or detect(block.text)
        if block.lang:
            weights[block.lang] += len(block.text)
    if forced:
        doc.lang, doc.lang_source = forced, "option"
    elif weights:
        doc.lang = weights.most_common(1)[0][0]
