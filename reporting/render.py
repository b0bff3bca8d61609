"""Render a JSON report (see engine.results) to JSON, Markdown, CSV or HTML text."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .viewmodel import build_view

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
FORMATS = ("json", "md")


def environment() -> Environment:
    """Jinja2 environment: autoescape for HTML templates, strict undefined everywhere."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(report: dict, fmt: str, **options) -> str:
    """The report in ``fmt``; JSON keeps everything, the others format a view model."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    view = build_view(report, **options)
    if fmt == "md":
        return environment().get_template("report.md.j2").render(view=view)
    raise ValueError(f"unknown format {fmt!r}")
