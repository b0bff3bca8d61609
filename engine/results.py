"""Results as versioned, JSON-ready dictionaries (the contract published in schemas/results.schema.json)."""

from __future__ import annotations

import datetime as _dt

from .evidence import Evidence, SignalResult
from .localtext import LocalText, translations_of
from .memo import IdentityMemo
from .pipeline import DocumentResult, Outcome, tool_info
from .rules import Signal
from .scoring import Aggregate, CriterionResult

SCHEMA_VERSION = "1.2"  # 1.1: optional result.recommendations (--recommendations); 1.2: review.rescored_level/excluded
# (review files v2), portfolio.json summaries ("detail"), reason_data, shortfall_data, set-aside reason_data, guard_data
# and translations of rule text (for reports in six languages)
DISCLAIMER = (
    "Automated screening finds evidence of mention, not proof of quality. Every level below is a "
    "first pass for a human reviewer: check the quotes, and overrule any level with a review file."
)


def _translated(data: dict, name: str, text: object) -> dict:
    """``with_translations(data, name=text)`` for one rule text (an aggregate's title, a signal's description:
    thousands per report), without its keyword packing; its ``translations`` entry is made once per rule text
    and shared, read-only (a loaded engine's rule texts never change)."""
    if isinstance(text, LocalText) and text.translations:
        data["translations"] = _TRANSLATIONS.get((text,), lambda: {name: dict(text.translations)}, (name,))
    return data


_TRANSLATIONS = IdentityMemo(8192)  # (rule text, field) -> its translations entry


def _criterion_translated(data: dict, title: object, question: object, recommendation: object) -> dict:
    """``with_translations(data, title=..., question=..., recommendation=...)`` for a criterion's texts, its
    ``translations`` entry made once per criterion and recommendation (1.2k per 24 UPR reports) and shared,
    read-only, as :func:`_translated`'s."""
    translations = _TRANSLATIONS.get((title, question, recommendation), lambda: translations_of(
        title=title, question=question, recommendation=recommendation))
    if translations:
        data["translations"] = translations
    return data


def _aggregate(a: Aggregate) -> dict:
    return _translated(
        {"id": a.id, "title": str(a.title), "basis": a.basis, "level": a.level,
         "score": None if a.score is None else round(a.score, 4), "evaluated": a.evaluated, "criteria": a.criteria},
        "title", a.title)


def _highlight(start: int, end: int, text: str, term: str, concepts: list[str], role: str) -> dict:
    return {"start": start, "end": end, "text": text, "term": term, "concepts": concepts, "role": role}


def _add_reason(data: dict, e: Evidence) -> None:
    """A suppressed quote's reason, in words and (when there is one) as data for reports to word in their language."""
    if e.suppressed is not None:
        data["reason"] = e.suppressed
        if e.reason_data:
            data["reason_data"] = e.reason_data


def _evidence(e: Evidence) -> dict:
    data = {"signal": e.signal, "block": e.block, "start": e.start, "end": e.end, "quote": e.quote,
            "highlights": e.highlights_as(_highlight),
            "concepts": list(e.concepts), "near_concepts": list(e.near_concepts), "page": e.page,
            "section": e.section, "paragraph": e.paragraph, "lang": e.lang}
    _add_reason(data, e)
    if e.functions:
        data["functions"] = list(e.functions)
    if e.mention_only:
        data["mention_only"] = True
    return data


def _shown_highlight(start: int, end: int, text: str, term: str, concepts: list[str], role: str) -> dict:
    return {"start": start, "end": end, "role": role}


def _shown(e: Evidence) -> dict:
    """A quote as an HTML or Markdown report reads it (see criterion_to_dict's ``shown``): :func:`_evidence`
    without its concepts, functions and mention_only, its highlights without their text, term and concepts."""
    data = {"signal": e.signal, "block": e.block, "start": e.start, "end": e.end, "quote": e.quote,
            "highlights": e.highlights_as(_shown_highlight), "page": e.page,
            "section": e.section, "paragraph": e.paragraph, "lang": e.lang}
    _add_reason(data, e)
    return data


def pick_shown(items: list[tuple[str, int, int]], cap: int | None) -> list[int]:
    """Which of a criterion's quotes (``items``: each one's signal, start and end) a report shows: at most
    ``cap``, taken in turn from each signal (so every signal found is shown), no span twice; their indices,
    in order."""
    if cap is None or len(items) <= cap:
        return list(range(len(items)))
    queues: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        queues.setdefault(item[0], []).append(i)
    chosen: list[int] = []
    spans: set[tuple[int, int]] = set()
    while len(chosen) < cap and any(queues.values()):
        for queue in queues.values():
            while queue and items[queue[0]][1:] in spans:
                queue.pop(0)
            if queue and len(chosen) < cap:
                i = queue.pop(0)
                chosen.append(i)
                spans.add(items[i][1:])
    return sorted(chosen)


def _shown_evidence(evidence: list[Evidence], cap: int | None) -> list[Evidence]:
    """The quotes of ``evidence`` a report with at most ``cap`` quotes per criterion shows (see pick_shown)."""
    if cap is None or len(evidence) <= cap:
        return evidence
    return [evidence[i] for i in pick_shown([(e.signal, e.start, e.end) for e in evidence], cap)]


def _signal(name: str, r: SignalResult, vocabulary) -> dict:
    sig = r.signal
    description, searched, translations = _FIXED.get((sig, vocabulary), lambda: _fixed(sig, vocabulary))
    shortfall = None
    if r.shortfall_need:
        kind, have, needed = r.shortfall_need
        shortfall = {"kind": kind, "have": have, "needed": needed}
    data = {"name": name, "description": description, "found": r.found, "hits": r.hits,
            "suppressed": len(r.suppressed), "distinct": r.distinct, "shortfall": r.shortfall or None,
            "shortfall_data": shortfall, "searched": searched}
    if translations is not None:
        data["translations"] = translations
    return data


# (signal, vocabulary) -> what a signal's dict holds in every document (a loaded engine never changes),
# made once and shared, read-only.
_FIXED = IdentityMemo(8192)


def _fixed(sig: Signal, vocabulary) -> tuple[str, dict, dict | None]:
    """A signal's description, what it searched (as reports show it) and its description's translations."""
    translations = _translated({}, "description", sig.description).get("translations")
    return str(sig.description), _searched_dict(sig, vocabulary), translations


def _searched_dict(sig: Signal, vocabulary) -> dict:
    searched: dict = {"concepts": sig.refs, "phrases": sig.phrases + sig.all_phrases}
    if sig.regex is not None:
        searched["regex"] = sig.regex.pattern
    if sig.near:
        searched["near"] = {"concepts": sig.near.refs, "phrases": sig.near.phrases, "within": sig.near.within}
    if sig.unless:
        searched["unless"] = {"concepts": sig.unless.refs, "phrases": sig.unless.phrases, "within": sig.unless.within}
    if sig.min_distinct:
        searched["min_distinct"] = {"count": sig.min_distinct, "of": sig.distinct_of}
    if sig.min_count > 1:
        searched["min_count"] = sig.min_count
    if sig.min_sections > 1:
        searched["min_sections"] = sig.min_sections
    if sig.function:
        searched["function"] = sorted(sig.function)
    if sig.not_function:
        searched["not_function"] = sorted(sig.not_function)
    if sig.scope_sections or sig.scope_kinds:
        searched["scope"] = {"sections": [p.pattern for p in sig.scope_sections], "exclude": sig.scope_exclude,
                             "kinds": sig.scope_kinds}
    # A sample of the terms behind the concepts, so a reviewer sees exactly what was looked for.
    searched["terms"] = vocabulary.term_sample((*sig.any_concepts, *sig.all_concepts))
    return searched


def criterion_to_dict(r: CriterionResult, vocabulary, shown: int | None = None) -> dict:
    """A criterion's result; with ``shown`` (the cap of quotes per criterion of an HTML or Markdown report, for
    a result that only such reports read), only the quotes that report shows, with what it reads of them
    (see :func:`_shown`), and ``evidence_total``."""
    c = r.criterion
    recommendation = r.recommendation
    evidence, suppressed = r.evidence, r.suppressed
    total = len(evidence)
    quote = _evidence
    if shown is not None:
        evidence, suppressed = _shown_evidence(evidence, shown), suppressed[:shown]
        quote = _shown
    data = _criterion_translated({
        "id": c.id, "checklist": c.checklist, "principle": c.principle, "title": str(c.title),
        "question": str(c.question), "basis": c.basis, "weight": c.weight, "status": r.status, "level": r.level,
        "score": None if r.score is None else round(r.score, 4),
        "needs_review": r.needs_review, "reason": r.reason, "reason_data": r.reason_data,
        "next_level": {"level": r.next_level, "needs": r.next_needs} if r.next_level else None,
        "recommendation": None if recommendation is None else str(recommendation),
        "signals": [_signal(n, s, vocabulary) for n, s in r.signals.items()],
        "evidence": [quote(e) for e in evidence],
        "suppressed": [quote(e) for e in suppressed],
        "review": {**r.review, "excluded": [_evidence(e) for e in r.excluded]} if r.review and r.excluded
        else r.review,
        "effective_level": r.effective_level,
    }, c.title, c.question, recommendation)
    if r.guard:
        data["guard"] = r.guard
    if shown is not None:
        data["evidence_total"] = total
    return data


def document_result_to_dict(result: DocumentResult, vocabulary, shown: int | None = None) -> dict:
    overall = result.overall
    extra = {"recommendations": result.cross_check.to_dict()} if result.cross_check is not None else {}
    return {
        "overall": {"level": overall.level, "score": None if overall.score is None else round(overall.score, 4),
                    "evaluated": overall.evaluated,
                    "not_applicable": sum(1 for r in result.criteria if r.effective_level is None),
                    **({"guard": result.guard} if result.guard else {})},
        "checklists": [
            {**_aggregate(cl.total), "version": cl.checklist.version,
             "principles": [_aggregate(p) for p in cl.principles]}
            for cl in result.checklists
        ],
        "criteria": [criterion_to_dict(r, vocabulary, shown) for r in result.criteria],
        "coverage": {
            "principles": result.coverage.principles,
            "sections": [{"title": s.title, "index": s.index, "blocks": s.blocks, "principles": s.principles,
                          "hr_evidence": s.hr_evidence, "programme": s.programme} for s in result.coverage.sections],
            "share_with_hr_evidence": result.coverage.share_with_hr_evidence,
        },
        **extra,
    }


def outcome_to_dict(outcome: Outcome, vocabulary, shown: int | None = None) -> dict:
    if outcome.error is not None:
        err = outcome.error
        return {"input": outcome.input, "status": "error", "document": None, "result": None,
                "error": {"code": getattr(err, "code", "error"), "message": str(err)}, **outcome.extra}
    doc = outcome.result.document
    document = doc.to_dict(with_blocks=False)
    document["kind"] = outcome.result.kind
    return {"input": outcome.input, "status": "ok", "error": None, "document": document,
            "result": document_result_to_dict(outcome.result, vocabulary, shown), **outcome.extra}


def report(outcomes: list[Outcome], engine, options: dict | None = None, shown: int | None = None) -> dict:
    """The whole JSON report: envelope, checklists used, and one entry per document (``shown``: see
    criterion_to_dict; only for a report that is rendered to HTML or Markdown and then dropped)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": tool_info(),
        "generated_at": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "disclaimer": DISCLAIMER,
        "profile": engine.kind,
        "options": options or {},
        "checklists": engine.versions(),
        "documents": [outcome_to_dict(o, engine.vocabulary, shown) for o in outcomes],
    }
