"""Message catalogs for the report's interface text (templates/locales/<lang>.json, English as fallback)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..engine.errors import HrbaError

LOCALE_DIR = Path(__file__).resolve().parent.parent / "templates" / "locales"
DEFAULT_LANG = "en"
RTL_LANGS = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ku", "sd", "ug"})


def text_direction(lang: str | None) -> str:
    """"rtl" for right-to-left scripts (e.g. Arabic), else "ltr"."""
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


@dataclass
class Catalog:
    """Interface messages in one language; a key missing from it falls back to English."""

    lang: str
    messages: dict[str, str]
    fallback: dict[str, str] = field(default_factory=dict)

    @property
    def dir(self) -> str:
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

    def level(self, level: str | None) -> str:
        """The label of a level (None: not applicable)."""
        return self.t(f"level.{level or 'not_applicable'}")


def catalog(lang: str | None = None) -> Catalog:
    """The catalog for ``lang`` ("fr", "fr-CA", ...); unknown languages raise HrbaError."""
    code = (lang or DEFAULT_LANG).replace("_", "-")
    base = code.split("-")[0].lower()
    english = _load(DEFAULT_LANG)
    for candidate in (code, base):
        if (LOCALE_DIR / f"{candidate}.json").is_file():
            return Catalog(candidate, _load(candidate), english)
    raise HrbaError(f"--report-lang: no report catalog for language {lang!r} (available: {', '.join(available_languages())})")
