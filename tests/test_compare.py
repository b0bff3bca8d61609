"""hrba compare: improved / regressed / unchanged criteria and the evidence that appeared or disappeared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_batch import MINI, run

from hrba.engine.compare import classify, compare_entries

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "veloria-cca.md"
EXAMPLE_V2 = REPO / "examples" / "veloria-cca-v2.md"

V1 = "# Plan\n\n## A\n\nData will be collected.\n\n## B\n\nNothing.\n"
V2 = "# Plan\n\n## A\n\nData will be disaggregated by sex and age.\n\n## B\n\nStatistics too.\n"


def test_classify():
    assert classify("missing", "meets") == "improved"
    assert classify("exceeds", "approaches") == "regressed"
    assert classify("meets", "meets") == classify(None, None) == "unchanged"
    assert classify(None, "meets") == "applicability"


def test_compare_two_versions_cli(tmp_path):
    (tmp_path / "v1.md").write_text(V1)
    (tmp_path / "v2.md").write_text(V2)
    out = tmp_path / "cmp.json"
    result = run("compare", tmp_path / "v1.md", tmp_path / "v2.md", "-c", MINI, "-o", out)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    (crit,) = report["criteria"]
    assert (crit["change"], crit["old_level"], crit["new_level"]) == ("improved", "approaches", "meets")
    assert {e["quote"] for e in crit["appeared"]} == {"Data will be disaggregated by sex and age.", "Statistics too."}
    assert {e["quote"] for e in crit["disappeared"]} == {"Data will be collected."}
    assert report["overall"]["change"] == "improved" and report["counts"]["improved"] == 1
    assert report["coverage"] == {"old": 0.5, "new": 1.0}
    assert "IMPROVED" in result.output

    # The other way round is a regression; --fail-on-regression makes it exit 1.
    back = run("compare", tmp_path / "v2.md", tmp_path / "v1.md", "-c", MINI, "--fail-on-regression")
    assert back.exit_code == 1
    assert "REGRESSED" in back.output and "- “Statistics too.”" in back.output

    html = tmp_path / "cmp.html"
    assert run("compare", tmp_path / "v1.md", tmp_path / "v2.md", "-c", MINI, "-o", html, "-q").exit_code == 0
    text = html.read_text()
    assert "Evidence that appeared (2)" in text and "Evidence that disappeared (1)" in text
    assert "Data will be collected." in text


def test_compare_saved_json_and_reviews(tmp_path):
    (tmp_path / "v1.md").write_text(V1)
    (tmp_path / "v2.md").write_text(V2)
    # The reviewer overrules the new version down to "approaches": no longer an improvement.
    (tmp_path / "v2.review.yaml").write_text(
        "reviewer: M. Reviewer\ndate: 2026-11-27\ndecisions:\n  - {criterion: MINI-01, level: approaches}\n")
    saved = tmp_path / "v1.json"
    assert run("score", tmp_path / "v1.md", "-c", MINI, "-f", "json", "-o", saved, "-q").exit_code == 0
    result = run("compare", saved, tmp_path / "v2.md", "-c", MINI, "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (crit,) = report["criteria"]
    assert crit["change"] == "unchanged" and crit["new_review"]["reviewer"] == "M. Reviewer"
    assert crit["new_automated"] == "meets"
    assert report["checklists"]["same"]


def test_compare_refuses_unscored_side(tmp_path):
    (tmp_path / "v1.md").write_text(V1)
    (tmp_path / "empty.md").write_text("")
    result = run("compare", tmp_path / "v1.md", tmp_path / "empty.md", "-c", MINI)
    assert result.exit_code == 2 and "empty" in result.output


def test_added_and_removed_criteria():
    def entry(criteria):
        return {"input": "x", "status": "ok", "document": {"name": "x"},
                "result": {"overall": {"level": None, "score": None}, "checklists": [],
                           "coverage": {"share_with_hr_evidence": None}, "criteria": criteria}}

    def crit(cid, level):
        return {"id": cid, "checklist": "c", "principle": "p", "title": cid, "basis": "", "level": level,
                "effective_level": level, "evidence": [], "reason": "", "review": None}

    data = compare_entries(entry([crit("A-1", "meets")]), entry([crit("B-1", "missing")]))
    assert [(c["id"], c["change"]) for c in data["criteria"]] == [("A-1", "removed"), ("B-1", "added")]


@pytest.mark.skipif(not (EXAMPLE.is_file() and EXAMPLE_V2.is_file()), reason="bundled examples not present")
def test_compare_bundled_example_versions(tmp_path):
    out = tmp_path / "cmp.json"
    result = run("compare", EXAMPLE, EXAMPLE_V2, "-p", "cca", "-o", out)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    changed = [c for c in report["criteria"] if c["change"] in ("improved", "regressed")]
    assert changed, "the v2 draft should move at least one criterion"
    for c in changed:  # a level only moves when the evidence moved
        assert c["appeared"] or c["disappeared"], c["id"]
    assert sum(report["counts"].values()) == len(report["criteria"])
    html = tmp_path / "cmp.html"
    assert run("compare", EXAMPLE, EXAMPLE_V2, "-p", "cca", "-o", html, "-q").exit_code == 0
    assert changed[0]["id"] in html.read_text()
