"""`hrba score`: collect inputs, score them (in parallel), write the requested formats, print a summary.

One document: its report goes to ``-o`` (a file or a directory) or to stdout. Several documents or a
directory: with ``-o DIR`` every document gets its own report under ``DIR/documents/`` and the
portfolio (documents x principles, level distributions, common gaps, para-36 figures) is written to
``DIR/portfolio.<format>``.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..engine.batch import (
    SUFFIXES,
    BatchSettings,
    EngineSpec,
    Job,
    collector_paused,
    default_jobs,
    score_batch,
)
from ..engine.errors import HrbaError
from ..engine.ingest import SUFFIX_FORMATS, Limits
from ..engine.results import report as build_report
from ..engine.review import REVIEW_SUFFIX, load_review
from ..engine.rules import LEVELS
from .render import preload_templates, render
from .summary import review_warnings, summary_text

READABLE = {".txt", ".text", ".md", ".markdown", ".pdf", ".docx", ".odt", ".html", ".htm", ".xhtml"}
DOCUMENTS_DIR = "documents"
CACHE_DIR = ".hrba-cache"


@dataclass
class ScoreOptions:
    """What `hrba score` was asked to do (the command line's options)."""

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
    jobs: int | None = None  # None: all cores
    incremental: bool = False
    reviews: list[Path] = field(default_factory=list)
    progress: bool | None = None  # None: when stderr is a terminal and not quiet
    limits: Limits | None = None  # size, page, time limits for reading untrusted files
    recommendations: list[Path] = field(default_factory=list)  # reports or hrba recommendations CSV/JSONL


@dataclass
class InputFile:
    """A file to score and its label."""

    path: Path
    label: str  # path relative to the directory given (or the file name), used for report names


def collect_inputs(inputs: list[Path]) -> list[Path]:
    """Files as given, and every readable file under a directory (recursively, sorted)."""
    return [f.path for f in collect_labelled(inputs)]


def _resolved_inside(path: Path, root: Path) -> Path | None:
    """``path`` with symbolic links followed, if it stays inside ``root`` (a link in an input directory
    to a system file is not scored and quoted)."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return None
    return real if real.is_relative_to(root) else None


def collect_labelled(inputs: list[Path]) -> list[InputFile]:
    """Like collect_inputs, with each file's label; a file reached twice is scored once."""
    files: list[InputFile] = []
    seen: set[Path] = set()

    def add(path: Path, label: str, real: Path) -> None:
        if real not in seen:
            seen.add(real)
            files.append(InputFile(path, label))

    for item in inputs:
        if item.is_dir():
            root = item.resolve()
            for p in sorted(item.rglob("*")):
                if p.is_file() and p.suffix.lower() in READABLE and not p.name.endswith(REVIEW_SUFFIX):
                    real = _resolved_inside(p, root)
                    if real is not None:
                        add(p, p.relative_to(item).as_posix(), real)
        else:
            add(item, item.name, item.resolve())
    return files


def report_bases(files: list[InputFile]) -> list[str]:
    """Unique report paths (no suffix) under documents/: the label without its extension."""
    used: set[str] = set()
    bases = []
    for f in files:
        label = f.label.rsplit(".", 1)[0] if "." in Path(f.label).name else f.label
        candidates = [label, f"{label}-{f.path.suffix.lstrip('.').lower()}"]
        base = next((c for c in candidates if c.lower() not in used), None)
        n = 2
        while base is None or base.lower() in used:
            base, n = f"{label}-{n}", n + 1
        used.add(base.lower())
        bases.append(f"{DOCUMENTS_DIR}/{base}")
    return bases


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
    base = stems[0] if len(stems) == 1 else "portfolio"
    return {fmt: out / f"{base}{SUFFIXES[fmt]}" for fmt in formats}


def match_reviews(reviews: list[Path], files: list[InputFile]) -> dict[int, str]:
    """Which document each --review file belongs to: its `document:` name, its own name, or the only one."""
    matched: dict[int, str] = {}
    for path in reviews:
        review = load_review(path)
        name = Path(review.document).name if review.document else None
        stem = path.name[: -len(REVIEW_SUFFIX)] if path.name.endswith(REVIEW_SUFFIX) else None
        hits = [i for i, f in enumerate(files)
                if (name and f.path.name == name) or (not name and stem in (f.path.name, f.path.stem))]
        if not hits and len(files) == 1 and not name:
            hits = [0]
        if len(hits) != 1:
            what = f"document {name!r}" if name else f"a document named like {path.name}"
            raise HrbaError(f"--review {path}: {'no' if not hits else 'more than one'} {what} among the inputs"
                            + ("" if len(files) > 1 or not name else f" (scoring {files[0].path.name})"))
        if hits[0] in matched:
            raise HrbaError(f"--review {path}: {files[hits[0]].path} already has review {matched[hits[0]]}")
        matched[hits[0]] = str(path)
    return matched


def _progress(options: ScoreOptions, total: int):
    """A click progress bar on stderr, or None when quiet or not on a terminal."""
    import click

    show = options.progress if options.progress is not None else (not options.quiet and sys.stderr.isatty())
    if not show or total < 2:
        return None
    return click.progressbar(length=total, label="scoring", file=sys.stderr, show_pos=True, show_eta=True)


def _forks(options: ScoreOptions, files: int, workers: int) -> bool:
    """Whether the batch may hand documents to forked workers (isolated, or several files and workers)."""
    return bool(options.limits is not None and options.limits.isolate) or (files > 1 and workers > 1)


def run_score(options: ScoreOptions, echo: Callable[..., None]) -> int:
    """Score, write, summarise; return the exit code (0 ok, 1 below --fail-under, 2 input error)."""
    files = collect_labelled(options.inputs)
    if not files:
        raise HrbaError("no readable documents found in " + ", ".join(map(str, options.inputs)))
    many = len(files) > 1 or any(p.is_dir() for p in options.inputs)
    if options.limits is not None and options.limits.isolate is None:  # a directory: untrusted files, each
        options.limits.isolate = any(p.is_dir() for p in options.inputs)  # in a child with time/memory caps
    formats = options.formats or (["json", "md"] if options.output else [])
    options.formats = formats
    out = options.output
    portfolio_dir = out if many and out is not None and out.suffix.lower() not in SUFFIXES.values() else None
    if options.incremental and portfolio_dir is None and out is None:
        raise HrbaError("--incremental keeps its cache in the output directory: give -o DIR")
    reviews = match_reviews(options.reviews, files)
    recs = None
    if options.recommendations:
        from ..engine.crosscheck import load_recommendations

        recs = load_recommendations(options.recommendations, lang=None)
    spec = EngineSpec(tuple(options.checklists), options.profile)
    # The engine and templates live as long as the process: the collector never scans them, not while
    # they are loaded (that took a tenth of a second) nor after (frozen: forked workers share their
    # pages). Not undone: at exit it would scan them all once more.
    workers = options.jobs or default_jobs()
    with collector_paused():
        engine = spec.build()
        engine.preload({SUFFIX_FORMATS.get(f.path.suffix.lower(), "") for f in files})  # shared by forked workers
        if {"html", "md"} & set(formats) and _forks(options, len(files), workers):
            preload_templates()  # compiled once here, shared by forked workers (else each is loaded on first use)
        gc.freeze()
    report_options = {"profile": options.profile, "checklists": options.checklists, "lang": options.lang}
    if recs is not None:
        report_options["recommendations"] = recs.fingerprint()
    render_options = {"max_evidence": options.max_evidence, "report_lang": options.report_lang,
                      "csv_rows": options.csv_rows, "with_json": "json" in formats}
    settings = BatchSettings(lang=options.lang, password=options.password, limits=options.limits,
                             formats=formats if portfolio_dir else [], render_options=render_options,
                             output_dir=str(portfolio_dir) if portfolio_dir else None, report_options=report_options,
                             recommendations=recs)
    bases = report_bases(files)
    jobs = [Job(str(f.path), reviews.get(i), bases[i] if portfolio_dir else None) for i, f in enumerate(files)]
    cache_dir = None
    # Every run into a directory records what a later --incremental run needs; only --incremental reuses it.
    if options.incremental or portfolio_dir is not None or (out is not None and not out.suffix):
        cache_dir = (portfolio_dir or (out if not out.suffix else out.parent)) / CACHE_DIR
    # Writing into a directory: workers hand back slim entries (memory stays flat), and the portfolio
    # JSON keeps those summaries; each document's detail is in its own JSON report, linked from it.
    bar = _progress(options, len(jobs))
    batch = partial(score_batch, jobs, spec, settings, engine=engine, workers=workers,
                    cache_dir=cache_dir, slim=portfolio_dir is not None, reuse=options.incremental)
    if bar is not None:
        with bar:
            entries = batch(on_done=lambda _e: bar.update(1))
    else:
        entries = batch()
    report = build_report([], engine, report_options)
    report["documents"] = entries
    if many:  # the portfolio's modules are imported only for several documents (the names are used below)
        from ..engine.portfolio import portfolio
        from .portfolio import portfolio_json, portfolio_summary, render_portfolio

        report["portfolio"] = portfolio(entries, hr_analysis=engine.hr_analysis)  # loaded with the engine: not again
    written: dict[str, Path] = {}
    if portfolio_dir is not None:
        portfolio_dir.mkdir(parents=True, exist_ok=True)
        for fmt in formats:
            written[fmt] = portfolio_dir / f"portfolio{SUFFIXES[fmt]}"
            text = portfolio_json(report) if fmt == "json" else render_portfolio(report, fmt, options.report_lang)
            written[fmt].write_text(text, encoding="utf-8")
    if portfolio_dir is None:
        targets = output_paths(options, [f.path.stem for f in files])
        for fmt in formats:
            text = (render_portfolio(report, fmt, options.report_lang) if many and fmt in targets
                    else render(report, fmt, **render_options))
            target = targets.get(fmt)
            if target is None:
                echo(text, nl=False)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written[fmt] = target
    if not options.quiet and (written or not formats):
        if any(d["status"] == "ok" for d in entries):  # else the errors below say it all
            echo(portfolio_summary(report, options.report_lang) if many
                 else summary_text(report, report_lang=options.report_lang))
        if portfolio_dir is not None:
            cached = sum(1 for e in entries if e.get("cached"))
            echo(f"wrote {len(entries) - cached} document reports under {portfolio_dir / DOCUMENTS_DIR}"
                 + (f" ({cached} unchanged, skipped)" if cached else ""))
        for fmt, target in written.items():
            echo(f"wrote {fmt}: {target}")
    for doc in entries:
        for warning in review_warnings(doc):
            echo(f"hrba: warning: {warning}", err=True)
        if doc["status"] == "error":
            echo(f"hrba: error: {doc['error']['message']}", err=True)
    if any(d["status"] == "error" for d in entries):
        return 2
    if options.fail_under:
        floor = LEVELS.index(options.fail_under)
        for doc in entries:
            level = doc["result"]["overall"]["level"]
            if level is None or LEVELS.index(level) < floor:
                return 1
    return 0
