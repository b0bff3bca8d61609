"""Batch scoring: directories, parallel workers, a corrupt file among good ones, incremental re-runs."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from hrba.cli import main
from hrba.engine.batch import SLIM_CRITERION_KEYS, BatchSettings, EngineSpec, Job, score_batch
from hrba.reporting.score_command import InputFile, collect_labelled, report_bases

from helpers import RULES, mini_engine

REPO = Path(__file__).resolve().parents[1]
SCHEMA = Draft202012Validator(json.loads((REPO / "schemas" / "results.schema.json").read_text()))
MINI = str(RULES / "mini.yaml")

# A small known set for the mini checklist (one criterion, MINI-01, principle "disaggregation").
GOOD = "# Plan\n\n## Data\n\nData will be disaggregated by sex, age and disability.\n\n## Statistics\n\nStatistics are kept.\n"
PARTIAL = "# Plan\n\n## A\n\nData will be collected.\n\n## B\n\nNothing here either.\n"
NONE = "# Plan\n\n## A\n\nHello world.\n\n## B\n\nGoodbye.\n"


def assert_valid(report: dict) -> None:
    errors = sorted(SCHEMA.iter_errors(report), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def make_corpus(root: Path) -> Path:
    """good.md (exceeds, all sections), sub/partial.md (approaches), sub/none.md (missing), bad.pdf (corrupt)."""
    corpus = root / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.md").write_text(GOOD, encoding="utf-8")
    (corpus / "sub" / "partial.md").write_text(PARTIAL, encoding="utf-8")
    (corpus / "sub" / "none.md").write_text(NONE, encoding="utf-8")
    (corpus / "bad.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage, no xref\n")
    (corpus / "notes.bin").write_bytes(b"\x00\x01")  # not a readable suffix: not collected
    return corpus


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_collect_recurses_and_labels(tmp_path):
    corpus = make_corpus(tmp_path)
    files = collect_labelled([corpus, corpus / "good.md"])
    assert [f.label for f in files] == ["bad.pdf", "good.md", "sub/none.md", "sub/partial.md"]


def test_report_names_are_unique():
    files = [InputFile(Path("a/plan.pdf"), "plan.pdf"), InputFile(Path("b/plan.pdf"), "plan.pdf"),
             InputFile(Path("a/plan.md"), "plan.md"), InputFile(Path("x/y.md"), "x/y.md")]
    assert report_bases(files) == ["documents/plan", "documents/plan-pdf", "documents/plan-md", "documents/x/y"]


def test_batch_with_corrupt_file_completes_the_others(tmp_path):
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out"
    result = run("score", corpus, "-c", MINI, "-f", "json", "-f", "html", "-f", "csv",
                 "-o", out, "--jobs", "2")
    assert result.exit_code == 2, result.output
    portfolio = json.loads((out / "portfolio.json").read_text())
    assert_valid(portfolio)
    status = {Path(d["input"]).name: d["status"] for d in portfolio["documents"]}
    assert status == {"bad.pdf": "error", "good.md": "ok", "none.md": "ok", "partial.md": "ok"}
    good = next(d for d in portfolio["documents"] if d["input"].endswith("good.md"))
    # portfolio.json holds summaries; the detail is in the document's own JSON report, which it links
    assert good["detail"] == "summary" and "evidence" not in good["result"]["criteria"][0]
    full = json.loads((out / good["report_files"]["json"]).read_text())["documents"][0]
    assert full["result"]["criteria"][0]["evidence"] and full["result"]["coverage"]["sections"]
    bad = next(d for d in portfolio["documents"] if d["status"] == "error")
    assert bad["error"]["code"] == "corrupt" and "bad.pdf" in bad["error"]["message"]
    assert "bad.pdf" in result.output  # listed with its error
    for doc in portfolio["documents"]:
        assert set(doc["report_files"]) == {"json", "html", "csv"}
        for rel in doc["report_files"].values():
            assert (out / rel).is_file(), rel
        per_doc = json.loads((out / doc["report_files"]["json"]).read_text())
        assert_valid(per_doc)
        assert [d["input"] for d in per_doc["documents"]] == [doc["input"]]
    for fmt in ("html", "csv"):
        assert (out / f"portfolio.{fmt}").stat().st_size > 0


def test_parallel_equals_serial(tmp_path):
    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    engine = mini_engine()
    spec = EngineSpec((MINI,))

    def levels(entries):
        return [(e["input"], e["status"], e["result"] and e["result"]["overall"]["level"]) for e in entries]

    one = score_batch(jobs, spec, BatchSettings(), engine=engine, workers=1)
    two = score_batch(jobs, spec, BatchSettings(), engine=engine, workers=2)
    assert levels(one) == levels(two)
    assert [e["input"] for e in two] == [j.path for j in jobs]  # input order, whatever the finishing order


def test_slim_entries_without_spooling(tmp_path):
    """A directory run without JSON needs no full entries on disk: slim ones come back, nothing is spooled."""
    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    entries = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(), engine=mini_engine(), workers=1, slim=True)
    good = next(e for e in entries if e["input"].endswith("good.md"))
    assert good["result"]["overall"]["level"] == "exceeds"
    assert set(good["result"]["criteria"][0]) == set(SLIM_CRITERION_KEYS)
    assert all(job.spool is None for job in jobs)


def test_html_only_directory_run_writes_reports_and_portfolio(tmp_path):
    corpus = make_corpus(tmp_path)
    (corpus / "bad.pdf").unlink()
    out = tmp_path / "out"
    result = run("score", corpus, "-c", MINI, "-f", "html", "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.name != ".hrba-cache") == ["documents", "portfolio.html"]
    assert len(list((out / "documents").rglob("*.html"))) == 3
    assert "good" in (out / "portfolio.html").read_text(encoding="utf-8")


class ExplodingEngine:
    """Wraps an engine; raises an unexpected exception on one document."""

    def __init__(self, engine, victim: str):
        self._engine, self._victim = engine, victim

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def score_path(self, path, **kwargs):
        if Path(path).name == self._victim:
            raise KeyError("boom")
        return self._engine.score_path(path, **kwargs)


@pytest.mark.parametrize("workers", [1, 2])
def test_unexpected_exception_is_that_documents_error(tmp_path, workers):
    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    engine = ExplodingEngine(mini_engine(), "none.md")
    entries = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(), engine=engine, workers=workers)
    by_name = {Path(e["input"]).name: e for e in entries}
    assert by_name["none.md"]["status"] == "error"
    assert by_name["none.md"]["error"]["code"] == "internal"
    assert "KeyError" in by_name["none.md"]["error"]["message"]
    assert by_name["good.md"]["status"] == by_name["partial.md"]["status"] == "ok"


class Killer(ExplodingEngine):
    """Wraps an engine; the worker process scoring one document dies."""

    def score_path(self, path, **kwargs):
        if Path(path).name == self._victim:
            os._exit(9)  # the worker process dies
        return self._engine.score_path(path, **kwargs)


def test_dead_worker_fails_only_its_document(tmp_path):
    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    entries = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(), engine=Killer(mini_engine(), "good.md"),
                          workers=2)
    by_name = {Path(e["input"]).name: e for e in entries}
    assert by_name["good.md"]["error"]["code"] == "worker_crashed"
    assert by_name["partial.md"]["status"] == by_name["none.md"]["status"] == "ok"


def test_worker_dying_while_documents_are_handed_out(tmp_path):
    """A worker dies on its first document while the next one is already handed to it (workers are
    handed a document ahead while enough are left): that one goes back to the queue and is scored."""
    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    first = max(jobs, key=lambda j: os.path.getsize(j.path))  # handed out first: largest files first
    victim = Path(first.path).name
    entries = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(), engine=Killer(mini_engine(), victim),
                          workers=2)
    by_name = {Path(e["input"]).name: e for e in entries}
    assert by_name[victim]["error"]["code"] == "worker_crashed"
    assert all(e["status"] == "ok" for name, e in by_name.items() if name not in (victim, "bad.pdf"))
    assert len(entries) == len(jobs)


def test_incremental_skips_unchanged_documents(tmp_path):
    corpus = make_corpus(tmp_path)
    (corpus / "bad.pdf").unlink()
    out = tmp_path / "out"
    first = run("score", corpus, "-c", MINI, "-f", "json", "-o", out, "--incremental", "-j", "1")
    assert first.exit_code == 0, first.output
    report = json.loads((out / "portfolio.json").read_text())
    assert [d["cached"] for d in report["documents"]] == [False, False, False]

    (corpus / "sub" / "none.md").write_text(GOOD, encoding="utf-8")  # one document changes
    second = run("score", corpus, "-c", MINI, "-f", "json", "-o", out, "--incremental", "-j", "1")
    assert second.exit_code == 0, second.output
    report = json.loads((out / "portfolio.json").read_text())
    assert_valid(report)
    cached = {Path(d["input"]).name: d["cached"] for d in report["documents"]}
    assert cached == {"good.md": True, "none.md": False, "partial.md": True}
    none = next(d for d in report["documents"] if d["input"].endswith("none.md"))
    assert none["result"]["overall"]["level"] == "exceeds"
    assert "2 unchanged, skipped" in second.output

    # A deleted per-document report, or a new review file, means scoring again.
    (out / "documents" / "good.json").unlink()
    (corpus / "sub" / "partial.review.yaml").write_text(
        "reviewer: R\ndecisions:\n  - {criterion: MINI-01, level: meets}\n", encoding="utf-8")
    third = run("score", corpus, "-c", MINI, "-f", "json", "-o", out, "--incremental", "-j", "1")
    report = json.loads((out / "portfolio.json").read_text())
    cached = {Path(d["input"]).name: d["cached"] for d in report["documents"]}
    assert cached == {"good.md": False, "none.md": True, "partial.md": False}, third.output


def test_incremental_needs_an_output_directory(tmp_path):
    corpus = make_corpus(tmp_path)
    result = run("score", corpus, "-c", MINI, "--incremental")
    assert result.exit_code == 2
    assert "-o DIR" in result.output


def test_no_progress_bar_when_not_a_terminal(tmp_path):
    corpus = make_corpus(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["score", str(corpus), "-c", MINI, "-f", "json", "-o", str(tmp_path / "o")],
                           catch_exceptions=False)
    assert "scoring" not in result.stderr


def test_progress_bar_goes_to_stderr(tmp_path, capsys):
    from hrba.reporting.score_command import ScoreOptions, run_score

    corpus = make_corpus(tmp_path)
    options = ScoreOptions(inputs=[corpus], checklists=[MINI], formats=["json"], output=tmp_path / "o", jobs=1,
                           progress=True)
    out: list[str] = []
    run_score(options, echo=lambda text="", **_: out.append(str(text)))
    captured = capsys.readouterr()
    assert "scoring" in captured.err and "scoring" not in captured.out + "".join(out)


def test_collector_paused_per_document_and_restored():
    import gc

    from hrba.engine.batch import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


class Misbehaving(ExplodingEngine):
    """Wraps an engine; logs which process scores each document; on one it crashes, loops or hogs memory."""

    def __init__(self, engine, victim: str, how: str, log: Path):
        super().__init__(engine, victim)
        self._how, self._log = how, log

    def score_path(self, path, **kwargs):
        with open(self._log, "a", encoding="utf-8") as fh:
            fh.write(f"{Path(path).name} {os.getpid()}\n")
        if Path(path).name == self._victim:
            if self._how == "segv":
                import signal

                os.kill(os.getpid(), signal.SIGSEGV)
            elif self._how == "loop":
                time.sleep(60)
            elif self._how == "hog":
                return [bytearray(100 * 1024 * 1024) for _ in range(8)]
        return self._engine.score_path(path, **kwargs)


def _jobs(corpus: Path) -> list[Job]:
    """A job for each readable file of ``corpus``, in collection order."""
    return [Job(str(f.path)) for f in collect_labelled([corpus])]


def _pids(log: Path) -> dict[str, int]:
    """Which process scored each document (the last, for one scored twice)."""
    return {name: int(pid) for name, pid in _scored(log)}


def _scored(log: Path) -> list[tuple[str, int]]:
    """(document, process) in the order they were started."""
    return [(name, int(pid)) for name, pid in (line.split() for line in log.read_text().splitlines())]


def _address_space() -> int:
    """This process's virtual memory size (the base of a worker's RLIMIT_AS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


isolated_only = pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/status").exists(),
                                   reason="needs fork and /proc (Linux)")


@isolated_only
@pytest.mark.parametrize("workers", [1, 2])
def test_isolated_documents_share_long_lived_workers(tmp_path, workers):
    """Isolation forks a worker once, not once per document; results are those of in-process scoring."""
    from hrba.engine.ingest import Limits

    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    log = tmp_path / "pids.log"
    engine = Misbehaving(mini_engine(), "-", "", log)
    plain = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(), engine=mini_engine(), workers=1)
    finished: list[str] = []
    isolated = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(limits=Limits(isolate=True)), engine=engine,
                           workers=workers, on_done=lambda e: finished.append(e["input"]))
    assert isolated == plain  # same entries, in input order
    assert sorted(finished) == sorted(j.path for j in jobs)
    pids = set(_pids(log).values())
    assert os.getpid() not in pids and len(pids) <= workers < len(jobs)


@isolated_only
@pytest.mark.parametrize("workers", [1, 2])
def test_isolated_crash_fails_only_its_document(tmp_path, workers):
    from hrba.engine.ingest import Limits

    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    log = tmp_path / "pids.log"
    entries = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(limits=Limits(isolate=True)),
                          engine=Misbehaving(mini_engine(), "good.md", "segv", log), workers=workers,
                          spool_dir=tmp_path)
    by_name = {Path(e["input"]).name: e for e in entries}
    assert by_name["good.md"]["error"]["code"] == "crashed"
    assert "scoring crashed on this file (signal SIGSEGV)" in by_name["good.md"]["error"]["message"]
    assert by_name["partial.md"]["status"] == by_name["none.md"]["status"] == "ok"
    assert by_name["bad.pdf"]["error"]["code"] == "corrupt"
    spooled = [json.loads(Path(j.spool).read_text()) for j in jobs]  # every document spooled, the lost one too
    assert [e["status"] for e in spooled] == [e["status"] for e in entries]
    # a fresh worker retried it (the crash could have come from an earlier document), another took the rest
    assert len(set(_pids(log).values())) <= workers + 2


@isolated_only
def test_isolated_time_out_stops_one_document_not_the_batch(tmp_path):
    from hrba.engine.ingest import Limits

    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    started = time.monotonic()
    entries = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(limits=Limits(isolate=True, timeout_s=1)),
                          engine=Misbehaving(mini_engine(), "none.md", "loop", tmp_path / "log"), workers=2)
    assert time.monotonic() - started < 15
    by_name = {Path(e["input"]).name: e for e in entries}
    assert by_name["none.md"]["error"]["code"] == "timeout"
    assert "scoring took longer than 1 s" in by_name["none.md"]["error"]["message"]
    assert by_name["good.md"]["status"] == by_name["partial.md"]["status"] == "ok"
    assert [e["input"] for e in entries] == [j.path for j in jobs]


@isolated_only
def test_isolated_out_of_memory_retires_the_worker(tmp_path):
    """The worker's address space is capped; after a MemoryError a fresh worker takes the next document."""
    from hrba.engine.ingest import Limits

    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)  # bad.pdf, good.md, sub/none.md, sub/partial.md
    log = tmp_path / "pids.log"
    limits = Limits(isolate=True, max_memory_bytes=_address_space() + 400 * 1024 * 1024)
    entries = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(limits=limits),
                          engine=Misbehaving(mini_engine(), "good.md", "hog", log), workers=1)
    by_name = {Path(e["input"]).name: e for e in entries}
    assert by_name["good.md"]["error"]["code"] == "out_of_memory"
    assert by_name["partial.md"]["status"] == by_name["none.md"]["status"] == "ok"
    # good.md ran out of memory in a worker that had scored bad.pdf, then again in a fresh worker
    # (so the failure is its own), which retired: a third worker scored the rest
    (_, a), (_, a2), (_, b), (_, c), (_, c2) = scored = _scored(log)
    assert [name for name, _ in scored] == ["bad.pdf", "good.md", "good.md", "none.md", "partial.md"]
    assert a == a2 != b != c == c2 != a


def test_without_fork_spawned_workers_share_the_batch(tmp_path, monkeypatch):
    """Where processes cannot fork (Windows), -j N still runs N workers: spawned, each building its own
    Engine; entries are those of in-process scoring, in input order, spooled as usual."""
    from hrba.engine.ingest import isolate

    corpus = make_corpus(tmp_path)
    jobs = _jobs(corpus)
    plain = score_batch(jobs, EngineSpec((MINI,)), BatchSettings(), workers=1)
    monkeypatch.setattr(isolate, "available", lambda: False)
    spawned_jobs = _jobs(corpus)
    spawned = score_batch(spawned_jobs, EngineSpec((MINI,)), BatchSettings(), workers=2,
                          spool_dir=tmp_path, slim=False)
    assert spawned == plain
    assert all(Path(job.spool).is_file() for job in spawned_jobs)
