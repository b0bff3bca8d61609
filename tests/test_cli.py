"""The CLI end to end: score, exit codes, outputs valid against the published schema, explain."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from hrba.cli import main

from helpers import RULES

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "veloria-cca.md"
SCHEMA = Draft202012Validator(json.loads((REPO / "schemas" / "results.schema.json").read_text()))
MINI = str(RULES / "mini.yaml")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def assert_valid(report: dict) -> None:
    errors = sorted(SCHEMA.iter_errors(report), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# Plan\n\n## 1. Data\n\nData will be disaggregated by sex, age and disability.\n\n"
                    "## 2. Gaps\n\nNo disaggregated data by sex exist.\n", encoding="utf-8")
    return path


def test_score_the_bundled_example(tmp_path):
    result = run("score", EXAMPLE, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "overall:" in result.output
    report = json.loads((tmp_path / "veloria-cca.json").read_text())
    assert_valid(report)
    doc = report["documents"][0]
    levels = {c["level"] for c in doc["result"]["criteria"]}
    assert {"missing", "meets"} <= levels, "the example should show both gaps and met criteria"
    md = (tmp_path / "veloria-cca.md").read_text()
    assert "## Gaps" in md and "Recommendation" in md


def test_json_to_stdout_is_valid(plan):
    result = run("score", plan, "-c", MINI, "-f", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert_valid(report)
    crit = report["documents"][0]["result"]["criteria"][0]
    assert crit["level"] == "exceeds"
    assert crit["evidence"][0]["section"] == "Plan > 1. Data"
    assert crit["suppressed"] and "No" in crit["suppressed"][0]["reason"]


def test_fail_under(plan, tmp_path):
    weak = tmp_path / "weak.md"
    weak.write_text("Data exist.\n", encoding="utf-8")
    assert run("score", plan, "-c", MINI, "--fail-under", "meets", "-q").exit_code == 0
    assert run("score", weak, "-c", MINI, "--fail-under", "meets", "-q").exit_code == 1


def test_missing_file_is_an_input_error_but_others_score(plan, tmp_path):
    result = run("score", plan, tmp_path / "nope.md", "-c", MINI, "-f", "json")
    assert result.exit_code == 2
    report = json.loads(result.output[: result.output.rindex("}") + 1])
    assert_valid(report)
    assert [d["status"] for d in report["documents"]] == ["ok", "error"]


def test_empty_file_is_an_input_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("score", empty, "-c", MINI)
    assert result.exit_code == 2
    assert "empty" in result.output


def test_bad_checklist_is_a_rule_error(plan, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((RULES / "mini.yaml").read_text().replace("question:", "qestion:", 1), encoding="utf-8")
    result = run("score", plan, "-c", bad)
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "qestion" in result.output


def test_checklists_validate_and_test(tmp_path):
    assert run("checklists", "validate").exit_code == 0
    result = run("checklists", "test", MINI)
    assert result.exit_code == 0 and "4 passed, 0 failed" in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text((RULES / "mini.yaml").read_text().replace("[vocab.yaml]", f'["{RULES / "vocab.yaml"}"]')
                      .replace("{level: meets, lang: en", "{level: exceeds, lang: en"), encoding="utf-8")
    result = run("checklists", "test", broken)
    assert result.exit_code == 1
    assert "FAIL MINI-01 example 3" in result.output and "expected exceeds, got meets" in result.output


def test_checklists_list_and_show():
    result = run("checklists", "list")
    assert result.exit_code == 0 and "cooperation-framework" in result.output
    result = run("checklists", "show", "data")
    assert result.exit_code == 0 and "A/HRC/49/68" in result.output


def test_explain_shows_matches_and_suppressions(plan):
    result = run("explain", plan, "-c", MINI, "--criterion", "MINI-01")
    assert result.exit_code == 0
    assert "level: exceeds" in result.output
    assert "SUPPRESSED" in result.output and "[[disaggregated]]" in result.output


def test_explain_lists_anchors_not_counted(tmp_path):
    """Anchors without their near cue are listed: a whole block without one, and one outside the window."""
    path = tmp_path / "plan.md"
    path.write_text("# Plan\n\nThe data were disaggregated at last.\n\n"
                    "Results were disaggregated. Women and men were asked.\n", encoding="utf-8")
    result = run("explain", path, "-c", MINI, "--criterion", "MINI-01")
    assert result.exit_code == 0
    not_counted = [line.strip() for line in result.output.splitlines() if "not counted" in line]
    assert "~ not counted, block 1: 'disaggregated' (no tst.ground.* within sentence)" in not_counted
    assert "~ not counted, block 2: 'disaggregated' (no tst.ground.* within sentence)" in not_counted
    assert len(not_counted) == 4  # two signals with a near cue, two anchors each


def test_explain_unknown_criterion(plan):
    result = run("explain", plan, "-c", MINI, "--criterion", "NOPE-1")
    assert result.exit_code == 2 and "unknown criterion" in result.output


def test_size_limit_is_an_input_error(plan):
    result = run("score", plan, "-c", MINI, "--max-mb", "0.00001")
    assert result.exit_code == 2
    assert "raise it with --max-mb" in result.output


def test_error_printed_once_when_nothing_was_scored(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for args in ([], ["-o", tmp_path / "out"]):
        result = run("score", empty, "-c", MINI, *args)
        assert result.exit_code == 2
        assert result.output.count("the file is empty") == 1, result.output  # no summary repeating it
        assert "Automated screening" not in result.output


def test_terminal_titles_cut_with_an_ellipsis():
    from hrba.reporting.summary import clip

    title = "Rights-holders and duty-bearers are identified and their capacities analysed in every sector"
    assert clip(title, 40) == "Rights-holders and duty-bearers are ide…" and len(clip(title, 40)) == 40
    assert clip("short  title", 40) == "short title"
    result = run("score", EXAMPLE, "-p", "cca")
    long_lines = [line for line in result.output.splitlines() if line.startswith("    [")]
    cut = [line for line in long_lines if line.rstrip().endswith("…")]
    assert cut, "the example has gap titles longer than 70 characters"
    assert all(len(line.split("] ", 1)[1][13:]) <= 70 for line in long_lines)
