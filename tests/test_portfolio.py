"""Portfolio figures on a small known set: matrix, distributions, common gaps, the para-36 shares."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

from test_batch import GOOD, MINI, NONE, PARTIAL, assert_valid, make_corpus, run

from hrba.engine.portfolio import portfolio
from hrba.reporting.portfolio import render_portfolio

RULES = Path(MINI).parent


def _entries(tmp_path):
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out"
    result = run("score", corpus, "-c", MINI, "-f", "json", "-f", "html", "-f", "md", "-f", "csv", "-o", out)
    assert result.exit_code == 2  # bad.pdf
    return out, json.loads((out / "portfolio.json").read_text())


def test_portfolio_figures_on_known_set(tmp_path):
    out, report = _entries(tmp_path)
    assert_valid(report)
    pf = report["portfolio"]
    names = {d["index"]: d["name"] for d in pf["matrix"]}
    assert pf["documents"] == 4 and pf["scored"] == 3
    assert [e["name"] for e in pf["errors"]] == ["bad.pdf"]
    # good.md exceeds with evidence in both sections; partial.md approaches ("data" only, one section);
    # none.md has nothing.
    levels = {row["name"]: row["principles"]["mini/disaggregation"]["level"] for row in pf["matrix"]}
    assert levels == {"good.md": "exceeds", "partial.md": "approaches", "none.md": "missing"}
    hr = pf["figures"]["hr_analysis"]
    assert (hr["count"], hr["share"]) == (2, 0.6667)
    assert sorted(names[i] for i in hr["documents"]) == ["good.md", "partial.md"]
    assert "no human-rights-based approach principle" in hr["rule"] and "no criterion of human rights" in hr["rule"]
    every = pf["figures"]["all_sections"]
    assert (every["count"], every["share"]) == (1, 0.3333)
    assert [names[i] for i in every["documents"]] == ["good.md"]
    (crit,) = pf["criteria"]
    assert crit["distribution"] == {"missing": 1, "approaches": 1, "meets": 0, "exceeds": 1, "not_applicable": 0}
    (gap,) = pf["common_gaps"]
    assert (gap["id"], gap["count"]) == ("MINI-01", 2)
    assert sorted(names[i] for i in gap["documents"]) == ["none.md", "partial.md"]


def test_portfolio_reports_link_every_figure_to_document_reports(tmp_path):
    out, report = _entries(tmp_path)
    html = (out / "portfolio.html").read_text()
    assert "66.7%" not in html and "67%" in html and "33%" in html
    assert "Rule: a document has human rights analysis" in html
    hrefs = set(re.findall(r'href="([^"#]+)"', html))
    assert {"documents/good.html", "documents/sub/partial.html", "documents/sub/none.html"} <= hrefs
    for href in hrefs:
        assert (out / href).is_file(), href
    figure = html.split('id="figure-all_sections"')[1].split("</details>")[0]
    assert "documents/good.html" in figure and "partial.html" not in figure
    md = (out / "portfolio.md").read_text()
    assert "[good.md](documents/good.html)" in md and "67%" in md
    rows = list(csv.DictReader(io.StringIO((out / "portfolio.csv").read_text())))
    by_name = {r["name"]: r for r in rows}
    assert by_name["good.md"]["all_sections"] == "1" and by_name["none.md"]["hr_analysis"] == "0"
    assert by_name["partial.md"]["mini/disaggregation"] == "approaches"
    assert by_name["bad.pdf"]["status"] == "error" and "corrupt" in by_name["bad.pdf"]["error"]


def test_hrba_principle_rule_when_the_checklist_has_one(tmp_path):
    # A checklist whose only principle is the human-rights-based approach: the rule names it.
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(RULES / "vocab.yaml", rules / "vocab.yaml")
    text = (RULES / "mini.yaml").read_text().replace("id: disaggregation", "id: human-rights-based-approach")
    text = text.replace("principle: disaggregation", "principle: human-rights-based-approach")
    (rules / "hrba.yaml").write_text(text.replace("id: mini", "id: hr-mini"))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, body in (("a.md", GOOD), ("b.md", NONE), ("c.md", PARTIAL)):
        (docs / name).write_text(body)
    out = tmp_path / "out"
    result = run("score", docs, "-c", rules / "hrba.yaml", "-f", "json", "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    pf = json.loads((out / "portfolio.json").read_text())["portfolio"]
    assert "(MINI-01)" in pf["figures"]["hr_analysis"]["rule"]  # a criterion of an HRBA principle counts
    assert pf["figures"]["hr_analysis"]["count"] == 2


def test_reviewed_levels_drive_the_portfolio():
    def entry(name, level, review=None, share=1.0):
        crit = {"id": "X-01", "checklist": "x", "principle": "p", "title": "t", "level": level,
                "effective_level": (review or {}).get("level", level), "review": review}
        return {"input": name, "status": "ok", "document": {"name": name}, "report_files": {},
                "result": {"overall": {"level": level, "score": 0.0}, "criteria": [crit],
                           "checklists": [{"id": "x", "principles": [{"id": "p", "title": "P", "level": level,
                                                                       "score": 0.0}]}],
                           "coverage": {"share_with_hr_evidence": share}}}

    pf = portfolio([entry("a", "missing", {"level": "meets", "reviewer": "R"}), entry("b", "missing", share=0.5)])
    assert pf["figures"]["hr_analysis"]["documents"] == [0]
    assert pf["criteria"][0]["distribution"]["meets"] == 1 and pf["criteria"][0]["reviewed"] == 1
    assert [g["documents"] for g in pf["common_gaps"]] == [[1]]
    text = render_portfolio({"portfolio": pf, "disclaimer": "d", "checklists": [], "tool": {"name": "hrba",
                             "version": "0"}, "generated_at": "now"}, "md")
    assert "50%" in text


def test_schema_checks_the_portfolio(tmp_path):
    from test_batch import SCHEMA

    _out, report = _entries(tmp_path)
    report["portfolio"]["figures"]["hr_analysis"]["share"] = 1.5
    del report["portfolio"]["matrix"][0]["hr_analysis"]
    paths = sorted("/".join(map(str, e.absolute_path)) for e in SCHEMA.iter_errors(report))
    assert "portfolio/figures/hr_analysis/share" in paths and "portfolio/matrix/0" in paths
