"""`hrba score`: collect inputs, score them, write the requested formats, print a summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.errors import HrbaError
from ..engine.pipeline import Engine
from ..engine.results import report as build_report
from ..engine.rules import LEVELS
from .render import render
from .summary import summary_text

SUFFIXES = {"json": ".json", "md": ".md", "html": ".html", "csv": ".csv"}
READABLE = {".txt", ".text", ".md", ".markdown", ".pdf", ".docx", ".odt", ".html", ".htm", ".xhtml"}


@dataclass
class ScoreOptions:
    inputs: list[Path]
    profile: str | None = None
    checklists: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    output: Path | None = None
    fail_under: str | None = None
    lang: str | None = None
    password: str | None = None
    max_evidence: int | None = None
    report_lang: str = "en"
    csv_rows: str = "criteria"
    quiet: bool = False


def collect_inputs(inputs: list[Path]) -> list[Path]:
    """Files as given, and every readable file under a directory (recursively, sorted)."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files.extend(sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in READABLE
                                and not p.name.endswith(".review.yaml")))
        else:
            files.append(item)
    return files


def output_paths(options: ScoreOptions, stems: list[str]) -> dict[str, Path]:
    """Where each format goes: the -o file for a single format, else files in the -o directory."""
    formats = options.formats
    out = options.output
    if out is None:
        return {}
    if len(formats) == 1 and out.suffix.lower() == SUFFIXES[formats[0]]:
        return {formats[0]: out}
    if out.suffix and out.suffix.lower() in SUFFIXES.values():
        raise HrbaError(f"-o {out}: a file name fits one format; for {', '.join(formats)} give a directory")
    base = stems[0] if len(stems) == 1 else "hrba-report"
    return {fmt: out / f"{base}{SUFFIXES[fmt]}" for fmt in formats}


def run_score(options: ScoreOptions, echo: Callable[..., None]) -> int:
    """Score, write, summarise; return the exit code (0 ok, 1 below --fail-under, 2 input error)."""
    files = collect_inputs(options.inputs)
    if not files:
        raise HrbaError("no readable documents found in " + ", ".join(map(str, options.inputs)))
    engine = Engine.from_options(options.checklists or None, options.profile)
    outcomes = [engine.score_path(p, lang=options.lang, password=options.password) for p in files]
    report = build_report(outcomes, engine, {"profile": options.profile, "checklists": options.checklists,
                                             "lang": options.lang})
    formats = options.formats or (["json", "md"] if options.output else [])
    options.formats = formats
    targets = output_paths(options, [p.stem for p in files])
    for fmt in formats:
        text = render(report, fmt, max_evidence=options.max_evidence, report_lang=options.report_lang,
                      csv_rows=options.csv_rows)
        target = targets.get(fmt)
        if target is None:
            echo(text, nl=False)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if not options.quiet and (targets or not formats):
        echo(summary_text(report))
        for fmt, target in targets.items():
            echo(f"wrote {fmt}: {target}")
    for doc in report["documents"]:
        if doc["status"] == "error":
            echo(f"hrba: error: {doc['error']['message']}", err=True)
    if any(d["status"] == "error" for d in report["documents"]):
        return 2
    if options.fail_under:
        floor = LEVELS.index(options.fail_under)
        for doc in report["documents"]:
            level = doc["result"]["overall"]["level"]
            if level is None or LEVELS.index(level) < floor:
                return 1
    return 0
