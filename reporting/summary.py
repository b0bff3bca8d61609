"""The plain-text summary `hrba score` prints on the terminal."""

from __future__ import annotations


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


def summary_text(report: dict, max_gaps: int = 8) -> str:
    lines: list[str] = []
    for doc in report["documents"]:
        if doc["status"] != "ok":
            lines.append(f"{doc['input']}: not scored (the error is below)")
            continue
        d, r = doc["document"], doc["result"]
        pages = f", {d['pages']} pages" if d.get("pages") else ""
        lines.append(f"{d['name']} ({d['format']}{pages}, language {d['lang'] or '?'})")
        lines.append(f"  overall: {r['overall']['level']} ({_pct(r['overall']['score']).strip()}/100), "
                     f"{r['overall']['evaluated']} criteria evaluated")
        for cl in r["checklists"]:
            lines.append(f"  {clip(cl['title'], 60):60} {str(cl['level']):10} {_pct(cl['score'])}")
        gaps = [c for c in r["criteria"] if c["effective_level"] in ("missing", "approaches")]
        gaps.sort(key=lambda c: (c["effective_level"] != "missing", -c["weight"]))
        if gaps:
            lines.append(f"  gaps: {len(gaps)} (first {min(max_gaps, len(gaps))})")
            for c in gaps[:max_gaps]:
                lines.append(f"    [{c['effective_level']:10}] {c['id']:12} {clip(c['title'], 70)}")
        applied = review_line(doc)
        if applied:
            lines.append(f"  {applied}")
        share = r["coverage"]["share_with_hr_evidence"]
        if share is not None:
            lines.append(f"  sections with human-rights evidence: {share * 100:.0f}%")
    lines.append("Automated screening of mentions, not proof of quality: review the evidence.")
    return "\n".join(lines)
