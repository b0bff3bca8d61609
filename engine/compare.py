"""Compare two scored documents (two versions of a plan, or two plans), criterion by criterion.

Works on JSON document entries (engine.results), so a saved ``hrba score --format json`` report
compares as well as a freshly scored document. Levels are effective levels (reviewer decisions
count); evidence is matched by signal and quote text (whitespace, case and the paragraph's own number
ignored), so a renumbered paragraph is the same evidence.
"""

from __future__ import annotations

import re

from .rules import LEVELS

CHANGES = ("improved", "regressed", "unchanged", "applicability", "added", "removed")


def _rank(level: str | None) -> int | None:
    return None if level is None else LEVELS.index(level)


def classify(old: str | None, new: str | None) -> str:
    """improved / regressed / unchanged, or applicability when one side is not applicable."""
    a, b = _rank(old), _rank(new)
    if a is None or b is None:
        return "unchanged" if a == b else "applicability"
    return "improved" if b > a else "regressed" if b < a else "unchanged"


# A paragraph's own number ("14.", "106.1.", "(b)", "c)") at the start of a quote: renumbering is no change.
_NUMBER = re.compile(r"^\s*(?:\d{1,4}(?:\.\d{1,4})*\.?|\(\w{1,4}\)|\w\))\s+")


def quote_text(quote: str) -> str:
    """A quote as compare matches it: spaces collapsed, case folded, without its paragraph number."""
    return _NUMBER.sub("", " ".join(quote.split())).casefold()


def _key(ev: dict) -> tuple[str, str]:
    return ev["signal"], quote_text(ev["quote"])


def _evidence_diff(old: list[dict], new: list[dict]) -> tuple[list[dict], list[dict], int]:
    old_keys = {_key(e) for e in old}
    new_keys = {_key(e) for e in new}
    appeared = [e for e in new if _key(e) not in old_keys]
    disappeared = [e for e in old if _key(e) not in new_keys]
    return appeared, disappeared, len(old_keys & new_keys)


def _side(entry: dict) -> dict:
    doc = entry.get("document") or {}
    return {"input": entry["input"], "name": doc.get("name") or entry["input"], "sha256": doc.get("sha256"),
            "pages": doc.get("pages"), "lang": doc.get("lang"), "overall": entry["result"]["overall"]}


def _aggregates(entry: dict) -> dict[str, dict]:
    out = {}
    for cl in entry["result"]["checklists"]:
        out[cl["id"]] = {"id": cl["id"], "title": cl["title"], "level": cl["level"], "score": cl["score"]}
        for p in cl["principles"]:
            key = f"{cl['id']}/{p['id']}"
            out[key] = {"id": key, "title": p["title"], "level": p["level"], "score": p["score"]}
    return out


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 4)


def compare_entries(old: dict, new: dict) -> dict:
    """A JSON-ready comparison of two successfully scored document entries."""
    for side, entry in (("old", old), ("new", new)):
        if entry["status"] != "ok":
            raise ValueError(f"{side} document was not scored: {entry['error']['message']}")
    old_c = {c["id"]: c for c in old["result"]["criteria"]}
    new_c = {c["id"]: c for c in new["result"]["criteria"]}
    criteria = []
    for cid in list(old_c) + [c for c in new_c if c not in old_c]:
        a, b = old_c.get(cid), new_c.get(cid)
        ref = b or a
        if a is None or b is None:
            change = "added" if a is None else "removed"
            appeared, disappeared, kept = (b or {}).get("evidence", []), (a or {}).get("evidence", []), 0
        else:
            change = classify(a["effective_level"], b["effective_level"])
            appeared, disappeared, kept = _evidence_diff(a["evidence"], b["evidence"])
        criteria.append({
            "id": cid, "checklist": ref["checklist"], "principle": ref["principle"], "title": ref["title"],
            "basis": ref["basis"], "change": change,
            "old_level": a and a["effective_level"], "new_level": b and b["effective_level"],
            "old_automated": a and a["level"], "new_automated": b and b["level"],
            "old_review": a and a.get("review"), "new_review": b and b.get("review"),
            "appeared": appeared, "disappeared": disappeared, "kept": kept,
            "new_reason": b and b["reason"], "next_level": b and b.get("next_level"),
        })
    old_a, new_a = _aggregates(old), _aggregates(new)
    aggregates = []
    for key in list(old_a) + [k for k in new_a if k not in old_a]:
        a, b = old_a.get(key, {}), new_a.get(key, {})
        aggregates.append({"id": key, "title": (b or a)["title"], "old_level": a.get("level"),
                           "new_level": b.get("level"), "old_score": a.get("score"), "new_score": b.get("score"),
                           "delta": _delta(a.get("score"), b.get("score")),
                           "change": classify(a.get("level"), b.get("level"))})
    counts = {c: sum(1 for r in criteria if r["change"] == c) for c in CHANGES}
    return {
        "old": _side(old), "new": _side(new),
        "overall": {"old_level": old["result"]["overall"]["level"], "new_level": new["result"]["overall"]["level"],
                    "old_score": old["result"]["overall"]["score"], "new_score": new["result"]["overall"]["score"],
                    "delta": _delta(old["result"]["overall"]["score"], new["result"]["overall"]["score"]),
                    "change": classify(old["result"]["overall"]["level"], new["result"]["overall"]["level"])},
        "counts": counts,
        "aggregates": aggregates,
        "criteria": criteria,
        "coverage": {"old": old["result"]["coverage"]["share_with_hr_evidence"],
                     "new": new["result"]["coverage"]["share_with_hr_evidence"]},
    }
