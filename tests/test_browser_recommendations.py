"""The HTML section on the mechanisms' recommendations in headless Chromium: it renders, sorts the biggest
silences first, keeps recommendation text inert, and is screenshotted to test-artifacts/ (skips without
Playwright or Debian's /usr/bin/chromium, like test_browser.py)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from test_browser import (  # skips this module as it skips that one
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    EXAMPLE,
    sync_api,
)

from hrba.cli import main

RECS = [
    {"number": "104.43", "text": "Protect children from all forms of violence", "states": ["Philippines"]},
    {"number": "105.25", "text": "Continue efforts to combat human trafficking", "states": ["Lithuania", "Chile"]},
    {"number": "105.26", "text": 'Protect victims of trafficking <img src=x onerror="window.__xss=1">',
     "states": ["Chile"]},
    {"number": "104.7", "text": "Ratify ILO Convention No. 189 on domestic workers", "states": ["Israel"]},
]


def test_recommendations_section_in_chromium(tmp_path):
    recs = tmp_path / "recs.jsonl"
    recs.write_text("".join(json.dumps(r) + "\n" for r in RECS), encoding="utf-8")
    html = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["score", str(EXAMPLE), "-f", "html", "-o", str(html), "-q",
                                       "--recommendations", str(recs)])
    assert result.exit_code == 0, result.output
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1400})
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            assert errors == [] and all(u.startswith("file://") for u in requests), (errors, requests)
            page.click("nav.toc a[href='#d1-recs']")
            section = page.locator("#d1-recs")
            assert section.is_visible()
            assert "The plan takes up" in section.locator("p.share").inner_text()
            statuses = section.locator("tbody tr .rstatus").all_inner_texts()
            order = ["silent", "mentions only", "analyses or commits"]
            assert statuses == sorted(statuses, key=order.index) and statuses[0] == "silent"
            first = section.locator("tbody tr").first
            assert "Trafficking" in first.locator("th").inner_text() and first.locator("td.num").inner_text() == "2"
            # recommendation text is shown as text, never run as markup
            assert 'onerror="window.__xss=1"' in section.inner_text()
            assert page.evaluate("() => window.__xss") is None and section.locator("img").count() == 0
            ARTIFACTS.mkdir(exist_ok=True)
            section.screenshot(path=str(ARTIFACTS / "report-recommendations.png"))
            assert (ARTIFACTS / "report-recommendations.png").stat().st_size > 10_000
        finally:
            browser.close()
