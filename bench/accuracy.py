"""Accuracy of ``hrba tag`` against UPR Info's issue labels (and a naive baseline).

Usage::

    python bench/accuracy.py [--data ../shared/data/upr-info] [--errors 15] [--concept ID]

Tags every row of ``dev.csv`` with the same library call ``hrba tag`` uses, maps UPR Info's
labels to hrba concept ids through the table in the data set's README, and prints per-concept
support, precision, recall and F1 plus micro-F1, for hrba and for a naive baseline that uses
each label's own words as keywords.  Then it lists the concepts' false positives and false
negatives, worst concepts first, so vocabularies can be improved by reading real errors.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "upr-info"
TABLE_ROW = re.compile(r"^\|\s*([^|`]+?)\s*\|\s*`([a-z_]+\.[a-z_.]+)`\s*\|\s*$")
# Words of a label too generic to be keywords on their own (used by the baseline only).
BASELINE_STOPWORDS = {"right", "rights", "of", "the", "to", "and", "human", "process", "-"}


@dataclass
class Row:
    """One labelled recommendation."""

    id: str
    text: str
    labels: frozenset[str]  # hrba concept ids (mapped from UPR Info's issues)


@dataclass
class Counts:
    """Confusion counts of one concept."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_ids: list[str] = field(default_factory=list)
    fn_ids: list[str] = field(default_factory=list)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_label_map(readme: Path) -> dict[str, str]:
    """UPR Info issue label -> hrba concept id, from the data set README's table."""
    mapping: dict[str, str] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        m = TABLE_ROW.match(line)
        if m:
            mapping[m.group(1)] = m.group(2)
    if not mapping:
        raise SystemExit(f"{readme}: no 'label | `concept.id`' table found")
    return mapping


def read_rows(path: Path, label_map: dict[str, str]) -> list[Row]:
    """The labelled rows of ``dev.csv`` with labels mapped to concept ids."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Row(
                r["id"],
                r["text"],
                frozenset(label_map[i.strip()] for i in r["issues"].split(";") if i.strip() in label_map),
            )
            for r in csv.DictReader(fh)
        ]


def evaluate(
    rows: Iterable[Row], predictions: dict[str, set[str]], concepts: Iterable[str]
) -> dict[str, Counts]:
    """Per-concept confusion counts over ``rows`` (predictions outside ``concepts`` are ignored)."""
    counts = {c: Counts() for c in concepts}
    for row in rows:
        predicted = predictions.get(row.id, set())
        for concept, c in counts.items():
            gold, pred = concept in row.labels, concept in predicted
            if gold and pred:
                c.tp += 1
            elif pred:
                c.fp += 1
                c.fp_ids.append(row.id)
            elif gold:
                c.fn += 1
                c.fn_ids.append(row.id)
    return counts


def micro(counts: dict[str, Counts]) -> Counts:
    """Micro-averaged counts (sum over concepts)."""
    total = Counts()
    for c in counts.values():
        total.tp += c.tp
        total.fp += c.fp
        total.fn += c.fn
    return total


def baseline_tagger(label_map: dict[str, str]) -> Callable[[str], set[str]]:
    """Naive baseline: a concept is predicted when any content word of its label occurs in the
    text (whole word, any case, singular or plural)."""
    patterns: dict[str, re.Pattern[str]] = {}
    for label, concept in label_map.items():
        words = [w.removesuffix("'s") for w in re.findall(r"[\w']+", label.lower())]
        alternatives = "|".join(_word_forms(w) for w in words if w not in BASELINE_STOPWORDS)
        patterns[concept] = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)

    def tag(text: str) -> set[str]:
        return {c for c, p in patterns.items() if p.search(text)}

    return tag


def _word_forms(word: str) -> str:
    """A regex for the singular and plural of ``word`` ("disabilities" -> disabilit(?:y|ies))."""
    if word.endswith("ies"):
        return re.escape(word[:-3]) + "(?:y|ies)"
    if word.endswith("s") and len(word) > 3:
        word = word[:-1]
    if word.endswith("y"):
        return re.escape(word[:-1]) + "(?:y|ies)"
    return re.escape(word) + "(?:s|es|'s)?"


def hrba_predictions(path: Path, topics: bool = True) -> tuple[dict[str, set[str]], dict[str, dict[str, list[str]]]]:
    """hrba's concepts and evidence per row id: ``hrba tag PATH --format jsonl --evidence`` in-process
    (``topics=False``: ``--mentions``, without the topic rules)."""
    from hrba.engine.tagging import tag_file

    buffer = io.StringIO()
    tag_file(path, buffer, text_column="text", id_column="id", fmt="jsonl", evidence=True, topics=topics)
    predictions: dict[str, set[str]] = {}
    evidence: dict[str, dict[str, list[str]]] = {}
    for line in buffer.getvalue().splitlines():
        row = json.loads(line)
        predictions[row["id"]] = set(row["concepts"])
        evidence[row["id"]] = {
            c: [e["text"] for e in row["evidence"] if c in e["concepts"]] for c in row["concepts"]
        }
    return predictions, evidence


def format_table(hrba: dict[str, Counts], base: dict[str, Counts]) -> str:
    """Per-concept figures, hrba beside the baseline, and the micro averages."""
    lines = [
        f"{'concept':36} {'support':>7} | {'P':>5} {'R':>5} {'F1':>5} | {'base P':>6} {'R':>5} {'F1':>5}",
        "-" * 84,
    ]
    for concept in sorted(hrba, key=lambda c: -hrba[c].support):
        h, b = hrba[concept], base[concept]
        flag = "  <" if h.support >= 30 and h.f1 < 0.85 else ""
        lines.append(
            f"{concept:36} {h.support:7d} | {h.precision:5.2f} {h.recall:5.2f} {h.f1:5.2f} | "
            f"{b.precision:6.2f} {b.recall:5.2f} {b.f1:5.2f}{flag}"
        )
    mh, mb = micro(hrba), micro(base)
    lines.append("-" * 84)
    lines.append(
        f"{'micro':36} {mh.support:7d} | {mh.precision:5.3f} {mh.recall:5.3f} {mh.f1:5.3f} | "
        f"{mb.precision:6.3f} {mb.recall:5.3f} {mb.f1:5.3f}"
    )
    return "\n".join(lines)


def format_errors(
    counts: dict[str, Counts],
    rows: dict[str, Row],
    evidence: dict[str, dict[str, list[str]]],
    per_concept: int,
) -> str:
    """False positives (with the matched words) and false negatives, worst concepts first."""
    out: list[str] = []
    for concept in sorted(counts, key=lambda c: -(counts[c].fp + counts[c].fn)):
        c = counts[concept]
        if not c.fp and not c.fn:
            continue
        out.append(f"\n== {concept}: {c.fp} false positives, {c.fn} false negatives")
        for rid in c.fp_ids[:per_concept]:
            words = ", ".join(sorted(set(evidence.get(rid, {}).get(concept, []))))
            out.append(f"  FP {rid} [{words}] {rows[rid].text[:160]}")
        for rid in c.fn_ids[:per_concept]:
            out.append(f"  FN {rid} {rows[rid].text[:160]}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with README.md and dev.csv")
    parser.add_argument("--file", default="dev.csv", help="labelled CSV inside --data")
    parser.add_argument("--errors", type=int, default=5, help="errors listed per concept (0: none)")
    parser.add_argument("--concept", action="append", help="only list errors of these concepts")
    args = parser.parse_args(argv)

    missing = [p for p in (args.data / "README.md", args.data / args.file) if not p.is_file()]
    if missing:
        print(f"accuracy.py: error: {missing[0]} not found. This benchmark needs the UPR Info labelled "
              f"recommendations (README.md with the label table, and {args.file}); give their folder with "
              f"--data DIR (default: {DEFAULT_DATA}).", file=sys.stderr)
        return 2
    label_map = read_label_map(args.data / "README.md")
    path = args.data / args.file
    rows = read_rows(path, label_map)
    concepts = sorted(set(label_map.values()))

    started = time.perf_counter()
    predictions, evidence = hrba_predictions(path)
    seconds = time.perf_counter() - started
    baseline = baseline_tagger(label_map)
    base_predictions = {r.id: baseline(r.text) for r in rows}

    hrba_counts = evaluate(rows, predictions, concepts)
    base_counts = evaluate(rows, base_predictions, concepts)
    print(f"{path}: {len(rows)} rows, {len(concepts)} concepts; hrba tagged them in {seconds:.1f} s")
    print("hrba vs baseline (label words as keywords); '<' marks support >= 30 and F1 < 0.85\n")
    print(format_table(hrba_counts, base_counts))
    mentions = micro(evaluate(rows, hrba_predictions(path, topics=False)[0], concepts))
    print(f"{'micro, hrba tag --mentions (no topic rules)':50} | {mentions.precision:5.3f} "
          f"{mentions.recall:5.3f} {mentions.f1:5.3f}")
    if args.errors:
        shown = {c: hrba_counts[c] for c in (args.concept or concepts)}
        print(format_errors(shown, {r.id: r for r in rows}, evidence, args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
