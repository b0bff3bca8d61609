"""Each evidence rule kind, on a small checklist written for the purpose."""

from pathlib import Path

import pytest

from hrba.engine.pipeline import Engine
from hrba.engine.rules import load_checklist
from hrba.engine.vocabulary import Vocabulary

from helpers import RULES, criterion, doc

LEVELS = """
    levels:
      approaches: {all: [s]}
      meets: {all: [s]}
    recommendations: {missing: Do it., approaches: Do more.}
    examples: [{level: missing, text: "x"}, {level: meets, text: "y"}]
"""


def engine_for(tmp_path: Path, signal_yaml: str, extra: str = "") -> Engine:
    text = f"""id: kinds
version: 1.0.0
title: Signal kinds
basis: A/HRC/49/68 para 14
vocabularies: ["{RULES / 'vocab.yaml'}"]
principles: [{{id: p, title: P, basis: A/HRC/49/68 para 14}}]
criteria:
  - id: K-01
    principle: p
    title: t
    question: q?
    basis: A/HRC/49/68 para 14
{extra}    signals:
      s:
{signal_yaml}
{LEVELS}"""
    path = tmp_path / "kinds.yaml"
    path.write_text(text, encoding="utf-8")
    return Engine([load_checklist(path, Vocabulary())])


def level(engine: Engine, *paragraphs: str, **kw) -> str | None:
    return criterion(engine, doc(*paragraphs, **kw), "K-01").level


def test_concepts_any(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.ground.*]")
    assert level(e, "By age.") == "meets"
    assert level(e, "Nothing.") == "missing"


def test_all_concepts_in_one_paragraph(tmp_path):
    e = engine_for(tmp_path, "        all: [tst.data, tst.disagg]")
    assert level(e, "Data are disaggregated.") == "meets"
    assert level(e, "Data exist.", "Something disaggregated.") == "missing"


def test_phrases(tmp_path):
    e = engine_for(tmp_path, "        phrases: [leave no one behind, ne laisser personne de côté]")
    assert level(e, "We will leave no one\nbehind.") == "meets"
    assert level(e, "Pour ne laisser personne de côté.") == "meets"
    assert level(e, "Leave someone behind.") == "missing"


def test_all_phrases_in_one_paragraph(tmp_path):
    e = engine_for(tmp_path, "        all_phrases: [rights-holders, duty-bearers]")
    assert level(e, "Rights holders and duty bearers are named.") == "meets"
    assert level(e, "Rights-holders are named.", "Duty-bearers too.") == "missing"


def test_concepts_and_all_phrases_together(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.data]\n        all_phrases: [census]")
    assert level(e, "Census data.") == "meets"
    assert level(e, "Data only.") == "missing"


def test_regex_is_bounded_and_used(tmp_path):
    e = engine_for(tmp_path, '        regex: "sdg ?(?:1[0-7]|[1-9])\\\\b"')
    assert level(e, "Aligned with SDG 16.") == "meets"
    assert level(e, "Aligned with SDG 18.") == "missing"


def test_near_within_sentence(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.disagg]\n        near: {concepts: [tst.ground.*], within: sentence}")
    assert level(e, "Results disaggregated by sex.") == "meets"
    assert level(e, "Results disaggregated. Sex is recorded.") == "missing"


def test_near_within_paragraph(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.disagg]\n        near: {concepts: [tst.ground.*], within: paragraph}")
    assert level(e, "Results disaggregated. Sex is recorded.") == "meets"
    assert level(e, "Results disaggregated.", "Sex is recorded.") == "missing"


def test_near_within_words(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.disagg]\n        near: {concepts: [tst.ground.*], within: 3}")
    assert level(e, "Disaggregated by sex.") == "meets"
    assert level(e, "Disaggregated figures were produced by the office for sex.") == "missing"


def test_min_distinct(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.ground.*]\n        min_distinct: {count: 3}")
    assert level(e, "By sex, age and disability.") == "meets"
    assert level(e, "By sex and age.", "Sex again.") == "missing"


def test_unless_suppresses_and_says_why(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.disagg]\n        unless: {concepts: [tst.neg], within: 4}")
    result = criterion(e, doc("No disaggregated data exist."), "K-01")
    assert result.level == "missing"
    assert len(result.suppressed) == 1
    assert "'No'" in result.suppressed[0].suppressed
    assert result.needs_review
    assert level(e, "Data are disaggregated.") == "meets"


def test_unless_window_is_bounded(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.disagg]\n        unless: {concepts: [tst.neg], within: 2}")
    assert level(e, "No doubt that all the survey results will be disaggregated.") == "meets"


def test_scope_sections(tmp_path):
    e = engine_for(tmp_path, '        concepts: [tst.data]\n        scope: {sections: ["^annex"], exclude: true}')
    sections = [("1. Context",), ("Annex I",)]
    assert level(e, "Intro.", "Data tables.", sections=sections) == "missing"
    assert level(e, "Data here.", "Tables.", sections=sections) == "meets"


def test_scope_kinds(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.data]\n        scope: {kinds: [paragraph]}")
    assert level(e, "# Data", "Nothing more.") == "missing"


def test_min_count(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.data]\n        min_count: 2")
    assert level(e, "Data once.") == "missing"
    assert level(e, "Data once.", "Data twice.") == "meets"


def test_applies_if(tmp_path):
    extra = "    applies_if: ctx\n"
    e = engine_for(tmp_path, "        concepts: [tst.data]\n      ctx:\n        concepts: [tst.conflict]", extra)
    assert level(e, "Data only.") is None
    assert level(e, "Data in conflict settings.") == "meets"


def test_applies_to_kind(tmp_path):
    extra = "    applies_to: [hno]\n"
    e = engine_for(tmp_path, "        concepts: [tst.data]", extra)
    e.kind = "cca"
    assert level(e, "Data.") is None
    e.kind = "hno"
    assert level(e, "Data.") == "meets"


def test_exclusion_in_vocabulary(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.conflict]")
    assert level(e, "A conflict of interest was declared.") == "missing"
    assert level(e, "The UPR noted it.") == "meets"
    assert level(e, "The upr noted it.") == "missing"


# One criterion (tests/rules/mini.yaml) reaching "meets" in each UN language, and a negated case.
MEETS = {
    "en": "Data will be disaggregated by sex.",
    "fr": "Les données seront ventilées selon le sexe et l'âge.",
    "es": "Los datos se desglosarán por sexo y edad.",
    "ru": "Данные будут дезагрегированы по полу и возрасту.",
    "ar": "سيتم جمع البيانات المصنفة حسب الجنس والعمر.",
    "zh": "数据将按性\n别和年龄分列。",
}
NEGATED = {
    "en": "No data disaggregated by sex are available.",
    "fr": "Il n'existe pas de données ventilées par sexe.",
    "es": "No existen datos desglosados por sexo.",
    "ru": "Данные, дезагрегированные по полу, отсутствуют.",
    "ar": "لا تتوفر البيانات المصنفة حسب الجنس.",
    "zh": "没有按性别分列的数据。",
}


@pytest.fixture(scope="module")
def mini():
    from helpers import mini_engine

    return mini_engine()


@pytest.mark.parametrize("lang", sorted(MEETS))
def test_meets_in_each_language(mini, lang):
    result = criterion(mini, doc(MEETS[lang]), "MINI-01")
    assert result.level == "meets", result.reason
    assert result.evidence[0].lang == lang


@pytest.mark.parametrize("lang", sorted(NEGATED))
def test_negation_in_each_language(mini, lang):
    result = criterion(mini, doc(NEGATED[lang]), "MINI-01")
    assert result.level in ("missing", "approaches"), result.reason
    assert result.suppressed, f"{lang}: the negated statement should be shown as suppressed"


def test_a_cue_inside_a_longer_term_is_not_a_cue(tmp_path):
    e = engine_for(tmp_path, "        concepts: [tst.disagg]\n        unless: {concepts: [tst.neg], within: 4}")
    assert level(e, "Disaggregated, with the right not to answer.") == "meets"
    assert level(e, "Disaggregated, but not by sex.") == "missing"


def test_min_sections_needs_evidence_in_distinct_sections(tmp_path):
    """'Across several sections, not one paragraph': two paragraphs of one section are not enough."""
    e = engine_for(tmp_path, "        concepts: [tst.data]\n        min_sections: 2")
    one = [("Health",), ("Health",)]
    two = [("Health",), ("Education",)]
    assert level(e, "Data by age.", "More data.", sections=one) == "missing"
    assert level(e, "Data by age.", "More data.", sections=two) == "meets"
    result = criterion(e, doc("Data by age.", "More data.", sections=one), "K-01")
    assert result.signals["s"].shortfall == "1 of 2 sections needed"


def test_phrases_of_different_signals_never_hide_each_other(tmp_path):
    """Each signal's inline phrases are their own group: a longer phrase of one signal ("will be consulted")
    must not hide a shorter overlapping one of another signal ("be consulted"), whatever the criterion."""
    e = engine_for(tmp_path, "        phrases: [be consulted]\n      t:\n        phrases: [will be consulted, consulted on]")
    result = criterion(e, doc("Groups will be consulted on the plan."), "K-01")
    assert result.signals["s"].found and result.signals["t"].found
    assert result.level == "meets"
