"""Every output in the reader's language: a French, an Arabic and a Chinese report of the bundled example,
in every format (report, portfolio, comparison, terminal summaries), contains none of the English
catalog's interface strings outside quotes, file names and rule text that has no translation yet.

The rule text allowed to stay English is listed by ``allowed_english`` from the JSON report. The criteria
of the checklists in ``TRANSLATED_CHECKLISTS`` are translated: their titles, questions, recommendations
and signal descriptions leave the allowed list, and their English wording must not appear in any output
(add a checklist there once its criteria are translated)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from hrba.engine.batch import BatchSettings, EngineSpec, Job, score_job
from hrba.engine.compare import compare_entries
from hrba.engine.coverage import BEFORE_FIRST_HEADING
from hrba.engine.portfolio import portfolio
from hrba.engine.results import report as build_report
from hrba.reporting.compare import compare_text, render_compare
from hrba.reporting.csv_export import CRITERIA_COLUMNS, EVIDENCE_COLUMNS
from hrba.reporting.i18n import catalog
from hrba.reporting.portfolio import portfolio_summary, render_portfolio
from hrba.reporting.reasons import criterion_reason
from hrba.reporting.render import render
from hrba.reporting.summary import summary_text

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [REPO / "examples" / "veloria-cca.md", REPO / "examples" / "veloria-cca-v2.md"]
LANGS = ("fr", "ar", "zh")
TRANSLATED_CHECKLISTS = {"cooperation-framework", "data", "participation-and-mechanisms", "resilience",
                         "technical-cooperation"}  # criteria text in all six languages (every built-in checklist)


@pytest.fixture(scope="module")
def reports() -> dict:
    """The single report, the portfolio report (both examples) and the comparison, as JSON dicts."""
    spec = EngineSpec((), "cca")
    engine = spec.build()
    entries = [score_job(engine, Job(str(p)), BatchSettings()) for p in EXAMPLES]
    single = build_report([], engine, {})
    single["documents"] = [entries[0]]
    many = build_report([], engine, {})
    many["documents"] = entries
    many["portfolio"] = portfolio(entries)
    comparison = {"tool": single["tool"], "disclaimer": single["disclaimer"], "generated_at": single["generated_at"],
                  "checklists": {"old": single["checklists"], "new": single["checklists"], "same": True},
                  **compare_entries(entries[0], entries[1])}
    return {"single": single, "many": many, "compare": comparison}


def english_fragments(lang: str) -> list[tuple[str, str]]:
    """(key, text) of the English catalog's messages that the ``lang`` catalog words differently, cut at
    their placeholders: whole one-word labels ("Recommendation") and pieces of two words or more (a lone
    word cut out of a sentence, such as "documents", is also a word of French)."""
    english, other = catalog("en").strings, catalog(lang).strings
    out = []
    for key, message in english.items():
        if other.get(key) == message or key.startswith("csv."):
            continue  # cognates ("Document", "SHA-256"); CSV column names are checked in the header row
        pieces = re.split(r"\{[^}]*\}", message)
        for piece in pieces:
            piece = piece.strip(" .:;,()—–-/…“”\"'%")
            if len(piece) >= 5 and re.search("[A-Za-z]{4}", piece) and (" " in piece or len(pieces) == 1):
                out.append((key, piece))
    return out


def allowed_english(report: dict) -> list[str]:
    """Text a report in another language may show in English: the document's own words (names, quotes,
    section titles), the paragraphs of A/HRC/49/68 cited, and rule
    text still without a translation, also cut where reports shorten it."""
    allowed: set[str] = set()
    docs = report.get("documents") or []
    for d in docs:
        allowed.update([d["input"], Path(d["input"]).name])
        if d.get("document"):
            allowed.update([d["document"]["name"], *d["document"]["warnings"]])
        if not d.get("result"):
            continue
        res = d["result"]
        allowed.update(s["title"] for s in res["coverage"]["sections"] if s["title"] != BEFORE_FIRST_HEADING)
        for c in res["criteria"]:
            allowed.add(c["basis"])
            for ev in c["evidence"] + c["suppressed"]:
                allowed.update([ev["quote"], ev.get("section") or ""])
            if c["checklist"] not in TRANSLATED_CHECKLISTS:
                allowed.update([c["title"], c["question"], c["recommendation"] or ""])
                allowed.update(s["description"] for s in c["signals"])
                allowed.update(n for n in (c.get("next_level") or {}).get("needs", []))
    cut = {a[:n] for a in allowed for n in (56, 58, 60, 70) if len(a) > n}
    return [a for a in allowed | cut if a]


def _flat(text: str) -> str:
    return " ".join(html.unescape(text).replace("\\", "").split())


def _inside_allowed(text: str, start: int, frag: str, allowed: list[str]) -> bool:
    """Whether the fragment found at ``start`` is part of an allowed English text at that place."""
    for a in allowed:
        k = a.find(frag)
        while k >= 0:
            if text.startswith(a, start - k):
                return True
            k = a.find(frag, k + 1)
    return False


def leftover_english(text: str, lang: str, allowed: list[str]) -> list[tuple[str, str]]:
    """The English catalog fragments found in ``text`` outside the allowed English."""
    text = _flat(text)
    allowed = [_flat(a) for a in allowed]
    found = []
    for key, frag in english_fragments(lang):
        for m in re.finditer(r"(?<![A-Za-z])" + re.escape(frag) + r"(?![A-Za-z])", text):
            if not _inside_allowed(text, m.start(), frag, allowed):
                found.append((key, frag))
                break
    return found


def html_text(page: str, lang: str) -> str:
    """The page's visible text, without quotes and without elements marked as another language."""
    tree = HTMLParser(page)
    for node in tree.css("blockquote, script, style, [lang]"):
        if node.tag == "html" or node.attributes.get("lang") == lang:
            continue
        node.decompose()
    return tree.body.text(separator=" ") + " " + (tree.head.css_first("title").text() if tree.head else "")


def md_text(page: str) -> str:
    """Markdown without its quote lines (document text) and quoted evidence in lists (compare)."""
    lines = [line for line in page.splitlines() if not line.lstrip().startswith(">")]
    return re.sub(r"“[^”]*”", " ", "\n".join(lines))


def _csv_body_and_header(text: str) -> tuple[list[str], str]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], " ".join(" ".join(r) for r in rows[1:])


@pytest.mark.parametrize("lang", LANGS)
def test_single_report_in_every_format_has_no_english_interface_text(reports, lang):
    report = reports["single"]
    allowed = allowed_english(report)
    page = render(report, "html", report_lang=lang)
    assert f'<html lang="{lang}" dir="{catalog(lang).dir}"' in page
    assert leftover_english(html_text(page, lang), lang, allowed) == []
    assert leftover_english(md_text(render(report, "md", report_lang=lang)), lang, allowed) == []
    for rows, columns in (("criteria", CRITERIA_COLUMNS), ("evidence", EVIDENCE_COLUMNS)):
        header, body = _csv_body_and_header(render(report, "csv", report_lang=lang, csv_rows=rows))
        assert header == [catalog(lang).t(f"csv.{c}") for c in columns]
        assert leftover_english(body, lang, allowed) == []
    assert leftover_english(summary_text(report, report_lang=lang), lang, allowed) == []


@pytest.mark.parametrize("lang", LANGS)
def test_portfolio_in_every_format_has_no_english_interface_text(reports, lang):
    report = reports["many"]
    allowed = allowed_english(report)
    page = render_portfolio(report, "html", lang)
    assert f'<html lang="{lang}" dir="{catalog(lang).dir}"' in page
    assert leftover_english(html_text(page, lang), lang, allowed) == []
    assert leftover_english(md_text(render_portfolio(report, "md", lang)), lang, allowed) == []
    header, body = _csv_body_and_header(render_portfolio(report, "csv", lang))
    assert header[0] == catalog(lang).t("csv.input") and leftover_english(body, lang, allowed) == []
    assert leftover_english(portfolio_summary(report, lang), lang, allowed) == []


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_in_every_format_has_no_english_interface_text(reports, lang):
    report = reports["compare"]
    allowed = allowed_english(reports["many"])
    page = render_compare(report, "html", report_lang=lang)
    assert f'<html lang="{lang}" dir="{catalog(lang).dir}"' in page
    assert leftover_english(html_text(page, lang), lang, allowed) == []
    assert leftover_english(md_text(render_compare(report, "md", report_lang=lang)), lang, allowed) == []
    assert leftover_english(re.sub(r"“[^”]*”", " ", compare_text(report, report_lang=lang)), lang, allowed) == []


def test_the_scan_finds_english_interface_text(reports):
    """The check can fail: an English page scanned as French shows the catalog's English strings."""
    report = reports["single"]
    found = {key for key, _ in leftover_english(html_text(render(report, "html"), "en"), "fr",
                                                allowed_english(report))}
    assert {"gaps.intro", "method.limits", "nav.coverage"} <= found


def test_reasons_are_worded_from_their_data(reports):
    """The structured reason in English words is exactly the engine's English reason; in French it uses
    the French templates (and the signals' descriptions, English until translated)."""
    en, fr = catalog("en"), catalog("fr")
    criteria = [c for d in reports["many"]["documents"] for c in d["result"]["criteria"]]
    kinds = {c["reason_data"]["kind"] for c in criteria}
    assert {"scored", "not_applicable_kind"} <= kinds
    for c in criteria:
        assert criterion_reason(c["reason_data"], c["signals"], en) == c["reason"]
    gap = next(c for c in criteria if c["reason_data"]["kind"] == "scored" and c["reason_data"]["missing"])
    assert fr.t("reason.missing", items="") in criterion_reason(gap["reason_data"], gap["signals"], fr)
    na = next(c for c in criteria if c["reason_data"]["kind"] == "not_applicable_kind")
    assert criterion_reason(na["reason_data"], na["signals"], catalog("zh")).startswith("适用于")


def test_shortfall_is_data_and_worded_per_language():
    from hrba.reporting.reasons import shortfall_text

    assert shortfall_text({"kind": "count", "have": 1, "needed": 3}, catalog("en")) == "1 of 3 paragraphs needed"
    assert shortfall_text({"kind": "distinct", "have": 2, "needed": 3}, catalog("fr")) == "2 distincts sur les 3 requis"


def test_cli_compare_and_review_init_take_report_lang(tmp_path):
    from click.testing import CliRunner

    from hrba.cli import main

    out = tmp_path / "cmp.html"
    result = CliRunner().invoke(main, ["compare", str(EXAMPLES[0]), str(EXAMPLES[1]), "-p", "cca",
                                       "--report-lang", "ar", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in page and catalog("ar").t("cmp.title") in page
    assert catalog("ar").t("sum.footer") in result.output
    bad = CliRunner().invoke(main, ["compare", str(EXAMPLES[0]), str(EXAMPLES[1]), "--report-lang", "tlh"])
    assert bad.exit_code == 2 and "no report catalog" in bad.output


@pytest.mark.parametrize("command", [["score"], ["compare"], ["explain"], ["review", "init"], ["extract"],
                                     ["tag"]])
def test_help_lists_the_valid_values(command):
    from click.testing import CliRunner

    from hrba.cli import main

    text = " ".join(CliRunner().invoke(main, [*command, "--help"]).output.split())
    if "--report-lang" in text:
        assert "ar, en, es, fr, ru or zh" in text.split("--report-lang", 1)[1]
    if "--lang" in text:
        assert "ar, en, es, fr, ru or zh" in text.split("--lang", 1)[1]
    if "--profile" in text:
        assert "cca, cooperation-framework, serp, hno or rrp" in text.split("--profile", 1)[1]


def test_every_option_has_help():
    import click

    from hrba.cli import main

    def options(cmd, path):
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from options(sub, [*path, name])
        else:
            yield from ((" ".join(path), p.name) for p in cmd.params if isinstance(p, click.Option) and not p.help)

    assert list(options(main, [])) == []


def test_json_report_is_valid_and_versioned(reports):
    from test_batch import SCHEMA

    report = json.loads(json.dumps(reports["many"]))
    assert report["schema_version"] == "1.2"
    assert list(SCHEMA.iter_errors(report)) == []


def test_engine_default_english_summary_unchanged(reports):
    text = summary_text(reports["single"])
    assert "overall:" in text and text.endswith("Automated screening of mentions, not proof of quality: review the "
                                                "evidence.")


@pytest.mark.parametrize("lang", LANGS)
def test_set_aside_reasons_are_worded_from_their_data(reports, lang):
    report = reports["single"]
    suppressed = [e for c in report["documents"][0]["result"]["criteria"] for e in c["suppressed"]]
    assert suppressed and all("reason_data" in e for e in suppressed)
    page = render(report, "html", report_lang=lang)
    assert "cancelled by" not in page and catalog(lang).t("suppressed.cancelled").split("{")[0].strip() in page
    assert "cancelled by" in render(report, "html")  # English keeps the JSON's English reason


def english_criterion_text(report: dict) -> list[str]:
    """The English titles, questions, recommendations and signal descriptions of the translated checklists'
    criteria, each cut to its first 48 characters (reports may shorten it), except any that is also the
    wording of a criterion still allowed to fall back to English."""
    criteria = [c for d in report["documents"] if d.get("result") for c in d["result"]["criteria"]]
    fallback = " | ".join(_flat(a) for a in allowed_english(report))
    texts = set()
    for c in criteria:
        if c["checklist"] in TRANSLATED_CHECKLISTS:
            texts.update([c["title"], c["question"], c["recommendation"] or ""])
            texts.update(s["description"] for s in c["signals"])
    return sorted({_flat(t)[:48] for t in texts if t and _flat(t)[:48] not in fallback})


def english_criterion_text_in(text: str, english: list[str]) -> list[str]:
    text = _flat(text)
    return [e for e in english if e in text]


def visible_text(page: str) -> str:
    """The page's visible text without quotes, but with rule text marked as English (a fallback)."""
    tree = HTMLParser(page)
    for node in tree.css("blockquote, script, style"):
        node.decompose()
    return tree.body.text(separator=" ")


@pytest.mark.parametrize("lang", LANGS)
def test_translated_criteria_show_no_english_in_any_output(reports, lang):
    """The cooperation-framework criteria read in the report's language in every output: none of their
    English titles, questions, recommendations or signal descriptions, and no fallback marker on them."""
    single, many = reports["single"], reports["many"]
    english = english_criterion_text(many)
    assert len(english) > 60  # titles, questions, recommendations and descriptions of 19 criteria
    page = render(single, "html", report_lang=lang)
    outputs = {
        "html": visible_text(page),
        "md": md_text(render(single, "md", report_lang=lang)),
        "csv": render(single, "csv", report_lang=lang, csv_rows="criteria"),
        "summary": summary_text(single, report_lang=lang),
        "portfolio html": visible_text(render_portfolio(many, "html", lang)),
        "portfolio md": md_text(render_portfolio(many, "md", lang)),
        "portfolio csv": render_portfolio(many, "csv", lang),
        "compare html": visible_text(render_compare(reports["compare"], "html", report_lang=lang)),
        "compare md": md_text(render_compare(reports["compare"], "md", report_lang=lang)),
    }
    assert {name: english_criterion_text_in(text, english) for name, text in outputs.items()} == \
        {name: [] for name in outputs}
    tree = HTMLParser(page)
    for c in single["documents"][0]["result"]["criteria"]:
        if c["checklist"] not in TRANSLATED_CHECKLISTS:
            continue
        card = tree.css_first(f"#d1-{c['id']}")
        assert card is not None and not card.css(".fallback"), c["id"]
        assert _flat(c["translations"]["title"][lang]) in _flat(card.text(separator=" "))


def test_the_criterion_text_scan_finds_english(reports):
    """The check can fail: the English report shows the English criterion text it looks for."""
    english = english_criterion_text(reports["many"])
    found = english_criterion_text_in(visible_text(render(reports["single"], "html")), english)
    assert len(found) > 40
