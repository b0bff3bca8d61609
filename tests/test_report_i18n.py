"""Report message catalogs: complete, consistent placeholders, language fallback and text direction."""

from __future__ import annotations

import json
import string

import pytest

from hrba.engine.errors import HrbaError
from hrba.reporting.i18n import LOCALE_DIR, available_languages, catalog, text_direction

ENGLISH = json.loads((LOCALE_DIR / "en.json").read_text(encoding="utf-8"))


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_ships_the_six_un_languages():
    assert {"en", "fr", "es", "zh", "ar", "ru"} <= set(available_languages())


@pytest.mark.parametrize("lang", available_languages())
def test_every_catalog_has_every_english_key_and_the_same_placeholders(lang):
    messages = json.loads((LOCALE_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    assert set(messages) == set(ENGLISH), f"{lang}: missing {set(ENGLISH) - set(messages)}, extra {set(messages) - set(ENGLISH)}"
    for key, text in ENGLISH.items():
        assert messages[key].strip(), f"{lang}:{key} is empty"
        assert placeholders(messages[key]) == placeholders(text), f"{lang}:{key}"


@pytest.mark.parametrize("lang", available_languages())
def test_translations_differ_from_english(lang):
    if lang == "en":
        return
    messages = json.loads((LOCALE_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    same = [k for k in ENGLISH if messages[k] == ENGLISH[k]]
    # only codes and cognates such as "SHA-256", "{score}/100", "Document" or "Section" may stay identical
    assert len(same) <= len(ENGLISH) // 6, same


def test_catalog_lookup_fallback_and_errors():
    fr = catalog("fr-CA")
    assert fr.lang == "fr" and fr.level("missing") == "Absent" and fr.level(None) == "Sans objet"
    assert catalog(None).t("gaps.heading", n=3) == "Gaps: where the plan falls short (3)"
    with pytest.raises(KeyError):
        fr.t("no.such.key")
    with pytest.raises(HrbaError, match="no report catalog"):
        catalog("tlh")


def test_text_direction():
    assert text_direction("ar") == "rtl" and text_direction("ar-EG") == "rtl" and text_direction("he") == "rtl"
    assert text_direction("fr") == "ltr" and text_direction(None) == "ltr" and text_direction("zh") == "ltr"
