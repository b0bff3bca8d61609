"""Concept tagging: which vocabulary concepts a text evidences (behind ``hrba tag``).

A :class:`Tagger` runs the vocabulary matcher over a text and keeps, for each match, the
concepts it evidences minus those an exclusion suppresses there; topic rules (:mod:`.topics`)
then set aside concepts the text mentions but is not about.  Inputs are rows of a CSV or
JSONL file (:func:`read_table`) or the blocks of any document hrba can read
(:func:`document_records`); :func:`write_tagged` writes CSV or JSONL with the sorted concept
ids and, optionally, the matched spans.
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

from ..reporting.csv_export import cell
from .document import Document
from .errors import HrbaError, InputError
from .matcher import Match, Matcher, MatcherSet
from .topics import TopicRule, load_topic_rules, set_aside
from .vocabulary import Vocabulary, load_vocabulary

TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS = ("csv", "jsonl")
CUE_PREFIX = "cue."


@dataclass(frozen=True, eq=False, repr=False)
class Evidence:
    """A matched span and the concepts it evidences there."""

    start: int
    end: int
    text: str
    term: str
    concepts: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "term": self.term,
                "concepts": list(self.concepts)}


@dataclass(eq=False, repr=False)
class TagResult:
    """The concepts a text evidences (sorted), the spans that evidence them, and the concepts topic
    rules set aside (concept -> rule id)."""

    concepts: list[str]
    evidence: list[Evidence]
    set_aside: dict[str, str] = field(default_factory=dict)


@dataclass(eq=False, repr=False)
class Record:
    """One unit to tag: a table row or a document block, with its id and extra output fields."""

    id: str
    text: str
    fields: dict[str, object] = field(default_factory=dict)


@dataclass(eq=False, repr=False)
class Tagged:
    """A record with its tags."""

    record: Record
    result: TagResult


class Tagger:
    """Tags texts with the concepts of a vocabulary (default: every built-in vocabulary).

    Each vocabulary file is matched on its own (longest match and exclusions apply within a
    file), so a longer term of another file cannot hide a concept: "poverty reduction"
    (``principle.end_poverty``) still evidences ``group.people_in_poverty`` through "poverty".
    """

    def __init__(self, vocabulary: Vocabulary, families: Iterable[str] = (),
                 topic_rules: Iterable[TopicRule] = ()):
        self.vocabulary = vocabulary
        self.families = tuple(f.rstrip(".*") for f in families)
        self.topic_rules = list(topic_rules)
        # Concepts the topic rules look at are matched even when --family leaves them out of the output.
        seen_by_rules = {c for rule in self.topic_rules for c in rule.other_concepts}
        by_source = vocabulary.entries_by_source()
        kept = ([e for e in entries if self._keep(e.concept) or e.concept in seen_by_rules]
                for _source, entries in sorted(by_source.items()))
        self.matchers = MatcherSet((Matcher(entries) for entries in kept if entries), senses=vocabulary.sense_filter())

    @classmethod
    def default(cls, topics: bool = True) -> Tagger:
        """A shared tagger over the built-in vocabularies (compiled once per process), with the
        built-in topic rules unless ``topics`` is false (mentions only)."""
        return _default_tagger(topics)

    def _keep(self, concept: str) -> bool:
        """Concepts of the chosen families; without a choice, every concept but the ``cue`` words
        (negation, hedges...), which qualify evidence rather than name a topic."""
        if not self.families:
            return not concept.startswith(CUE_PREFIX)
        return any(concept == f or concept.startswith(f + ".") for f in self.families)

    def evidence(self, matches: Iterable[Match], set_aside: Iterable[str] = ()) -> list[Evidence]:
        """Matches reduced to the concepts they evidence (exclusions applied, ``set_aside``
        concepts dropped); spans found by several vocabulary files are merged into one item."""
        spans: dict[tuple[int, int], Evidence] = {}
        aside = set(set_aside)
        for m in matches:
            concepts = tuple(c for c in self._concepts(m) if c not in aside)
            if not concepts:
                continue
            seen = spans.get((m.start, m.end))
            if seen is not None:
                concepts = tuple(sorted(set(seen.concepts) | set(concepts)))
            spans[(m.start, m.end)] = Evidence(m.start, m.end, m.text, seen.term if seen else m.term, concepts)
        return sorted(spans.values(), key=lambda e: (e.start, -e.end))

    def _concepts(self, m: Match) -> tuple[str, ...]:
        """The concepts a match evidences in the output (exclusions applied, families kept)."""
        return tuple(c for c in m.concepts if c not in m.excluded and self._keep(c))

    def find(self, text: str) -> list[Match]:
        """Every vocabulary file's matches in ``text``, in text order."""
        return self.matchers.find(text)

    def tag(self, text: str) -> TagResult:
        """The concepts ``text`` is about, sorted, with the evidencing spans and the concepts
        topic rules set aside."""
        matches = self.find(text)
        aside: dict[str, str] = {}
        if self.topic_rules:
            mentioned = [(m, tuple(c for c in m.concepts if c not in m.excluded)) for m in matches]
            aside = {c: rule for c, rule in set_aside(self.topic_rules, mentioned).items() if self._keep(c)}
        evidence = self.evidence(matches, aside)
        return TagResult(sorted({c for e in evidence for c in e.concepts}), evidence, aside)

    def tag_records(self, records: Iterable[Record]) -> Iterator[Tagged]:
        for record in records:
            yield Tagged(record, self.tag(record.text))

    def tag_document(self, document: Document) -> list[Tagged]:
        """Tag each block (paragraph, heading, list item...) of a document."""
        return list(self.tag_records(document_records(document)))


def check_families(families: Iterable[str], concepts: Iterable[str]) -> None:
    """Raise HrbaError (a usage error) naming any family that is neither a concept nor a prefix of one."""
    import difflib

    concepts = list(concepts)
    for family in families:
        f = family.rstrip(".*")
        if any(c == f or c.startswith(f + ".") for c in concepts):
            continue
        tops = sorted({c.split(".")[0] for c in concepts})
        near = difflib.get_close_matches(f, tops + sorted({".".join(c.split(".")[:2]) for c in concepts}), n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise HrbaError(f"--family {family!r}: no concept family or concept of that name{hint}; "
                        f"families: {', '.join(tops)} (a longer prefix or a concept id works too)")


def build_tagger(families: Iterable[str] = (), topics: bool = True) -> Tagger:
    """A tagger over the built-in vocabularies, with the built-in topic rules unless ``topics`` is false."""
    vocabulary = load_vocabulary()
    check_families(families, vocabulary.concepts)
    return Tagger(vocabulary, families, load_topic_rules(vocabulary=vocabulary) if topics else ())


@lru_cache(maxsize=2)
def _default_tagger(topics: bool) -> Tagger:
    return build_tagger(topics=topics)


def input_kind(path: Path) -> str:
    """The input kind by suffix: "csv" or "jsonl" for tables, "document" for anything else."""
    return TABLE_SUFFIXES.get(path.suffix.lower(), "document")


def read_table(path: Path | str, text_column: str = "text", id_column: str = "id") -> Iterator[Record]:
    """Rows of a CSV (header row required) or JSONL file as records; bad input raises InputError."""
    path = Path(path)
    kind = input_kind(path)
    if kind == "document":
        raise InputError(str(path), "not a table: expected a .csv, .jsonl or .ndjson file", "unsupported")
    if not path.is_file():
        raise InputError(str(path), "file not found", "not_found")
    if kind == "csv":
        yield from _read_csv(path, text_column, id_column)
    else:
        yield from _read_jsonl(path, text_column, id_column)


def _read_csv(path: Path, text_column: str, id_column: str) -> Iterator[Record]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = reader.fieldnames or []
            if text_column not in columns:
                raise InputError(str(path), f"no column {text_column!r} (columns: {', '.join(columns) or 'none'}); "
                                 "choose one with --text-column", "bad_column")
            has_id = id_column in columns
            for n, row in enumerate(reader, start=1):
                rid = row.get(id_column) if has_id else None
                yield Record(str(rid) if rid not in (None, "") else str(n), row.get(text_column) or "")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})", "encoding") from exc
    except csv.Error as exc:
        raise InputError(str(path), f"malformed CSV: {exc}", "malformed") from exc


def _read_jsonl(path: Path, text_column: str, id_column: str) -> Iterator[Record]:
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), f"line {n}: invalid JSON ({exc.msg})", "malformed") from exc
                if not isinstance(obj, dict):
                    raise InputError(str(path), f"line {n}: expected a JSON object", "malformed")
                if text_column not in obj:
                    raise InputError(str(path), f"line {n}: no key {text_column!r}; choose one with --text-column",
                                     "bad_column")
                text = obj[text_column]
                rid = obj.get(id_column)
                yield Record(str(rid) if rid not in (None, "") else str(n), text if isinstance(text, str) else "")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})", "encoding") from exc


def document_records(document: Document) -> Iterator[Record]:
    """One record per block; the id is the block's 1-based position, its location rides along."""
    for i, block in enumerate(document.blocks, start=1):
        yield Record(
            str(i),
            block.text,
            {"kind": block.kind, "page": block.page, "paragraph": block.paragraph,
             "section": " > ".join(block.section) if block.section else None},
        )


def read_records(path: Path | str, text_column: str = "text", id_column: str = "id",
                 lang: str | None = None) -> Iterator[Record]:
    """Records of a table, or the blocks of any document ``read_document`` can read."""
    path = Path(path)
    if input_kind(path) != "document":
        return read_table(path, text_column, id_column)
    from .ingest import read_document

    return document_records(read_document(path, lang=lang))


def write_tagged(tagged: Iterable[Tagged], out: IO[str], fmt: str = "csv", evidence: bool = False) -> int:
    """Write tagged records as CSV (``;``-separated ``concepts``) or JSONL; return the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    count = 0
    writer = None
    for item in tagged:
        row: dict[str, object] = {"id": item.record.id, **item.record.fields}
        if fmt == "jsonl":
            row["concepts"] = item.result.concepts
            if evidence:
                row["evidence"] = [e.to_dict() for e in item.result.evidence]
                row["set_aside"] = item.result.set_aside
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            row["concepts"] = ";".join(item.result.concepts)
            if evidence:
                row["evidence"] = json.dumps([e.to_dict() for e in item.result.evidence], ensure_ascii=False)
                row["set_aside"] = ";".join(f"{c}={r}" for c, r in sorted(item.result.set_aside.items()))
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
                writer.writeheader()
            writer.writerow({k: cell(v) for k, v in row.items()})  # ids and headings: no formulas
        count += 1
    if writer is None and fmt == "csv":
        out.write("id,concepts" + (",evidence,set_aside" if evidence else "") + "\n")
    return count


def default_format(path: Path | str) -> str:
    """Output format when none is given: JSONL for JSONL input, CSV otherwise."""
    return "jsonl" if input_kind(Path(path)) == "jsonl" else "csv"


def tag_file(
    path: Path | str,
    out: IO[str],
    *,
    text_column: str = "text",
    id_column: str = "id",
    fmt: str | None = None,
    evidence: bool = False,
    families: Iterable[str] = (),
    lang: str | None = None,
    topics: bool = True,
    tagger: Tagger | None = None,
) -> int:
    """Tag every row (or document block) of ``path`` and write the result; return the count.
    ``topics=False`` skips the topic rules: every mention counts."""
    if tagger is None:
        tagger = build_tagger(families, topics) if families else Tagger.default(topics)
    records = iter(read_records(path, text_column, id_column, lang=lang))
    # Streamed: memory stays flat over a million rows. The first row is read before any output, so a
    # missing file or column fails cleanly; a malformed row further on stops the output there.
    first = next(records, None)
    rows = records if first is None else itertools.chain([first], records)
    return write_tagged(tagger.tag_records(rows), out, fmt or default_format(path), evidence)
