"""Vocabularies: concepts and their terms in the six UN languages, loaded from YAML/JSON."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RuleError
from .matcher import TermEntry, is_case_sensitive
from .normalize import normalize_term
from .rulefile import CHECKLIST_DIR, load_rule_file, pickled_by_fields
from .senses import SenseFilter, SenseRule, sense_rules_of, term_key

VOCABULARY_DIR = CHECKLIST_DIR / "vocabularies"


@dataclass(eq=False, repr=False)
class Concept:
    """A thing a criterion looks for, e.g. ``group.persons_with_disabilities``."""

    __reduce__ = pickled_by_fields

    id: str
    label: str
    terms: dict[str, list[str]]
    exclude: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""
    sense: dict[str, list[dict]] = field(default_factory=dict)  # per language: rules (see engine.senses)
    sense_lines: dict[str, list[int | None]] = field(default_factory=dict)  # line of each rule, per language

    def sense_rules(self) -> list[SenseRule]:
        return sense_rules_of(self.id, self.sense, self.terms)

    @property
    def family(self) -> str:
        return self.id.rsplit(".", 1)[0]


@dataclass(eq=False, repr=False)
class Vocabulary:
    """All concepts known to a run, by id."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    _samples: dict[tuple[str, ...], dict[str, list[str]]] = field(default_factory=dict, repr=False, compare=False)

    def term_sample(self, concept_ids: tuple[str, ...]) -> dict[str, list[str]]:
        """Up to 4 terms per concept and 12 per language: what a reviewer is shown as searched for.

        Computed once per set of concepts (every document's report shows the same); the lists are
        shared, read-only.
        """
        sample = self._samples.get(concept_ids)
        if sample is None:
            sample = {}
            for cid in concept_ids:
                concept = self.concepts.get(cid)
                if concept:
                    for lang, terms in concept.terms.items():
                        bucket = sample.setdefault(lang, [])
                        bucket.extend(t for t in terms[:4] if t not in bucket and len(bucket) < 12)
            self._samples[concept_ids] = sample
        return sample

    def term_entries(self) -> Iterator[TermEntry]:
        for concept in self.concepts.values():
            for terms in concept.terms.values():
                for term in terms:
                    yield TermEntry(term, concept.id)
            for terms in concept.exclude.values():
                for term in terms:
                    yield TermEntry(term, concept.id, exclude=True)

    def entries_by_source(self) -> dict[str, list[TermEntry]]:
        """Term entries grouped by vocabulary file: each file is matched on its own."""
        groups: dict[str, list[TermEntry]] = {}
        for entry in self.term_entries():
            groups.setdefault(self.concepts[entry.concept].source, []).append(entry)
        return groups

    def sense_filter(self, concepts: Iterable[str] | None = None) -> SenseFilter:
        """The sense rules of these concepts (default: all), ready to apply to matches."""
        wanted = [c for c in (self.concepts if concepts is None else concepts) if c in self.concepts]
        governed = [self.concepts[cid] for cid in wanted if self.concepts[cid].sense]
        term_langs: dict[str, dict[str, frozenset[str]]] = {}
        for concept in governed:
            langs: dict[str, set[str]] = {}
            for lang, terms in concept.terms.items():
                for term in terms:
                    langs.setdefault(term_key(term), set()).add(lang)
            term_langs[concept.id] = {key: frozenset(v) for key, v in langs.items()}
        return SenseFilter((rule for concept in governed for rule in concept.sense_rules()), term_langs)

    def expand(self, ref: str) -> list[str]:
        """Concept ids for a reference: an id, or ``family.*`` for every concept of that family
        (``actor.*`` is ``actor.nhri``, ``actor.civil_society``...; ``actor.un_entity.unhcr`` is of
        the family ``actor.un_entity``, which ``actor.un_entity.*`` names)."""
        if ref.endswith(".*"):
            family = ref[:-2]
            return sorted(cid for cid, concept in self.concepts.items() if concept.family == family)
        return [ref] if ref in self.concepts else []

    def merge(self, other: Vocabulary) -> None:
        self._samples.clear()
        for cid, concept in other.concepts.items():
            if cid in self.concepts and self.concepts[cid].source != concept.source:
                raise RuleError(concept.source, f"concept {cid!r} is already defined in {self.concepts[cid].source}")
            self.concepts[cid] = concept
        self.files.extend(f for f in other.files if f not in self.files)


def load_vocabulary_file(path: Path) -> Vocabulary:
    """Load and check one vocabulary file."""
    source = load_rule_file(path, "vocabulary")
    vocab = Vocabulary(files=[str(path)])
    for cid, data in source.data["concepts"].items():
        concept = Concept(cid, data["label"], data["terms"], data.get("exclude", {}), str(path), data.get("sense", {}))
        _check_concept(concept, source)
        concept.sense_lines = {lang: [source.line(["concepts", cid, "sense", lang, r]) for r in range(len(rules))]
                               for lang, rules in concept.sense.items()}
        vocab.concepts[cid] = concept
    return vocab


def _check_concept(concept: Concept, source) -> None:
    """Semantic checks the schema cannot express."""
    positives: dict[str, str] = {}
    for lang, terms in concept.terms.items():
        for i, term in enumerate(terms):
            key = normalize_term(term, casefold=not is_case_sensitive(term))
            if not key:
                raise source.error(f"term {term!r} is empty after normalisation", ["concepts", concept.id, "terms", lang, i])
            positives[key] = term
    for lang, terms in concept.exclude.items():
        for i, term in enumerate(terms):
            key = normalize_term(term, casefold=not is_case_sensitive(term))
            if key in positives:
                raise source.error(
                    f"{term!r} is both a term and an exclusion of {concept.id} (as {positives[key]!r})",
                    ["concepts", concept.id, "exclude", lang, i],
                )
    _check_sense(concept, source)


def _check_sense(concept: Concept, source) -> None:
    """A sense rule governs terms of its own concept and language, and no word is both required
    and forbidden."""
    for lang, rules in concept.sense.items():
        own = {term_key(t) for t in concept.terms.get(lang, ())}
        for r, rule in enumerate(rules):
            where = ["concepts", concept.id, "sense", lang, r]
            for i, term in enumerate(rule.get("terms", ())):
                if term_key(term) not in own:
                    raise source.error(f"{term!r} is not a {lang} term of {concept.id}", [*where, "terms", i])
            required = {term_key(w) for w in rule.get("requires", ())}
            for key in ("requires", "forbids"):
                for i, word in enumerate(rule.get(key, ())):
                    if not term_key(word):
                        raise source.error(f"word {word!r} is empty after normalisation", [*where, key, i])
                    if key == "forbids" and term_key(word) in required:
                        raise source.error(f"{word!r} is both required and forbidden", [*where, key, i])


def load_vocabulary(paths: Iterable[Path] | None = None) -> Vocabulary:
    """Load vocabulary files (default: every file in ``checklists/vocabularies``)."""
    if paths is None:
        paths = sorted(p for p in VOCABULARY_DIR.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    vocab = Vocabulary()
    for path in paths:
        vocab.merge(load_vocabulary_file(Path(path)))
    return vocab
