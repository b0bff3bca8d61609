"""The plain-text summary `hrba score` prints on the terminal."""

from __future__ import annotations


def _pct(score: float | None) -> str:
    return "  —" if score is None else f"{score * 100:3.0f}"


def summary_text(report: dict, max_gaps: int = 8) -> str:
    lines: list[str] = []
    for doc in report["documents"]:
        if doc["status"] != "ok":
            lines.append(f"{doc['input']}: NOT SCORED — {doc['error']['message']}")
            continue
        d, r = doc["document"], doc["result"]
        pages = f", {d['pages']} pages" if d.get("pages") else ""
        lines.append(f"{d['name']} ({d['format']}{pages}, language {d['lang'] or '?'})")
        lines.append(f"  overall: {r['overall']['level']} ({_pct(r['overall']['score']).strip()}/100), "
                     f"{r['overall']['evaluated']} criteria evaluated")
        for cl in r["checklists"]:
            lines.append(f"  {cl['title'][:60]:60} {str(cl['level']):10} {_pct(cl['score'])}")
        gaps = [c for c in r["criteria"] if c["effective_level"] in ("missing", "approaches")]
        gaps.sort(key=lambda c: (c["effective_level"] != "missing", -c["weight"]))
        if gaps:
            lines.append(f"  gaps: {len(gaps)} (first {min(max_gaps, len(gaps))})")
            for c in gaps[:max_gaps]:
                lines.append(f"    [{c['effective_level']:10}] {c['id']:12} {c['title'][:70]}")
        share = r["coverage"]["share_with_hr_evidence"]
        if share is not None:
            lines.append(f"  sections with human-rights evidence: {share * 100:.0f}%")
    lines.append("Automated screening of mentions, not proof of quality: review the evidence.")
    return "\n".join(lines)
