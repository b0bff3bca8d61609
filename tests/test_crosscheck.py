"""hrba score --recommendations: the plan's themes against the mechanisms' recommendations, in every format,
and PM-06/PM-07 using them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from hrba.cli import main
from hrba.engine.crosscheck import cross_check, load_recommendations
from hrba.engine.pipeline import Engine
from hrba.engine.results import SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "veloria-cca.md"
FIXTURES = Path(__file__).parent / "fixtures" / "recommendations"
SCHEMA = Draft202012Validator(json.loads((REPO / "schemas" / "results.schema.json").read_text()))

RECS = [
    {"number": "104.43", "text": "Continue to enhance programmes to protect children from all forms of violence",
     "states": ["Philippines"], "response": "supported", "source": "UPR Working Group"},
    {"number": "104.44", "text": "Ensure free primary education for all children", "states": ["Algeria"],
     "response": "supported", "source": "UPR Working Group"},
    {"number": "105.25", "text": "Continue efforts to combat human trafficking", "states": ["Lithuania"],
     "response": "supported", "source": "UPR Working Group"},
    {"number": "105.26", "text": "Protect the victims of trafficking <script>alert(1)</script>", "states": ["Chile"],
     "response": "noted", "source": "UPR Working Group"},
    {"number": "104.9", "text": "Improve conditions of detention and reduce overcrowding in prisons", "states": ["Germany"],
     "response": "supported", "source": "UPR Working Group"},
]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def recs_file(tmp_path) -> Path:
    path = tmp_path / "recs.jsonl"  # no concepts: they are tagged on reading
    path.write_text("".join(json.dumps(r) + "\n" for r in RECS), encoding="utf-8")
    return path


def test_themes_are_analysed_mentioned_or_silent(recs_file):
    engine = Engine.from_options()
    result = engine.score_path(EXAMPLE, concepts=True).result
    check = cross_check(result, load_recommendations([recs_file]), engine.vocabulary)
    status = {t.concept: t.status for t in check.themes}
    # children: evidence of a criterion at meets cites them; detention: only in a paragraph; trafficking: nowhere
    assert status["group.children"] == "analyses"
    assert status["area.detention"] == "mentions"
    assert status["area.trafficking"] == "silent"
    assert [t.status for t in check.themes] == sorted((t.status for t in check.themes),
                                                      key=["silent", "mentions", "analyses"].index)
    trafficking = next(t for t in check.themes if t.concept == "area.trafficking")
    assert trafficking.count == 2 and trafficking.quote is None
    assert trafficking.examples[0]["text"] == "Continue efforts to combat human trafficking"  # supported first
    children = next(t for t in check.themes if t.concept == "group.children")
    assert children.quote["criterion"] and "child" in children.quote["text"].lower()
    detention = next(t for t in check.themes if t.concept == "area.detention")
    assert detention.quote["criterion"] is None and "detention" in detention.quote["text"].lower()
    assert check.share_taken_up == round(check.counts["analyses"] / len(check.themes), 4)


def test_pm07_needs_the_recommendation_themes_taken_up(tmp_path, recs_file):
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n## Outcomes\n\nUnder Outcome 2, the UN will support the implementation of the "
                    "Universal Periodic Review recommendations on juvenile justice.\n", encoding="utf-8")
    without = json.loads(run("score", plan, "-f", "json", "-q").stdout)
    pm07 = next(c for c in without["documents"][0]["result"]["criteria"] if c["id"] == "PM-07")
    assert pm07["level"] == "exceeds"
    report = json.loads(run("score", plan, "-f", "json", "-q", "--recommendations", recs_file).stdout)
    criteria = {c["id"]: c for c in report["documents"][0]["result"]["criteria"]}
    assert criteria["PM-07"]["level"] == "approaches" and criteria["PM-07"]["needs_review"]
    assert "lowered from exceeds to approaches" in criteria["PM-07"]["reason"]
    assert "with the 5 recommendations given" in criteria["PM-06"]["reason"]
    assert "biggest silences: Trafficking" in criteria["PM-06"]["reason"]


def test_every_format_shows_the_section(tmp_path, recs_file):
    out = tmp_path / "out"
    result = run("score", EXAMPLE, "-f", "json", "-f", "md", "-f", "html", "-f", "csv", "-o", out, "-q",
                 "--recommendations", recs_file)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "veloria-cca.json").read_text(encoding="utf-8"))
    errors = list(SCHEMA.iter_errors(report))
    assert not errors, errors[0].message
    assert report["schema_version"] == SCHEMA_VERSION
    recs = report["documents"][0]["result"]["recommendations"]
    assert recs["recommendations"] == 5 and recs["sources"][0]["path"].endswith("recs.jsonl")
    assert report["options"]["recommendations"][0]["sha256"] == recs["sources"][0]["sha256"]
    md = (out / "veloria-cca.md").read_text(encoding="utf-8")
    assert "## Recommendations of the human rights mechanisms" in md
    assert "&lt;script&gt;" in md and "<script>alert" not in md
    html = (out / "veloria-cca.html").read_text(encoding="utf-8")
    assert 'id="d1-recs"' in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    rows = list(csv.DictReader(io.StringIO((out / "veloria-cca.csv").read_text(encoding="utf-8"))))
    themes = {r["criterion"]: r for r in rows if r["checklist"] == "recommendations"}
    assert themes["area.trafficking"]["level"] == "silent" and themes["area.trafficking"]["evidence_count"] == "2"
    assert themes["group.children"]["level"] == "analyses" and themes["group.children"]["reason"]


def test_without_recommendations_the_report_is_unchanged(tmp_path):
    report = json.loads(run("score", EXAMPLE, "-f", "json", "-q").stdout)
    assert "recommendations" not in report["documents"][0]["result"]
    assert "recommendations" not in report["options"]


def test_portfolio_column(tmp_path, recs_file):
    second = tmp_path / "other.md"
    second.write_text("# Plan\n\nThe plan builds roads.\n", encoding="utf-8")
    out = tmp_path / "pf"
    result = run("score", EXAMPLE, second, "-f", "json", "-f", "csv", "-f", "md", "-o", out, "-q",
                 "--recommendations", recs_file)
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO((out / "portfolio.csv").read_text()))}
    assert float(rows["veloria-cca.md"]["recommendation_themes_taken_up"]) > 0
    assert rows["other.md"]["recommendation_themes_taken_up"] == "0.0"
    assert "Recommendation themes taken up" in (out / "portfolio.md").read_text(encoding="utf-8")
    assert not list(SCHEMA.iter_errors(json.loads((out / "portfolio.json").read_text(encoding="utf-8"))))


def test_csv_from_hrba_recommendations_reads_back(tmp_path):
    table = tmp_path / "recs.csv"
    assert run("recommendations", FIXTURES / "upr-report.html", "-o", table, "-q").exit_code == 0
    loaded = load_recommendations([table])
    direct = load_recommendations([FIXTURES / "upr-report.html"])
    assert [(r.number, r.text, r.states, r.response, r.concepts) for r in loaded.recommendations] == \
        [(r.number, r.text, r.states, r.response, r.concepts) for r in direct.recommendations]


def test_bad_recommendations_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "recs.jsonl"
    bad.write_text('{"text": "Ratify CAT"}\nnot json\n', encoding="utf-8")
    result = run("score", EXAMPLE, "-q", "--recommendations", bad)
    assert result.exit_code == 2
    assert "recs.jsonl: line 2: invalid JSON" in result.output
    result = run("score", EXAMPLE, "-q", "--recommendations", tmp_path / "missing.pdf")
    assert result.exit_code == 2 and "recommendations file not found" in result.output


def test_a_group_named_only_inside_a_mechanism_name_is_not_taken_up(tmp_path, recs_file):
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n## Analysis\n\nThe analysis draws on the Universal Periodic Review and on the "
                    "concluding observations of the Committee on the Rights of the Child (2021).\n\n"
                    "## Programme\n\nThe UN will support the implementation of the Universal Periodic Review "
                    "recommendations.\n", encoding="utf-8")
    engine = Engine.from_options()
    result = engine.score_path(plan, concepts=True).result
    check = cross_check(result, load_recommendations([recs_file]), engine.vocabulary)
    status = {t.concept: t.status for t in check.themes}
    assert status["group.children"] == "silent"
