"""The pipeline: files -> Document -> matches -> scored results, one document at a time."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from .context import default_modifiers
from .coverage import Coverage, section_coverage
from .diskcache import cached, code_files, fingerprint
from .document import Document
from .errors import HrbaError, InputError
from .ingest import Limits, read_document
from .localtext import with_translations
from .matcher import Matcher, MatcherSet, TermEntry
from .rulefile import SCHEMA_DIR
from .rules import Checklist, load_hr_analysis_criteria, phrase_concept, resolve_checklists
from .scoring import (
    LEVEL_SCORE,
    MENTIONS_ONLY,
    ChecklistResult,
    aggregate,
    mentions_only,
    score_checklist,
    summarize_checklist,
)
from .textindex import DocumentIndex
from .vocabulary import CHECKLIST_DIR, Vocabulary


@dataclass(eq=False, repr=False)
class DocumentResult:
    """Everything hrba concluded about one document."""

    document: Document
    kind: str | None
    checklists: list[ChecklistResult]
    coverage: Coverage
    guard: str | None = None  # the stuffing guard's reason, when it caps the overall level at approaches
    # Only with Engine.score(..., concepts=True) (for --recommendations): concept -> (block index,
    # start, end) of its first match in a body block (offsets in the block's text).
    concept_blocks: dict[str, tuple[int, int, int]] | None = None
    concepts_in_names: dict[int, frozenset[str]] | None = None  # block -> concepts only inside a mechanism's name
    cross_check: object | None = None  # engine.crosscheck.CrossCheck, when recommendations were given

    @property
    def criteria(self):
        return [r for cl in self.checklists for r in cl.criteria]

    @property
    def cap(self) -> float | None:
        """The stuffing guard's bound on aggregate scores (approaches), when it applies."""
        return LEVEL_SCORE["approaches"] if self.guard else None

    @property
    def overall(self):
        return aggregate("overall", "All checklists", "", self.criteria, cap=self.cap)

    def summarize(self) -> None:
        """Principle and checklist aggregates again, after levels changed (a review, the cross-check);
        the stuffing guard's cap still holds."""
        self.checklists = [summarize_checklist(cl.checklist, cl.criteria, self.cap) for cl in self.checklists]


@dataclass(eq=False, repr=False)
class Outcome:
    """A document's result, or the error that stopped it (one bad file never sinks a batch)."""

    input: str
    result: DocumentResult | None = None
    error: HrbaError | None = None
    extra: dict = field(default_factory=dict)


def _phrase_entries(checklists: list[Checklist]) -> dict[str, list[TermEntry]]:
    """Each signal role's inline phrases, by their synthetic concept: every role is matched as its own
    group, so a longer phrase of one signal ("will be consulted") never hides a shorter one of another
    ("be consulted")."""
    entries: dict[str, list[TermEntry]] = {}

    def add(crit_id: str, name: str, role: str, phrases: list[str]) -> None:
        concept = phrase_concept(crit_id, name, role)
        entries.setdefault(concept, []).extend(TermEntry(p, concept) for p in phrases)

    for cl in checklists:
        for crit in cl.criteria:
            for name, sig in crit.signals.items():
                add(crit.id, name, "anchor", sig.phrases)
                for i, p in enumerate(sig.all_phrases):
                    add(crit.id, name, f"all{i}", [p])
                for role, ctx in (("near", sig.near), ("unless", sig.unless)):
                    if ctx:
                        add(crit.id, name, role, ctx.phrases)
    return {concept: terms for concept, terms in entries.items() if terms}


_ENGINES: dict[tuple, Engine] = {}


def _rules_fingerprint(refs) -> tuple:
    """Modification times of every rule file an engine could read: built-in and given paths."""
    paths = list(CHECKLIST_DIR.glob("*.yaml")) + list(CHECKLIST_DIR.glob("vocabularies/*")) + list(CHECKLIST_DIR.glob("context/*"))
    for ref in refs:  # a custom checklist and the vocabularies beside it
        if Path(ref).is_file():
            paths += [p for p in Path(ref).parent.rglob("*") if p.suffix in (".yaml", ".yml", ".json")]
    stats = []
    for p in sorted(paths):
        st = p.stat()
        stats.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(stats)


def _builtin_only(refs) -> bool:
    """True when every checklist reference is a built-in id (whose files the disk cache key covers)."""
    return all(not Path(ref).is_file() and (CHECKLIST_DIR / f"{ref}.yaml").is_file() for ref in refs)


def engine_cache_key(checklists: list[str] | None, profile: str | None) -> str:
    """What a built-in engine depends on: every built-in rule, vocabulary and schema file, the
    engine's code, hrba's and Python's versions, and the checklists asked for."""
    rules = [p for p in CHECKLIST_DIR.rglob("*") if p.is_file()] + list(SCHEMA_DIR.glob("*.json"))
    return fingerprint(rules + code_files(), list(checklists or ()), profile)


def _load_or_build(checklists: list[str] | None, profile: str | None) -> Engine:
    def build() -> Engine:
        return Engine(resolve_checklists(checklists, profile), kind=profile)

    if not _builtin_only(checklists or ()):
        return build()
    name = "engine-" + "-".join([profile or "default", *(checklists or ())])
    return cached(name, engine_cache_key(checklists, profile), build)


class Engine:
    """Checklists and their matcher, built once, applied to many documents."""

    def __init__(self, checklists: list[Checklist], kind: str | None = None):
        self.checklists = checklists
        self.kind = kind
        vocabulary = Vocabulary()
        for cl in checklists:
            for cid, concept in cl.vocabulary.concepts.items():
                vocabulary.concepts.setdefault(cid, concept)
        self.vocabulary = vocabulary
        self.modifiers = default_modifiers()  # negation and sentence function (checklists/context/modifiers.yaml)
        self.matcher = MatcherSet(
            [Matcher(entries) for entries in vocabulary.entries_by_source().values()]
            + [Matcher(terms) for terms in _phrase_entries(checklists).values()]
            + self.modifiers.groups,  # cues found in the same pass
            senses=vocabulary.sense_filter(),
        )
        self.matcher.includes_cues = True  # DocumentIndex.build splits the cues off
        self.hr_analysis = load_hr_analysis_criteria()  # criteria whose evidence is human rights analysis

    @classmethod
    def from_options(cls, checklists: list[str] | None = None, profile: str | None = None) -> Engine:
        """An engine for these checklists (ids or paths) or this profile; reused within a process
        while no rule file has changed, and across processes from the disk cache for built-in
        checklists (building takes about half a second, loading a tenth of that)."""
        key = (tuple(checklists or ()), profile, _rules_fingerprint(checklists or ()))
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = _load_or_build(checklists, profile)
        return engine

    def preload(self, formats: Iterable[str] = ("pdf",)) -> None:
        """Build now what every document would build on first use: the readers of ``formats``
        (pypdfium2's bindings for "pdf") and the block-role rules (the sense rules' neighbouring words are
        built with the engine). Called before forking the batch workers (engine.batch), so they share them instead of each
        building its own. Results do not change: these are the same values, built earlier. Not the
        language model (60 MB): most documents never need it."""
        from .ingest.roles import builtin_role_rules

        for fmt in set(formats) & {"pdf", "docx", "odt", "html"}:
            importlib.import_module(f".ingest.{fmt}", __package__)
        builtin_role_rules()

    def versions(self) -> list[dict]:
        return [with_translations({"id": c.id, "version": c.version, "title": str(c.title), "path": c.path}, title=c.title)
                for c in self.checklists]

    def score(self, document: Document, concepts: bool = False) -> DocumentResult:
        """Score ``document``; with ``concepts``, also keep where each concept is first matched in a
        body block (the cross-check with recommendations needs it; the matches are computed once)."""
        index = DocumentIndex.build(document, self.matcher, self.modifiers)
        results = [score_checklist(cl, index, self.kind) for cl in self.checklists]
        guard = MENTIONS_ONLY if mentions_only([r for cl in results for r in cl.criteria], self.modifiers.substantive) else None
        result = DocumentResult(document, self.kind, results, section_coverage(document, results, self.hr_analysis), guard)
        if guard:
            result.summarize()
        if concepts:
            result.concept_blocks, result.concepts_in_names = _body_concepts(index)
        return result

    def score_path(self, path: str | Path, *, lang: str | None = None, password: str | None = None,
                   limits: Limits | None = None, concepts: bool = False) -> Outcome:
        try:
            document = read_document(path, lang=lang, password=password, limits=limits)
        except InputError as exc:
            return Outcome(str(path), error=exc)
        return Outcome(str(path), result=self.score(document, concepts=True) if concepts else self.score(document))


BODY_KINDS = ("paragraph", "list_item", "table_cell")
NAME_FAMILIES = ("mechanism.", "actor.un_entity.")  # bodies whose names contain a group or right


def _body_concepts(index: DocumentIndex) -> tuple[dict[str, tuple[int, int, int]], dict[int, frozenset[str]]]:
    """Concept -> (block index, start, end) of its first match in a body block (not a heading or
    footnote), exclusions applied, criterion phrases left out; and, per block, the concepts matched only
    inside the name of a mechanism or UN entity ("Rights of the Child" in "Committee on the Rights of the Child"),
    which name the body, not the group or right: those matches are not mentions."""
    first: dict[str, tuple[int, int, int]] = {}
    in_names: dict[int, frozenset[str]] = {}
    for bi in index.blocks:
        if bi.block.kind not in BODY_KINDS:
            continue
        names = [(m.start, m.end) for m in bi.matches if any(c.startswith(NAME_FAMILIES) for c in m.concepts)]
        real: set[str] = set()
        nested: set[str] = set()
        for m in bi.matches:
            inside = any(s <= m.start and m.end <= e for s, e in names)
            for c in m.concepts:
                if c[0] == "@" or c in m.excluded:
                    continue
                if inside and not c.startswith(NAME_FAMILIES):
                    nested.add(c)
                    continue
                real.add(c)
                if c not in first:
                    first[c] = (bi.index, m.start, m.end)
        if nested - real:
            in_names[bi.index] = frozenset(nested - real)
    return first, in_names


def tool_info() -> dict:
    return {"name": "hrba", "version": __version__}


__all__ = ["Engine", "Outcome", "DocumentResult", "LEVEL_SCORE", "tool_info"]
