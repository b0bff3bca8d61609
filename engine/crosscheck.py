"""Does the plan take up what the human rights mechanisms asked? (behind ``hrba score --recommendations``)

The recommendations a country received (extracted from UPR reports or concluding observations by
:mod:`.recommendations`, or read back from the CSV/JSONL ``hrba recommendations`` writes) are grouped
by the concepts ``hrba tag`` finds in them (families group, right, area, mechanism). For each concept
the plan, as scored:

* **analyses or commits**: evidence of a criterion at meets or above cites the concept
  (:func:`analysed_concepts`, the one place that says what counts: swap it when "meets" changes);
* **mentions**: the concept is matched in a body block (paragraph, list item, table cell) only;
* **is silent**: neither.

The overall figure is the share of recommendation themes (concepts) the plan takes up (analyses or
commits); the biggest silences come first. PM-06 and PM-07 use the result (:func:`apply_to_criteria`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .recommendations import Recommendation, extract_path, tag_recommendations
from .rules import LEVELS

FAMILIES = ("group", "right", "area", "mechanism")
STATUSES = ("analyses", "mentions", "silent")
EXAMPLES = 2
QUOTE_CHARS = 400
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson")
# Criteria that use the recommendations when given, and the share of themes PM-07 needs to keep a
# level above "approaches".
MECHANISM_CRITERIA = ("PM-06", "PM-07")
PROGRAMME_CRITERION = "PM-07"
TAKEN_UP_FLOOR = 0.5


@dataclass(eq=False, repr=False)
class RecommendationSet:
    """Recommendations from one or more files, with where they came from."""

    recommendations: list[Recommendation] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)  # {path, sha256, recommendations}

    def fingerprint(self) -> list[dict]:
        return [{"path": s["path"], "sha256": s["sha256"]} for s in self.sources]


def _read_table(path: Path) -> list[Recommendation]:
    """Recommendations written by ``hrba recommendations`` (CSV or JSONL); concepts re-tagged when absent."""
    rows: list[dict] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            if path.suffix.lower() == ".csv":
                csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
                reader = csv.DictReader(fh)
                if "text" not in (reader.fieldnames or []):
                    raise InputError(str(path), "no column 'text': expected a file written by hrba recommendations",
                                     "bad_column")
                for row in reader:
                    row = {k: (v[1:] if isinstance(v, str) and v.startswith("'=") else v) for k, v in row.items()}
                    for key in ("states", "concepts"):
                        row[key] = [s.strip() for s in (row.get(key) or "").split(";") if s.strip()]
                    rows.append(row)
            else:
                for n, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise InputError(str(path), f"line {n}: invalid JSON ({exc.msg})", "malformed") from exc
                    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                        raise InputError(str(path), f"line {n}: expected an object with a 'text'", "malformed")
                    rows.append(obj)
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})", "encoding") from exc
    except csv.Error as exc:
        raise InputError(str(path), f"malformed CSV: {exc}", "malformed") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}", "unreadable") from exc
    recs = []
    for row in rows:
        page = row.get("page")
        recs.append(Recommendation(
            number=str(row.get("number") or "") or None, text=str(row["text"]),
            states=list(row.get("states") or []), source=str(row.get("source") or "") or "unknown",
            response=row.get("response") or None, page=int(page) if str(page or "").isdigit() else None,
            concepts=list(row.get("concepts") or []), document=str(row.get("document") or path.name)))
    untagged = [r for r in recs if not r.concepts]
    if untagged:
        tag_recommendations(untagged)
    return recs


def load_recommendations(paths: Iterable[str | Path], lang: str | None = None) -> RecommendationSet:
    """Recommendations of every file: reports (any readable format) or CSV/JSONL from ``hrba recommendations``."""
    out = RecommendationSet()
    for p in map(Path, paths):
        if not p.is_file():
            raise InputError(str(p), "recommendations file not found", "not_found")
        if p.suffix.lower() in TABLE_SUFFIXES:
            recs = _read_table(p)
        else:
            recs = extract_path(p, lang=lang).recommendations
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        out.recommendations.extend(recs)
        out.sources.append({"path": str(p), "sha256": digest, "recommendations": len(recs)})
    return out


def _family(concept: str) -> str:
    return concept.split(".", 1)[0]


def analysed_concepts(result) -> dict[str, tuple]:
    """Concepts the plan analyses or commits on, each with its first quote: concepts cited by the
    evidence (anchors, near cues, highlights) of the signals that carried a criterion to meets or
    above, except concepts the quote's block names only inside a mechanism's name ("Committee on the Rights
    of the Child" does not analyse children). The single definition of "meets-level evidence" here: swap
    this function when it changes."""
    out: dict[str, tuple] = {}
    in_names = result.concepts_in_names or {}
    for r in result.criteria:
        level = r.level
        if level is None or LEVELS.index(level) < LEVELS.index("meets"):
            continue
        names: set[str] = set()
        for name in LEVELS[1:LEVELS.index(level) + 1]:
            lv = r.criterion.levels.get(name)
            if lv is not None:
                names.update(lv.signals())
        for name in sorted(names):
            sig = r.signals.get(name)
            if sig is None or not sig.found:
                continue
            for e in sig.evidence:
                cited = set(e.concepts) | set(e.near_concepts) | {c for h in e.highlights for c in h.concepts}
                for c in cited - in_names.get(e.block, frozenset()):
                    out.setdefault(c, (r.criterion.id, e))
    return out


def mentioned_concepts(result) -> dict[str, tuple[int, int, int]]:
    """Concepts matched in a body block of the plan: (block index, start, end) of the first match."""
    return dict(result.concept_blocks or {})


@dataclass(eq=False, repr=False)
class Theme:
    """One concept the recommendations raise, and what the plan does with it."""

    concept: str
    label: str
    family: str
    count: int
    status: str  # analyses | mentions | silent
    examples: list[dict]
    quote: dict | None  # the plan's best passage: text, page, section, paragraph, criterion


@dataclass(eq=False, repr=False)
class CrossCheck:
    """The section of a report on recommendations: themes, figures and rule."""

    sources: list[dict]
    recommendations: int
    tagged: int
    themes: list[Theme]

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for t in self.themes if t.status == s) for s in STATUSES}

    @property
    def share_taken_up(self) -> float | None:
        return round(self.counts["analyses"] / len(self.themes), 4) if self.themes else None

    def to_dict(self) -> dict:
        return {
            "sources": self.sources, "recommendations": self.recommendations, "tagged": self.tagged,
            "families": list(FAMILIES), "counts": self.counts, "share_taken_up": self.share_taken_up,
            "rule": RULE,
            "themes": [{"concept": t.concept, "label": t.label, "family": t.family, "count": t.count,
                        "status": t.status, "examples": t.examples, "quote": t.quote} for t in self.themes],
        }


RULE = ("themes are the concepts (families group, right, area, mechanism) hrba tag finds in the recommendations; "
        "the plan analyses or commits on a theme when evidence of a criterion at meets or above cites it, "
        "mentions it when the concept is matched in a body paragraph only, and is silent otherwise; "
        "share taken up = themes analysed or committed / themes")


def _example(rec: Recommendation) -> dict:
    return {"number": rec.number, "text": rec.text, "states": list(rec.states), "source": rec.source,
            "response": rec.response, "document": rec.document}


def _quote_from_block(block, index: int, start: int, end: int, limit: int = QUOTE_CHARS) -> dict:
    """The block, or a window of about ``limit`` characters around the match, cut at spaces."""
    text = block.text
    if len(text) > limit:
        lo = max(0, start - (limit - (end - start)) // 2)
        hi = min(len(text), lo + limit)
        lo = max(0, hi - limit)
        if lo > 0:
            lo = text.find(" ", lo) + 1 or lo
        if hi < len(text):
            hi = text.rfind(" ", lo, hi) if text.rfind(" ", lo, hi) > start else hi
        text = ("… " if lo > 0 else "") + text[lo:hi].strip() + (" …" if hi < len(text) else "")
    return {"text": text, **block.location(), "block": index, "criterion": None}


def cross_check(result, recs: RecommendationSet, vocabulary=None) -> CrossCheck:
    """Group the recommendations by concept and say, per concept, whether the plan analyses or commits,
    mentions, or is silent."""
    by_concept: dict[str, list[Recommendation]] = {}
    tagged = 0
    for rec in recs.recommendations:
        concepts = [c for c in rec.concepts if _family(c) in FAMILIES]
        tagged += bool(concepts)
        for c in concepts:
            by_concept.setdefault(c, []).append(rec)
    analysed = analysed_concepts(result)
    mentioned = mentioned_concepts(result)
    blocks = result.document.blocks
    themes = []
    for concept, items in by_concept.items():
        label = concept
        if vocabulary is not None and concept in getattr(vocabulary, "concepts", {}):
            label = vocabulary.concepts[concept].label
        if concept in analysed:
            status = "analyses"
            criterion, e = analysed[concept]
            quote = {"text": e.quote, "page": e.page, "section": e.section, "paragraph": e.paragraph,
                     "block": e.block, "criterion": criterion}
        elif concept in mentioned:
            status = "mentions"
            index, start, end = mentioned[concept]
            quote = _quote_from_block(blocks[index], index, start, end)
        else:
            status, quote = "silent", None
        # examples: prefer recommendations the State supported, then the shortest texts (easiest to read)
        ordered = sorted(items, key=lambda r: (r.response != "supported", len(r.text)))
        themes.append(Theme(concept, label, _family(concept), len(items), status,
                            [_example(r) for r in ordered[:EXAMPLES]], quote))
    order = {s: i for i, s in enumerate(STATUSES[::-1])}  # silent, mentions, analyses
    themes.sort(key=lambda t: (order[t.status], -t.count, t.concept))
    return CrossCheck(recs.sources, len(recs.recommendations), tagged, themes)


def apply_to_criteria(result, check: CrossCheck) -> None:
    """PM-06 and PM-07 use the recommendations: their reason states the cross-check's figures, and
    PM-07 (mechanism recommendations feed the programme) stays at most "approaches", for a reviewer to
    check, when the plan takes up fewer than half of the recommendation themes."""
    if not check.themes:
        return
    counts = check.counts
    silences = ", ".join([f"{t.label} ({t.count})" for t in check.themes if t.status == "silent"][:3])
    summary = (f"with the {check.recommendations} recommendations given: the plan analyses or commits on "
               f"{counts['analyses']} of {len(check.themes)} themes ({check.share_taken_up:.0%}), only mentions "
               f"{counts['mentions']}, is silent on {counts['silent']}"
               + (f" (biggest silences: {silences})" if silences else ""))
    changed = False
    for r in result.criteria:
        if r.criterion.id not in MECHANISM_CRITERIA or r.level is None:
            continue
        r.reason = f"{r.reason} — {summary}"
        if (r.criterion.id == PROGRAMME_CRITERION and check.share_taken_up is not None
                and check.share_taken_up < TAKEN_UP_FLOOR
                and LEVELS.index(r.level) > LEVELS.index("approaches")):
            r.reason += (f"; level lowered from {r.level} to approaches: the plan takes up fewer than "
                         f"{TAKEN_UP_FLOOR:.0%} of the recommendation themes")
            r.level = "approaches"
            r.next_level = "meets"
            r.next_needs = [f"take up at least {TAKEN_UP_FLOOR:.0%} of the recommendation themes"]
            r.status = "gap"
            r.needs_review = True
            changed = True
    if changed:
        result.summarize()
