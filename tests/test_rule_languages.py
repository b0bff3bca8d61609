"""Rule text in several languages: per-language maps in checklists, English fallback with a marker in
reports, and checklists that must carry every language they declare (all six for built-ins, once on)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hrba.engine import rules
from hrba.engine.errors import RuleError
from hrba.engine.localtext import LocalText
from hrba.engine.pipeline import Engine
from hrba.engine.results import report as build_report
from hrba.engine.selftest import validate_paths
from hrba.reporting.i18n import catalog
from hrba.reporting.render import render

RULES = Path(__file__).resolve().parent / "rules"
SIX = RULES / "mini-six.yaml"
PLAN = "# Plan\n\n## Data\n\nData will be collected.\n"


def test_local_text_is_english_with_translations():
    text = LocalText({"en": "Privacy", "fr": "Respect de la vie privée"})
    assert text == "Privacy" and text.text("fr") == "Respect de la vie privée" and text.text("zh") == "Privacy"
    assert text.has("fr") and not text.has("ar") and LocalText("Plain").text("fr") == "Plain"
    import pickle

    again = pickle.loads(pickle.dumps(text))
    assert again.text("fr") == "Respect de la vie privée" and str(again) == "Privacy"


def test_loader_keeps_every_language():
    (cl,) = rules.resolve_checklists([str(SIX)])
    crit = cl.criteria[0]
    assert str(cl.title) == "Mini checklist in six languages" and cl.title.text("zh") == "六种语言的小型核对清单"
    assert crit.question.text("fr") == "Les données sont-elles ventilées ?"
    assert crit.recommendations["missing"].text("ru") == "Собирайте данные."
    assert crit.signals["data"].description.text("ar") == "بيانات"
    assert cl.principles[0].title.text("es") == "Desglose"


def _report(checklist: Path, tmp_path: Path) -> dict:
    doc = tmp_path / "plan.md"
    doc.write_text(PLAN, encoding="utf-8")
    engine = Engine.from_options([str(checklist)], None)
    return build_report([engine.score_path(doc)], engine)


def test_report_uses_the_translation_and_marks_english_fallback(tmp_path):
    translated = _report(SIX, tmp_path)
    crit = translated["documents"][0]["result"]["criteria"][0]
    assert crit["title"] == "Data disaggregated by grounds" and crit["translations"]["title"]["fr"]
    page = render(translated, "html", report_lang="fr")
    assert "Données ventilées par motif" in page and "Ventilez-les." in page and "Mini-liste en six langues" in page
    assert catalog("fr").t("fallback.marker") not in page  # everything had a French text
    # the reason in French templates with the signals' French descriptions
    # (one hit: the heading "Data" is not evidence, only body text is)
    assert "trouvé : données (1) — aucun élément trouvé pour : données ventilées dans la même phrase" in page
    plain = _report(RULES / "mini.yaml", tmp_path)
    page = render(plain, "html", report_lang="fr")
    assert '<span lang="en" dir="ltr">Data disaggregated by grounds</span> <small class="fallback"' in page
    md = render(plain, "md", report_lang="fr")
    assert "Data disaggregated by grounds *(en anglais)*" in md
    assert "(en anglais)" not in render(plain, "md")  # English reports carry no marker


def test_a_checklist_missing_a_declared_language_is_refused(tmp_path):
    data = yaml.safe_load(SIX.read_text(encoding="utf-8"))
    del data["criteria"][0]["question"]["fr"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "vocab.yaml").write_text((RULES / "vocab.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"criteria/0/question lacks a translation into fr") as err:
        rules.load_checklist(broken)
    assert err.value.line is not None
    ok, errors = validate_paths([broken])
    assert not ok and "lacks a translation into fr" in str(errors[0])


def test_builtin_checklists_must_carry_six_languages(tmp_path, monkeypatch):
    """Every built-in checklist gives its rule text in the six languages, and `hrba checklists validate`
    refuses a built-in checklist that lacks one, saying where (file, line, key)."""
    assert rules.BUILTIN_REQUIRE_ALL_LANGUAGES is True
    ok, errors = validate_paths()
    assert errors == [], [str(e) for e in errors]
    source = rules.CHECKLIST_DIR / "resilience.yaml"
    text = source.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    zh = data["criteria"][0]["question"]["zh"]
    broken = tmp_path / "resilience.yaml"
    broken.write_text(text.replace(f'      zh: "{zh}"\n', "", 1), encoding="utf-8")
    assert broken.read_text(encoding="utf-8") != text
    monkeypatch.setattr(rules, "CHECKLIST_DIR", tmp_path)  # the copy stands where built-in checklists do
    with pytest.raises(RuleError, match=r"criteria/0/question lacks a translation into zh") as err:
        rules.load_checklist(broken)
    assert err.value.line is not None


def test_builtin_checklist_and_principle_titles_are_in_six_languages():
    for cl in rules.resolve_checklists():
        for text in [cl.title, cl.description, *(p.title for p in cl.principles)]:
            assert all(text.has(lang) for lang in ("ar", "es", "fr", "ru", "zh")), (cl.id, str(text))
    names = {p.title.text("zh") for cl in rules.resolve_checklists() for p in cl.principles}
    assert {"不让任何一个人掉队", "基于人权的方法", "分列"} <= names


def test_review_init_writes_titles_in_the_report_language(tmp_path):
    from click.testing import CliRunner

    from hrba.cli import main

    doc = tmp_path / "plan.md"
    doc.write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "init", str(doc), "-c", str(SIX), "--report-lang", "zh"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "plan.review.yaml").read_text(encoding="utf-8")
    assert "# 按理由分列的数据 (mini-six/disaggregation" in text
    result = CliRunner().invoke(main, ["review", "init", str(doc), "-c", str(RULES / "mini.yaml"), "--force",
                                       "--report-lang", "zh"])
    assert "# Data disaggregated by grounds (" in (tmp_path / "plan.review.yaml").read_text(encoding="utf-8")
