"""The plain-text summary `hrba score` prints on the terminal (in the report's language)."""

from __future__ import annotations

from .i18n import catalog


def _pct(score: float | None) -> str:
    return "  —" if score is None else f"{score * 100:3.0f}"


def clip(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters; a cut ends with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def review_line(doc: dict) -> str | None:
    """ "review applied: FILE (n decisions, m quotes set aside)" for a document scored with a review file."""
    if not doc.get("review_file") or doc["status"] != "ok":
        return None
    reviews = [c["review"] for c in doc["result"]["criteria"] if c.get("review")]
    quotes = sum(len(r.get("excluded", [])) for r in reviews)
    extra = f", {quotes} quote{'s' * (quotes != 1)} set aside" if quotes else ""
    return f"review applied: {doc['review_file']} ({len(reviews)} decision{'s' * (len(reviews) != 1)}{extra})"


def review_warnings(doc: dict) -> list[str]:
    """Problems with a document's review file (unknown criteria, quotes no longer found)."""
    return [w for w in ((doc.get("document") or {}).get("warnings") or []) if w.startswith("review ")]


def summary_text(report: dict, max_gaps: int = 8, report_lang: str | None = None) -> str:
    cat = catalog(report_lang)
    english = cat.lang == "en"
    lines: list[str] = []
    for doc in report["documents"]:
        if doc["status"] != "ok":
            lines.append(f"{doc['input']}: {cat.t('sum.not_scored')} ({cat.t('sum.error_below')})")
            continue
        d, r = doc["document"], doc["result"]
        pages = f", {cat.t('meta.pages', n=d['pages'])}" if d.get("pages") else ""
        lines.append(cat.t("sum.document", name=d["name"], format=d["format"], pages=pages, lang=d["lang"] or "?"))
        overall = r["overall"]["level"] if english else cat.level(r["overall"]["level"])
        lines.append("  " + cat.t("sum.overall", level=overall, score=_pct(r["overall"]["score"]).strip(),
                                  n=r["overall"]["evaluated"]))
        for cl in r["checklists"]:
            level = str(cl["level"]) if english else cat.level(cl["level"])
            lines.append(f"  {clip(cat.local(cl, 'title'), 60):60} {level:10} {_pct(cl['score'])}")
        gaps = [c for c in r["criteria"] if c["effective_level"] in ("missing", "approaches")]
        gaps.sort(key=lambda c: (c["effective_level"] != "missing", -c["weight"]))
        if gaps:
            lines.append("  " + cat.t("sum.gaps", n=len(gaps), shown=min(max_gaps, len(gaps))))
            for c in gaps[:max_gaps]:
                level = c["effective_level"] if english else cat.level(c["effective_level"])
                lines.append(f"    [{level:10}] {c['id']:12} {clip(cat.local(c, 'title'), 70)}")
        applied = review_line(doc)
        if applied:
            lines.append(f"  {applied}")
        share = r["coverage"]["share_with_hr_evidence"]
        if share is not None:
            lines.append("  " + cat.t("sum.share", pct=f"{share * 100:.0f}%"))
    lines.append(cat.t("sum.footer"))
    return "\n".join(lines)
