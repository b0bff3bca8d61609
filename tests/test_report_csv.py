"""CSV export: one row per document x criterion, or one per evidence item; formulas neutralised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_report_html import criterion, make_report

from hrba.reporting.csv_export import CRITERIA_COLUMNS, EVIDENCE_COLUMNS, cell, csv_text
from hrba.reporting.render import render


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("csv")
    other = tmp / "other.md"
    other.write_text("# Other\n\n=HYPERLINK(\"http://x\") data will be disaggregated by sex.\n", encoding="utf-8")
    return make_report(tmp, extra=[other, tmp / "missing.pdf"])


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_document_and_criterion(report):
    table = rows(render(report, "csv"))
    assert list(table[0]) == list(CRITERIA_COLUMNS)
    ok = [r for r in table if r["status"] == "ok"]
    assert len(ok) == 2 * 2  # two scored documents x two criteria
    gap = next(r for r in ok if r["document"] == "plan.md" and r["criterion"] == "REP-02")
    assert gap["level"] == "missing" and gap["recommendation"] == "Analyse the drivers of conflict."
    assert gap["evidence_count"] == str(len(criterion(report, "REP-02")["evidence"]))
    assert int(gap["suppressed_count"]) >= 1 and gap["needs_review"] == "yes"
    met = next(r for r in ok if r["document"] == "plan.md" and r["criterion"] == "REP-01")
    first = criterion(report, "REP-01")["evidence"][0]
    assert met["level"] == "meets" and met["score"] == "0.6667"
    assert met["evidence_count"] == str(len(criterion(report, "REP-01")["evidence"]))
    assert met["first_paragraph"] == (first["paragraph"] or "") and met["first_location"].startswith("section ")
    assert met["reason"].startswith("found:")
    error = next(r for r in table if r["status"] == "error")
    assert error["document"].endswith("missing.pdf") and error["reason"]


def test_one_row_per_evidence_item(report):
    text = render(report, "csv", csv_rows="evidence")
    table = rows(text)
    assert list(table[0]) == list(EVIDENCE_COLUMNS)
    expected = sum(len(c["evidence"]) + len(c["suppressed"])
                   for d in report["documents"] if d["status"] == "ok" for c in d["result"]["criteria"])
    assert len(table) == expected
    set_aside = [r for r in table if r["counted"] == "no"]
    assert set_aside and all(r["set_aside_reason"].startswith("cancelled by") for r in set_aside)
    assert any("disaggregated" in r["matched"] for r in table)


def test_formulas_are_neutralised(report):
    table = rows(render(report, "csv", csv_rows="evidence"))
    quotes = [r["quote"] for r in table if r["document"] == "other.md"]
    assert quotes and all(q.startswith("'=HYPERLINK") for q in quotes)
    assert cell("=1+1") == "'=1+1" and cell("@SUM(A1)") == "'@SUM(A1)" and cell("plain") == "plain"
    assert cell(3) == 3 and cell(None) == "" and cell(True) == "yes"


def test_csv_rows_option_is_checked(report):
    with pytest.raises(ValueError):
        csv_text(report, rows="pages")


def test_cli_writes_csv_and_html_in_one_run(tmp_path: Path):
    from click.testing import CliRunner
    from test_report_html import XSS_PLAN, write_checklist

    from hrba.cli import main

    doc = tmp_path / "plan.md"
    doc.write_text(XSS_PLAN, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["score", str(doc), "-c", str(write_checklist(tmp_path)), "-f", "html",
                                       "-f", "csv", "-f", "json", "-o", str(out), "--max-evidence", "1",
                                       "--report-lang", "es", "-q"])
    assert result.exit_code == 0, result.output
    html = (out / "plan.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html and "Brechas" in html
    # --report-lang also names the CSV's columns (the values stay codes and ids)
    assert rows((out / "plan.csv").read_text(encoding="utf-8"))[0]["criterio"] == "REP-01"


def test_reviewed_level_and_reviewer_in_csv(report):
    import copy

    rep = copy.deepcopy(report)
    c = criterion(rep, "REP-02")
    c["review"] = {"level": "meets", "reviewer": "A. Adviser", "date": None, "note": None, "automated_level": "missing"}
    c["effective_level"] = "meets"
    row = next(r for r in rows(render(rep, "csv")) if r["document"] == "plan.md" and r["criterion"] == "REP-02")
    assert (row["level"], row["automated_level"], row["reviewer"], row["score"]) == ("meets", "missing", "A. Adviser",
                                                                                     "0.6667")
