"""The view of a report's recommendations cross-check (``hrba score --recommendations``): themes, the
plan's status on each, examples and the plan's best quote, ready for the templates to format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .i18n import Catalog

STATUS_ORDER = ("silent", "mentions", "analyses")

# Views, like reporting.viewmodel's: no compiled __eq__ and __repr__ (never compared or printed).


@dataclass(eq=False, repr=False)
class ExampleView:
    """One recommendation given as an example of a theme."""

    number: str | None
    text: str
    states: str
    source: str
    response: str | None


@dataclass(eq=False, repr=False)
class QuoteView:
    """The plan's best quote on a theme, and where it is."""

    text: str
    location: str
    criterion: str | None


@dataclass(eq=False, repr=False)
class ThemeView:
    """One theme of the recommendations and the plan's status on it."""

    concept: str
    label: str
    family: str
    count: int
    status: str
    status_label: str
    examples: list[ExampleView]
    quote: QuoteView | None


@dataclass(eq=False, repr=False)
class RecommendationsView:
    """The recommendations cross-check of one document, by theme."""

    recommendations: int
    tagged: int
    share_pct: int | None
    counts: dict[str, int]
    themes: list[ThemeView]
    sources: list[str] = field(default_factory=list)  # "file name (recommendations)"


def _location(q: dict, cat: Catalog) -> str:
    parts = []
    if q.get("page"):
        parts.append(cat.t("loc.page", n=q["page"]))
    if q.get("section"):
        parts.append(cat.t("loc.section", title=q["section"]))
    if q.get("paragraph"):
        parts.append(cat.t("loc.paragraph", n=q["paragraph"]))
    if not parts and q.get("block") is not None:
        parts.append(cat.t("loc.block", n=q["block"]))
    return ", ".join(parts)


def recommendations_view(data: dict | None, cat: Catalog) -> RecommendationsView | None:
    """The section's view, or None when the report has no recommendations cross-check."""
    if not data:
        return None
    themes = []
    for t in data.get("themes", []):
        q = t.get("quote")
        themes.append(ThemeView(
            t["concept"], t["label"], t["family"], t["count"], t["status"], cat.t(f"recs.status.{t['status']}"),
            [ExampleView(e.get("number"), e["text"], ", ".join(e.get("states") or []) or e.get("source") or "",
                         e.get("source") or "", e.get("response")) for e in t.get("examples", [])],
            QuoteView(q["text"], _location(q, cat), q.get("criterion")) if q else None))
    share = data.get("share_taken_up")
    return RecommendationsView(
        data["recommendations"], data["tagged"], None if share is None else round(share * 100),
        dict(data["counts"]), themes,
        [f"{Path(s['path']).name} ({s['recommendations']})" for s in data.get("sources", [])])
