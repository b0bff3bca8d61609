"""Scoring: a level per criterion from its signals, then weighted means per principle and checklist."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .evidence import Evidence, SignalResult, evaluate_signal
from .memo import IdentityMemo
from .rules import LEVELS, Checklist, Criterion
from .textindex import DocumentIndex

LEVEL_SCORE = {"missing": 0.0, "approaches": 1 / 3, "meets": 2 / 3, "exceeds": 1.0}


def level_for_score(score: float | None) -> str | None:
    """The level nearest to a mean score, a tie going to the lower level (None stays None):
    criteria at meets and approaches average to meets only when meets dominate."""
    if score is None:
        return None
    return LEVELS[min(3, max(0, math.ceil(score * 3 - 0.5 - 1e-9)))]


@dataclass(slots=True, eq=False, repr=False)
class CriterionResult:
    """A criterion's level, why, where the evidence is, and what the next level needs."""

    criterion: Criterion
    status: str  # "gap", "pass" or "not_applicable"
    level: str | None
    signals: dict[str, SignalResult]
    reason: str  # in English; ``reason_data`` says the same as data, for reports to word in their language
    reason_data: dict = field(default_factory=dict)
    next_level: str | None = None
    next_needs: list[str] = field(default_factory=list)
    needs_review: bool = False
    review: dict | None = None  # a reviewer's decision, applied by hrba.engine.review
    guard: str | None = None  # why the stuffing guard lowered the level, when it did
    excluded: list[Evidence] = field(default_factory=list)  # quotes a reviewer marked as not evidence

    @property
    def score(self) -> float | None:
        return None if self.level is None else LEVEL_SCORE[self.level]

    @property
    def effective_level(self) -> str | None:
        """The reviewer's level when a review overrules the machine, else the automated one."""
        if self.review and self.review.get("level"):
            return None if self.review["level"] == "not_applicable" else self.review["level"]
        return self.level

    @property
    def recommendation(self) -> str | None:
        if self.level is None:
            return None
        return self.criterion.recommendations.get(self.level)

    @property
    def evidence(self) -> list[Evidence]:
        return [e for s in self.signals.values() for e in s.evidence]

    @property
    def suppressed(self) -> list[Evidence]:
        return [e for s in self.signals.values() for e in s.suppressed]


Ladder = tuple[tuple[str, frozenset[str], frozenset[str]], ...]  # (level, all of, one of) from approaches up


def _ladder(criterion: Criterion) -> Ladder:
    """The levels of ``criterion`` above missing, up to the first it lacks, with the signals each needs."""
    ladder = []
    for name in LEVELS[1:]:
        level = criterion.levels.get(name)
        if level is None:
            break
        ladder.append((name, frozenset(level.all), frozenset(level.any)))
    return tuple(ladder)


def _level_reached(ladder: Ladder, found: set[str]) -> str:
    """The highest level of ``ladder`` whose signals (and those of every level below it) are ``found``."""
    reached = "missing"
    for name, all_of, one_of in ladder:
        if not all_of <= found or (one_of and one_of.isdisjoint(found)):
            break
        reached = name
    return reached


def signal_note(result: SignalResult) -> dict:
    """What a reason says about one signal, as data: hits, distinct concepts (when they matter), the
    shortfall of a signal with too few hits, the evidence set aside."""
    note: dict = {"signal": result.signal.name, "hits": result.hits, "suppressed": len(result.suppressed)}
    if result.found and result.distinct and (result.signal.min_distinct or len(result.distinct) > 1):
        note["distinct"] = len(result.distinct)
    if not result.found and result.shortfall_need:
        kind, have, needed = result.shortfall_need
        note["shortfall"] = {"kind": kind, "have": have, "needed": needed}
    return note


def _english_note(note: dict, description: str, found: bool) -> str:
    if found:
        return f"{description} ({note['hits']}" + (f"; {note['distinct']} distinct)" if "distinct" in note else ")")
    shortfall = note.get("shortfall")
    if shortfall:
        unit = {"count": "paragraphs needed", "distinct": "distinct needed", "sections": "sections needed"}[shortfall["kind"]]
        return f"{description} ({shortfall['have']} of {shortfall['needed']} {unit})"
    if note["suppressed"]:
        return f"{description} ({note['suppressed']} suppressed)"
    return description


def english_reason(data: dict, descriptions: dict[str, str]) -> str:
    """The reason in English words (the JSON report's ``reason``); reports word ``data`` in their language."""
    if data["kind"] == "not_applicable_kind":
        kinds, kind = ", ".join(data["applies_to"]), data["document_kind"]
        why = f"not {kind}" if kind else "choose the kind with --profile to evaluate it"
        return f"applies to {kinds} documents ({why})"
    if data["kind"] == "not_applicable_condition":
        return f"not applicable: no {descriptions[data['condition']]} in the document"
    parts = []
    if data["found"]:
        parts.append("found: " + "; ".join(_english_note(n, descriptions[n["signal"]], True) for n in data["found"]))
    if data.get("short"):
        parts.append("not enough evidence of: " + "; ".join(
            _english_note(n, descriptions[n["signal"]], False) for n in data["short"]))
    if data["missing"]:
        parts.append("no evidence found of: " + "; ".join(
            _english_note(n, descriptions[n["signal"]], False) for n in data["missing"]))
    if data.get("guard"):
        parts.append(english_guard(data["guard"]))
    return " — ".join(parts) or "nothing searched"


def english_guard(data: dict) -> str:
    """Why the stuffing guard lowered a level, in English ({"level": found, "capped": kept})."""
    return (f"stuffing guard: the evidence for {data['level']} is in sentences that name many concepts without a "
            f"finding, cause or commitment, counted as mentions ({data['capped']}, not {data['level']})")


def score_criterion(criterion: Criterion, index: DocumentIndex, kind: str | None) -> CriterionResult:
    """Evaluate every signal of ``criterion`` and place it on the level ladder."""
    signals = {name: evaluate_signal(sig, index) for name, sig in criterion.signals.items()}
    return place_criterion(criterion, signals, kind)


_PARTS = IdentityMemo()  # criterion -> (its signals' descriptions, the signals its levels use, its ladder)


def _criterion_parts(criterion: Criterion) -> tuple[dict[str, str], tuple[str, ...], Ladder]:
    """The English descriptions of ``criterion``'s signals, the signals its levels use (in the criterion's
    order) and its ladder (once per criterion: rules never change once loaded; callers never change them)."""
    used = {s for lv in criterion.levels.values() for s in lv.signals()}
    return ({name: str(sig.description) for name, sig in criterion.signals.items()},
            tuple(name for name in criterion.signals if name in used), _ladder(criterion))


def place_criterion(criterion: Criterion, signals: dict[str, SignalResult], kind: str | None) -> CriterionResult:
    """The level, reason and next steps of ``criterion`` from its evaluated signals."""
    descriptions, used, ladder = _PARTS.of(criterion, _criterion_parts)
    if criterion.applies_to and kind not in criterion.applies_to:
        data = {"kind": "not_applicable_kind", "applies_to": list(criterion.applies_to), "document_kind": kind}
        return CriterionResult(criterion, "not_applicable", None, signals, english_reason(data, descriptions), data)
    if criterion.applies_if and not signals[criterion.applies_if].found:
        data = {"kind": "not_applicable_condition", "condition": criterion.applies_if}
        return CriterionResult(criterion, "not_applicable", None, signals, english_reason(data, descriptions), data)
    found = {name for name, r in signals.items() if r.found}
    level = _level_reached(ladder, found)
    guard = None
    if LEVELS.index(level) > 1:  # the stuffing guard: mention-only sentences lift no level above approaches
        substantive = {name for name, r in signals.items() if r.found_substantive}
        below = _level_reached(ladder, substantive)
        if below != level:
            capped = max(below, "approaches", key=LEVELS.index)
            guard_data = {"level": level, "capped": capped}
            guard = english_guard(guard_data)
            level, found = capped, substantive | {n for n in found if n in criterion.levels["approaches"].signals()}
    # "short": quotes exist, but too few of them (or too few different ones, or in too few sections)
    data: dict = {"kind": "scored", "found": [], "short": [], "missing": []}
    for name in used:
        r = signals[name]
        data["found" if name in found else "short" if r.evidence else "missing"].append(signal_note(r))
    if guard:
        data["guard"] = guard_data
    result = CriterionResult(criterion, "pass" if level in ("meets", "exceeds") else "gap", level, signals,
                             english_reason(data, descriptions), data, guard=guard)
    nxt_index = LEVELS.index(level) + 1
    if nxt_index < len(LEVELS) and LEVELS[nxt_index] in criterion.levels:
        nxt = criterion.levels[LEVELS[nxt_index]]
        result.next_level = LEVELS[nxt_index]
        result.next_needs = [n for n in nxt.all if n not in found]
        if nxt.any and not set(nxt.any) & found:
            result.next_needs.append(" or ".join(nxt.any))
    # Suppressed evidence on a missing signal that would lift the level: a human should look.
    result.needs_review = any(signals[n].suppressed and not signals[n].found for n in used)
    return result


@dataclass(eq=False, repr=False)
class Aggregate:
    """A weighted mean over evaluated criteria (None when none was evaluated)."""

    id: str
    title: str
    basis: str
    criteria: list[str]
    score: float | None
    evaluated: int

    @property
    def level(self) -> str | None:
        return level_for_score(self.score)


def aggregate(id_: str, title: str, basis: str, results: list[CriterionResult], cap: float | None = None) -> Aggregate:
    """The weighted mean level of ``results``; ``cap`` bounds the score (the stuffing guard's approaches)."""
    evaluated = [r for r in results if r.effective_level is not None]
    weight = sum(r.criterion.weight for r in evaluated)
    score = sum(LEVEL_SCORE[r.effective_level] * r.criterion.weight for r in evaluated) / weight if weight else None
    if cap is not None and score is not None:
        score = min(score, cap)
    return Aggregate(id_, title, basis, [r.criterion.id for r in results], score, len(evaluated))


MENTIONS_ONLY = ("stuffing guard: no quoted sentence holds a finding, cause or commitment (every piece of evidence is "
                 "a mention), so the document cannot exceed approaches overall")


def mentions_only(results: list[CriterionResult], substantive: frozenset[str]) -> bool:
    """True when some evidence was found and none of it sits in a sentence of a substantive function."""
    evidence = [e for r in results if r.level is not None for e in r.evidence]
    return bool(evidence) and not any(substantive.intersection(e.functions) for e in evidence)


@dataclass(eq=False, repr=False)
class ChecklistResult:
    """A checklist's criteria results and their aggregates, per principle and in total."""

    checklist: Checklist
    criteria: list[CriterionResult]
    principles: list[Aggregate]
    total: Aggregate


def score_checklist(checklist: Checklist, index: DocumentIndex, kind: str | None) -> ChecklistResult:
    results = [score_criterion(c, index, kind) for c in checklist.criteria]
    return summarize_checklist(checklist, results)


def summarize_checklist(checklist: Checklist, results: list[CriterionResult], cap: float | None = None) -> ChecklistResult:
    """Principle and checklist aggregates (re-run after reviewer decisions change levels); ``cap`` bounds
    the checklist's total (the stuffing guard)."""
    principles = [
        aggregate(p.id, p.title, p.basis, [r for r in results if r.criterion.principle == p.id])
        for p in checklist.principles
    ]
    total = aggregate(checklist.id, checklist.title, checklist.basis, results, cap=cap)
    return ChecklistResult(checklist, results, principles, total)
