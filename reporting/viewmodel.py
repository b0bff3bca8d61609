"""The view model: what the report templates show, derived from the JSON report (templates only format)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from ..engine.coverage import BEFORE_FIRST_HEADING
from ..engine.memo import IdentityMemo
from ..engine.results import pick_shown
from ..engine.review import REVIEW_SUFFIX, evidence_key
from .i18n import Catalog, Localized, catalog, text_direction
from .reasons import reason_of, set_aside_reason, shortfall_text
from .recommendations_view import RecommendationsView, recommendations_view

LEVEL_ORDER = {"missing": 0, "approaches": 1, "meets": 2, "exceeds": 3}
DEFAULT_MAX_EVIDENCE = 5  # quotes per criterion in HTML/Markdown; JSON keeps all
PHRASE_CAP = 6  # searched-for phrases shown per signal (all languages mixed)
T = TypeVar("T")


class Segment(NamedTuple):
    """A piece of a quote; ``mark`` is the highlight role ("anchor", "near", "unless") or None."""

    text: str
    mark: str | None = None


_segment = tuple.__new__  # Segment from a (text, mark) pair without the keyword-handling constructor

# The views below live for one render and are never compared or printed: they are made without the
# __eq__ and __repr__ a dataclass compiles from source at import (~0.1 ms each, at every start-up).


@dataclass(eq=False, repr=False)
class EvidenceView:
    """A quote as shown: its text cut into highlighted segments, where it is, and why it was set aside."""

    quote: str
    segments: list[Segment]
    location: str
    page: int | None
    section: str | None
    paragraph: str | None
    lang: str | None
    dir: str
    signal: str
    reason: str | None = None  # why it was set aside, for suppressed evidence
    start: int = 0  # offsets in the document's text
    end: int = 0

    # Worked out when a template reads them (once per report; a plain property: Python 3.11's cached_property
    # takes a lock on every first read, which costs more than the once-read values save).
    @property
    def key(self) -> str:
        """The quote's key in review files (only the HTML report shows it)."""
        return evidence_key(self.quote)


@dataclass(eq=False, repr=False)
class SignalView:
    """One signal of a criterion as shown: found or not, its hits, and what was searched for."""

    name: str
    description: str
    found: bool
    hits: int
    suppressed: int
    shortfall: str | None
    searched: dict  # the search rule, as in the JSON report
    doc_lang: str | None
    cat: Catalog

    @property
    def requirement(self) -> str:
        """The searched-for rule in words: concepts, context, exclusions (worked out when read, once per rule)."""
        return shared_requirement(self.searched, self.cat)

    @property
    def terms(self) -> list[tuple[str, str]]:
        """(language, "term, term, ...") in the document's language and English (else the first listed), once
        per rule and document language."""
        return per_rule(self.searched, ("terms", self.doc_lang), (), lambda: sample_terms(self.searched, self.doc_lang))


@dataclass(eq=False, repr=False)
class ReviewView:
    """A reviewer's decision on a criterion as shown, beside the automated level."""

    level: str | None  # the reviewer's level ("not_applicable" kept), None when only quotes were set aside
    level_label: str | None
    reviewer: str
    date: str | None
    note: str | None
    automated_level: str | None
    automated_label: str
    rescored_label: str | None = None  # the automated level without the quotes marked not evidence
    excluded: int = 0
    headline: str = ""  # "Reviewed: Missing", or "Reviewed: 2 quotes marked as not evidence"
    rescored: str = ""  # "Without the 2 quotes marked as not evidence the level is Approaches", or ""


@dataclass(eq=False, repr=False)
class CriterionView:
    """One criterion as shown: level, reason, recommendation, signals and quotes."""

    id: str
    checklist: str
    checklist_title: str
    principle: str
    principle_title: str
    title: str
    question: str
    basis: str
    weight: float
    level: str | None  # shown level: the reviewer's when reviewed
    level_label: str
    automated_level: str | None
    score: float | None
    reason: str
    recommendation: str | None
    next_level: str | None
    next_label: str | None
    next_needs: list[str]
    needs_review: bool
    signals: list[SignalView]
    evidence: list[EvidenceView]
    evidence_total: int
    evidence_hidden: int
    suppressed: list[EvidenceView]
    review: ReviewView | None
    search_text: str = ""  # id, title and principle, lower case: what the report's filter searches
    excluded: list[EvidenceView] = field(default_factory=list)  # quotes a reviewer marked as not evidence

    @property
    def is_gap(self) -> bool:
        return self.level in ("missing", "approaches")


@dataclass(eq=False, repr=False)
class Bar:
    """One bar of a chart: a checklist's or principle's level and score."""

    label: str
    level: str | None
    level_label: str
    score: float | None
    pct: int | None  # score as 0-100, None when not evaluated


@dataclass(eq=False, repr=False)
class ChartGroup:
    """The chart of one checklist: its total and a bar per principle."""

    id: str
    title: str
    version: str
    total: Bar
    bars: list[Bar]


@dataclass(eq=False, repr=False)
class HeatColumn:
    """A heat-map column: one principle."""

    key: str
    title: str
    checklist: str


@dataclass(eq=False, repr=False)
class HeatRow:
    """A heat-map row: one section of the document, its evidence count per principle."""

    title: str
    blocks: int
    counts: list[int]
    heat: list[int]  # 0 (none) .. 4 (most), per column
    hr_evidence: bool
    programme: bool = True  # False: an introductory section, shown but not counted in the share

    @property
    def cells(self) -> list[tuple[int, int]]:
        """(count, heat step) per column."""
        return list(zip(self.counts, self.heat, strict=True))


@dataclass(eq=False, repr=False)
class HeatTable:
    """The heatmap of one checklist: its principles as columns, the document's sections as rows."""

    checklist: str
    title: str
    columns: list[HeatColumn]
    rows: list[HeatRow]


@dataclass(eq=False, repr=False)
class CoverageView:
    """Where the evidence is: the heat map of sections by principles, and the share of sections with some."""

    columns: list[HeatColumn]
    groups: list[tuple[str, int]]  # (checklist id, column span) for the header row
    rows: list[HeatRow]
    share_pct: int | None
    with_evidence: int  # programme sections with human-rights evidence (all sections when none is one)
    tables: list[HeatTable] = field(default_factory=list)  # one per checklist, for narrow screens
    total: int = 0  # programme sections counted in the share


@dataclass(eq=False, repr=False)
class DocumentView:
    """One document's part of a report (or its error)."""

    ok: bool
    input: str
    name: str
    error: dict | None = None
    document: dict = field(default_factory=dict)
    review_file: str = ""  # name the HTML report gives a downloaded review file (plan.pdf -> plan.review.yaml)
    reviewer: str = ""  # the review applied (pre-fills the report's review form)
    review_date: str = ""
    overall_level: str | None = None
    overall_label: str = ""
    overall_pct: int | None = None
    evaluated: int = 0
    reviewed: int = 0
    charts: list[ChartGroup] = field(default_factory=list)
    gaps: list[CriterionView] = field(default_factory=list)
    met: list[CriterionView] = field(default_factory=list)
    not_applicable: list[CriterionView] = field(default_factory=list)
    coverage: CoverageView | None = None
    checklists: list[tuple[str, str]] = field(default_factory=list)  # (id, title) for filters
    principles: list[tuple[str, str]] = field(default_factory=list)  # (checklist/principle, title)
    recommendations: RecommendationsView | None = None  # hrba score --recommendations


@dataclass(eq=False, repr=False)
class ReportView:
    """What a report template shows: the documents and what they share."""

    lang: str
    dir: str
    tool: dict
    generated_at: str
    date: str
    disclaimer: str
    checklists: list[dict]
    documents: list[DocumentView]
    max_evidence: int | None
    levels: list[tuple[str, str]]  # (level, label), missing first
    report: dict


def pct(score: float | None) -> int | None:
    return None if score is None else round(score * 100)


def location(ev: dict, cat: Catalog) -> str:
    """Where a quote is: page, section, paragraph (or the block number when nothing else is known)."""
    messages = cat.strings  # the unformatted messages: one lookup each, for thousands of quotes a report
    parts = []
    if ev.get("page"):
        parts.append(messages["loc.page"].format(n=ev["page"]))
    if ev.get("section"):
        parts.append(messages["loc.section"].format(title=cat.isolate(ev["section"])))
    if ev.get("paragraph"):
        parts.append(messages["loc.paragraph"].format(n=ev["paragraph"]))
    return messages["sep.list"].join(parts) or messages["loc.block"].format(n=ev["block"])


def _span_order(h: dict) -> tuple[int, int]:
    return h["start"], -h["end"]


def segments(quote: str, highlights: list[dict]) -> list[Segment]:
    """The quote cut into plain and highlighted pieces (templates escape each piece); highlights are taken
    in order of start (the longer first), one overlapping an earlier one is dropped."""
    pos, out, size = 0, [], len(quote)
    for h in sorted(highlights, key=_span_order) if len(highlights) > 1 else highlights:
        start, end = h["start"], h["end"]
        start, end = (start if start > 0 else 0), (end if end < size else size)
        if start < pos or end <= start:
            continue
        if start > pos:
            out.append(_segment(Segment, (quote[pos:start], None)))
        out.append(_segment(Segment, (quote[start:end], h["role"])))
        pos = end
    if pos < size:
        out.append(_segment(Segment, (quote[pos:], None)))
    return out


def evidence_view(ev: dict, cat: Catalog) -> EvidenceView:
    quote, lang = ev["quote"], ev.get("lang")
    return EvidenceView(quote, segments(quote, ev["highlights"]), location(ev, cat), ev.get("page"),
                        ev.get("section"), ev.get("paragraph"), lang, text_direction(lang),
                        ev["signal"], set_aside_reason(ev, cat), ev["start"], ev["end"])


def joined(items: list[str], sep: str) -> str:
    """Rule texts joined, marked as English when any of them fell back to English."""
    text = sep.join(items)
    fallback = next((i for i in items if getattr(i, "marker", None)), None)
    return Localized(text, "en", fallback.marker, fallback.marker_title) if fallback is not None else text


def _within(value: object, cat: Catalog) -> str:
    if value in ("sentence", "paragraph"):
        return cat.t(f"signal.within_{value}")
    return cat.t("signal.within_words", n=value)


def _capped(items: list[str], cat: Catalog, total: int | None = None, cap: int = PHRASE_CAP) -> str:
    """The first ``cap`` items, each isolated, then "… (+n)" for the rest: ``items`` may stop after the
    first ``cap`` when ``total`` says how many there are."""
    more = (len(items) if total is None else total) - cap
    shown = cat.join_isolated(items[:cap])
    return shown + (f", {cat.isolate(f'… (+{more})')}" if more > 0 else "")


def _quoted(phrases: list[str], count: int) -> list[str]:
    """The first ``count`` phrases in quotation marks (only those a capped list shows are formatted)."""
    return [f"“{p}”" for p in phrases[:max(count, 0)]]


def _terms_list(spec: dict, cat: Catalog) -> str:
    concepts, phrases = spec.get("concepts", []), spec.get("phrases", [])
    return _capped([*concepts[:PHRASE_CAP], *_quoted(phrases, PHRASE_CAP - len(concepts))], cat,
                   len(concepts) + len(phrases))


def requirement(searched: dict, cat: Catalog) -> str:
    """A signal's search rule in words, e.g. "concepts: a, b; with, nearby: c (in the same sentence)"; in a
    right-to-left report each concept id and phrase is isolated, so mixed scripts keep their order."""
    parts = []
    if searched.get("concepts"):
        parts.append(f"{cat.t('signal.concepts')}: {cat.join_isolated(searched['concepts'])}")
    if searched.get("phrases"):
        phrases = searched["phrases"]
        parts.append(f"{cat.t('signal.phrases')}: " + _capped(_quoted(phrases, PHRASE_CAP), cat, len(phrases)))
    if searched.get("regex"):
        parts.append(cat.isolate(f"/{searched['regex']}/"))
    for key in ("near", "unless"):
        spec = searched.get(key)
        if spec:
            parts.append(f"{cat.t('signal.' + key)}: {_terms_list(spec, cat)} ({_within(spec.get('within'), cat)})")
    if searched.get("min_distinct"):
        parts.append(cat.t("signal.min_distinct", count=searched["min_distinct"]["count"]))
    if searched.get("min_count"):
        parts.append(cat.t("signal.min_count", count=searched["min_count"]))
    if searched.get("min_sections"):
        parts.append(cat.t("signal.min_sections", count=searched["min_sections"]))
    for key in ("function", "not_function"):
        if searched.get(key):
            parts.append(cat.t("signal." + key, names=", ".join(cat.t("function." + f) for f in searched[key])))
    scope = searched.get("scope")
    if scope and scope.get("sections"):
        parts.append(f"{cat.t('signal.scope')}: {cat.join_isolated(scope['sections'])}")
    return "; ".join(parts)


def sample_terms(searched: dict, doc_lang: str | None) -> list[tuple[str, str]]:
    """A rule's sample terms in the document's language and English (else the first listed)."""
    terms = searched.get("terms", {})
    langs = [lang for lang in (doc_lang, "en") if lang and lang in terms]
    langs = list(dict.fromkeys(langs)) or list(terms)[:1]
    return [(lang, ", ".join(terms[lang][:6])) for lang in langs]


# Texts worked out from a rule: a process's engine gives every document's signal the same, read-only
# ``searched`` dict (engine.results), so a batch's later reports reuse them.
_PER_RULE = IdentityMemo()


def per_rule(searched: dict, key: tuple, held: tuple, make: Callable[[], T]) -> T:
    """``make()``, worked out once per rule and ``key`` (what is made, and e.g. the report's language;
    ``held``: objects it reads, such as the catalog's messages). Callers don't change what it returns."""
    return _PER_RULE.get((searched,), make, key, held)


def shared_requirement(searched: dict, cat: Catalog) -> str:
    """:func:`requirement` through :func:`per_rule`: once per rule and report language."""
    return per_rule(searched, ("requirement", cat.lang), (cat.messages, cat.fallback), lambda: requirement(searched, cat))


def signal_view(sig: dict, doc_lang: str | None, cat: Catalog) -> SignalView:
    shortfall = shortfall_text(sig["shortfall_data"], cat) if "shortfall_data" in sig else sig.get("shortfall")
    return SignalView(sig["name"], cat.local(sig, "description"), sig["found"], sig["hits"], sig["suppressed"],
                      shortfall, sig["searched"], doc_lang, cat)


def review_view(review: dict | None, automated: str | None, cat: Catalog) -> ReviewView | None:
    if not review:
        return None
    auto = review.get("automated_level", automated)
    level = review.get("level")
    rescored = "rescored_level" in review
    label = None if level is None else cat.level(None if level == "not_applicable" else level)
    excluded = len(review.get("excluded", []))
    rescored_label = cat.level(review["rescored_level"]) if rescored else None
    return ReviewView(level, label, review["reviewer"], review.get("date"), review.get("note"), auto, cat.level(auto),
                      rescored_label, excluded,
                      cat.t("review.reviewed", level=label) if label else cat.t("review.quotes_only", n=excluded),
                      cat.t("review.rescored", n=excluded, level=rescored_label) if rescored else "")


def pick_evidence(evidence: list[dict], cap: int | None) -> list[dict]:
    """At most ``cap`` quotes, taken in turn from each signal (so every signal found is shown), no quote twice
    (the rule is the engine's: a result made for this report alone holds only these, see
    engine.results.criterion_to_dict)."""
    if cap is None or len(evidence) <= cap:
        return evidence
    return [evidence[i] for i in pick_shown([(e["signal"], e["start"], e["end"]) for e in evidence], cap)]


def criterion_view(c: dict, names: dict[str, str], doc_lang: str | None, max_evidence: int | None,
                   cat: Catalog) -> CriterionView:
    level = c["effective_level"] if "effective_level" in c else c["level"]
    shown = pick_evidence(c["evidence"], max_evidence)
    total = c.get("evidence_total", len(c["evidence"]))  # a result made for this report holds only those shown
    signals = [signal_view(s, doc_lang, cat) for s in c["signals"]]
    descriptions = {s.name: s.description for s in signals}
    principle_title = names.get(f"{c['checklist']}/{c['principle']}", c["principle"])
    nxt = c.get("next_level") or {}
    review = c.get("review") or {}
    if review.get("level") and review["level"] != c["level"]:
        nxt = {}  # the reviewer placed it elsewhere: the automated next step no longer applies
    needs = [joined([descriptions.get(n, n) for n in need.split(" or ")], " / ") for need in nxt.get("needs", [])]
    return CriterionView(
        id=c["id"], checklist=c["checklist"], checklist_title=names.get(c["checklist"], c["checklist"]),
        principle=f"{c['checklist']}/{c['principle']}",
        principle_title=principle_title,
        title=cat.local(c, "title"), question=cat.local(c, "question"), basis=c["basis"], weight=c["weight"],
        level=level, level_label=cat.level(level), automated_level=c["level"], score=c["score"],
        reason=reason_of(c, cat, descriptions), recommendation=cat.local(c, "recommendation"),
        next_level=nxt.get("level"), next_label=cat.level(nxt["level"]) if nxt else None, next_needs=needs,
        needs_review=c["needs_review"], signals=signals,
        evidence=[evidence_view(e, cat) for e in shown], evidence_total=total, evidence_hidden=total - len(shown),
        suppressed=[evidence_view(e, cat) for e in c["suppressed"][: max_evidence if max_evidence is not None
                                                                    else None]],
        review=review_view(c.get("review"), c["level"], cat),
        search_text=f"{c['id']} {c['title']} {principle_title}".lower() if cat.lang == "en"
        else f"{c['id']} {cat.local(c, 'title')} {c['title']} {principle_title}".lower(),
        excluded=[evidence_view(e, cat) for e in review.get("excluded", [])],
    )


def _bar(label: str, agg: dict, cat: Catalog) -> Bar:
    return Bar(label, agg["level"], cat.level(agg["level"]) if agg["evaluated"] else cat.t("chart.not_evaluated"),
               agg["score"], pct(agg["score"]))


def heat_step(n: int, peak: int) -> int:
    """0 for none, else 1..4 on a log scale up to the busiest cell (evidence counts are skewed)."""
    if n <= 0:
        return 0
    if peak <= 1:
        return 4
    return min(4, 1 + int(3 * math.log(n) / math.log(peak) + 0.5))


def _split(columns: list[HeatColumn], rows: list[HeatRow], titles: dict[str, str]) -> list[HeatTable]:
    tables: list[HeatTable] = []
    for checklist in dict.fromkeys(c.checklist for c in columns):
        idx = [i for i, c in enumerate(columns) if c.checklist == checklist]
        tables.append(HeatTable(checklist, titles.get(checklist, checklist), [columns[i] for i in idx],
                                [HeatRow(r.title, r.blocks, [r.counts[i] for i in idx], [r.heat[i] for i in idx],
                                         r.hr_evidence, r.programme) for r in rows]))
    return tables


def coverage_view(coverage: dict, titles: dict[str, str] | None = None, cat: Catalog | None = None) -> CoverageView:
    cat = cat or catalog()
    columns = [HeatColumn(p["key"], cat.local(p, "title"), p["checklist"]) for p in coverage["principles"]]
    groups: list[tuple[str, int]] = []
    for col in columns:
        if groups and groups[-1][0] == col.checklist:
            groups[-1] = (col.checklist, groups[-1][1] + 1)
        else:
            groups.append((col.checklist, 1))
    peak = max((n for s in coverage["sections"] for n in s["principles"].values()), default=0)
    rows = []
    for s in coverage["sections"]:
        counts = [s["principles"].get(col.key, 0) for col in columns]
        heat = [heat_step(n, peak) for n in counts]
        title = cat.t("coverage.untitled") if s["title"] == BEFORE_FIRST_HEADING else s["title"]
        rows.append(HeatRow(title, s["blocks"], counts, heat, s["hr_evidence"], s.get("programme", True)))
    counted = [s for s in coverage["sections"] if s.get("programme", True)] or coverage["sections"]
    return CoverageView(columns, groups, rows, pct(coverage["share_with_hr_evidence"]),
                        sum(bool(s["hr_evidence"]) for s in counted), _split(columns, rows, titles or {}), len(counted))


def review_file_name(document_name: str) -> str:
    """The review file found next to a document: ``plan.pdf`` -> ``plan.review.yaml``."""
    stem = document_name.rsplit(".", 1)[0] if "." in document_name.lstrip(".") else document_name
    return stem + REVIEW_SUFFIX


def _gap_key(c: CriterionView) -> tuple:
    return (LEVEL_ORDER[c.level], -c.weight)


def document_view(d: dict, max_evidence: int | None, cat: Catalog) -> DocumentView:
    if d["status"] != "ok":
        return DocumentView(False, d["input"], (d.get("document") or {}).get("name") or d["input"], error=d["error"])
    doc, result = d["document"], d["result"]
    names: dict[str, str] = {}
    for cl in result["checklists"]:
        names[cl["id"]] = cat.local(cl, "title")
        for p in cl["principles"]:
            names[f"{cl['id']}/{p['id']}"] = cat.local(p, "title")
    crits = [criterion_view(c, names, doc.get("lang"), max_evidence, cat) for c in result["criteria"]]
    used = {c.principle for c in crits}
    first = next((c.review for c in crits if c.review), None)
    return DocumentView(
        ok=True, input=d["input"], name=doc["name"], document=doc,
        review_file=review_file_name(doc["name"]), reviewer=first.reviewer if first else "",
        review_date=(first.date or "") if first else "",
        overall_level=result["overall"]["level"], overall_label=cat.level(result["overall"]["level"]),
        overall_pct=pct(result["overall"]["score"]), evaluated=result["overall"]["evaluated"],
        reviewed=sum(1 for c in crits if c.review),
        charts=[ChartGroup(cl["id"], names[cl["id"]], cl.get("version", ""), _bar(names[cl["id"]], cl, cat),
                           [_bar(names[f"{cl['id']}/{p['id']}"], p, cat) for p in cl["principles"]])
                for cl in result["checklists"]],
        gaps=sorted((c for c in crits if c.is_gap), key=_gap_key),
        met=sorted((c for c in crits if c.level in ("meets", "exceeds")), key=lambda c: -LEVEL_ORDER[c.level]),
        not_applicable=[c for c in crits if c.level is None],
        coverage=coverage_view(result["coverage"], names, cat),
        checklists=[(cl["id"], names[cl["id"]]) for cl in result["checklists"]],
        principles=[(k, names[k]) for k in names if "/" in k and k in used],
        recommendations=recommendations_view(result.get("recommendations"), cat),
    )


def build_view(report: dict, max_evidence: int | None = DEFAULT_MAX_EVIDENCE, report_lang: str | None = None,
               **_: object) -> ReportView:
    """Per document: gaps first (worst first), then met criteria, then not applicable."""
    cat = catalog(report_lang)
    return ReportView(
        lang=cat.lang, dir=cat.dir, tool=report["tool"], generated_at=report["generated_at"],
        date=report["generated_at"][:10], disclaimer=cat.t("disclaimer"),
        checklists=[{**c, "title": cat.local(c, "title")} for c in report["checklists"]],
        documents=[document_view(d, max_evidence, cat) for d in report["documents"]], max_evidence=max_evidence,
        levels=[(lv, cat.level(lv)) for lv in LEVEL_ORDER], report=report,
    )
