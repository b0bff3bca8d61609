"""Reviewer decisions: the review file format, applying it, the template, and every output format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_batch import GOOD, MINI, NONE, PARTIAL, assert_valid, run

from hrba.engine.errors import RuleError
from hrba.engine.results import SCHEMA_VERSION
from hrba.engine.review import apply_review, find_review, load_review

from helpers import mini_engine

REVIEW = """\
reviewer: Ana Reviewer
date: 2026-11-27
decisions:
  - criterion: MINI-01
    level: missing
    note: Only a promise, no data yet.
"""


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_load_review_defaults_and_dates(tmp_path):
    review = load_review(write(tmp_path / "p.review.yaml", REVIEW + "  - {criterion: MINI-02, level: meets, "
                                                                   "reviewer: Bo, date: 2026-12-01}\n"
                                                                   "  - {criterion: MINI-03}\n"))
    first, second = review.decisions  # MINI-03 has no level: not a decision
    assert (first.criterion, first.level, first.reviewer, first.date) == ("MINI-01", "missing", "Ana Reviewer",
                                                                          "2026-11-27")
    assert first.note == "Only a promise, no data yet." and first.line == 4
    assert (second.reviewer, second.date) == ("Bo", "2026-12-01")  # dates stay text


@pytest.mark.parametrize("text, message, line", [
    ("decisions:\n  - {criterion: MINI-01, level: meets}\n", "names no reviewer", 2),
    ("reviewer: A\ndecisions:\n  - {criterion: MINI-01, level: good}\n", "'good' is not one of", 3),
    ("reviewer: A\ndecisions:\n  - {criterion: MINI-01, level: meets, notes: x}\n", "unknown key 'notes'", 3),
    ("reviewer: A\ndecisions:\n  - {criterion: MINI-01, level: meets}\n  - {criterion: MINI-01, level: missing}\n",
     "decided twice", 4),
    ("reviewer: A\ndecisions:\n  - {criterion: mini 1, level: meets}\n", "does not match", 3),
    ("reviewer: A\n", "'decisions' is required", 1),
])
def test_review_errors_name_file_and_line(tmp_path, text, message, line):
    path = write(tmp_path / "bad.review.yaml", text)
    with pytest.raises(RuleError) as err:
        load_review(path)
    assert message in str(err.value)
    assert err.value.line == line and err.value.path == str(path)


def test_find_review_next_to_document(tmp_path):
    doc = write(tmp_path / "plan.md", GOOD)
    assert find_review(doc) is None
    write(tmp_path / "plan.md.review.yaml", REVIEW)
    assert find_review(doc) == tmp_path / "plan.md.review.yaml"
    write(tmp_path / "plan.review.yaml", REVIEW)
    assert find_review(doc) == tmp_path / "plan.review.yaml"


def test_apply_review_recomputes_aggregates(tmp_path):
    engine = mini_engine()
    result = engine.score_path(write(tmp_path / "plan.md", GOOD)).result
    assert result.overall.level == "exceeds"
    warnings = apply_review(result, load_review(write(tmp_path / "r.yaml", REVIEW + "  - {criterion: NOPE-1, "
                                                                                      "level: meets}\n")))
    (crit,) = result.criteria
    assert crit.level == "exceeds" and crit.effective_level == "missing"
    assert crit.review == {"level": "missing", "note": "Only a promise, no data yet.", "reviewer": "Ana Reviewer",
                           "date": "2026-11-27", "automated_level": "exceeds"}
    assert result.overall.level == "missing" and result.checklists[0].principles[0].level == "missing"
    assert len(warnings) == 1 and "NOPE-1" in warnings[0] and "r.yaml:7" in warnings[0]


def test_override_changes_level_in_every_output_format(tmp_path):
    doc = write(tmp_path / "plan.md", GOOD)
    review = write(tmp_path / "plan.review.yaml", REVIEW)  # found automatically next to the document
    out = tmp_path / "out"
    result = run("score", doc, "-c", MINI, "-f", "json", "-f", "md", "-f", "html", "-f", "csv", "-o", out, "-q")
    assert result.exit_code == 0, result.output

    report = json.loads((out / "plan.json").read_text())
    assert_valid(report)
    entry = report["documents"][0]
    assert entry["review_file"] == str(review)
    (crit,) = entry["result"]["criteria"]
    assert (crit["level"], crit["effective_level"], crit["review"]["reviewer"]) == ("exceeds", "missing",
                                                                                   "Ana Reviewer")
    assert entry["result"]["overall"]["level"] == "missing"

    md = (out / "plan.md").read_text()
    assert "Reviewed: Missing" in md and "Ana Reviewer" in md and "Exceeds" in md
    html = (out / "plan.html").read_text()
    assert "Reviewed: Missing" in html and "Ana Reviewer" in html and "automated level: Exceeds" in html
    (row,) = csv.DictReader(io.StringIO((out / "plan.csv").read_text()))
    assert (row["level"], row["automated_level"], row["reviewer"]) == ("missing", "exceeds", "Ana Reviewer")


def test_review_option_and_portfolio_formats(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "a.md", GOOD)
    write(docs / "b.md", NONE)
    review = write(tmp_path / "elsewhere.yaml", "document: b.md\nreviewer: Bo\ndecisions:\n"
                                                "  - {criterion: MINI-01, level: meets, note: see annex}\n")
    out = tmp_path / "out"
    result = run("score", docs, "-c", MINI, "--review", review, "-f", "json", "-f", "csv", "-f", "html",
                 "-f", "md", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "portfolio.json").read_text())
    assert_valid(report)
    b = next(d for d in report["documents"] if d["input"].endswith("b.md"))
    assert b["review_file"] == str(review) and b["result"]["criteria"][0]["effective_level"] == "meets"
    pf = report["portfolio"]
    assert pf["criteria"][0]["distribution"]["meets"] == 1 and pf["criteria"][0]["reviewed"] == 1
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO((out / "portfolio.csv").read_text()))}
    assert rows["b.md"]["mini/disaggregation"] == "meets" and rows["b.md"]["reviewed_criteria"] == "1"
    (b_row,) = [line for line in (out / "portfolio.md").read_text().splitlines() if line.startswith("| [b.md]")]
    assert "| Meets |" in b_row
    html = (out / "documents" / "b.html").read_text()
    assert "Bo" in html and "see annex" in html


def test_review_option_must_match_a_document(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "a.md", GOOD)
    write(docs / "b.md", NONE)
    review = write(tmp_path / "r.yaml", "document: c.md\nreviewer: Bo\ndecisions: []\n")
    result = run("score", docs, "-c", MINI, "--review", review)
    assert result.exit_code == 2 and "no document 'c.md'" in result.output


def test_bad_review_file_is_that_documents_error(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "a.md", GOOD)
    write(docs / "b.md", NONE)
    write(docs / "b.review.yaml", "decisions:\n  - {criterion: MINI-01, level: meets}\n")  # no reviewer
    out = tmp_path / "out"
    result = run("score", docs, "-c", MINI, "-f", "json", "-o", out, "-q")
    assert result.exit_code == 2
    report = json.loads((out / "portfolio.json").read_text())
    status = {d["input"].rsplit("/", 1)[-1]: (d["status"], d["error"] and d["error"]["code"])
              for d in report["documents"]}
    assert status == {"a.md": ("ok", None), "b.md": ("error", "review")}


def test_review_init_lists_every_criterion(tmp_path):
    doc = write(tmp_path / "plan.md", GOOD)
    result = run("review", "init", doc, "-c", MINI, "--reviewer", "Ana")
    assert result.exit_code == 0, result.output
    path = tmp_path / "plan.review.yaml"
    text = path.read_text()
    assert "- criterion: MINI-01" in text and "automated: exceeds" in text
    review = load_review(path)
    assert review.decisions == [] and review.document == "plan.md"
    # Filled in, it overrules; and init refuses to overwrite it.
    path.write_text(text.replace("    level:\n", "    level: meets\n", 1))
    assert [d.level for d in load_review(path).decisions] == ["meets"]
    again = run("review", "init", doc, "-c", MINI)
    assert again.exit_code == 2 and "--force" in again.output
    assert run("review", "init", doc, "-c", MINI, "--force").exit_code == 0


def test_review_init_with_builtin_checklists(tmp_path):
    doc = write(tmp_path / "plan.md", GOOD)
    out = tmp_path / "r" / "mine.yaml"
    result = run("review", "init", doc, "-o", out, "-c", "cooperation-framework", "-c", "data")
    assert result.exit_code == 0, result.output
    from hrba.engine.pipeline import Engine

    ids = [c.id for cl in Engine.from_options(["cooperation-framework", "data"]).checklists for c in cl.criteria]
    text = out.read_text()
    assert len(ids) > 1 and all(f"- criterion: {cid}\n" in text for cid in ids)
    assert load_review(out).decisions == []


def _v2(quote_key: str, level: str = "", start: int | str = "null") -> str:
    lvl = f"    level: {level}\n" if level else ""
    return ("version: 2\nreviewer: Ana\ndate: 2026-12-02\ndecisions:\n  - criterion: MINI-01\n" + lvl +
            f"    exclude_evidence:\n      - {{quote_sha256: {quote_key}, start: {start}, excerpt: Data will}}\n")


def test_quote_marked_not_evidence_is_set_aside_and_the_level_recomputed(tmp_path):
    from hrba.engine.results import report as build_report
    from hrba.engine.review import evidence_key

    engine = mini_engine()
    doc = write(tmp_path / "plan.md", GOOD)
    result = engine.score_path(doc).result
    (crit,) = result.criteria
    quote = next(e for e in crit.evidence if e.signal == "disaggregated")
    assert crit.level == "exceeds"
    # the same words with other spacing are the same quote; an exclusion alone (no level) is a decision
    key = evidence_key("  " + quote.quote.replace(" ", "\n "))
    assert key == evidence_key(quote.quote)
    warnings = apply_review(result, load_review(write(tmp_path / "r.yaml", _v2(key))))
    (crit,) = result.criteria
    assert warnings == []
    assert crit.level == "approaches" and crit.effective_level == "approaches"  # only "Statistics are kept." left
    assert crit.review["automated_level"] == "exceeds" and crit.review["rescored_level"] == "approaches"
    assert crit.review["level"] is None and [e.quote for e in crit.excluded] == [quote.quote]
    assert all(evidence_key(e.quote) != key for e in crit.evidence)
    assert not crit.signals["disaggregated"].found and crit.signals["data"].found
    assert result.overall.level == "approaches"
    report = build_report([engine.score_path(doc)], engine)  # unreviewed
    assert report["documents"][0]["result"]["criteria"][0]["review"] is None

    # a reviewer's level still rules; a quote that is no longer in the document is a warning
    result = engine.score_path(doc).result
    warnings = apply_review(result, load_review(write(tmp_path / "r2.yaml", _v2(key, "meets") + "      - {quote_sha256: "
                                                      "0123456789abcdef, excerpt: gone}\n")))
    (crit,) = result.criteria
    assert crit.effective_level == "meets" and crit.review["rescored_level"] == "approaches"
    assert len(warnings) == 1 and "quote not found" in warnings[0] and "'gone'" in warnings[0]


def test_reviewed_quotes_in_every_output(tmp_path):
    from hrba.engine.review import evidence_key

    engine = mini_engine()
    doc = write(tmp_path / "plan.md", GOOD)
    quote = next(e for e in engine.score_path(doc).result.criteria[0].evidence if e.signal == "disaggregated")
    write(tmp_path / "plan.review.yaml", _v2(evidence_key(quote.quote)))
    out = tmp_path / "out"
    result = run("score", doc, "-c", MINI, "-f", "json", "-f", "md", "-f", "html", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "plan.json").read_text())
    assert_valid(report)
    assert report["schema_version"] == SCHEMA_VERSION
    (crit,) = report["documents"][0]["result"]["criteria"]
    assert crit["review"]["excluded"][0]["quote"] == quote.quote and crit["level"] == "approaches"
    md = (out / "plan.md").read_text()
    assert "Reviewed: 1 quote(s) marked as not evidence" in md and "automated level: Exceeds" in md
    assert "without the 1 quote(s) marked as not evidence: Approaches" in md
    html = (out / "plan.html").read_text()
    assert "Marked as not evidence by the reviewer, not counted (1)" in html
    assert f'data-key="{evidence_key(quote.quote)}"' in html and " checked>" in html


@pytest.mark.parametrize("text, message", [
    ("version: 3\nreviewer: A\ndecisions: []\n", "3 is not one of"),
    ("version: 2\nreviewer: A\ndecisions:\n  - {criterion: MINI-01, exclude_evidence: [{start: 3}]}\n",
     "'quote_sha256' is required"),
    ("version: 2\nreviewer: A\ndecisions:\n  - {criterion: MINI-01, exclude_evidence: [{quote_sha256: xyz}]}\n",
     "does not match"),
])
def test_review_version_2_errors(tmp_path, text, message):
    with pytest.raises(RuleError, match=message):
        load_review(write(tmp_path / "bad.review.yaml", text))


def test_terminal_says_a_review_was_applied_and_warns_about_unknown_criteria(tmp_path):
    doc = write(tmp_path / "plan.md", GOOD)
    write(tmp_path / "plan.review.yaml", REVIEW + "  - {criterion: NOPE-1, level: meets}\n")
    result = run("score", doc, "-c", MINI)
    assert result.exit_code == 0
    assert f"review applied: {tmp_path / 'plan.review.yaml'} (1 decision)" in result.output
    assert "hrba: warning: review " in result.output and "NOPE-1 was not scored" in result.output
    quiet = run("score", doc, "-c", MINI, "-q")
    assert "review applied" not in quiet.output and "NOPE-1" in quiet.output  # warnings even when quiet


def test_overruled_criterion_drops_the_automated_next_step(tmp_path):
    doc = write(tmp_path / "plan.md", PARTIAL)  # approaches; the next step would be meets
    out = tmp_path / "out"
    assert "To reach Meets" in run("score", doc, "-c", MINI, "-f", "html", "-o", out / "a.html", "-q").output + \
        (out / "a.html").read_text()
    write(tmp_path / "plan.review.yaml", REVIEW.replace("level: missing", "level: meets"))
    result = run("score", doc, "-c", MINI, "-f", "html", "-f", "md", "-o", out, "-q")
    assert result.exit_code == 0
    assert "To reach" not in (out / "plan.html").read_text() and "To reach" not in (out / "plan.md").read_text()


def test_review_keeps_the_stuffing_guards_cap(tmp_path):
    """A glossary's checklist totals stay capped at approaches after a review is applied (the aggregates
    are summarised again through DocumentResult.summarize, which keeps the cap)."""
    from hrba.engine.pipeline import Engine

    glossary = ("Key terms: human rights-based approach, leave no one behind, gender equality, women and girls, "
                "persons with disabilities, indigenous peoples, migrants, Universal Periodic Review, treaty bodies, "
                "special procedures, civil society, national human rights institution, disaggregated data, "
                "climate change, do no harm, early warning, accountability, participation.\n")
    result = Engine.from_options(None, "cca").score_path(write(tmp_path / "glossary.md", glossary)).result
    assert result.guard
    capped = {cl.checklist.id: cl.total.score for cl in result.checklists}
    assert all(score is None or score <= 1 / 3 + 1e-9 for score in capped.values())
    decisions = "".join(f"  - {{criterion: {r.criterion.id}, level: exceeds}}\n" for r in result.criteria
                        if r.level is not None)
    apply_review(result, load_review(write(tmp_path / "r.yaml", "reviewer: Ana\ndate: 2026-11-27\ndecisions:\n"
                                                                 + decisions)))
    assert all(cl.total.score is None or cl.total.score <= 1 / 3 + 1e-9 for cl in result.checklists)
    assert result.overall.score <= 1 / 3 + 1e-9


def test_signals_decided_again_from_their_evidence_match_the_engine():
    """settle_signal (used after a reviewer sets quotes aside) reaches the engine's own decision when
    nothing is set aside: found, found_substantive, distinct and shortfall, on every signal of a real plan."""
    from dataclasses import replace
    from pathlib import Path

    from hrba.engine.evidence import settle_signal
    from hrba.engine.pipeline import Engine

    example = Path(__file__).resolve().parents[1] / "examples" / "veloria-cca.md"
    if not example.is_file():
        pytest.skip("examples/veloria-cca.md is not bundled")
    result = Engine.from_options(None, "cca").score_path(example).result
    checked = 0
    for crit in result.criteria:
        for sig in crit.signals.values():
            again = replace(sig, found=False, found_substantive=False, distinct=[], shortfall="x")
            settle_signal(again)
            assert (again.found, again.found_substantive, again.distinct, again.shortfall) == \
                (sig.found, sig.found_substantive, sig.distinct, sig.shortfall), (crit.criterion.id, sig.signal.name)
            checked += 1
    assert checked > 100
