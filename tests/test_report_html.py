"""The HTML (and Markdown) gap report: order, content, escaping, evidence caps, reviews, languages."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from pathlib import Path

import pytest

from hrba.engine.errors import HrbaError
from hrba.engine.pipeline import Engine
from hrba.engine.results import report as build_report
from hrba.reporting.render import render

VOCAB = Path(__file__).resolve().parent / "rules" / "vocab.yaml"
CHECKLIST = """\
id: rep
version: 0.2.0
title: Report test checklist
basis: A/HRC/49/68 para 14
vocabularies: [{vocab}]
principles:
  - {{id: data, title: Data and disaggregation, basis: A/HRC/49/68 para 14(f)}}
  - {{id: conflict, title: Conflict analysis, basis: A/HRC/49/68 para 36}}
criteria:
  - id: REP-01
    principle: data
    title: Data disaggregated by grounds
    question: Are data disaggregated?
    basis: A/HRC/49/68 para 14(f)
    signals:
      disaggregated:
        concepts: [tst.disagg]
        near: {{concepts: [tst.ground.*], within: sentence}}
        unless: {{concepts: [tst.neg], within: 4}}
      data:
        concepts: [tst.data]
    levels:
      approaches: {{all: [data]}}
      meets: {{all: [data, disaggregated]}}
    recommendations:
      missing: Collect data.
      approaches: Disaggregate the data by sex, age and disability.
    examples:
      - {{level: missing, lang: en, text: "Nothing relevant here."}}
      - {{level: meets, lang: en, text: "Data will be disaggregated by sex."}}
  - id: REP-02
    principle: conflict
    title: Conflict is analysed
    question: Does the plan analyse conflict?
    basis: A/HRC/49/68 para 36
    signals:
      conflict:
        concepts: [tst.conflict]
        unless: {{concepts: [tst.neg], within: 3}}
      data:
        concepts: [tst.data]
    levels:
      approaches: {{all: [conflict]}}
      meets: {{all: [conflict, data]}}
    recommendations:
      missing: Analyse the drivers of conflict.
      approaches: Link the conflict analysis to data.
    examples:
      - {{level: missing, lang: en, text: "Nothing relevant here."}}
      - {{level: approaches, lang: en, text: "The conflict displaced many."}}
"""
# A plan whose headings and text carry markup: it must come out as text, never as markup.
XSS_PLAN = """\
# Plan <script>window.__xss = 1</script>

## Context

Statistics will be disaggregated by sex and age. <img src=x onerror="window.__xss=2"> data

## Risks <b onmouseover=alert(3)>hover</b>

There is no conflict in the region. Data exist.
"""


def write_checklist(tmp_path: Path) -> Path:
    path = tmp_path / "rep.yaml"
    path.write_text(CHECKLIST.format(vocab=VOCAB), encoding="utf-8")
    return path


def make_report(tmp_path: Path, text: str = XSS_PLAN, name: str = "plan.md", extra: list[Path] = ()) -> dict:
    """Score ``text`` (and any ``extra`` files) against the two-criterion test checklist; return the JSON report."""
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    engine = Engine.from_options([str(write_checklist(tmp_path))])
    outcomes = [engine.score_path(p) for p in [doc, *extra]]
    return build_report(outcomes, engine, {})


def criterion(report: dict, cid: str, doc: int = 0) -> dict:
    return next(c for c in report["documents"][doc]["result"]["criteria"] if c["id"] == cid)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    return make_report(tmp_path_factory.mktemp("report"))


def test_fixture_scores_one_gap_and_one_met(report):
    assert criterion(report, "REP-01")["level"] == "meets"
    gap = criterion(report, "REP-02")
    assert gap["level"] == "missing" and gap["suppressed"] and gap["needs_review"]


def test_gaps_come_before_met_criteria(report):
    html = render(report, "html")
    gaps, met = html.index('id="d1-gaps"'), html.index('id="d1-met"')
    assert gaps < met
    assert gaps < html.index('id="d1-REP-02"') < met < html.index('id="d1-REP-01"')
    # gaps expanded as cards, met criteria collapsed in <details>
    assert re.search(r'<article class="card crit lv-b-missing" id="d1-REP-02"', html)
    assert re.search(r'<details class="crit lv-b-meets" id="d1-REP-01"', html)


def test_gap_card_says_why_what_to_do_basis_and_what_was_searched(report):
    html = render(report, "html")
    card = html[html.index('id="d1-REP-02"'):html.index("</article>", html.index('id="d1-REP-02"'))]
    for text in ("Missing", "no evidence found of: conflict", "Analyse the drivers of conflict.",
                 "A/HRC/49/68 para 36", "What was searched for", "concepts: tst.conflict",
                 "unless near: tst.neg (within 3 words)", "conflict, UPR", "Not counted: cancelled by",
                 "Needs review", "To reach Approaches"):
        assert text in card, text
    # the matched words are highlighted, the cancelling cue marked as such (here the sentence's negation
    # "There is no", found before the rule's own `unless` window)
    assert '<mark class="m-anchor" title="matched term">conflict</mark>' in card
    assert '<mark class="m-unless" title="cancelling cue">There is no</mark>' in card


def test_header_has_document_tool_checklist_and_hash(report):
    html = render(report, "html")
    doc = report["documents"][0]["document"]
    assert doc["sha256"] in html and "hrba " + report["tool"]["version"] in html
    assert "rep 0.2.0" in html and "plan.md" in html
    assert "<svg" in html and "Data and disaggregation" in html  # the principle chart
    assert "Method and limits" in html and "Human review is required" in html


def test_document_markup_is_escaped_and_only_our_script_can_run(report):
    html = render(report, "html")
    assert "<script>window.__xss" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


def test_self_contained_no_external_resources(report):
    html = render(report, "html")
    assert "<link" not in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "<style>" in html and "@media print" in html


def test_max_evidence_caps_quotes_in_html_and_json_keeps_all(tmp_path):
    text = "# Plan\n\n" + "\n\n".join(f"Data set {i} will be disaggregated by sex." for i in range(8)) + "\n"
    rep = make_report(tmp_path, text)
    assert len(criterion(rep, "REP-01")["evidence"]) >= 8
    capped = render(rep, "html", max_evidence=2)
    card = capped[capped.index('id="d1-REP-01"'):]
    card = card[:card.index("</details>")]
    assert card.count('<blockquote class="ev"') == 2
    assert re.search(r"\d+ more quotes are in the JSON report", card)
    default = render(rep, "html")  # default cap: 5 per criterion
    card = default[default.index('id="d1-REP-01"'):]
    assert card[:card.index("</details>")].count('<blockquote class="ev"') == 5
    assert len(render(rep, "json")) > 0 and '"Data set 7' in render(rep, "json")


def test_review_shows_reviewed_and_automated_level_and_who(report):
    rep = copy.deepcopy(report)
    c = criterion(rep, "REP-02")
    c["review"] = {"level": "meets", "note": "Conflict analysis is in annex 2.", "reviewer": "A. Adviser",
                   "date": "2026-11-01", "automated_level": "missing"}
    c["effective_level"] = "meets"
    html = render(rep, "html")
    assert html.index('id="d1-met"') < html.index('id="d1-REP-02"')  # now a met criterion
    item = html[html.index('id="d1-REP-02"'):]
    item = item[:item.index("</details>")]
    for text in ("Reviewed: Meets", "by A. Adviser", "on 2026-11-01", "automated level: Missing",
                 "Conflict analysis is in annex 2."):
        assert text in item, text
    assert "1 levels set by a reviewer" in html
    md = render(rep, "md")
    assert "Reviewed: Meets" in md and "A. Adviser" in md


def test_arabic_quotes_are_right_to_left(tmp_path):
    rep = make_report(tmp_path, "# خطة\n\n## السياق\n\nستكون البيانات مصنفة حسب الجنس والعمر في جميع البرامج.\n",
                      name="ar.md")
    html = render(rep, "html")
    assert re.search(r'<blockquote class="ev" lang="ar" dir="rtl">', html)
    assert '<html lang="en" dir="ltr">' in html


def test_report_language_changes_interface_text_only(report):
    fr = render(report, "html", report_lang="fr")
    assert '<html lang="fr" dir="ltr">' in fr
    assert "Lacunes : là où le plan est insuffisant (1)" in fr and "Ce qui a été recherché" in fr
    assert "Analyse the drivers of conflict." in fr  # checklist text stays as written
    zh = render(report, "html", report_lang="zh")
    assert "差距：计划的不足之处（1）" in zh and '<html lang="zh"' in zh
    es = render(report, "md", report_lang="es")
    assert "Brechas: dónde el plan se queda corto (1)" in es
    with pytest.raises(HrbaError):
        render(report, "html", report_lang="xx")


def test_markdown_mirrors_html_and_stays_inert(report):
    md = render(report, "md")
    assert md.index("## Gaps: where the plan falls short (1)") < md.index("## Met criteria (1)")
    assert "### [MISSING] REP-02 — Conflict is analysed" in md
    assert "Analyse the drivers of conflict." in md and "A/HRC/49/68 para 36" in md
    assert "<script" not in md and "<img" not in md and "&lt;script&gt;" in md
    assert "Not counted: cancelled by" in md and "## Section coverage" in md


def test_unreadable_document_renders_an_error(tmp_path):
    missing = tmp_path / "nope.pdf"
    rep = make_report(tmp_path, extra=[missing])
    assert rep["documents"][1]["status"] == "error"
    html = render(rep, "html")
    assert "Could not be scored" in html and "nope.pdf" in html
    assert "Could not be scored" in render(rep, "md")


def test_coverage_heatmap_lists_sections_and_share(report):
    html = render(report, "html")
    cov = html[html.index('id="d1-coverage"'):html.index('id="d1-method"')]
    assert "<table class=\"heat\">" in cov and "Context" in cov and "Conflict analysis" in cov
    assert re.search(r"\d+% of the document&#39;s sections contain human-rights evidence", cov)


def test_markdown_escape_keeps_document_text_literal():
    from hrba.reporting.render import md_escape

    assert md_escape("a|b\n*x* _y_ [l](u) <b>&") == "a\\|b \\*x\\* \\_y\\_ \\[l\\](u) &lt;b&gt;&amp;"
    assert md_escape("C:\\path `code`") == "C:\\\\path \\`code\\`"


def test_output_escaping_is_markupsafes_without_the_markup_wrapper():
    from markupsafe import Markup, escape

    from hrba.reporting.render import FastEscapeTemplate, environment, escape_output, escape_text

    class Html:
        def __html__(self) -> str:
            return "<b>kept</b>"

    class Text(str):
        pass

    values = ["", "plain", "<script>alert('x') & \"y\"</script>", "&amp; already", "مرحبا <", Markup("<i>ok</i>"),
              Text("<sub>"), Html(), 42, 2.5, None, True, ["<li>"]]
    for value in values:
        assert escape_output(value) == str(escape(value)) and isinstance(escape_output(value), str)
        if isinstance(value, str) and not isinstance(value, Markup):
            assert escape_text(value) == str(escape(str(value)))
    env = environment()
    assert env.template_class is FastEscapeTemplate
    html = env.from_string("{{ a }}|{{ b }}|{% set c %}<i>{{ a }}</i>{% endset %}{{ c }}").render(a="<x>", b=Markup("<y>"))
    assert html == "&lt;x&gt;|<y>|<i>&lt;x&gt;</i>"


def test_arabic_interface_is_right_to_left(report):
    html = render(report, "html", report_lang="ar")
    assert '<html lang="ar" dir="rtl">' in html and "الثغرات" in html
    assert 'class="hash" dir="ltr"' in html  # codes keep their order


def test_capped_evidence_shows_every_signal_and_no_duplicate():
    from hrba.reporting.viewmodel import pick_evidence

    def ev(signal, start):
        return {"signal": signal, "start": start, "end": start + 5}

    items = [ev("a", 0), ev("a", 10), ev("a", 20), ev("a", 30), ev("b", 0), ev("b", 40), ev("c", 50)]
    picked = pick_evidence(items, 3)
    assert [e["signal"] for e in picked] == ["a", "b", "c"]
    assert (picked[1]["start"], picked[1]["end"]) == (40, 45)  # b's first quote repeats a's first one
    assert pick_evidence(items, None) == items and pick_evidence(items, 0) == []
    assert len(pick_evidence(items, 5)) == 5


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_rendering_leaves_no_view_for_the_garbage_collector(report, fmt, monkeypatch):
    """The template context sits in a reference cycle; the view it holds is emptied, so reference
    counting frees the view model as soon as a report is rendered (no collector pass needed)."""
    import gc
    import weakref

    from hrba.reporting import render as render_module

    seen = []
    build = render_module.build_view

    def spy(*args, **kwargs):
        view = build(*args, **kwargs)
        seen.append(weakref.ref(view.documents[0]))
        return view

    monkeypatch.setattr(render_module, "build_view", spy)
    gc.disable()
    try:
        text = render(report, fmt)
        assert seen and seen[0]() is None
    finally:
        gc.enable()
    assert "REP-01" in text
