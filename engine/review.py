"""Reviewer decisions: a small YAML file that overrules automated levels, and the template to write one.

A review file sits next to its document (``plan.pdf`` -> ``plan.review.yaml``) or is given with
``--review``. Each decision names a criterion, a level (or ``not_applicable``), who decided, when,
and why. Decisions without a level are ignored, so a template listing every criterion is valid.

Version 2 (``version: 2``, written by the HTML report's "Download review file") adds
``exclude_evidence``: quotes the reviewer marked as not evidence, named by a hash of their text (so a
renumbered or re-extracted document still matches) and their offsets. They are set aside and the
criterion's level is worked out again; a decision may carry exclusions without a level.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import RuleError
from .evidence import Evidence, settle_signal
from .pipeline import DocumentResult
from .rulefile import RuleSource, _describe, check_finite, parse_yaml, rule_loader, schema_validator
from .scoring import CriterionResult, place_criterion

REVIEW_SUFFIX = ".review.yaml"
REVIEW_LEVELS = ("missing", "approaches", "meets", "exceeds", "not_applicable")
REVIEW_VERSION = 2


@functools.lru_cache(maxsize=4096)  # a report shows the same quote under several criteria (half of them repeat)
def evidence_key(quote: str) -> str:
    """A quote's identity in review files: the first 16 hex digits of the SHA-256 of its text, spaces collapsed."""
    return hashlib.sha256(" ".join(quote.split()).encode("utf-8")).hexdigest()[:16]


@functools.cache
def _review_loader() -> type:
    """The strict rule loader, but dates stay text (``date: 2026-11-27`` is a string); made on first use."""
    base = rule_loader()
    loader = type("_ReviewLoader", (base,), {"__module__": __name__})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return loader


@dataclass(eq=False, repr=False)
class Decision:
    """One reviewer decision on one criterion."""

    criterion: str
    level: str | None
    reviewer: str
    note: str | None = None
    date: str | None = None
    line: int | None = None
    exclude: list[dict] = field(default_factory=list)  # {quote_sha256, start, end, excerpt} of quotes set aside

    def as_dict(self, automated_level: str | None) -> dict:
        return {"level": self.level, "note": self.note, "reviewer": self.reviewer, "date": self.date,
                "automated_level": automated_level}


@dataclass(eq=False, repr=False)
class Review:
    """A parsed review file."""

    path: str
    document: str | None
    decisions: list[Decision] = field(default_factory=list)
    sha256: str = ""


def _text(value) -> str | None:
    return None if value is None or value == "" else str(value)


def load_review(path: str | Path) -> Review:
    """Parse and validate a review file; RuleError names the file, line and key of any problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise RuleError(str(path), "review file not found") from None
    except UnicodeDecodeError as exc:
        raise RuleError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    data, root = parse_yaml(path, text, _review_loader())
    if data is None:
        raise RuleError(str(path), "review file is empty")
    source = RuleSource(path, data, root)
    check_finite(source)
    errors = list(schema_validator("review").iter_errors(data))
    if errors:
        err = min(errors, key=lambda e: source.line(list(e.absolute_path)) or 0)
        raise source.error(_describe(err), list(err.absolute_path))
    default_reviewer, default_date = _text(data.get("reviewer")), _text(data.get("date"))
    decisions: list[Decision] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(data.get("decisions") or []):
        if item.get("level") is None and not item.get("exclude_evidence"):
            continue
        pointer = ["decisions", i]
        cid = item["criterion"]
        if cid in seen:
            raise source.error(f"criterion {cid} decided twice (also decision {seen[cid] + 1})", pointer)
        seen[cid] = i
        reviewer = _text(item.get("reviewer")) or default_reviewer
        if not reviewer:
            raise source.error(f"decision on {cid} names no reviewer (set `reviewer` here or at the top)", pointer)
        decisions.append(Decision(cid, item.get("level"), reviewer, _text(item.get("note")),
                                  _text(item.get("date")) or default_date, source.line(pointer),
                                  list(item.get("exclude_evidence") or [])))
    return Review(str(path), _text(data.get("document")), decisions, hashlib.sha256(raw).hexdigest())


def find_review(document: str | Path) -> Path | None:
    """The review file next to ``document``: ``plan.review.yaml`` or ``plan.pdf.review.yaml``."""
    p = Path(document)
    for candidate in (p.with_name(p.stem + REVIEW_SUFFIX), p.with_name(p.name + REVIEW_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def _excluded(evidence: list[Evidence], items: list[dict]) -> tuple[set[int], list[dict]]:
    """Indexes of ``evidence`` named by ``items`` (hash, and offsets when the same text is quoted twice),
    and the items that matched no quote."""
    by_key: dict[str, list[int]] = {}
    for i, e in enumerate(evidence):
        by_key.setdefault(evidence_key(e.quote), []).append(i)
    hit: set[int] = set()
    unmatched = []
    for item in items:
        found = by_key.get(item["quote_sha256"], [])
        exact = [i for i in found if evidence[i].start == item.get("start")]
        if not found:
            unmatched.append(item)
        hit.update(exact or found)
    return hit, unmatched


def exclude_evidence(target: CriterionResult, items: list[dict], kind: str | None) -> tuple[CriterionResult, list[dict]]:
    """``target`` scored again without the quotes ``items`` name; the quotes set aside are kept in
    ``excluded``. Returns the new result and the items that matched no quote."""
    everything = [e for s in target.signals.values() for e in s.evidence]
    hit, unmatched = _excluded(everything, items)
    if not hit:
        return target, unmatched
    dropped = {id(everything[i]) for i in hit}
    signals = {}
    for name, sig in target.signals.items():
        kept = [e for e in sig.evidence if id(e) not in dropped]
        if len(kept) != len(sig.evidence):
            sig = replace(sig, evidence=kept)
            settle_signal(sig)
        signals[name] = sig
    rescored = place_criterion(target.criterion, signals, kind)
    spans: dict[tuple[int, int], Evidence] = {}
    for i in sorted(hit):  # one quote may back several signals: listed once
        spans.setdefault((everything[i].start, everything[i].end), everything[i])
    rescored.excluded = list(spans.values())
    return rescored, unmatched


def apply_review(result: DocumentResult, review: Review) -> list[str]:
    """Attach decisions to criteria (setting aside quotes marked not evidence and scoring those criteria
    again), recompute aggregates; return warnings for unknown criteria and quotes not found."""
    index = {r.criterion.id: (ci, i) for ci, cl in enumerate(result.checklists) for i, r in enumerate(cl.criteria)}
    warnings = []
    for decision in review.decisions:
        where = f"{review.path}:{decision.line}" if decision.line else review.path
        place = index.get(decision.criterion)
        if place is None:
            warnings.append(f"review {where}: criterion {decision.criterion} was not scored; decision ignored")
            continue
        ci, i = place
        target = result.checklists[ci].criteria[i]
        automated = target.level
        if decision.exclude:
            target, unmatched = exclude_evidence(target, decision.exclude, result.kind)
            result.checklists[ci].criteria[i] = target
            for item in unmatched:
                excerpt = item.get("excerpt") or item["quote_sha256"]
                warnings.append(f"review {where}: {decision.criterion}: quote not found in the document "
                                f"(changed?), not set aside: {excerpt[:60]!r}")
        target.review = decision.as_dict(automated)
        if target.excluded:
            target.review["rescored_level"] = target.level
    result.summarize()
    return warnings


def _yaml_str(value: str) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True, default_style='"').strip()


def review_template(document_name: str, rows: list[tuple[CriterionResult | None, object]],
                    reviewer: str = "", date: str = "", lang: str | None = None) -> str:
    """A review file listing every criterion with an empty level (rows: result or None, Criterion); each
    criterion's title, as a comment, in ``lang`` where the checklist gives it (else in English)."""
    lines = [
        f"# hrba review file for {document_name}",
        "# To overrule the automated level of a criterion, set `level` to one of:",
        "#   missing | approaches | meets | exceeds | not_applicable",
        "# and say why in `note`. Decisions left without a level keep the automated level.",
        "# Easier: decide in the HTML report (hrba score DOCUMENT -f html) and use its \"Download review",
        "# file\" button, which also records quotes marked as not evidence (exclude_evidence).",
        "# Apply with: hrba score DOCUMENT --review THIS_FILE (found automatically when named",
        "# like the document: plan.pdf -> plan.review.yaml).",
        f"document: {_yaml_str(document_name)}",
        f"reviewer: {_yaml_str(reviewer)}  # who decides (each decision may name its own)",
        f"date: {_yaml_str(date)}  # YYYY-MM-DD, default for every decision",
        "decisions:",
    ]
    for result, criterion in rows:
        auto = "not scored" if result is None else (result.level or "not applicable")
        title = " ".join(criterion.title.text(lang).split())
        lines.append(f"  # {title} ({criterion.checklist}/{criterion.principle}; automated: {auto})")
        lines.append(f"  - criterion: {criterion.id}")
        lines.append("    level:")
        lines.append("    note:")
    return "\n".join(lines) + "\n"


def init_review(document: Path, engine, output: Path | None = None, *, reviewer: str = "", force: bool = False,
                lang: str | None = None, password: str | None = None,
                report_lang: str | None = None) -> tuple[Path, str | None]:
    """Write a template for ``document`` (next to it by default); return its path and any scoring error.

    The document is scored so each criterion shows its automated level; an unreadable document
    still gets a template listing every criterion.
    """
    target = output or document.with_name(document.stem + REVIEW_SUFFIX)
    if target.exists() and not force:
        raise RuleError(str(target), "review file exists already (use --force to overwrite)")
    outcome = engine.score_path(document, lang=lang, password=password)
    by_id = {r.criterion.id: r for r in outcome.result.criteria} if outcome.result else {}
    rows = [(by_id.get(c.id), c) for cl in engine.checklists for c in cl.criteria]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(review_template(document.name, rows, reviewer=reviewer, lang=report_lang), encoding="utf-8")
    return target, None if outcome.error is None else str(outcome.error)
