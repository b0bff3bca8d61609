"""Portfolio figures over many scored documents (the review of A/HRC/49/68 para 36, reproduced).

All figures use each criterion's *effective* level (the reviewer's where a review overrules the
machine) and count only documents that were scored; documents with errors are listed apart.
"""

from __future__ import annotations

from collections.abc import Collection

from .coverage import is_hr_analysis
from .rules import LEVELS, load_hr_analysis_criteria

GAP_LEVELS = ("missing", "approaches")
DISTRIBUTION_KEYS = (*LEVELS, "not_applicable")


def titled(item: dict) -> dict:
    """An item's title, with the title's translations when the JSON report carries some."""
    title = (item.get("translations") or {}).get("title")
    return {"title": item["title"], "translations": {"title": title}} if title else {"title": item["title"]}


def _at_least(level: str | None, floor: str) -> bool:
    return level is not None and LEVELS.index(level) >= LEVELS.index(floor)


def hr_analysis_rule(documents: list[dict], hr_analysis: Collection[str]) -> tuple[str, set[str] | None]:
    """The rule's text and the criteria it looks at (None: every criterion counts)."""
    keys = {c["id"] for d in documents if d["status"] == "ok" for c in d["result"]["criteria"]
            if is_hr_analysis(c["id"], c["principle"], hr_analysis)}
    if keys:
        return (f"a document has human rights analysis when a body section (not the cover, contents, annexes "
                f"or lists of participants) analyses rights and obligations, the human rights mechanisms' "
                f"findings or discrimination: at least one of the criteria of human rights analysis "
                f"({', '.join(sorted(keys))}) reaches at least 'approaches' on body text; evidence for the other "
                f"criteria (data, resilience, sustainability, participation...) does not count"), keys
    return ("a document has human rights analysis when at least one criterion reaches at least 'approaches' "
            "(evidence was found for it in body text); the checklists used have no criterion of human rights "
            "analysis (profiles.yaml) and no human-rights-based approach principle, so every criterion counts"), None


def all_sections_rule(keys: set[str] | None) -> str:
    """The text of the 'applied across all sections' rule."""
    where = ("every programme section holds evidence (a top-level body section: the cover, contents, annexes "
             "and lists of participants are not sections, and introductory sections such as 'Introduction' or "
             "'Methodology' are left out unless the document has no other)")
    if keys:
        return (f"a document applies the approach across all sections when {where} for a criterion of human "
                f"rights analysis ({', '.join(sorted(keys))}); a section with evidence for other criteria only "
                f"does not count")
    return (f"a document applies it across all sections when {where} for some criterion (section coverage "
            f"share = 100%); the checklists used have no criterion of human rights analysis")


def has_hr_analysis(entry: dict, keys: set[str] | None) -> bool:
    return any(_at_least(c["effective_level"], "approaches") for c in entry["result"]["criteria"]
               if keys is None or c["id"] in keys)


def all_sections(entry: dict) -> bool:
    return entry["result"]["coverage"]["share_with_hr_evidence"] == 1.0


def _doc_ref(i: int, entry: dict) -> dict:
    name = entry["document"]["name"] if entry.get("document") else entry["input"].rsplit("/", 1)[-1]
    return {"index": i, "name": name, "input": entry["input"], "report_files": entry.get("report_files") or {}}


def _share(count: int, total: int) -> float | None:
    return round(count / total, 4) if total else None


def portfolio(documents: list[dict], max_gaps: int = 10, hr_analysis: Collection[str] | None = None) -> dict:
    """Documents x principles, level distribution per criterion, common gaps and the para-36 figures."""
    ok = [(i, d) for i, d in enumerate(documents) if d["status"] == "ok"]
    if hr_analysis is None:
        hr_analysis = load_hr_analysis_criteria()
    rule_text, keys = hr_analysis_rule(documents, hr_analysis)
    principles: dict[str, dict] = {}
    criteria: dict[str, dict] = {}
    rows = []
    hr_docs, all_docs = [], []
    for i, d in ok:
        res = d["result"]
        row_principles = {}
        for cl in res["checklists"]:
            for p in cl["principles"]:
                key = f"{cl['id']}/{p['id']}"
                principles.setdefault(key, {"key": key, "checklist": cl["id"], "id": p["id"], **titled(p)})
                row_principles[key] = {"level": p["level"], "score": p["score"]}
        for c in res["criteria"]:
            info = criteria.setdefault(c["id"], {
                "id": c["id"], "checklist": c["checklist"], "principle": c["principle"], **titled(c),
                "distribution": dict.fromkeys(DISTRIBUTION_KEYS, 0), "reviewed": 0, "gap_documents": []})
            info["distribution"][c["effective_level"] or "not_applicable"] += 1
            info["reviewed"] += bool(c.get("review"))
            if c["effective_level"] in GAP_LEVELS:
                info["gap_documents"].append(i)
        hr, every = has_hr_analysis(d, keys), all_sections(d)
        if hr:
            hr_docs.append(i)
        if every:
            all_docs.append(i)
        rows.append({**_doc_ref(i, d), "overall": res["overall"]["level"], "score": res["overall"]["score"],
                     "principles": row_principles, "hr_analysis": hr, "all_sections": every,
                     "share_with_hr_evidence": res["coverage"]["share_with_hr_evidence"],
                     "reviewed": sum(1 for c in res["criteria"] if c.get("review")),
                     "recommendations_taken_up": (res.get("recommendations") or {}).get("share_taken_up")})
    gaps = sorted((c for c in criteria.values() if c["gap_documents"]),
                  key=lambda c: (-len(c["gap_documents"]), c["id"]))
    errors = [{**_doc_ref(i, d), "error": d["error"]} for i, d in enumerate(documents) if d["status"] == "error"]
    return {
        "documents": len(documents),
        "scored": len(ok),
        "errors": errors,
        "principles": list(principles.values()),
        "matrix": rows,
        "criteria": [{**c, "gap_documents": len(c["gap_documents"])} for c in criteria.values()],
        "common_gaps": [{"id": c["id"], "checklist": c["checklist"], **titled(c),
                         "count": len(c["gap_documents"]), "share": _share(len(c["gap_documents"]), len(ok)),
                         "documents": c["gap_documents"]} for c in gaps[:max_gaps]],
        "figures": {
            "hr_analysis": {"rule": rule_text, "rule_principles": sorted(keys) if keys else None,
                            "count": len(hr_docs), "share": _share(len(hr_docs), len(ok)), "documents": hr_docs},
            "all_sections": {"rule": all_sections_rule(keys), "count": len(all_docs),
                             "share": _share(len(all_docs), len(ok)), "documents": all_docs},
        },
        "basis": "A/HRC/49/68 para 36: of about 100 response plans reviewed, 70% contained human rights "
                 "analysis, 32% applied a human-rights-based approach to all activities.",
    }

