"""The HTML report in headless Chromium: no console errors, gaps before met criteria, working filters, inert
document markup; screenshots go to test-artifacts/ (skips without Playwright or Debian's /usr/bin/chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_report_html import make_report

from hrba.engine.pipeline import Engine
from hrba.engine.results import report as build_report
from hrba.reporting.render import render

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
EXAMPLE = REPO / "examples" / "veloria-cca.md"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.is_file():
    pytest.skip("/usr/bin/chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A report page, with every console error and uncaught exception it produced."""

    def __init__(self, browser, html: str, path: Path, width: int = 1200):
        path.write_text(html, encoding="utf-8")
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 1400})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def visible_ids(self) -> list[str]:
        return self.page.eval_on_selector_all(".crit", "els => els.filter(e => !e.hidden).map(e => e.id)")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target


def assert_reads_well(opened: Opened, name: str) -> None:
    """Checks shared by every report: no errors, no network, gaps first, filters work, a screenshot saved."""
    page = opened.page
    assert opened.errors == []
    assert all(u.startswith("file://") for u in opened.requests), opened.requests
    # the gap section comes before the met criteria, in the DOM and on screen
    assert page.evaluate("""() => {
        const g = document.getElementById('d1-gaps'), m = document.getElementById('d1-met');
        return !!(g.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING)
            && g.getBoundingClientRect().top < m.getBoundingClientRect().top; }""")
    form = page.locator("form.filters").first
    assert form.is_visible()
    total = page.locator("#d1 .crit").count()
    count = form.locator(".count")
    assert count.text_content().startswith(f"{total} of {total}")
    levels = page.eval_on_selector_all("#d1 .crit", "els => els.map(e => e.dataset.level)")
    # keep only one level: every visible criterion has it
    target = "missing" if "missing" in levels else levels[0]
    for box in form.locator("input[name=level]").all():
        if box.get_attribute("value") != target:
            box.uncheck()
    shown = page.eval_on_selector_all("#d1 .crit", "els => els.filter(e => !e.hidden).map(e => e.dataset.level)")
    assert shown and set(shown) == {target} and len(shown) == levels.count(target)
    assert count.text_content().startswith(f"{len(shown)} of {total}")
    for box in form.locator("input[name=level]").all():
        box.check()
    assert len(opened.visible_ids()) == total
    opened.screenshot(name)


def test_fixture_report_filters_keyboard_and_inert_markup(browser, tmp_path):
    html = render(make_report(tmp_path), "html")
    opened = Opened(browser, html, tmp_path / "report.html")
    page = opened.page
    assert_reads_well(opened, "report-fixture")
    # the plan's <script>, <img onerror> and onmouseover came out as text and never ran
    page.hover("text=hover")
    assert page.evaluate("() => window.__xss") is None
    body = page.inner_text("body")
    assert "<script>window.__xss = 1</script>" in body and '<img src=x onerror="window.__xss=2">' in body
    assert page.locator("#d1 img").count() == 0
    # search, then the level filter by keyboard
    page.fill("input[name=q]", "REP-02")
    assert opened.visible_ids() == ["d1-REP-02"]
    page.fill("input[name=q]", "")
    box = page.locator("input[name=level][value=missing]")
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked() and opened.visible_ids() == ["d1-REP-01"]
    page.keyboard.press("Space")
    assert sorted(opened.visible_ids()) == ["d1-REP-01", "d1-REP-02"]
    # a principle narrows the list; choosing a checklist keeps only its principles
    page.select_option("select[name=principle]", "rep/conflict")
    assert opened.visible_ids() == ["d1-REP-02"]
    page.select_option("select[name=checklist]", "rep")
    assert opened.visible_ids() == ["d1-REP-02"]
    page.select_option("select[name=principle]", "")
    page.select_option("select[name=checklist]", "")
    # met criteria are collapsed; "expand all" opens them
    assert page.evaluate("() => document.getElementById('d1-REP-01').open") is False
    page.click("button[data-open='1']")
    assert page.evaluate("() => document.getElementById('d1-REP-01').open") is True
    page.click("button[data-open='0']")
    # printed: no filters, collapsed criteria show their evidence
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()
    assert page.locator("#d1-REP-01 .body").is_visible()
    page.pdf(path=str(ARTIFACTS / "report-fixture.pdf"))
    assert opened.errors == []


def test_report_for_the_bundled_example(browser, tmp_path):
    if not EXAMPLE.is_file():
        pytest.skip("examples/veloria-cca.md is not bundled yet")
    engine = Engine.from_options(None, "cca")
    report = build_report([engine.score_path(EXAMPLE)], engine, {"profile": "cca"})
    assert report["documents"][0]["status"] == "ok"
    opened = Opened(browser, render(report, "html"), tmp_path / "veloria.html")
    assert_reads_well(opened, "report-veloria-cca")
    opened.page.evaluate("() => window.scrollTo(0, 0)")
    opened.page.set_viewport_size({"width": 1200, "height": 2400})
    opened.page.screenshot(path=str(ARTIFACTS / "report-veloria-cca-top.png"))
    fr = Opened(browser, render(report, "html", report_lang="fr"), tmp_path / "veloria-fr.html")
    assert fr.errors == [] and fr.page.locator("html").get_attribute("lang") == "fr"
    fr.screenshot("report-veloria-cca-fr")


def test_report_for_a_real_un_pdf(browser, tmp_path, upr_reports):
    pdf = sorted(upr_reports.glob("*.pdf"))[0]
    engine = Engine.from_options(None, None)
    report = build_report([engine.score_path(pdf)], engine, {})
    assert report["documents"][0]["status"] == "ok", report["documents"][0]["error"]
    html = render(report, "html")
    assert len(html) < 3_000_000  # capped quotes keep a long PDF's report a sane size
    opened = Opened(browser, html, tmp_path / f"{pdf.stem}.html")
    assert_reads_well(opened, f"report-{pdf.stem}")
    # evidence quotes carry their page
    assert opened.page.locator("blockquote.ev .loc", has_text="p. ").count() > 0


def _hrba(*args) -> None:
    from click.testing import CliRunner

    from hrba.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_review_in_the_report_round_trip(browser, tmp_path):
    """A reviewer decides in the HTML report: two levels, a note, a quote marked not evidence; the downloaded
    plan.review.yaml re-scores the plan, every output shows it, and the new report opens pre-filled."""
    import json

    import yaml

    from hrba.engine.review import evidence_key, load_review

    if not EXAMPLE.is_file():
        pytest.skip("examples/veloria-cca.md is not bundled")
    plan = tmp_path / "plan.md"
    plan.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    first = tmp_path / "first"
    _hrba("score", plan, "-p", "cca", "-f", "html", "-f", "json", "-o", first, "-q")
    before = {c["id"]: c for c in json.loads((first / "plan.json").read_text())["documents"][0]["result"]["criteria"]}
    gap = next(c for c in before.values() if c["level"] == "missing")
    # a met criterion resting on one quote of one signal: marking that quote must lower it
    met, quote = next((c, s) for c in before.values() if c["level"] == "meets" for s in c["signals"]
                      if s["found"] and s["hits"] == 1 and len(c["evidence"]) <= 5)
    ev = next(e for e in met["evidence"] if e["signal"] == quote["name"])
    key = evidence_key(ev["quote"])

    opened = Opened(browser, (first / "plan.html").read_text(encoding="utf-8"), tmp_path / "first.html")
    page = opened.page
    panel = page.locator("form.review-panel")
    assert panel.is_visible() and page.locator("fieldset.rv").count() == len(before)
    assert panel.locator("input[name=date]").input_value()  # today, filled in
    page.fill(f"#d1-{gap['id']} textarea.rv-note", "Para 14: \"targets by sex\" — see annex 2")
    assert "1 note(s) without a level are not saved" in page.locator(".rv-count").text_content()
    page.select_option(f"#d1-{gap['id']} select.rv-level", "meets")
    assert "not saved" not in page.locator(".rv-count").text_content()
    page.click(f"#d1-{met['id']} > summary")
    page.select_option(f"#d1-{met['id']} select.rv-level", "agree")
    page.check(f"#d1-{met['id']} input.rv-ex[data-key='{key}']")
    assert page.locator(".rv-count").text_content().startswith("2 decisions")
    page.click("button.rv-download")  # no name yet: asked for, nothing downloaded
    assert "Enter your name" in page.locator(".rv-status").text_content()
    page.fill("input[name=reviewer]", "Ana Reviewer")
    with page.expect_download() as info:
        page.click("button.rv-download")
    download = info.value
    assert download.suggested_filename == "plan.review.yaml"
    review_path = tmp_path / download.suggested_filename
    download.save_as(review_path)
    assert opened.errors == [] and all(u.startswith(("file://", "blob:")) for u in opened.requests)

    text = review_path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["version"] == 2 and data["document"] == "plan.md" and data["reviewer"] == "Ana Reviewer"
    review = load_review(review_path)
    decided = {d.criterion: d for d in review.decisions}
    assert set(decided) == {gap["id"], met["id"]}
    assert decided[gap["id"]].level == "meets" and decided[gap["id"]].note == "Para 14: \"targets by sex\" — see annex 2"
    assert decided[met["id"]].level == "meets"  # agree: the automated level
    assert decided[met["id"]].exclude == [{"quote_sha256": key, "start": ev["start"], "end": ev["end"],
                                           "excerpt": decided[met["id"]].exclude[0]["excerpt"]}]

    # re-scored with the downloaded file (found next to the document): every output shows the decisions
    second = tmp_path / "second"
    _hrba("score", plan, "-p", "cca", "-f", "html", "-f", "json", "-f", "md", "-f", "csv", "-o", second, "-q")
    entry = json.loads((second / "plan.json").read_text())["documents"][0]
    assert entry["review_file"] == str(review_path)
    after = {c["id"]: c for c in entry["result"]["criteria"]}
    assert after[gap["id"]]["effective_level"] == "meets" and after[gap["id"]]["review"]["automated_level"] == "missing"
    m = after[met["id"]]
    assert m["review"]["automated_level"] == "meets" and m["review"]["rescored_level"] == m["level"] != "meets"
    assert [e["quote"] for e in m["review"]["excluded"]] == [ev["quote"]]
    assert all(evidence_key(e["quote"]) != key for e in m["evidence"])
    assert m["effective_level"] == "meets"  # the reviewer's explicit level still rules
    md = (second / "plan.md").read_text(encoding="utf-8")
    assert "Reviewed: Meets" in md and "Ana Reviewer" in md and "quote(s) marked as not evidence" in md
    csv_text = (second / "plan.csv").read_text(encoding="utf-8")
    assert f"{gap['id']}" in csv_text and "Ana Reviewer" in csv_text

    # the new report opens with the decisions filled in, and downloads the same decisions again
    again = Opened(browser, (second / "plan.html").read_text(encoding="utf-8"), tmp_path / "second.html")
    p2 = again.page
    assert p2.locator("input[name=reviewer]").input_value() == "Ana Reviewer"
    assert p2.locator(f"#d1-{gap['id']} select.rv-level").input_value() == "meets"
    assert p2.locator(f"#d1-{gap['id']} textarea.rv-note").input_value() == "Para 14: \"targets by sex\" — see annex 2"
    assert p2.locator(f"#d1-{met['id']} input.rv-ex[data-key='{key}']").is_checked()
    assert "without the 1 quote(s) marked as not evidence" in p2.inner_text(f"#d1-{met['id']}")
    with p2.expect_download() as info2:
        p2.click("button.rv-download")
    path2 = tmp_path / "again.review.yaml"
    info2.value.save_as(path2)
    redo = {d.criterion: (d.level, d.note, [x["quote_sha256"] for x in d.exclude]) for d in load_review(path2).decisions}
    assert redo == {gap["id"]: ("meets", decided[gap["id"]].note, []), met["id"]: ("meets", None, [key])}
    assert again.errors == []
    again.screenshot("report-reviewed")


def _pdf_pages(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _print(browser, html: str, tmp_path: Path, name: str) -> dict[str, list[str]]:
    """The report printed to A4 and to Letter: each page's text."""
    opened = Opened(browser, html, tmp_path / f"{name}.html")
    opened.page.emulate_media(media="print")
    # printed width (A4 is the narrower: 210 mm less 2 x 12 mm margins = 703 px): nothing is cut off
    opened.page.set_viewport_size({"width": 703, "height": 1000})
    assert opened.page.evaluate("() => document.documentElement.scrollWidth") <= 704
    pages = {}
    for paper in ("A4", "Letter"):
        target = ARTIFACTS / f"{name}-{paper}.pdf"
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.pdf(path=str(target), format=paper, print_background=True)
        pages[paper] = _pdf_pages(target)
        assert all(text.strip() for text in pages[paper]), f"{paper}: a blank page"
    assert opened.errors == []
    return pages


def test_printed_page_one_has_the_level_and_the_gaps(browser, tmp_path):
    report = make_report(tmp_path)
    gaps = [c["id"] for c in report["documents"][0]["result"]["criteria"] if c["level"] in ("missing", "approaches")]
    for paper, pages in _print(browser, render(report, "html"), tmp_path, "print-fixture").items():
        assert "Overall level" in pages[0] and all(g in pages[0] for g in gaps), (paper, pages[0])
    if not EXAMPLE.is_file():
        return
    engine = Engine.from_options(None, "cca")
    report = build_report([engine.score_path(EXAMPLE)], engine, {"profile": "cca"})
    criteria = report["documents"][0]["result"]["criteria"]
    gaps = sorted((c for c in criteria if c["level"] in ("missing", "approaches")),
                  key=lambda c: (c["level"] != "missing", -c["weight"]))
    html = render(report, "html")
    for paper, pages in _print(browser, html, tmp_path, "print-veloria").items():
        first = pages[0]
        assert "Overall level" in first and "Gaps at a glance" in first
        assert all(c["id"] in first for c in gaps[:10]), (paper, first)  # the gap table starts on page 1
        # about two pages for three criteria (30 pages for the 45 criteria before issue 17 added a checklist)
        assert len(pages) <= max(30, len(criteria) * 2 // 3), (paper, len(pages), len(criteria))
        # evidence collapses to the first quotes, with a count
        text = "\n".join(pages)
        assert "Printed: the first 2 quotes;" in text
    opened = Opened(browser, html, tmp_path / "print-check.html")
    opened.page.emulate_media(media="print")
    shown = opened.page.eval_on_selector_all(".crit", """els => els.map(e => Array.from(
        e.querySelectorAll('blockquote.ev')).filter(q => q.getBoundingClientRect().height > 0).length)""")
    assert max(shown) == 2 and max(len(c["evidence"]) for c in criteria) > 2


def test_printed_un_report_is_not_longer_than_its_source(browser, tmp_path, upr_reports):
    import pypdfium2

    pdf = sorted(upr_reports.glob("*.pdf"))[0]
    engine = Engine.from_options(None, None)
    report = build_report([engine.score_path(pdf)], engine, {})
    source_pages = len(pypdfium2.PdfDocument(str(pdf)))
    for paper, pages in _print(browser, render(report, "html"), tmp_path, f"print-{pdf.stem}").items():
        assert "Overall level" in pages[0] and "Gaps at a glance" in pages[0]
        assert len(pages) <= source_pages + 2, (paper, len(pages), source_pages)


AXE = REPO / "tests" / ".npm" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(browser, path: Path) -> list[dict]:
    """axe-core's violations on a report file (axe injected from the local npm install: no network)."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm install --prefix tests/.npm axe-core@4)")
    context = browser.new_context(bypass_csp=True)  # the reports' CSP admits only their own script
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                        first: v.nodes.slice(0, 2).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))""")
        assert all(u.startswith("file://") for u in requests), requests
        return found
    finally:
        context.close()


def test_axe_finds_nothing_in_any_report_kind(browser, tmp_path):
    """Report (English, French, reviewed), portfolio and comparison pass axe-core's checks."""
    from test_batch import make_corpus

    kinds: dict[str, Path] = {}
    report = make_report(tmp_path)
    for lang in ("en", "fr", "ar"):
        kinds[f"report-{lang}"] = tmp_path / f"report-{lang}.html"
        kinds[f"report-{lang}"].write_text(render(report, "html", report_lang=lang), encoding="utf-8")
    corpus = make_corpus(tmp_path)
    (corpus / "good.review.yaml").write_text("reviewer: Ana\ndecisions:\n  - {criterion: MINI-01, level: meets, "
                                             "note: checked}\n", encoding="utf-8")
    from helpers import RULES

    _hrba_code(2, "score", corpus, "-c", RULES / "mini.yaml", "-f", "html", "-o", tmp_path / "pf", "-q")
    kinds["portfolio"] = tmp_path / "pf" / "portfolio.html"
    kinds["report-reviewed"] = tmp_path / "pf" / "documents" / "good.html"
    _hrba_code(0, "compare", corpus / "sub" / "partial.md", corpus / "good.md", "-c", RULES / "mini.yaml",
               "-o", tmp_path / "cmp.html", "-q")
    kinds["compare"] = tmp_path / "cmp.html"
    if EXAMPLE.is_file():
        _hrba_code(0, "compare", EXAMPLE, corpus / "good.md", "-p", "cca", "-o", tmp_path / "cmp-example.html", "-q")
        kinds["compare-example"] = tmp_path / "cmp-example.html"
    found = {kind: axe_violations(browser, path) for kind, path in kinds.items()}
    assert found == dict.fromkeys(kinds, []), {k: v for k, v in found.items() if v}


def _hrba_code(code: int, *args) -> None:
    from click.testing import CliRunner

    from hrba.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output


def test_portfolio_tables_fit_the_page(browser, tmp_path):
    """Documents x principles scrolls inside its box (the page never gets wider than the window); the most
    common gaps show a count that opens to the documents instead of every file name in every row."""
    from test_batch import make_corpus

    corpus = make_corpus(tmp_path)
    _hrba_code(2, "score", corpus, "-f", "html", "-o", tmp_path / "pf", "-q")  # all built-in checklists
    html = (tmp_path / "pf" / "portfolio.html").read_text(encoding="utf-8")
    opened = Opened(browser, html, tmp_path / "pf" / "portfolio.html", width=1400)
    page = opened.page
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1400
    box = page.locator(".matrix")
    assert box.get_attribute("tabindex") == "0"
    assert page.evaluate("() => { const b = document.querySelector('.matrix'); return b.scrollWidth > b.clientWidth; }")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.matrix')).overflowX") == "auto"
    gaps = page.locator("#gaps + table tbody tr")
    assert gaps.count() > 0
    first = gaps.first.locator("details.docs")
    summary = first.locator("summary").inner_text()
    assert summary.startswith("3 documents") and not first.locator("li").first.is_visible()
    first.locator("summary").click()
    assert first.locator("li").count() == 3 and first.locator("li").first.is_visible()
    assert opened.errors == []
    opened.screenshot("portfolio")
