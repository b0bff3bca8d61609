"""Rough edges of first use (issue 14): each test here failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from hrba.cli import main

from helpers import RULES

REPO = Path(__file__).resolve().parents[1]
MINI = str(RULES / "mini.yaml")
EXAMPLE = REPO / "examples" / "veloria-cca.md"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_keeps_the_spaces_around_highlights(tmp_path):
    from hrba.reporting.render import md_inline
    from hrba.reporting.viewmodel import Segment

    assert md_inline(" took  part\nin ") == " took part in " and md_inline("a*b") == "a\\*b"
    doc = write(tmp_path / "plan.md", "# Plan\n\nSome data will be collected in the provinces.\n")
    md = run("score", doc, "-c", MINI, "-f", "md").output
    assert "> Some **data** will be collected in the provinces." in md
    # a near mark right before an anchor, as in the issue: "organizations **took part** in three"
    from hrba.reporting.render import environment

    line = environment().from_string(
        '{% for s in segs %}{% if s.mark == "anchor" %}**{{ s.text|md }}**{% elif s.mark == "near" %}'
        '*{{ s.text|md }}*{% else %}{{ s.text|md_inline }}{% endif %}{% endfor %}')
    segs = [Segment("Civil society "), Segment("organizations", "near"), Segment(" "), Segment("took part", "anchor"),
            Segment(" in three")]
    assert line.render(segs=segs) == "Civil society *organizations* **took part** in three"


def test_tag_unknown_family_is_a_usage_error_listing_the_valid_names(tmp_path):
    rows = write(tmp_path / "rows.csv", "id,text\n1,Women and girls took part.\n")
    result = run("tag", "--family", "groups", rows)
    assert result.exit_code == 2
    assert "--family 'groups'" in result.output and "did you mean group" in result.output
    assert "families: " in result.output and "data" in result.output.split("families: ")[1]
    ok = run("tag", "--family", "group", "--family", "data.ground", rows)
    assert ok.exit_code == 0 and "group." in ok.output


def test_markdown_input_ignores_html_comments():
    from hrba.engine.ingest.text import parse_markdown

    source = ("# Plan\n\n<!-- TODO: add data disaggregated by sex -->\n\nFirst <!-- hidden --> paragraph.\n\n"
              "<!--\nmulti-line\n\ncomment\n-->\nSecond paragraph.\n\n<!-- unclosed\n\nNever shown.\n")
    texts = [" ".join(b.text.split()) for b in parse_markdown(source)]
    assert texts == ["Plan", "First paragraph.", "Second paragraph."]
    assert not any("disaggregated" in t or "hidden" in t or "comment" in t for t in texts)


def test_accuracy_benchmark_without_its_data_says_so(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(REPO / "bench" / "accuracy.py"), "--data", str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "README.md not found" in done.stderr and "--data DIR" in done.stderr


def test_hidden_quotes_point_to_the_json_report_only_when_one_was_written(tmp_path):
    doc = write(tmp_path / "plan.md", "# Plan\n\n" + "\n\n".join(f"Data set {i} is collected." for i in range(6)) + "\n")
    alone = tmp_path / "alone"
    assert run("score", doc, "-c", MINI, "-f", "html", "-f", "md", "--max-evidence", "2", "-o", alone, "-q").exit_code == 0
    for name in ("plan.html", "plan.md"):
        text = (alone / name).read_text(encoding="utf-8")
        assert "in the JSON report" not in text and "4 more quotes not shown" in text and "-f json" in text
    both = tmp_path / "both"
    assert run("score", doc, "-c", MINI, "-f", "html", "-f", "json", "--max-evidence", "2", "-o", both, "-q").exit_code == 0
    assert "4 more quotes are in the JSON report" in (both / "plan.html").read_text(encoding="utf-8")


def test_quotes_start_and_end_at_word_boundaries(tmp_path):
    from hrba.engine.evidence import word_bounds

    text = "successfully fulfils its obligations"
    assert word_bounds(text, 2, 30, 13, 20) == (13, 24)  # "ccessfully" and "oblig" dropped: "fulfils its"
    assert word_bounds("数据按性别分列的统计数据", 2, 8, 4, 6) == (2, 8)  # no spaces: as cut
    # one long sentence (no full stop for 900 characters): the quote is cut inside it
    filler = " ".join(f"lorem{i % 7}ipsum" for i in range(60))
    doc = write(tmp_path / "plan.md", f"# Plan\n\n{filler} data will be collected {filler}\n")
    result = run("score", doc, "-c", MINI, "-f", "json")
    report = json.loads(result.output[: result.output.rindex("}") + 1])
    (crit,) = report["documents"][0]["result"]["criteria"]
    (ev,) = crit["evidence"]
    assert 0 < len(ev["quote"]) < len(filler) * 2
    words = ev["quote"].split(" ")
    assert words[0].startswith("lorem") and words[-1].endswith("ipsum"), ev["quote"]


def test_gap_card_says_what_was_found_and_what_is_missing_in_one_sentence(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "vocab.yaml").write_text((RULES / "vocab.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (RULES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("meets: {all: [data, disaggregated]}", "meets: {all: [data, three_grounds]}")
    checklist = write(rules / "mini.yaml", text)
    doc = write(tmp_path / "plan.md", "# Plan\n\nData will be disaggregated by sex.\n")
    out = tmp_path / "out"
    assert run("score", doc, "-c", checklist, "-f", "html", "-f", "md", "-f", "json", "-o", out, "-q").exit_code == 0
    (crit,) = json.loads((out / "plan.json").read_text())["documents"][0]["result"]["criteria"]
    assert crit["level"] == "approaches"
    assert "not enough evidence of: three grounds (1 of 3 distinct needed)" in crit["reason"]
    assert "no evidence found of" not in crit["reason"]
    html = (out / "plan.html").read_text(encoding="utf-8")
    assert "◐ not enough: 1 found, 1 of 3 distinct needed" in html
    assert "not found</span> (1 of 3" not in html and "✕ not found" not in html
    assert "three grounds — not enough: 1 found, 1 of 3 distinct needed" in (out / "plan.md").read_text(encoding="utf-8")


def test_incremental_after_a_plain_run_skips_unchanged_documents(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "a.md", "# Plan\n\nData will be disaggregated by sex.\n")
    write(docs / "b.md", "# Plan\n\nNothing here.\n")
    out = tmp_path / "out"
    plain = run("score", docs, "-c", MINI, "-f", "json", "-f", "html", "-o", out)
    assert plain.exit_code == 0 and "unchanged" not in plain.output
    again = run("score", docs, "-c", MINI, "-f", "json", "-f", "html", "-o", out, "--incremental")
    assert again.exit_code == 0 and "wrote 0 document reports" in again.output and "(2 unchanged, skipped)" in again.output
    write(docs / "b.md", "# Plan\n\nData exist.\n")
    third = run("score", docs, "-c", MINI, "-f", "json", "-f", "html", "-o", out, "--incremental")
    assert "wrote 1 document reports" in third.output and "(1 unchanged, skipped)" in third.output
    # a plain run re-scores everything even when the cache is there
    assert "unchanged" not in run("score", docs, "-c", MINI, "-f", "json", "-o", out).output
    # one document into a directory records too
    single = tmp_path / "single"
    run("score", docs / "a.md", "-c", MINI, "-f", "json", "-o", single, "-q")
    assert any((single / ".hrba-cache").glob("*.slim.json"))


def test_compare_matches_renumbered_paragraphs_by_text_and_shows_both_scores(tmp_path):
    old = write(tmp_path / "v1.md", "# Plan\n\n13. Intro.\n\n14. Data will be disaggregated by sex.\n\n"
                                    "15. Statistics are collected.\n")
    new = write(tmp_path / "v2.md", "# Plan\n\n13. Intro.\n\n14. A new paragraph.\n\n15. Data will be disaggregated "
                                    "by sex.\n\n16. Statistics are collected.\n")
    out = tmp_path / "cmp.json"
    result = run("compare", old, new, "-c", MINI, "-o", out)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    (crit,) = report["criteria"]
    assert crit["change"] == "unchanged" and crit["appeared"] == [] and crit["disappeared"] == []
    assert crit["kept"] >= 2
    ov = report["overall"]
    assert ov["old_score"] is not None and ov["new_score"] is not None
    assert f"overall: meets ({ov['old_score'] * 100:.0f}/100) -> meets ({ov['new_score'] * 100:.0f}/100)" in result.output
    html = tmp_path / "cmp.html"
    assert run("compare", old, new, "-c", MINI, "-o", html, "-q").exit_code == 0
    text = html.read_text(encoding="utf-8")
    assert text.count(f"{round(ov['new_score'] * 100)}/100</span>") >= 2  # old and new overall
    md = tmp_path / "cmp.md"
    assert run("compare", old, new, "-c", MINI, "-o", md, "-q").exit_code == 0
    assert f"meets ({round(ov['old_score'] * 100)}/100) | meets ({round(ov['new_score'] * 100)}/100)" in md.read_text()
