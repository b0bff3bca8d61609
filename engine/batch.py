"""Batch scoring: many documents on all cores, in workers forked once from the loaded Engine.

Every document comes back as a JSON-ready entry (see engine.results): a result or an error. A
document that cannot be read, a bad review file, an unexpected exception, even a worker process
that dies, becomes that document's error; the others complete. Isolated (``Limits.isolate``: a
directory's untrusted files), each document runs in a worker under the time and memory limits
(engine.ingest.isolate.WorkerPool); a worker that overruns, crashes or runs out of memory fails that
document only and is replaced. Per-document reports are written by the worker that scored the
document, so rendering runs in parallel too. With a cache directory, unchanged documents (same
bytes, checklists, review file and options) are not re-scored.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .. import __version__
from .errors import MAX_MESSAGE, MAX_PATH, HrbaError, InputError, clean_message
from .ingest import Limits
from .pipeline import Engine
from .results import report as build_report
from .review import apply_review, find_review, load_review


@dataclass(frozen=True, eq=False, repr=False)
class EngineSpec:
    """What a worker needs to build the same Engine as the parent."""

    checklists: tuple[str, ...] = ()
    profile: str | None = None

    def build(self) -> Engine:
        return Engine.from_options(list(self.checklists) or None, self.profile)


@dataclass(eq=False, repr=False)
class Job:
    """One document: where it is, its review file, and where its reports go (base path, no suffix)."""

    path: str
    review: str | None = None
    report_base: str | None = None  # relative to BatchSettings.output_dir
    auto_review: bool = True
    spool: str | None = None  # write the full entry here (compact JSON)
    slim: bool = False  # hand back a slim entry (see slim_entry)
    cache: str | None = None  # cache files' path without suffix: .json (full entry), .slim.json
    # Else, with nothing to look up (not --incremental): the cache directory and engine fingerprint; the
    # key is worked out as the entry is recorded (see _cache_path).
    cache_in: tuple[str, str] | None = None


@dataclass(eq=False, repr=False)
class BatchSettings:
    """How every document of a batch is read, scored and written (the same for all its jobs)."""

    lang: str | None = None
    password: str | None = None
    limits: Limits | None = None
    formats: list[str] = field(default_factory=list)
    render_options: dict = field(default_factory=dict)
    output_dir: str | None = None
    report_options: dict = field(default_factory=dict)
    recommendations: object | None = None  # engine.crosscheck.RecommendationSet (--recommendations)


SUFFIXES = {"json": ".json", "md": ".md", "html": ".html", "csv": ".csv"}

def _error_entry(path: str, code: str, message: str, **extra) -> dict:
    message = clean_message(message, MAX_MESSAGE + MAX_PATH)  # one line, no terminal escapes
    return {"input": path, "status": "error", "error": {"code": code, "message": message}, "document": None,
            "result": None, **extra}


def _review_file(job: Job) -> str:
    """The review file applied to ``job``: the one given, else (when looked for) the document's own, else ""."""
    return job.review or (str(find_review(job.path) or "") if job.auto_review else "")


def score_job(engine: Engine, job: Job, settings: BatchSettings) -> dict:
    """Read, score, apply the review and write reports for one document; return its entry."""
    review_path = _review_file(job) or None
    extra: dict = {"review_file": review_path, "cached": False}
    recs = settings.recommendations
    outcome = engine.score_path(job.path, lang=settings.lang, password=settings.password, limits=settings.limits,
                                concepts=recs is not None)
    if outcome.result is not None and recs is not None:
        from .crosscheck import apply_to_criteria, cross_check

        outcome.result.cross_check = cross_check(outcome.result, recs, engine.vocabulary)
        apply_to_criteria(outcome.result, outcome.result.cross_check)
    if outcome.result is not None and review_path:
        try:
            review = load_review(review_path)
        except HrbaError as exc:
            return _error_entry(job.path, "review", str(exc), **extra)
        outcome.result.document.warnings.extend(apply_review(outcome.result, review))
    targets: dict[str, str] = {}
    if settings.output_dir and job.report_base and settings.formats:
        targets = {fmt: job.report_base + SUFFIXES[fmt] for fmt in settings.formats}
        extra["report_files"] = targets
    outcome.extra = extra
    report = build_report([outcome], engine, settings.report_options, shown=_shown_cap(job, settings))
    if targets:
        from ..reporting.render import render

        for fmt, rel in targets.items():
            target = Path(settings.output_dir, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(report, fmt, **settings.render_options), encoding="utf-8")
    return report["documents"][0]


VIEW_FORMATS = {"html", "md"}  # reports that show a few quotes per criterion (JSON and CSV hold them all)


def _shown_cap(job: Job, settings: BatchSettings) -> int | None:
    """The quotes per criterion the job's full entry must hold: all (None), unless nothing but its HTML and
    Markdown reports ever reads it (a slim job, not spooled, of those formats only: the cache and the caller
    get its slim entry, which holds no evidence); then their cap, so quotes they don't show are never made."""
    if not job.slim or job.spool or not VIEW_FORMATS.issuperset(settings.formats):
        return None
    from ..reporting.viewmodel import DEFAULT_MAX_EVIDENCE

    cap = settings.render_options.get("max_evidence")
    return DEFAULT_MAX_EVIDENCE if cap is None else cap


SLIM_CRITERION_KEYS = ("id", "checklist", "principle", "title", "weight", "status", "level", "score",
                       "effective_level", "review")


def slim_entry(entry: dict) -> dict:
    """An entry without evidence, signals and sections: enough for portfolios and summaries."""
    if entry["status"] != "ok":
        return entry
    res = entry["result"]
    criteria = [{k: c[k] for k in SLIM_CRITERION_KEYS} for c in res["criteria"]]
    coverage = {"principles": [], "sections": [], "share_with_hr_evidence": res["coverage"]["share_with_hr_evidence"]}
    slim = {**res, "criteria": criteria, "coverage": coverage}
    if "recommendations" in res:  # the portfolio needs the figures, not the themes' examples and quotes
        slim["recommendations"] = {k: v for k, v in res["recommendations"].items() if k != "themes"}
    return {**entry, "result": slim}


def write_entry(path: str | Path, entry: dict) -> None:
    """Compact JSON, written atomically (readers never see half a file). An entry is a tree made for
    JSON: no check for reference cycles (a tenth of the encoding's time for a full entry)."""
    tmp = f"{path}.tmp{os.getpid()}"
    data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")
    with open(tmp, "wb", buffering=0) as fh:  # one write, no text layer
        fh.write(data)
    os.replace(tmp, path)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one document is scored.

    Reference counting frees a document's objects; the collector would only rescan the engine and
    the growing document over and over (a tenth of the run). It resumes after each document and
    collects whatever cycles that document left.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _score_or_error(engine: Engine, job: Job, settings: BatchSettings) -> dict:
    try:
        return score_job(engine, job, settings)
    except MemoryError:  # said plainly (it used to print an empty "MemoryError:")
        gc.collect()
        return _error_entry(job.path, "out_of_memory", f"{job.path}: scoring it needs more memory than is "
                            "available: the document is too large or malformed (split it, or raise the limits)")
    except Exception as exc:  # noqa: BLE001 - one document never stops the batch
        return _error_entry(job.path, "internal", f"{job.path}: unexpected error while scoring: "
                            f"{type(exc).__name__}: {exc}")


def _record(job: Job, entry: dict, slim: dict | None = None) -> None:
    """Spool the full entry and, when it is a result, cache it (full and slim); ``slim``: its slim_entry,
    if already made."""
    if job.spool:
        write_entry(job.spool, entry)
    cache = _cache_path(job, entry) if entry["status"] == "ok" else None
    if cache:
        if not job.slim:  # a slim job is only ever read back slim: the full entry would cost a tenth of its time
            write_entry(cache + ".json", {**entry, "cached": True})
        slim = slim_entry(entry) if slim is None else slim
        write_entry(cache + ".slim.json", {**slim, "cached": True})  # last: its presence means complete


def _cache_path(job: Job, entry: dict) -> str | None:
    """Where ``job``'s result ``entry`` is cached: job.cache, else a path keyed with the SHA-256 of the
    bytes that were read and scored (entry's document) and the review file applied (entry's), so the file
    is not read and hashed, nor its review file looked for, once more."""
    if job.cache or job.cache_in is None:
        return job.cache
    folder, fingerprint = job.cache_in
    return str(Path(folder) / cache_key(job, fingerprint, entry["document"]["sha256"], entry["review_file"] or ""))


def _finish_job(engine: Engine, job: Job, settings: BatchSettings) -> dict:
    """Score one document here (no further isolation), record it; its entry (slim for a slim job)."""
    with collector_paused():  # resumes once the full entry is gone: little is left for it to scan
        return _score_and_record(engine, job, settings)


def _score_and_record(engine: Engine, job: Job, settings: BatchSettings) -> dict:
    entry = _score_or_error(engine, job, settings)
    slim = slim_entry(entry) if job.slim else None
    _record(job, entry, slim)
    return entry if slim is None else slim


def _worker_job(engine: Engine, settings: BatchSettings, job: Job) -> tuple[dict, bool]:
    """_finish_job in a pool worker: (entry, whether it was recorded); a failure to record it (say a
    full disk) is the document's internal error, which the parent spools."""
    try:
        return _finish_job(engine, job, settings), True
    except Exception as exc:  # noqa: BLE001 - one document never stops the batch
        return _internal_error(job.path, exc), False


def _internal_error(path: str, exc: Exception) -> dict:
    """The entry of a document lost to an error outside its scoring (recording it, handing it back)."""
    return _error_entry(path, "internal", f"{path}: {type(exc).__name__}: {exc}")


def _out_of_memory(outcome: tuple[dict, bool]) -> bool:
    """Whether a worker caught a MemoryError: it leaves, a fresh one takes the next document."""
    entry = outcome[0]
    return entry["status"] == "error" and entry["error"]["code"] == "out_of_memory"


def _worker_crashed(path: str) -> dict:
    return _error_entry(path, "worker_crashed", f"{path}: the worker process stopped (crash or out of memory) "
                        "while scoring this document")


def _lost_entry(job: Job, error: InputError, isolated: bool) -> dict:
    """The entry of a document whose worker crashed, overran its time or raised."""
    if not isolated and error.code == "crashed":
        return _worker_crashed(job.path)
    return _error_entry(job.path, error.code, str(error), review_file=job.review, cached=False)


def engine_fingerprint(engine: Engine, spec: EngineSpec, settings: BatchSettings) -> str:
    """Checklist ids, versions and file contents, tool version and options that change results."""
    parts: list = [__version__, spec.profile, settings.lang, settings.formats, settings.render_options,
                   settings.report_options]
    for cl in engine.versions():
        try:
            digest = hashlib.sha256(Path(cl["path"]).read_bytes()).hexdigest()
        except OSError:
            digest = ""
        parts.append([cl["id"], cl["version"], digest])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _file_hash(path: str | None) -> str:
    if not path:
        return ""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return "unreadable"
    return h.hexdigest()


def cache_key(job: Job, fingerprint: str, file_hash: str | None = None, review: str | None = None) -> str:
    """Key of a document's cached entry: file hash + checklist fingerprint + review file + report path
    (``file_hash``: the file's, and ``review``: the review file applied, "" for none, when known)."""
    if review is None:
        review = _review_file(job)
    parts = [file_hash or _file_hash(job.path), fingerprint, job.path, job.report_base, review, _file_hash(review)]
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()


def _cached(job: Job, settings: BatchSettings, slim: bool) -> dict | None:
    """The cached entry of ``job`` (slim or full), if complete and its reports still exist."""
    try:
        entry = json.loads(Path(job.cache + ".slim.json").read_text(encoding="utf-8"))
        if not slim:
            entry = json.loads(Path(job.cache + ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = entry.get("report_files") or {}
    if settings.output_dir and any(not Path(settings.output_dir, f).is_file() for f in files.values()):
        return None
    return entry


def spool_path(spool_dir: Path, index: int) -> Path:
    """Where score_batch spools the full entry of job ``index``."""
    return spool_dir / f"{index}.json"


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def score_batch(jobs: list[Job], spec: EngineSpec, settings: BatchSettings, *, engine: Engine | None = None,
                workers: int | None = None, cache_dir: Path | None = None, spool_dir: Path | None = None,
                slim: bool | None = None, on_done: Callable[[dict], None] | None = None,
                reuse: bool = True) -> list[dict]:
    """Entries for ``jobs`` in input order; ``on_done`` is called as each document finishes.

    With ``slim`` (default: when spooling) the list holds slim entries: memory stays flat over
    hundreds of documents, and an unchanged document costs a small read. With ``spool_dir``, full
    entries also go to ``jobs[i].spool`` (a file under ``spool_dir``, or the cache file of an
    unchanged document), for a caller that needs them all (the portfolio JSON). With ``cache_dir``,
    finished entries are recorded there; ``reuse`` (default) also takes unchanged documents from it.
    With ``settings.limits.isolate``, or more than one worker, documents go to workers forked once from
    ``engine`` (see _run_workers); without fork (not POSIX), more than one worker are spawned processes that
    build their own Engine (see _run_spawned), and an isolated batch of one worker runs here.
    """
    engine = engine or spec.build()
    workers = max(1, workers or default_jobs())
    entries: list[dict | None] = [None] * len(jobs)
    fingerprint = engine_fingerprint(engine, spec, settings) if cache_dir else ""
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
    slim = spool_dir is not None if slim is None else slim
    for i, job in enumerate(jobs):
        job.slim = slim
        if spool_dir is not None:
            job.spool = str(spool_path(spool_dir, i))

    def done(i: int, entry: dict) -> None:
        entries[i] = entry
        if on_done:
            on_done(entry)

    todo: list[int] = []
    for i, job in enumerate(jobs):
        if cache_dir is not None and not reuse:  # nothing to look up: keyed once read (see _cache_path)
            job.cache_in = (str(cache_dir), fingerprint)
        elif cache_dir is not None:
            job.cache = str(cache_dir / cache_key(job, fingerprint))
            hit = _cached(job, settings, slim=job.slim)
            if hit is not None:
                if job.spool:
                    job.spool = job.cache + ".json"
                done(i, hit)
                continue
        todo.append(i)

    limits = settings.limits if settings.limits is not None and settings.limits.isolate else None
    workers = min(workers, len(todo))
    if workers > 1:  # largest files first keeps every core busy to the end
        todo.sort(key=lambda i: -_size(jobs[i].path))
    if limits is None and workers <= 1:
        _run_here(todo, jobs, engine, settings, done)  # no isolation asked for, nothing to share out
        return entries  # type: ignore[return-value]
    from .ingest import isolate  # only batches that fork pay for the import of multiprocessing

    if not isolate.available() and workers > 1:  # no fork (Windows): spawned workers build their own engine
        _run_spawned(todo, jobs, spec, settings, workers, done)
    elif not isolate.available():
        _run_here(todo, jobs, engine, settings, done)  # isolation is not possible here
    else:
        _run_workers(todo, jobs, engine, settings, limits, workers, done)
    return entries  # type: ignore[return-value]


def _run_here(todo: list[int], jobs: list[Job], engine: Engine, settings: BatchSettings,
              done: Callable[[int, dict], None]) -> None:
    """Score ``todo`` one after the other in this process."""
    for i in todo:
        done(i, _finish_job(engine, jobs[i], settings))


_SPAWNED_ENGINE: Engine | None = None  # a spawned worker's own Engine (see _run_spawned)


def _spawned_init(spec: EngineSpec) -> None:
    global _SPAWNED_ENGINE
    _SPAWNED_ENGINE = spec.build()


def _spawned_job(job: Job, settings: BatchSettings) -> dict:
    assert _SPAWNED_ENGINE is not None, "spawned worker not initialised"
    return _finish_job(_SPAWNED_ENGINE, job, settings)


def _run_spawned(todo: list[int], jobs: list[Job], spec: EngineSpec, settings: BatchSettings, workers: int,
                 done: Callable[[int, dict], None]) -> None:
    """Where processes cannot fork: ``todo`` in a pool of spawned processes, each building its Engine from
    ``spec`` once (no time or memory limits there; a worker that dies fails the documents it held)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_spawned_init,
                             initargs=(spec,)) as pool:
        futures = {pool.submit(_spawned_job, jobs[i], settings): i for i in todo}
        for future in as_completed(futures):
            i = futures[future]
            try:
                entry = future.result()  # recorded (spool, cache) by the worker
            except BrokenProcessPool:
                entry = _worker_crashed(jobs[i].path)
                _record(jobs[i], entry)
            except Exception as exc:  # noqa: BLE001 - e.g. an entry that cannot be pickled
                entry = _internal_error(jobs[i].path, exc)
                _record(jobs[i], entry)
            done(i, entry)


def _run_workers(todo: list[int], jobs: list[Job], engine: Engine, settings: BatchSettings, limits: Limits | None,
                 workers: int, done: Callable[[int, dict], None]) -> None:
    """Score ``todo`` in ``workers`` forked workers; with ``limits``, each document under its time and
    memory limits (the workers' engine reads in-process: no second fork)."""
    from .ingest.isolate import WorkerPool

    if limits is None:
        pool = WorkerPool(partial(_worker_job, engine, settings), workers, retire=_out_of_memory)
    else:
        inner = replace(settings, limits=replace(limits, isolate=False))
        pool = WorkerPool(partial(_worker_job, engine, inner), workers, retire=_out_of_memory,
                          timeout_s=limits.timeout_s, max_memory=limits.max_memory_bytes)
    for i, outcome in pool.run((i, jobs[i], jobs[i].path) for i in todo):
        if isinstance(outcome, InputError):
            entry, recorded = _lost_entry(jobs[i], outcome, isolated=limits is not None), False
        else:
            entry, recorded = outcome
        if not recorded:  # an error entry: spooled here
            _record(jobs[i], entry)
        done(i, entry)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
