"""Render a JSON report (see engine.results) to JSON, Markdown, CSV or HTML text."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markupsafe import Markup

from ..engine.diskcache import cache_dir
from .csv_export import csv_text
from .i18n import Localized, catalog
from .jsontext import dumps as json_dumps
from .viewmodel import DEFAULT_MAX_EVIDENCE, build_view

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
FORMATS = ("json", "md", "html", "csv")
PLAIN_SUFFIXES = (".md.j2", ".txt.j2", ".csv.j2", ".js.j2")
MD_SPECIAL = "|`*_[]"


def escape_text(text: str) -> str:
    """HTML escaping exactly as MarkupSafe does it (& > < ' "), as a plain str."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


try:  # MarkupSafe 3: the same escaping, in C
    from markupsafe import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - other MarkupSafe versions
    _escape_str = escape_text


def _autoescape(name: str | None) -> bool:
    """HTML-escape every template (partials included) except plain-text ones (Markdown, CSV, script)."""
    return name is None or not name.endswith(PLAIN_SUFFIXES)


MD_REPLACE = {"\\": "\\\\", "&": "&amp;", "<": "&lt;", ">": "&gt;", **{ch: "\\" + ch for ch in MD_SPECIAL}}
MD_CHARS = re.compile("[" + re.escape("".join(MD_REPLACE)) + "]")


def md_escape(value: object) -> str:
    """Document text made inert in Markdown: no raw HTML, no table breaks, one line."""
    return MD_CHARS.sub(lambda m: MD_REPLACE[m.group()], " ".join(str(value).split()))


def md_inline(value: object) -> str:
    """Like :func:`md_escape` for a piece of a line (a quote's plain or highlighted segment): spaces
    collapse but are kept at its ends, so ``organizations **took part** in`` keeps its words apart."""
    text = str(value)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + md_escape(text) + trail


_PLAIN_TEXT = (str, Localized)
_markup = str.__new__  # Markup from text already escaped, without Markup()'s __html__ and encoding checks


def html_local(value: object) -> Markup:
    """Rule text for HTML: isolated and tagged English, with the report's "in English" marker, when it
    fell back to the original (see :class:`Localized`); else the escaped text."""
    marker = getattr(value, "marker", None)
    if not marker:
        # Rule text is plain or Localized text (no __html__): escaped directly, else as any output value.
        return _markup(Markup, _escape_str(value) if type(value) in _PLAIN_TEXT else escape_output(value))
    # The marker carries the report's direction, so a container with dir="auto" takes the English text's.
    return Markup('<span lang="en" dir="ltr">{}</span> <small class="fallback" dir="{}" title="{}">({})</small>'
                  ).format(str(value), value.marker_dir, value.marker_title, marker)


def md_local(value: object) -> str:
    """Rule text for Markdown (escaped as |md does), followed by the "in English" marker when it fell back."""
    marker = getattr(value, "marker", None)
    return md_escape(value) + (f" *({md_escape(marker)})*" if marker else "")


def escape_output(value: object) -> str:
    """``markupsafe.escape(value)`` as a plain str: the same text (``__html__`` objects kept as they are),
    without building a Markup object for every value a template writes (they are joined right away)."""
    if type(value) is str:
        return _escape_str(value)
    if type(value) is Markup:  # macro results and |loc: already HTML (Markup.__html__ returns itself)
        return value
    if type(value) is int:  # counts and offsets: digits, nothing to escape
        return str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_str(str(value))


@pass_context
def translate(context: Context, key: str, **values: object) -> str:
    """``{{ "key"|t(name=value) }}``: the render's ``t(key, name=value)`` (the catalog's message, filled in).
    Jinja calls a filter directly, where a call to ``t`` in a template goes through ``Context.call``
    (~2 µs more; a report makes thousands). Never folded into the compiled template (it needs the context)."""
    return context.parent["t"](key, **values)


class FastEscapeTemplate(Template):
    """A template whose ``{{ value }}`` output escapes with :func:`escape_output` (autoescaping unchanged:
    compiled templates call ``escape`` from their module globals for every value they write)."""

    @classmethod
    def from_code(cls, environment: Environment, code: CodeType, globals: MutableMapping[str, Any],
                  uptodate: Callable[[], bool] | None = None) -> Template:
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = escape_output
        return template


class SafeBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept in hrba's cache directory (Jinja checks each against its source and
    Python version); one that cannot be read or written is just compiled again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - truncated or corrupt: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except Exception:  # noqa: BLE001 - read-only or full disk: nothing to keep
            pass


def bytecode_cache() -> SafeBytecodeCache | None:
    """The template cache under hrba's cache directory, or None when caching is off or impossible."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return SafeBytecodeCache(str(folder / "templates"))


@functools.cache
def environment() -> Environment:
    """Jinja2 environment: autoescape for HTML templates and partials, strict undefined everywhere."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
        auto_reload=False,  # templates do not change while hrba runs: no stat of each file at every render
    )
    env.template_class = FastEscapeTemplate
    env.filters["md"] = md_escape
    env.filters["md_inline"] = md_inline
    env.filters["loc"] = html_local
    env.filters["mdloc"] = md_local
    env.filters["t"] = translate
    return env


def preload_templates() -> None:
    """Compile (or load from the cache) every template once, e.g. before forking workers that share them."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


@functools.lru_cache(maxsize=8)
def inline_script(env: Environment, name: str = "_filters.js.j2") -> tuple[str, str]:
    """A static script and its CSP source expression ('sha256-...'), so no other inline script can run
    (rendered and hashed once per environment: it is the same in every report)."""
    script = env.get_template(name).render()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return script, f"sha256-{digest}"


def render(report: dict, fmt: str, *, max_evidence: int | None = None, report_lang: str | None = None,
           csv_rows: str = "criteria", with_json: bool = True, **_: object) -> str:
    """The report in ``fmt``; JSON and CSV keep every evidence item, HTML and Markdown show ``max_evidence``."""
    if fmt == "json":
        return json_dumps(report) + "\n"
    if fmt == "csv":
        return csv_text(report, rows=csv_rows, report_lang=report_lang)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    cat = catalog(report_lang)
    view = build_view(report, max_evidence=DEFAULT_MAX_EVIDENCE if max_evidence is None else max_evidence,
                      report_lang=cat.lang)
    env = environment()
    # with_json: a JSON report is written beside this one, so quotes not shown can be pointed to there
    context = {"view": view, "t": cat.t, "tr": cat.strings, "t_lang": cat.lang, "with_json": with_json}
    try:
        if fmt == "md":
            return env.get_template("report.md.j2").render(**context)
        script, script_hash = inline_script(env)
        return env.get_template("report.html.j2").render(**context, script=script, script_hash=script_hash)
    finally:
        # Macros imported "with context" keep the template context in a reference cycle until the
        # garbage collector runs; emptying the view lets reference counting free it (and the report) now.
        view.documents, view.report = [], {}
