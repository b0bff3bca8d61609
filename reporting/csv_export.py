"""CSV export: one row per document x criterion, or one row per evidence item (JSON stays the full record)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..engine.scoring import LEVEL_SCORE
from .i18n import Catalog, catalog
from .locations import plain_location
from .reasons import reason_of, set_aside_reason

CRITERIA_COLUMNS = (
    "document", "sha256", "status", "checklist", "principle", "criterion", "title", "basis", "level",
    "automated_level", "reviewer", "score", "evidence_count", "suppressed_count", "first_page", "first_section",
    "first_paragraph", "first_location", "needs_review", "reason", "recommendation",
)
EVIDENCE_COLUMNS = (
    "document", "sha256", "checklist", "criterion", "level", "signal", "counted", "set_aside_reason", "page",
    "section", "paragraph", "location", "lang", "matched", "quote",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text (a leading ' as OWASP advises); None becomes empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _level(c: dict) -> str | None:
    return c["effective_level"] if "effective_level" in c else c["level"]


def _score(c: dict) -> float | None:
    """The automated score, or the reviewed level's score when a reviewer overruled the level."""
    level = _level(c)
    if c.get("review") and level != c["level"]:
        return None if level is None else round(LEVEL_SCORE[level], 4)
    return c["score"]


def criteria_rows(report: dict, cat: Catalog | None = None) -> Iterator[dict]:
    """One row per document x criterion; rule text and reasons in the catalog's language (levels stay codes)."""
    cat = cat or catalog()
    for d in report["documents"]:
        name = (d.get("document") or {}).get("name") or d["input"]
        sha = (d.get("document") or {}).get("sha256")
        if d["status"] != "ok":
            yield {"document": name, "sha256": sha, "status": "error", "reason": d["error"]["message"]}
            continue
        for c in d["result"]["criteria"]:
            first = c["evidence"][0] if c["evidence"] else None
            review = c.get("review") or {}
            yield {
                "document": name, "sha256": sha, "status": "ok", "checklist": c["checklist"],
                "principle": c["principle"], "criterion": c["id"], "title": cat.local(c, "title"), "basis": c["basis"],
                "level": _level(c) or "not_applicable", "automated_level": c["level"] or "not_applicable",
                "reviewer": review.get("reviewer"), "score": _score(c), "evidence_count": len(c["evidence"]),
                "suppressed_count": len(c["suppressed"]), "first_page": first and first.get("page"),
                "first_section": first and first.get("section"), "first_paragraph": first and first.get("paragraph"),
                "first_location": plain_location(first, cat), "needs_review": c["needs_review"],
                "reason": reason_of(c, cat), "recommendation": cat.local(c, "recommendation"),
            }
        yield from recommendation_rows(d["result"].get("recommendations"), name, sha)


RECOMMENDATIONS_CHECKLIST = "recommendations"


def recommendation_rows(data: dict | None, name: str, sha: str | None) -> Iterator[dict]:
    """The recommendations cross-check in the criteria table: one row per theme, marked by
    checklist "recommendations" (principle = concept family, criterion = concept, level = the plan's
    status, evidence_count = recommendations, first_* = the plan's best passage, reason = that passage,
    recommendation = two example recommendations)."""
    if not data:
        return
    sources = "; ".join(s["path"].replace("\\", "/").rsplit("/", 1)[-1] for s in data["sources"])
    for t in data["themes"]:
        q = t["quote"] or {}
        examples = " | ".join(f"{e['number'] + ' ' if e.get('number') else ''}{e['text']} "
                              f"({', '.join(e.get('states') or []) or e.get('source') or ''})" for e in t["examples"])
        yield {
            "document": name, "sha256": sha, "status": "ok", "checklist": RECOMMENDATIONS_CHECKLIST,
            "principle": t["family"], "criterion": t["concept"], "title": t["label"], "basis": sources,
            "level": t["status"], "automated_level": t["status"], "evidence_count": t["count"],
            "first_page": q.get("page"), "first_section": q.get("section"), "first_paragraph": q.get("paragraph"),
            "first_location": plain_location(q) if q else None, "reason": q.get("text"), "recommendation": examples,
        }


def evidence_rows(report: dict, cat: Catalog | None = None) -> Iterator[dict]:
    cat = cat or catalog()
    for d in report["documents"]:
        if d["status"] != "ok":
            continue
        name, sha = d["document"]["name"], d["document"]["sha256"]
        for c in d["result"]["criteria"]:
            items = [(e, True) for e in c["evidence"]] + [(e, False) for e in c["suppressed"]]
            for ev, counted in items:
                yield {
                    "document": name, "sha256": sha, "checklist": c["checklist"], "criterion": c["id"],
                    "level": _level(c) or "not_applicable", "signal": ev["signal"], "counted": counted,
                    "set_aside_reason": set_aside_reason(ev, cat), "page": ev.get("page"), "section": ev.get("section"),
                    "paragraph": ev.get("paragraph"), "location": plain_location(ev, cat), "lang": ev.get("lang"),
                    "matched": "; ".join(dict.fromkeys(h["text"] for h in ev["highlights"] if h["role"] != "unless")),
                    "quote": ev["quote"],
                }


def csv_text(report: dict, rows: str = "criteria", report_lang: str | None = None) -> str:
    """The CSV table: ``rows`` is "criteria" (document x criterion) or "evidence" (one row per quote);
    the header row, rule text and reasons in ``report_lang`` (default English; values stay codes)."""
    if rows not in ("criteria", "evidence"):
        raise ValueError(f"csv rows must be 'criteria' or 'evidence', not {rows!r}")
    cat = catalog(report_lang)
    columns = CRITERIA_COLUMNS if rows == "criteria" else EVIDENCE_COLUMNS
    source = criteria_rows(report, cat) if rows == "criteria" else evidence_rows(report, cat)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cat.t(f"csv.{k}") for k in columns])
    writer.writerows([cell(row.get(k)) for k in columns] for row in source)
    return out.getvalue()
