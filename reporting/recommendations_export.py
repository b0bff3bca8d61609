"""``hrba recommendations``: extract recommendations from reports and write them as CSV or JSONL.

CSV cells go through :func:`.csv_export.cell`, so a recommendation text starting with "=" or "+"
cannot run as a spreadsheet formula. Each input is read on its own: one unreadable report is
reported and the others are still written (exit code 2 at the end).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..engine.errors import HrbaError
from ..engine.recommendations import Extraction, Recommendation, extract_path
from .csv_export import cell

COLUMNS = ("document", "number", "source", "states", "response", "page", "session", "concepts", "text",
           "response_text")
FORMATS = ("csv", "jsonl")
LIST_SEPARATOR = "; "


def recommendation_row(rec: Recommendation) -> dict:
    """A recommendation as a flat row: lists joined with "; "."""
    data = rec.to_dict()
    data["states"] = LIST_SEPARATOR.join(rec.states)
    data["concepts"] = LIST_SEPARATOR.join(rec.concepts)
    return {k: data.get(k) for k in COLUMNS}


def write_recommendations(recs: Iterable[Recommendation], out: IO[str], fmt: str = "csv") -> int:
    """Write recommendations as CSV (formula-safe cells) or JSONL (lists kept as lists); return the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    count = 0
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
    for rec in recs:
        if writer is not None:
            writer.writerow({k: cell(v) for k, v in recommendation_row(rec).items()})
        else:
            data = rec.to_dict()
            out.write(json.dumps({k: data.get(k) for k in COLUMNS}, ensure_ascii=False) + "\n")
        count += 1
    return count


@dataclass
class RecommendationsOptions:
    inputs: list[Path]
    fmt: str | None = None
    output: Path | None = None
    lang: str | None = None
    quiet: bool = False
    extractions: list[Extraction] = field(default_factory=list)


def _format(options: RecommendationsOptions) -> str:
    if options.fmt:
        return options.fmt
    if options.output is not None and options.output.suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    return "csv"


def run_recommendations(options: RecommendationsOptions, echo: Callable = print) -> int:
    """Extract every input's recommendations and write them; 0 when all inputs were read, else 2."""
    failed = 0
    recs: list[Recommendation] = []
    for path in options.inputs:
        try:
            extraction = extract_path(path, lang=options.lang)
        except HrbaError as exc:
            echo(f"hrba: error: {exc}", err=True)
            failed += 1
            continue
        options.extractions.append(extraction)
        recs.extend(extraction.recommendations)
        if not options.quiet:
            summary = extraction.summary()
            responses = ", ".join(f"{k} {v}" for k, v in sorted(summary["responses"].items()))
            echo(f"{extraction.document}: {summary['recommendations']} recommendations "
                 f"({extraction.kind}{'; ' + responses if responses else ''}); "
                 f"{summary['unclassified']} unclassified", err=True)
            for item in extraction.unclassified:
                where = f" p{item.page}" if item.page else ""
                echo(f"  unclassified{where}: {item.reason}: {item.text[:120]}", err=True)
    fmt = _format(options)
    if options.output is None:
        write_recommendations(recs, sys.stdout, fmt)
    else:
        try:
            with options.output.open("w", encoding="utf-8", newline="") as fh:
                write_recommendations(recs, fh, fmt)
        except OSError as exc:
            raise HrbaError(f"{options.output}: cannot write: {exc.strerror or exc}") from exc
        if not options.quiet:
            echo(f"wrote {len(recs)} recommendations to {options.output}", err=True)
    return 2 if failed else 0
