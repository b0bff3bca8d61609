"""The view model: what the templates show, derived from the JSON report (templates only format)."""

from __future__ import annotations

LEVEL_ORDER = {"missing": 0, "approaches": 1, "meets": 2, "exceeds": 3}
LEVEL_LABELS = {"missing": "Missing", "approaches": "Approaches", "meets": "Meets", "exceeds": "Exceeds",
                None: "Not applicable"}


def _location(ev: dict) -> str:
    parts = []
    if ev.get("page"):
        parts.append(f"p. {ev['page']}")
    if ev.get("section"):
        parts.append(f"section {ev['section']}")
    if ev.get("paragraph"):
        parts.append(f"para {ev['paragraph']}")
    return ", ".join(parts) or f"block {ev['block']}"


def _segments(ev: dict) -> list[dict]:
    """The quote cut into plain and highlighted pieces (templates escape each piece)."""
    quote, pos, out = ev["quote"], 0, []
    for h in sorted(ev["highlights"], key=lambda h: h["start"]):
        if h["start"] < pos:
            continue
        if h["start"] > pos:
            out.append({"text": quote[pos : h["start"]], "mark": None})
        out.append({"text": quote[h["start"] : h["end"]], "mark": h["role"]})
        pos = h["end"]
    if pos < len(quote):
        out.append({"text": quote[pos:], "mark": None})
    return out


def _evidence_view(ev: dict, limit: int | None) -> dict:
    return {**ev, "location": _location(ev), "segments": _segments(ev)}


def _criterion_view(c: dict, max_evidence: int | None) -> dict:
    level = c.get("effective_level", c["level"])
    evidence = c["evidence"] if max_evidence is None else c["evidence"][:max_evidence]
    return {
        **c,
        "shown_level": level,
        "level_label": LEVEL_LABELS.get(level, level),
        "auto_label": LEVEL_LABELS.get(c["level"], c["level"]),
        "is_gap": level in ("missing", "approaches"),
        "evidence_view": [_evidence_view(e, max_evidence) for e in evidence],
        "evidence_hidden": len(c["evidence"]) - len(evidence),
        "suppressed_view": [_evidence_view(e, max_evidence) for e in c["suppressed"]],
    }


def build_view(report: dict, max_evidence: int | None = None, **_: object) -> dict:
    """Per document: gaps first (worst first), then met criteria, then not applicable."""
    docs = []
    for d in report["documents"]:
        if d["status"] != "ok":
            docs.append({**d, "ok": False})
            continue
        crits = [_criterion_view(c, max_evidence) for c in d["result"]["criteria"]]
        gaps = sorted((c for c in crits if c["is_gap"]), key=lambda c: (LEVEL_ORDER[c["shown_level"]], -c["weight"]))
        met = [c for c in crits if c["shown_level"] in ("meets", "exceeds")]
        na = [c for c in crits if c["shown_level"] is None]
        docs.append({**d, "ok": True, "gaps": gaps, "met": met, "not_applicable": na,
                     "overall_label": LEVEL_LABELS.get(d["result"]["overall"]["level"])})
    return {"report": report, "documents": docs, "level_labels": LEVEL_LABELS}
