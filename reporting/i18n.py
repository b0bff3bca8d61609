"""Message catalogs for the report's interface text (templates/locales/<lang>.json, English as fallback)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..engine.errors import HrbaError

LOCALE_DIR = Path(__file__).resolve().parent.parent / "templates" / "locales"
DEFAULT_LANG = "en"
RTL_LANGS = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ku", "sd", "ug"})
LEVELS = (None, "missing", "approaches", "meets", "exceeds", "not_applicable")
FSI, PDI = "\u2068", "\u2069"  # Unicode first-strong isolate and its end: <bdi> for plain text


@lru_cache(maxsize=64)
def text_direction(lang: str | None) -> str:
    """"rtl" for right-to-left scripts (e.g. Arabic), else "ltr" (remembered: every quote of a report asks)."""
    return "rtl" if lang and lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def available_languages() -> list[str]:
    """Language codes with a catalog, sorted."""
    return sorted(p.stem for p in LOCALE_DIR.glob("*.json"))


@lru_cache(maxsize=16)
def _load(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / f"{lang}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError(f"{path}: a catalog maps message keys to strings")
    return data


class Localized(str):
    """Rule text (a criterion's title, a principle's name...) in the report's language, or its English
    original when no translation exists yet: then ``lang`` is "en" and ``marker`` the words a report
    shows next to it ("in English", in the report's language)."""

    lang: str = DEFAULT_LANG  # class defaults: most texts are English originals in an English report, not marked
    marker: str | None = None
    marker_title: str = ""
    marker_dir: str = "ltr"

    def __new__(cls, text: str, lang: str, marker: str | None = None, marker_title: str = "",
                marker_dir: str = "ltr") -> Localized:
        obj = str.__new__(cls, text)
        obj.lang = lang
        if marker is not None or marker_title or marker_dir != "ltr":
            obj.marker, obj.marker_title, obj.marker_dir = marker, marker_title, marker_dir
        return obj

    def __reduce__(self):
        return Localized, (str(self), self.lang, self.marker, self.marker_title, self.marker_dir)


_english = str.__new__  # Localized(text, "en") without the constructor: the class defaults say so


@dataclass
class Catalog:
    """Interface messages in one language; a key missing from it falls back to English."""

    lang: str
    messages: dict[str, str]
    fallback: dict[str, str] = field(default_factory=dict)

    @cached_property
    def dir(self) -> str:
        """The report's text direction (looked up once: every isolated term asks)."""
        return text_direction(self.lang)

    @cached_property
    def strings(self) -> dict[str, str]:
        """Every message unformatted (the catalog's, else English), for ``t`` and for templates to look up
        without a call."""
        return {**self.fallback, **{k: v for k, v in self.messages.items() if v}}

    def t(self, key: str, **values: object) -> str:
        """The message for ``key`` with ``{name}`` placeholders filled in."""
        template = self.strings.get(key)
        if template is None:
            raise KeyError(f"no message {key!r} in the report catalogs")
        return template.format(**values) if values else template

    def local(self, obj: dict | None, key: str) -> Localized | None:
        """``obj[key]`` in the report's language: its ``translations[key][lang]`` when the rule file gave
        one, else the English original, marked as such (None when ``obj`` has no such text)."""
        value = (obj or {}).get(key)
        if value is None:
            return None
        if self.lang == DEFAULT_LANG:
            return _english(Localized, value)
        translated = ((obj.get("translations") or {}).get(key) or {}).get(self.lang)
        if translated:
            return Localized(translated, self.lang)
        return Localized(value, DEFAULT_LANG, self.strings["fallback.marker"], self.strings["fallback.title"], self.dir)

    def isolate(self, text: object) -> str:
        """``text`` as a bidirectional isolate in a right-to-left report (so an English term, a file name
        or a number keeps its order inside Arabic text); unchanged in left-to-right reports."""
        return f"{FSI}{text}{PDI}" if self.dir == "rtl" and text != "" else str(text)

    def join_isolated(self, items: Iterable[object], sep: str = ", ") -> str:
        """``items`` joined with ``sep``, each isolated (see :meth:`isolate`); in a left-to-right report
        simply joined."""
        if self.dir == "rtl":
            return sep.join(map(self.isolate, items))
        return sep.join(map(str, items))

    @cached_property
    def level_labels(self) -> dict[str | None, str]:
        """Each level's label, by level (None: not applicable), looked up once (a report asks ~130 times)."""
        return {lv: self.t(f"level.{lv or 'not_applicable'}") for lv in LEVELS}

    def level(self, level: str | None) -> str:
        """The label of a level (None: not applicable)."""
        label = self.level_labels.get(level)
        return self.t(f"level.{level or 'not_applicable'}") if label is None else label


def catalog(lang: str | None = None) -> Catalog:
    """The catalog for ``lang`` ("fr", "fr-CA", ...); unknown languages raise HrbaError. One per language
    code, shared (its merged strings are worked out once, not for each report): do not change it."""
    found = _catalog((lang or DEFAULT_LANG).replace("_", "-"))
    if found is None:
        raise HrbaError(f"--report-lang: no report catalog for language {lang!r} (available: {', '.join(available_languages())})")
    return found


@lru_cache(maxsize=16)
def _catalog(code: str) -> Catalog | None:
    """The catalog for a language code or, failing that, its base language (None: neither has one)."""
    english = _load(DEFAULT_LANG)
    for candidate in (code, code.split("-")[0].lower()):
        if (LOCALE_DIR / f"{candidate}.json").is_file():
            return Catalog(candidate, _load(candidate), english)
    return None
