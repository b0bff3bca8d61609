"""Rule text in several languages: an English original (required) and translations (optional).

A checklist writes a title, question, description, recommendation or principle name either as a plain
string (English) or as a map ``{en: ..., fr: ..., ar: ...}``. The loader keeps it as a
:class:`LocalText`: a ``str`` holding the English text (so the engine and older code see English),
with its translations beside it for reports to pick with :meth:`LocalText.text`.
"""

from __future__ import annotations

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")  # the six official UN languages
ENGLISH = "en"


class LocalText(str):
    """English rule text (the string itself) and its translations by language code."""

    translations: dict[str, str]

    def __new__(cls, value: str | dict[str, str]) -> LocalText:
        if isinstance(value, LocalText):
            return value
        if isinstance(value, dict):
            obj = super().__new__(cls, value[ENGLISH])
            obj.translations = {lang: text for lang, text in value.items() if lang != ENGLISH and text}
        else:
            obj = super().__new__(cls, value)
            obj.translations = {}
        return obj

    def __reduce__(self):
        return _restored, (str(self), self.translations)

    def text(self, lang: str | None) -> str:
        """The text in ``lang``, else the English original."""
        return self.translations.get(lang or ENGLISH) or str(self)

    def has(self, lang: str) -> bool:
        return lang == ENGLISH or lang in self.translations


def _restored(english: str, translations: dict[str, str]) -> LocalText:
    """A LocalText from its pickled parts, its translations as they were (already checked and filtered)."""
    obj = str.__new__(LocalText, english)
    obj.translations = translations
    return obj


def local(value: str | dict[str, str]) -> LocalText:
    """A rule file's text field (string or per-language map) as LocalText."""
    return LocalText(value)


def missing_languages(value: object, required: set[str]) -> list[str]:
    """The required languages a rule file's text field (string: English only; map) does not give."""
    given = {ENGLISH} if isinstance(value, str) else {k for k, v in (value or {}).items() if v}
    return sorted(required - given)


def translations_of(**fields: object) -> dict[str, dict[str, str]]:
    """``{"title": {"fr": ...}, ...}`` for the fields that have translations (for the JSON report)."""
    return {name: dict(value.translations) for name, value in fields.items()
            if isinstance(value, LocalText) and value.translations}


def with_translations(data: dict, **fields: object) -> dict:
    """``data`` (a JSON-ready dict) with a ``translations`` entry when any of ``fields`` has translations."""
    translations = translations_of(**fields)
    if translations:
        data["translations"] = translations
    return data
