"""Hostile strings in file names, document text, headings and review files: every Markdown output stays
inert (no raw HTML a CommonMark renderer would run) and no CSV cell starts a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from test_batch import MINI, run

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
NAME = f"=1+1 {IMG} #?%"  # a file name: formula start, HTML, characters that break links
HEADING = f'=HYPERLINK("http://x") {SCRIPT}'
TEXT = (f"# {HEADING}\n\n## Data {IMG}\n\nData will be disaggregated by sex, age and disability {SCRIPT}.\n\n"
        f"## Statistics\n\nStatistics are kept. {IMG}\n")
TEXT_V1 = f"# {HEADING}\n\n## Data\n\nData will be collected {SCRIPT}.\n\n## B\n\nNothing.\n"
REVIEW = (f"reviewer: '{IMG}'\ndate: '{SCRIPT}'\n"
          f"decisions:\n  - {{criterion: MINI-01, level: missing, note: '{SCRIPT}'}}\n")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIVE_HTML = re.compile(r"<[A-Za-z!/?]")


def assert_inert_markdown(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = LIVE_HTML.search(text)
    assert found is None, f"{path.name}: raw HTML {text[found.start():found.start() + 60]!r}"


def assert_no_formula(path: Path | str, text: str | None = None) -> int:
    text = Path(path).read_text(encoding="utf-8") if text is None else text
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    bad = [c for c in cells if c.startswith(FORMULA_START)]
    assert not bad, f"{path}: formula cells {bad[:3]}"
    return len(cells)


def test_every_markdown_and_csv_output_neutralises_hostile_strings(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / f"{NAME}.md"
    doc.write_text(TEXT, encoding="utf-8")
    (corpus / f"{NAME}.review.yaml").write_text(REVIEW, encoding="utf-8")
    (corpus / f"@SUM(1) {SCRIPT.replace('/', '!')}.pdf").write_bytes(b"%PDF-1.7\n garbage")
    out = tmp_path / "out"
    result = run("score", corpus, "-c", MINI, "-f", "md", "-f", "csv", "-f", "html", "-o", out, "-q")
    assert result.exit_code == 2, result.output  # the corrupt PDF

    markdown = sorted(out.rglob("*.md"))
    assert {p.name for p in markdown} >= {"portfolio.md", f"{NAME}.md"}
    for path in markdown:
        assert_inert_markdown(path)
    doc_md = (out / "documents" / f"{NAME}.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in doc_md  # the review date, note and the quote are shown, escaped
    # Links in portfolio.md/.html are URL-encoded: '#', '?', '%' and spaces stay in the one target.
    portfolio_md = (out / "portfolio.md").read_text(encoding="utf-8")
    assert "%3D1%2B1%20%3Cimg" in portfolio_md and "(documents/" in portfolio_md
    assert "#?%" not in re.sub(r"\[[^]]*\]", "", portfolio_md.split("## Documents x principles")[1].split("\n\n")[1])
    assert 'href="documents/%3D1%2B1%20%3Cimg' in (out / "portfolio.html").read_text(encoding="utf-8")

    csvs = sorted(out.rglob("*.csv"))
    assert {p.name for p in csvs} >= {"portfolio.csv", f"{NAME}.csv"}
    for path in csvs:
        assert assert_no_formula(path) > 10
    evidence = run("score", doc, "-c", MINI, "-f", "csv", "--csv-rows", "evidence")
    assert evidence.exit_code == 0 and assert_no_formula("evidence csv", evidence.output) > 10

    # compare.md: quotes, names and titles escaped.
    old = tmp_path / f"{NAME} v1.md"
    old.write_text(TEXT_V1, encoding="utf-8")
    cmp_md = tmp_path / "cmp.md"
    result = run("compare", old, doc, "-c", MINI, "-o", cmp_md, "-q")
    assert result.exit_code == 0, result.output
    assert "&lt;script&gt;" in cmp_md.read_text(encoding="utf-8")
    assert_inert_markdown(cmp_md)

    # hrba tag: ids from a table and section headings from a document.
    table = tmp_path / "rows.csv"
    table.write_text(f'id,text\n"=cmd|\' /C calc\'!A0","Data {SCRIPT} disaggregated by sex."\n+2,-3\n',
                     encoding="utf-8")
    for source in (table, doc):
        tagged = run("tag", source)
        assert tagged.exit_code == 0, tagged.output
        assert assert_no_formula(source, tagged.output) >= 4
    assert "'=HYPERLINK" in run("tag", doc).output
