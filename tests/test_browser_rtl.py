"""Right-to-left in headless Chromium: the Arabic report, portfolio and comparison of the bundled example
lay out from the right, keep file names, numbers and English terms in order (isolated), and put labels
apart from their values; screenshots go to test-artifacts/ (skips without Playwright or /usr/bin/chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import ARGS, ARTIFACTS, CHROMIUM, Opened

from hrba.engine.batch import BatchSettings, EngineSpec, Job, score_job
from hrba.engine.compare import compare_entries
from hrba.engine.portfolio import portfolio
from hrba.engine.results import report as build_report
from hrba.reporting.compare import render_compare
from hrba.reporting.i18n import FSI, catalog
from hrba.reporting.portfolio import render_portfolio
from hrba.reporting.render import render

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.is_file():
    pytest.skip("/usr/bin/chromium is not installed", allow_module_level=True)

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [REPO / "examples" / "veloria-cca.md", REPO / "examples" / "veloria-cca-v2.md"]
AR = catalog("ar")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def reports() -> dict:
    engine = EngineSpec((), "cca").build()
    entries = [score_job(engine, Job(str(p)), BatchSettings()) for p in EXAMPLES]
    single = build_report([], engine, {"profile": "cca"})
    single["documents"] = [entries[0]]
    many = build_report([], engine, {"profile": "cca"})
    many["documents"] = entries
    many["portfolio"] = portfolio(entries)
    comparison = {"tool": single["tool"], "disclaimer": single["disclaimer"], "generated_at": single["generated_at"],
                  "checklists": {"old": single["checklists"], "new": single["checklists"], "same": True},
                  **compare_entries(entries[0], entries[1])}
    return {"single": single, "many": many, "compare": comparison}


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def assert_right_to_left(opened: Opened) -> None:
    page = opened.page
    assert opened.errors == []
    assert page.evaluate("() => [document.documentElement.lang, getComputedStyle(document.body).direction]") \
        == ["ar", "rtl"]
    # the page title starts at the right: its right edge is near the main column's right edge
    h1, main = box(page, "header h1"), box(page, "main")
    assert h1["x"] + h1["width"] > main["x"] + main["width"] - 60


def test_arabic_report(browser, reports, tmp_path):
    opened = Opened(browser, render(reports["single"], "html", report_lang="ar"), tmp_path / "report-ar.html")
    assert_right_to_left(opened)
    page = opened.page
    # header: each label's text is right of its value's text, with a gap (it used to run into it)
    gaps = page.evaluate("""() => [...document.querySelectorAll('table.meta tr')].map(tr => {
        const text = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
        return text(tr.querySelector('th')).left - text(tr.querySelector('td')).right; })""")
    assert min(gaps) >= 8, gaps
    # the file name is an isolate starting the cell (at its right), then "(markdown، ...)"
    cell = page.locator("table.meta tr:nth-child(1) td")
    name = box(page, "table.meta tr:nth-child(1) td bdi")
    assert cell.locator("bdi").first.text_content() == "veloria-cca.md"
    assert name["x"] + name["width"] >= box(page, "table.meta tr:nth-child(1) td")["x"] + \
        box(page, "table.meta tr:nth-child(1) td")["width"] - 2
    assert cell.text_content().endswith(")") and AR.t("meta.pages", n="")[:5] not in cell.text_content()[:14]
    # the disclaimer's bar is on the right, where the text starts
    assert page.evaluate("() => getComputedStyle(document.querySelector('.disclaimer')).borderRightWidth") == "4px"
    # "what was searched": concept ids and phrases are isolated inside the Arabic sentence
    rule = page.locator(".searched .sig-rule").first.text_content()
    assert FSI in rule
    # criterion ids are left-to-right isolates (CF-HRBA-02 never becomes 02-HRBA-CF)
    assert page.evaluate("() => getComputedStyle(document.querySelector('.card .cid')).unicodeBidi") == "isolate"
    # quotes of the English document keep their own direction
    assert page.locator("blockquote.ev[dir=ltr][lang=en]").count() > 0
    # every built-in checklist's rule text is in Arabic: no English fallback (its isolate and marker are
    # tested with a custom checklist in test_rule_languages)
    assert page.locator("small.fallback").count() == 0
    page.evaluate("() => window.scrollTo(0, 0)")
    page.set_viewport_size({"width": 1200, "height": 2400})
    page.screenshot(path=str(ARTIFACTS / "report-veloria-cca-ar-top.png"))
    page.locator("article.card").first.screenshot(path=str(ARTIFACTS / "report-veloria-cca-ar-gap.png"))
    opened.screenshot("report-veloria-cca-ar")


def test_arabic_portfolio(browser, reports, tmp_path):
    opened = Opened(browser, render_portfolio(reports["many"], "html", "ar"), tmp_path / "portfolio-ar.html")
    assert_right_to_left(opened)
    page = opened.page
    assert page.locator("h1").text_content().endswith(AR.t("pf.title"))
    first, last = box(page, "table.pf thead th:first-child"), box(page, "table.pf thead th:last-child")
    assert first["x"] > last["x"]  # the first column is on the right
    assert page.locator("table.pf td bdi a, table.pf td bdi").count() > 0
    opened.screenshot("portfolio-veloria-ar")


def test_arabic_comparison(browser, reports, tmp_path):
    opened = Opened(browser, render_compare(reports["compare"], "html", report_lang="ar"), tmp_path / "compare-ar.html")
    assert_right_to_left(opened)
    page = opened.page
    names = page.locator("header p bdi").all_text_contents()
    assert names == ["veloria-cca.md", "veloria-cca-v2.md"]
    old, new = box(page, "header p bdi:first-child"), box(page, "header p bdi:last-child")
    assert old["x"] > new["x"]  # read from the right: old → new
    opened.screenshot("compare-veloria-ar")
