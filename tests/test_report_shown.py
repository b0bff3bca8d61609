"""A result made for HTML/Markdown reports only holds the quotes they show: the reports are the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hrba.engine.batch import BatchSettings, EngineSpec, Job, score_batch, score_job
from hrba.engine.pipeline import Outcome
from hrba.engine.results import pick_shown
from hrba.engine.results import report as build_report
from hrba.reporting.render import render
from hrba.reporting.viewmodel import DEFAULT_MAX_EVIDENCE, pick_evidence

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [REPO / "examples" / "veloria-cca.md", REPO / "examples" / "veloria-cca-v2.md"]


@pytest.fixture(scope="module")
def scored():
    """The cca engine and the first example's outcome (reviewed by nobody)."""
    engine = EngineSpec((), "cca").build()
    return engine, Outcome(str(EXAMPLES[0]), result=engine.score_path(str(EXAMPLES[0])).result)


def _reports(engine, outcome, cap):
    full = build_report([outcome], engine, {})
    reduced = build_report([outcome], engine, {}, shown=cap)
    reduced["generated_at"] = full["generated_at"]
    return full, reduced


@pytest.mark.parametrize("cap", [0, 1, 2, 3, DEFAULT_MAX_EVIDENCE, 50])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_reduced_result_renders_the_same(scored, cap, fmt):
    engine, outcome = scored
    full, reduced = _reports(engine, outcome, cap)
    for lang in ("en", "fr"):
        assert render(reduced, fmt, max_evidence=cap, report_lang=lang) == \
            render(full, fmt, max_evidence=cap, report_lang=lang)


def _as_shown(quote: dict) -> dict:
    """A full result's quote as a reduced result holds it: without what the reports don't read."""
    left_out = ("concepts", "near_concepts", "functions", "mention_only")
    return {**{k: v for k, v in quote.items() if k not in left_out},
            "highlights": [{"start": h["start"], "end": h["end"], "role": h["role"]} for h in quote["highlights"]]}


@pytest.mark.parametrize("cap", [0, 1, 2, DEFAULT_MAX_EVIDENCE])
def test_reduced_result_holds_the_shown_quotes_and_exact_counts(scored, cap):
    engine, outcome = scored
    full, reduced = _reports(engine, outcome, cap)
    criteria = full["documents"][0]["result"]["criteria"]
    kept = reduced["documents"][0]["result"]["criteria"]
    assert any(len(c["evidence"]) > cap for c in criteria)  # the cap bites somewhere
    for c, r in zip(criteria, kept, strict=True):
        assert r["evidence"] == [_as_shown(e) for e in pick_evidence(c["evidence"], cap)]
        assert r["evidence_total"] == len(c["evidence"])
        assert r["suppressed"] == [_as_shown(e) for e in c["suppressed"][:cap]]
        assert {k: v for k, v in r.items() if k not in ("evidence", "evidence_total", "suppressed")} == \
            {k: v for k, v in c.items() if k not in ("evidence", "suppressed")}


def test_pick_shown_takes_each_signal_in_turn_and_no_span_twice():
    items = [("a", 0, 5), ("a", 10, 15), ("a", 20, 25), ("b", 0, 5), ("b", 30, 35), ("c", 40, 45)]
    assert pick_shown(items, 3) == [0, 4, 5]  # b's first is a's span: its next one instead
    assert pick_shown(items, 4) == [0, 1, 4, 5]
    assert pick_shown(items, None) == list(range(6))
    assert pick_shown(items, 0) == []


def test_only_a_slim_html_job_is_reduced(tmp_path):
    """A slim, unspooled job writing HTML/Markdown only is scored with the cap; its reports match a full run's."""
    engine = EngineSpec((), "cca").build()
    outs = {}
    for name, slim in (("full", False), ("slim", True)):
        settings = BatchSettings(formats=["html", "md"], output_dir=str(tmp_path / name),
                                 render_options={"max_evidence": 2, "with_json": False})
        jobs = [Job(str(p), report_base=f"documents/{p.stem}") for p in EXAMPLES]
        score_batch(jobs, EngineSpec((), "cca"), settings, engine=engine, workers=1, slim=slim)
        outs[name] = {p.relative_to(tmp_path / name): p.read_text(encoding="utf-8")
                      for p in sorted((tmp_path / name).rglob("*.*"))}
    strip = {k: _no_dates(v) for k, v in outs["full"].items()}
    assert strip == {k: _no_dates(v) for k, v in outs["slim"].items()}
    assert len(strip) == 4

    settings = BatchSettings(formats=["html"], output_dir=str(tmp_path / "x"))
    entry = score_job(engine, Job(str(EXAMPLES[0]), report_base="documents/a", slim=True), settings)
    assert all("evidence_total" in c and len(c["evidence"]) <= DEFAULT_MAX_EVIDENCE
               for c in entry["result"]["criteria"])
    for job, formats in ((Job(str(EXAMPLES[0]), slim=False), ["html"]),
                         (Job(str(EXAMPLES[0]), slim=True, spool=str(tmp_path / "s.json")), ["html"]),
                         (Job(str(EXAMPLES[0]), slim=True), ["html", "json"]),
                         (Job(str(EXAMPLES[0]), slim=True), ["csv"])):
        entry = score_job(engine, job, BatchSettings(formats=formats))
        assert not any("evidence_total" in c for c in entry["result"]["criteria"])


def _no_dates(text: str) -> str:
    return re.sub(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}[^\s\"<]*", "<TS>", text)


def test_json_evidence_is_the_same_whether_highlights_were_read_first(scored):
    """Highlights are made when read: a JSON report made before and after reading them is the same."""
    engine, _ = scored
    outcome = Outcome(str(EXAMPLES[1]), result=engine.score_path(str(EXAMPLES[1])).result)
    before = build_report([outcome], engine, {})
    for c in outcome.result.criteria:
        for e in c.evidence + c.suppressed:
            assert [h.role for h in e.highlights] == [h["role"] for h in e.highlights_as(lambda *h: dict(role=h[5]))]
    after = build_report([outcome], engine, {})
    after["generated_at"] = before["generated_at"]
    assert after == before
    assert any(h for d in before["documents"][0]["result"]["criteria"] for e in d["evidence"] for h in e["highlights"])
