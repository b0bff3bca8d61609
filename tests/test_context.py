"""Negation and absence per sentence (NegEx/ConText), sentence functions and the stuffing guard.

The negation patterns are those of issue 11; before the sentence engine each of these anchors
counted (a 5-8 word ``unless`` window missed them or the cue did not exist in that language).
"""

from __future__ import annotations

import json

import pytest

from hrba.engine.context import BlockContext, default_modifiers, load_modifiers, run_cases
from hrba.engine.errors import RuleError
from hrba.engine.pipeline import Engine
from hrba.engine.rules import load_checklist
from hrba.engine.scoring import score_criterion
from hrba.engine.textindex import DocumentIndex, sentence_spans

from helpers import RULES, doc


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine([load_checklist(RULES / "context.yaml")])


def _score(engine: Engine, cid: str, text: str, lang: str):
    crit = next(c for c in engine.checklists[0].criteria if c.id == cid)
    index = DocumentIndex.build(doc(*text.split("\n\n"), lang=lang), engine.matcher, engine.modifiers)
    return score_criterion(crit, index, None)


@pytest.mark.parametrize("case", range(len(default_modifiers().cases)))
def test_modifier_cases(case):
    """Every case of checklists/context/modifiers.yaml (also run by `hrba checklists test`)."""
    outcome = run_cases()[case]
    assert outcome.passed, f"line {outcome.line} [{outcome.lang}] {outcome.text}: {outcome.problems}"


# (language, text, the anchor that must be suppressed): the patterns of issue 11 in every language.
NEGATED = [
    ("en", "The mechanisms have never been consulted; the special procedures have never been consulted either.", "special procedures"),
    ("en", "Civil society organizations were excluded from the consultations.", "Civil society organizations"),
    ("en", "The human rights impact of the programme remains unassessed.", "human rights impact"),
    ("en", "Reports by the national human rights institution were promised in the 2012 plan and, a decade later, "
           "the Government says they are still not produced.", "national human rights institution"),
    ("en", "There is no national human rights institution.", "national human rights institution"),
    ("fr", "Les procédures spéciales n'ont jamais été consultées.", "procédures spéciales"),
    ("fr", "Les organisations de la société civile ont été exclues des consultations.", "société civile"),
    ("fr", "Le plan ne mentionne jamais les procédures spéciales.", "procédures spéciales"),
    ("es", "Los procedimientos especiales nunca han sido consultados.", "procedimientos especiales"),
    ("es", "Las organizaciones de la sociedad civil fueron excluidas de las consultas.", "sociedad civil"),
    ("es", "No existe una institución nacional de derechos humanos.", "institución nacional de derechos humanos"),
    ("ru", "В стране до сих пор нет национального правозащитного учреждения.", "национального правозащитного учреждения"),
    ("ru", "Организации гражданского общества были исключены из консультаций.", "гражданского общества"),
    ("ru", "Специальные процедуры никогда не были проконсультированы.", "Специальные процедуры"),
    ("ar", "لم تنشئ الدولة مؤسسة وطنية لحقوق الإنسان.", "مؤسسة وطنية لحقوق الإنسان"),
    ("ar", "تم استبعاد منظمات المجتمع المدني من المشاورات.", "المجتمع المدني"),
    ("zh", "该国尚未设立国家人权机构。", "国家人权机构"),
    ("zh", "从未与特别程序进行协商。", "特别程序"),
    ("zh", "该计划不采用基于人权的方针。", "基于人权的方针"),
    ("zh", "没有国家人权机构。", "国家人权机构"),
    ("zh", "缺乏国家人权机构的参与。", "国家人权机构"),
]


@pytest.mark.parametrize("lang,text,anchor", NEGATED, ids=[f"{c[0]}-{i}" for i, c in enumerate(NEGATED)])
def test_negated_anchor_is_suppressed_with_its_cue(engine, lang, text, anchor):
    result = _score(engine, "CTX-01", text, lang)
    named = result.signals["named"]
    assert not named.found, [e.quote for e in named.evidence]
    assert result.level == "missing"
    (ev, *_) = named.suppressed
    assert "(negation, " in ev.suppressed and ev.suppressed.startswith("cancelled by ")
    assert any(h.role == "anchor" and (h.text in anchor or anchor in h.text) for h in ev.highlights), ev.highlights
    assert any(h.role == "unless" for h in ev.highlights)  # the cue is highlighted as the cancelling one


# Look like negation, are not: pseudo-triggers, double negation, terminators, purpose clauses.
NOT_NEGATED = [
    ("en", "The plan not only names the national human rights institution but also funds it."),
    ("en", "Civil society organizations are no longer excluded from the consultations."),
    ("en", "The State has not ratified the Convention, but the national human rights institution consulted civil society."),
    ("en", "Programmes leave no one behind and involve the national human rights institution."),
    ("fr", "Non seulement la société civile mais aussi le parlement ont été consultés."),
    ("es", "No solo la sociedad civil sino también el parlamento participaron en las consultas."),
    ("ru", "Не только гражданское общество, но и парламент участвовали в консультациях."),
    ("ar", "شاركت منظمات المجتمع المدني، لا سيما منظمات النساء، في المشاورات."),
    ("zh", "国家人权机构尚未设立，但民间社会参与了协商。"),
    ("zh", "不平等现象促使民间社会参与协商。"),
]


@pytest.mark.parametrize("lang,text", NOT_NEGATED, ids=[f"{c[0]}-{i}" for i, c in enumerate(NOT_NEGATED)])
def test_pseudo_negation_does_not_suppress(engine, lang, text):
    result = _score(engine, "CTX-01", text, lang)
    assert result.signals["named"].found, [e.suppressed for e in result.signals["named"].suppressed]


def test_negated_near_cue_cancels_co_occurrence(engine):
    """The anchor is asserted, the participation it needs is negated: no consultation found."""
    result = _score(engine, "CTX-01", "The special procedures were not consulted on the draft.", "en")
    assert result.signals["consulted"].suppressed and not result.signals["consulted"].found
    ok = _score(engine, "CTX-01", "The special procedures were consulted on the draft.", "en")
    assert ok.signals["consulted"].found and ok.level == "meets"


def test_cue_of_another_language_does_not_act():
    """Spanish "no" is a cue in Spanish blocks; in a French block the word means nothing to NegEx."""
    mods = default_modifiers()
    text = "La institución nacional no fue consultada."
    es = BlockContext(mods, text, "es", sentence_spans(text), [])
    fr = BlockContext(mods, text, "fr", sentence_spans(text), [])
    assert es.sentence(0).negation(3, 24) is not None
    assert fr.sentence(0).negation(3, 24) is None


def test_keep_negated_signal_sees_absence(engine):
    """A signal about data gaps keeps what negation would suppress."""
    result = _score(engine, "CTX-02", "There are no data on persons with disabilities.", "en")
    assert result.signals["gaps"].found
    assert not result.signals["named"].found and result.signals["named"].suppressed


@pytest.mark.parametrize("lang,text,level", [
    ("en", "Women and migrants live in the capital.", "approaches"),
    ("en", "According to the 2019 survey, 41 per cent of migrant women have no work contract.", "meets"),
    ("en", "Girls leave school early because of child marriage.", "meets"),
    ("en", "The programme will register all children and persons with disabilities.", "meets"),
    ("en", "Because of distance, rural women give birth at home. The UN will fund midwives for rural women.", "exceeds"),
    ("fr", "Les femmes rurales quittent l'école en raison du mariage précoce.", "meets"),
    ("es", "Según el censo, el 40 % de los pueblos indígenas vive en la pobreza.", "meets"),
    ("ru", "Девочки бросают школу из-за ранних браков.", "meets"),
    ("ar", "سوف تدعم الأمم المتحدة تسجيل الأطفال.", "meets"),
    ("zh", "由于童婚，女童过早辍学。", "meets"),
    ("zh", "联合国将支持对残疾人的服务。", "meets"),
    ("en", "Article 12 of the Constitution prohibits discrimination against women because of sex.", "approaches"),
])
def test_sentence_function_signals(engine, lang, text, level):
    assert _score(engine, "CTX-02", text, lang).level == level


@pytest.mark.parametrize("lang,text,level", [
    ("en", "Take further measures to register all children and persons with disabilities.", "approaches"),
    ("en", "The programme will make every effort to register all children.", "approaches"),
    ("en", "Take effective measures to register all children and persons with disabilities.", "meets"),
    ("fr", "Poursuivre ses efforts pour enregistrer tous les enfants.", "approaches"),
    ("ru", "Принять дополнительные меры по регистрации всех детей.", "approaches"),
    ("zh", "采取进一步措施为所有儿童登记。", "approaches"),
])
def test_a_generic_pledge_is_no_commitment(engine, lang, text, level):
    """'Continue its efforts', 'further measures', 'consider' (functions.commitment.pseudo) cancel the commitment."""
    assert _score(engine, "CTX-02", text, lang).level == level


def test_function_rejections_are_explained(engine):
    result = _score(engine, "CTX-02", "Women and migrants live in the capital.", "en")
    whys = {why for _, _, why in result.signals["analysed"].rejected}
    assert whys == {"not a cause or finding sentence"}
    legal = _score(engine, "CTX-02", "Article 12 of the Constitution prohibits discrimination against women because of sex.", "en")
    assert any(why.startswith("a legal_statement sentence") for _, _, why in legal.signals["analysed"].rejected)


BUZZ = {
    "en": ("The plan embraces the human rights-based approach, leave no one behind, gender equality, non-discrimination, "
           "participation, accountability, resilience and sustainability for women, children, youth, older persons, "
           "persons with disabilities, indigenous peoples, migrants, refugees, minorities and LGBTI persons, with the "
           "universal periodic review, treaty bodies, special procedures and the national human rights institution."),
    "zh": ("本计划体现基于人权的方针、不让任何一个人掉队、性别平等、不歧视、参与、问责、复原力和可持续性，涵盖妇女、儿童、青年、"
           "老年人、残疾人、土著人民、移民、难民、少数群体，并涉及普遍定期审议、条约机构、特别程序和国家人权机构。"),
}


@pytest.mark.parametrize("lang", sorted(BUZZ))
def test_stuffing_guard_caps_a_buzzword_paragraph(lang):
    """Names everything, analyses nothing: mentions only, approaches at most, and explain says so."""
    engine = Engine.from_options(["cooperation-framework"])
    result = engine.score(doc(BUZZ[lang], lang=lang))
    levels = {r.criterion.id: r.level for r in result.criteria}
    assert all(level in ("missing", "approaches", None) for level in levels.values()), levels
    assert result.guard and result.overall.level in ("missing", "approaches")
    evidence = [e for r in result.criteria for e in r.evidence]
    assert evidence and all(e.mention_only for e in evidence)


def test_stuffing_guard_named_in_reason_and_json():
    from hrba.engine.results import criterion_to_dict
    engine = Engine([load_checklist(RULES / "context.yaml")])
    text = BUZZ["en"].replace("The plan embraces", "The plan embraces, driven by")  # a cause cue, still a list
    crit = next(c for c in engine.checklists[0].criteria if c.id == "CTX-02")
    index = DocumentIndex.build(doc(BUZZ["en"], lang="en"), engine.matcher, engine.modifiers)
    plain = score_criterion(crit, index, None)
    assert plain.level == "approaches" and plain.guard is None  # no function: meets was never reached
    crit_named = next(c for c in engine.checklists[0].criteria if c.id == "CTX-01")
    guarded = score_criterion(crit_named, DocumentIndex.build(doc(text, lang="en"), engine.matcher, engine.modifiers), None)
    assert guarded.level in ("approaches", "meets")
    data = json.loads(json.dumps(criterion_to_dict(plain, engine.vocabulary)))
    assert all(e.get("mention_only") for e in data["evidence"])


def test_meets_through_stuffed_list_is_capped(engine):
    """A long list of actors 'consulted' with no finding, cause or commitment: a mention, not meets."""
    text = ("Consultations involved civil society, the national human rights institution, parliament, trade unions, "
            "universities, municipalities, employers, journalists, human rights defenders, the special procedures, "
            "the treaty bodies and the universal periodic review.")
    result = _score(engine, "CTX-01", text, "en")
    assert result.signals["consulted"].found and result.level == "approaches"
    assert result.guard and "stuffing guard" in result.reason


def test_bad_modifiers_file_names_file_line_and_key(tmp_path):
    bad = tmp_path / "modifiers.yaml"
    text = (RULES.parent.parent / "checklists" / "context" / "modifiers.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("  commitment:\n", "  commitmnt:\n", 1), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_modifiers(bad)
    assert "modifiers.yaml" in str(err.value) and "commitmnt" in str(err.value)


def test_unknown_function_in_checklist_is_refused(tmp_path):
    src = (RULES / "context.yaml").read_text(encoding="utf-8").replace("function: [commitment]", "function: [promise]")
    path = tmp_path / "c.yaml"
    path.write_text(src, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_checklist(path)
    assert "function" in str(err.value) and "c.yaml" in str(err.value)


@pytest.mark.parametrize("text, finding", [
    ("110.66. Adopt effective measures to combat extremism (Uzbekistan);", False),
    ("98.38. Take effective legal and practical measures to eliminate discrimination (Azerbaijan);", False),
    ("5. Women earn 2.5 times less than men in rural areas.", True),
    ("57. Some 1,200 families were displaced.", True),
])
def test_block_number_is_not_a_figure(text, finding):
    """A UN paragraph number ("110.66.") opens most blocks of a report: it is not a finding's figure."""
    ctx = BlockContext(default_modifiers(), text, "en", sentence_spans(text), [])
    assert ("finding" in ctx.sentence(0).functions) is finding


@pytest.mark.parametrize("lang, text, indicator", [
    ("en", "Key terms: human rights indicators, disaggregated data, SDG monitoring.", False),
    ("zh", "关键术语：人权指标、分列数据、可持续发展目标监测。", False),
    ("en", "Indicator 2.1: share of women in local councils (baseline 12 per cent).", True),
    ("zh", "指标：地方议会中妇女的比例。", True),
])
def test_function_word_inside_a_concept_name_is_a_name(lang, text, indicator):
    """A glossary that names 'human rights indicators' has no indicator sentence (the stuffing guard
    would otherwise let any buzzword list through)."""
    engine = Engine.from_options()
    index = DocumentIndex.build(doc(text, lang=lang), engine.matcher, engine.modifiers)
    assert ("indicator" in index.blocks[0].context.sentence(0).functions) is indicator


def test_cue_inside_a_vocabulary_term_is_no_function():
    """'census' or 'human rights indicators' in a glossary name concepts; they are no finding or indicator."""
    engine = Engine.from_options(["cooperation-framework"])
    index = DocumentIndex.build(doc("Key terms of this plan: census, human rights indicators, women, migrants.", lang="en"),
                                engine.matcher, engine.modifiers)
    assert index.blocks[0].context.sentence(0).functions == {}
    index = DocumentIndex.build(doc("According to the census, 41 per cent of migrant women are unemployed.", lang="en"),
                                engine.matcher, engine.modifiers)
    assert "finding" in index.blocks[0].context.sentence(0).functions


@pytest.mark.parametrize("lang,text", [
    ("en", "Data on persons with disabilities have never been collected."),
    ("fr", "Les données sur les personnes handicapées n'ont jamais été collectées."),
    ("zh", "从未收集关于残疾人的数据。"),
])
def test_data_gap_signals_keep_negated_anchors(lang, text):
    """DATA-03 looks for absence: its gap signals keep what the negation engine suppresses elsewhere."""
    engine = Engine.from_options(["data"])
    result = next(r for r in engine.score(doc(text, lang=lang)).criteria if r.criterion.id == "DATA-03")
    assert result.signals["gap_on_group"].found, result.reason


@pytest.mark.parametrize("lang,word", [("en", "finding with specifics"), ("fr", "constat chiffré ou sourcé"), ("zh", "原因")])
def test_report_says_which_sentence_function_a_signal_needs(lang, word):
    from hrba.reporting.i18n import catalog
    from hrba.reporting.viewmodel import requirement
    text = requirement({"concepts": ["group.*"], "function": ["finding", "cause"], "min_sections": 2}, catalog(lang))
    assert word in text and "2" in text


def test_cooperation_framework_examples_pin_every_level():
    """The rebuilt ladders (issue 12 pilot): every level has an example, in >= 3 languages with one of
    zh/ar/ru, and a name-dropping example that must stay at approaches (run by `hrba checklists test`)."""
    import yaml
    data = yaml.safe_load((RULES.parent.parent / "checklists" / "cooperation-framework.yaml").read_text(encoding="utf-8"))
    for crit in data["criteria"]:
        examples = crit["examples"]
        levels = {e["level"] for e in examples}
        assert {"missing", "approaches", "meets"} | ({"exceeds"} if "exceeds" in crit["levels"] else set()) <= levels, crit["id"]
        langs = {e["lang"] for e in examples}
        assert len(langs) >= 3 and langs & {"zh", "ar", "ru"}, crit["id"]
        assert any(e["level"] == "approaches" and e.get("note", "").startswith("name-dropping") for e in examples), crit["id"]


@pytest.mark.parametrize(("pattern", "first"), [
    (r"\b\d{1,3}(?:[ ,]\d{3})+\b", r"[\d]"),
    (r"[0-9]\s?(?:%|٪)", "[0-9]"),
    (r"^To (?:take|adopt)\b", "T"),
    (r"(?i)\bpercent", "p"),
    (r"(?<!\w)[^a-c\-]+x", r"[^a-c\-]"),
    (r"^(?:Take|Adopt)", None),  # a group first: nothing plain to see
    (r"\d*x", None),  # may start with nothing: no character is sure
    (r".x", None),
])
def test_first_character_search_of_a_function_pattern(pattern, first):
    """A function pattern's first-character search (sentences without such a character skip the
    pattern): the class is the pattern's own, with its flags."""
    import re

    from hrba.engine.context import _first_class

    found = _first_class(re.compile(pattern))
    assert (found and found.pattern) == first
    if found is not None:
        assert found.flags == re.compile(pattern).flags


@pytest.mark.parametrize("text", ["No figures here.", "In 2010, 45 % of 1,200 schools", "١٢٣٬٤٥٦ و ٥٫٥",
                                  "x", "", "To take measures", "ABC-x", "percent PERCENT"])
def test_first_character_search_never_hides_a_match(text):
    """Whenever a pattern matches a text, its first-character search finds something there too."""
    import re

    from hrba.engine.context import _first_class

    patterns = [p for by_lang in default_modifiers().patterns.values() for ps in by_lang.values() for p in ps]
    patterns += [re.compile(p) for p in (r"(?i)\bpercent", r"(?<!\w)[^a-c\-]+x", r"^To (?:take|adopt)\b")]
    for pattern in patterns:
        first = _first_class(pattern)
        if first is not None and pattern.search(text):
            assert first.search(text), (pattern.pattern, text)


def test_whole_blocks_without_a_near_cue_are_explained_in_order(engine):
    """Blocks whose anchors all fall for want of the near cue are worked out when ``rejected`` is read,
    in document order with the anchors rejected one by one in other blocks."""
    result = _score(engine, "CTX-01", "The national human rights institution is active.\n\n"
                    "Civil society was consulted and participated in the drafting.\n\n"
                    "The ombudsperson reported to Parliament.", "en")
    rejected = result.signals["consulted"].rejected
    assert rejected and [b for b, _, _ in rejected] == sorted(b for b, _, _ in rejected)
    assert {b for b, _, why in rejected if why.startswith("no ")} >= {0, 2}
    assert 1 not in {b for b, _, _ in rejected}


@pytest.mark.parametrize("text,may", [
    ("The national human rights institution is active.", False),
    ("There is no national human rights institution.", True),
    ("Not only the institution but also civil society took part.", False),
])
def test_may_negate_only_when_a_cue_can_open_a_scope(text, may):
    ctx = BlockContext(default_modifiers(), text, "en", sentence_spans(text), [])
    assert ctx.may_negate() is may
    assert bool(ctx.sentence(0).scopes) is may


def test_once_computes_on_first_use_only():
    from hrba.engine.context import once

    class Box:
        calls = 0

        @once
        def value(self) -> int:
            Box.calls += 1
            return 42

    box = Box()
    assert (box.value, box.value, Box.calls) == (42, 42, 1)
    assert isinstance(Box.value, once)
