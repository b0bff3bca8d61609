"""Word-sense rules in vocabularies: a neighbouring word required or forbidden, the case a term is
written in, strict validation (file, line, key), and the built-in rules' effect on tags and levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrba.engine.errors import RuleError
from hrba.engine.pipeline import Engine
from hrba.engine.selftest import run_sense_examples
from hrba.engine.tagging import Tagger
from hrba.engine.vocabulary import load_vocabulary, load_vocabulary_file

from helpers import criterion, doc

VOCAB = """\
vocabulary: tst
concepts:
  tst.conflict:
    label: Violent conflict
    terms:
      ar: [النزاع]
      en: [conflict, armed conflict]
      es: [conflicto, fiables]
      fr: [conflit, fiables]
      ru: [конфликт]
      zh: [冲突]
    sense:
      en:
        - terms: [conflict]
          forbids: [with the law]
          within: 2
          why: children in conflict with the law are not in a war
          examples: {kept: [The conflict displaced thousands.], dropped: [Children in conflict with the law.]}
      fr:
        - terms: [conflit]
          requires: [armé*, violent*]
          why: only armed or violent conflict
          examples: {kept: [Un conflit armé.], dropped: [Un conflit de compétences.]}
      zh:
        - requires: [武装, 暴力]
          why: only armed or violent conflict
          examples: {kept: [武装冲突。], dropped: [法律冲突。]}
  tst.status:
    label: A status
    terms:
      ar: [الفئة ألف]
      en: [A status]
      es: [categoría A]
      fr: [statut A]
      ru: [статус А]
      zh: [A级]
    sense:
      en:
        - case: exact
          why: an all-caps "A STATUS" is an article and a noun
          examples: {kept: [The institution has A status.], dropped: [THE INSTITUTION REQUESTED A STATUS REVIEW.]}
"""


@pytest.fixture()
def vocab_path(tmp_path: Path) -> Path:
    path = tmp_path / "senses.yaml"
    path.write_text(VOCAB, encoding="utf-8")
    return path


@pytest.fixture()
def tagger(vocab_path: Path) -> Tagger:
    return Tagger(load_vocabulary_file(vocab_path))


def tags(tagger: Tagger, text: str) -> list[str]:
    return tagger.tag(text).concepts


def test_forbidden_word_within_the_window_drops_the_concept(tagger):
    assert tags(tagger, "Rehabilitation for children in conflict with the law.") == []
    assert tags(tagger, "The conflict displaced thousands.") == ["tst.conflict"]
    # Beyond two words the forbidden phrase no longer governs this term.
    assert tags(tagger, "The conflict in the north, with the law of war ignored.") == ["tst.conflict"]
    # A term the rule does not list is not governed.
    assert tags(tagger, "The armed conflict with the law enforcement agencies.") == ["tst.conflict"]


def test_required_word_in_the_sentence(tagger):
    assert tags(tagger, "法律冲突。") == []
    assert tags(tagger, "武装冲突造成流离失所。") == ["tst.conflict"]
    # The required word must be in the same sentence.
    assert tags(tagger, "武装部队已撤离。法律冲突。") == []


def test_a_term_shared_by_languages_stands_when_one_language_lets_it(tmp_path):
    # "fiables" is French and Spanish; only French has a rule: the text's language is not known
    # when matching, so the Spanish sense (no rule) keeps it.
    path = tmp_path / "shared.yaml"
    path.write_text(VOCAB.replace("        - terms: [conflit]\n          requires: [armé*, violent*]",
                                  "        - terms: [fiables]\n          requires: [données]"), encoding="utf-8")
    tagger = Tagger(load_vocabulary_file(path))
    assert tags(tagger, "Jueces fiables.") == ["tst.conflict"]
    assert tags(tagger, "Des données fiables.") == ["tst.conflict"]
    assert tags(tagger, "Un conflit de compétences.") == ["tst.conflict"]  # no longer governed


def test_exact_case(tagger):
    assert tags(tagger, "The institution has A status.") == ["tst.status"]
    assert tags(tagger, "THE INSTITUTION REQUESTED A STATUS REVIEW.") == []
    assert tags(tagger, "It requested a status review.") == []
    assert tags(tagger, "Un conflit de compétences.") == []
    assert tags(tagger, "Un conflit armé.") == ["tst.conflict"]


def test_the_dropped_concept_is_an_exclusion_and_explained(tagger):
    text = "Children in conflict with the law."
    match = next(m for m in tagger.find(text) if m.text == "conflict")
    assert match.concepts == () and match.excluded == ("tst.conflict",)
    assert tagger.matchers.senses.explain(text, match, "tst.conflict") == "children in conflict with the law are not in a war"


def test_sense_examples_run(vocab_path):
    outcomes = run_sense_examples(load_vocabulary_file(vocab_path))
    assert len(outcomes) == 8 and all(o.passed for o in outcomes), [o for o in outcomes if not o.passed]


def test_a_failing_sense_example_is_reported(vocab_path, tmp_path):
    path = tmp_path / "wrong.yaml"
    path.write_text(VOCAB.replace("dropped: [法律冲突。]", "dropped: [武装冲突。]"), encoding="utf-8")
    failed = [o for o in run_sense_examples(load_vocabulary_file(path)) if not o.passed]
    assert [(o.criterion, o.expected, o.actual, o.lang) for o in failed] == [
        ("tst.conflict sense zh[0]", "dropped", "kept", "zh")]
    assert failed[0].line == next(i for i, line in enumerate(VOCAB.splitlines(), 1) if "- requires: [武装" in line)


@pytest.mark.parametrize(
    "old, new, message, pointer",
    [
        ("        - terms: [conflict]\n", "        - terms: [conflit]\n", "'conflit' is not a en term of tst.conflict",
         "/concepts/tst.conflict/sense/en/0/terms/0"),
        ("          forbids: [with the law]\n", "          forbids: [with the law]\n          requires: [With The Law]\n",
         "'with the law' is both required and forbidden", "/concepts/tst.conflict/sense/en/0/forbids/0"),
        ("          within: 2\n", "          within: 99\n", "", "/concepts/tst.conflict/sense/en/0/within"),
        ("          within: 2\n", "          whithin: 2\n", "unknown key 'whithin'", "/concepts/tst.conflict/sense/en/0/whithin"),
        ("          why: children in conflict with the law are not in a war\n", "", "'why' is required",
         "/concepts/tst.conflict/sense/en/0"),
        ("        - case: exact\n", "        - case: upper\n", "", "/concepts/tst.status/sense/en/0"),
        ("      zh:\n        - requires: [武装, 暴力]\n", "      de:\n        - requires: [Krieg]\n", "unknown key 'de'",
         "/concepts/tst.conflict/sense/de"),
    ],
)
def test_malformed_sense_rules_name_file_line_and_key(tmp_path, old, new, message, pointer):
    assert old in VOCAB
    text = VOCAB.replace(old, new, 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_vocabulary_file(path)
    assert err.value.path == str(path)
    assert message in err.value.message
    assert err.value.pointer.startswith(pointer)
    assert err.value.line is not None


def test_builtin_sense_examples_pass():
    failed = [o for o in run_sense_examples(load_vocabulary()) if not o.passed]
    assert not failed, [(o.criterion, o.text) for o in failed]


@pytest.mark.parametrize("lang, text", [
    ("en", "Ensure the timely administration of justice and timely hearings for asylum claimants."),
    ("zh", "确保及时审理案件，及时批准公约。"),
])
def test_timely_alone_is_not_data_quality(lang, text):
    engine = Engine.from_options(["cooperation-framework"])
    assert criterion(engine, doc(text, lang=lang), "CF-ACC-03").level == "missing"


def test_a_family_reference_names_its_own_concepts_only():
    vocabulary = load_vocabulary()
    actors = vocabulary.expand("actor.*")
    assert "actor.civil_society" in actors and not [c for c in actors if c.startswith("actor.un_entity.")]
    assert {"actor.un_entity.unhcr", "actor.un_entity.who"} <= set(vocabulary.expand("actor.un_entity.*"))


@pytest.mark.parametrize("lang, text", [
    ("en", "UNICEF, UNHCR, WHO and UN Women took part in the consultations."),
    ("fr", "L'UNICEF, le HCR, l'OMS et ONU-Femmes ont participé aux consultations."),
])
def test_agencies_are_not_the_groups_they_serve(lang, text):
    tagged = Tagger.default().tag(text).concepts
    assert not {"group.children", "group.refugees_asylum_seekers", "right.health", "group.women_girls"} & set(tagged)
    assert {"actor.un_entity.unicef", "actor.un_entity.unhcr", "actor.un_entity.who", "actor.un_entity.un_women"} <= set(tagged)


@pytest.mark.parametrize("lang, text", [
    ("en", "The analysis draws on the findings of the United Nations human rights mechanisms."),
    ("zh", "该分析借鉴了联合国人权机制的结论。"),
    ("ar", "يستند التحليل إلى استنتاجات آليات حقوق الإنسان."),
])
def test_generic_mechanism_wording_is_no_specific_mechanism(lang, text):
    engine = Engine.from_options(["participation-and-mechanisms"])
    assert criterion(engine, doc(text, lang=lang), "PM-06").level == "missing"
    assert "mechanism.any" in Tagger.default().tag(text).concepts


# Issue 11's "wrong word senses": each passage a reviewer would not cite, in two languages at least,
# with the level its criterion now reaches (all reached a higher level before the sense rules).
SENSES = [
    ("participation-and-mechanisms", "PM-06", "en", "The mid-term review of the Cooperation Framework took place in 2023.", "missing"),
    ("participation-and-mechanisms", "PM-06", "zh", "国家方案的中期报告已获批准。", "missing"),
    ("participation-and-mechanisms", "PM-06", "es", "El informe de mitad de período del programa fue aprobado.", "missing"),
    ("participation-and-mechanisms", "PM-09", "en", "A tracking database records every case of gender-based violence.", "missing"),
    ("participation-and-mechanisms", "PM-09", "zh", "跟踪数据库记录了每一起性别暴力案件。", "missing"),
    ("participation-and-mechanisms", "PM-09", "fr", "Une base de données de suivi des plaintes a été créée.", "missing"),
    ("resilience", "RES-01", "en", "Improve rehabilitation programmes for children in conflict with the law.", "missing"),
    ("resilience", "RES-01", "fr", "Améliorer les programmes de réinsertion des enfants en conflit avec la loi.", "missing"),
    ("resilience", "RES-01", "es", "Mejorar los programas de reinserción de los niños en conflicto con la ley.", "missing"),
    ("cooperation-framework", "CF-RES-02", "en", "The Government set up a commission of inquiry into the events at Diabaly.", "missing"),
    ("cooperation-framework", "CF-RES-02", "fr", "Le Gouvernement a créé une commission d'enquête sur les événements de Diabaly.", "missing"),
    ("cooperation-framework", "CF-RES-02", "en", "Cooperate fully with independent human rights monitoring bodies.", "missing"),
    ("participation-and-mechanisms", "PM-03", "en", "THE NATIONAL HUMAN RIGHTS COMMISSION REQUESTED A STATUS REPORT.", "approaches"),
    ("participation-and-mechanisms", "PM-03", "fr", "LE MÉDIATEUR DE LA RÉPUBLIQUE PRÉCISE LE STATUT A COMPTER DE 2021.", "approaches"),
    ("participation-and-mechanisms", "PM-03", "ru", "НАЦИОНАЛЬНАЯ КОМИССИЯ ПО ПРАВАМ ЧЕЛОВЕКА ПОЛУЧИЛА СТАТУС А ТАКЖЕ БЮДЖЕТ.", "approaches"),
    ("data", "DATA-04", "en", "Respondents were classified as self-declared indigenous by enumerators.", "missing"),
    ("data", "DATA-04", "es", "Las personas fueron clasificadas como autodeclaradas por los empadronadores.", "missing"),
    ("data", "DATA-04", "ru", "Право народов на самоопределение закреплено в Конституции.", "missing"),
    ("participation-and-mechanisms", "PM-08", "en", "The evaluation recommended a focus on SDG 4.", "missing"),
    ("participation-and-mechanisms", "PM-08", "es", "La evaluación recomendó centrarse en el ODS 4.", "missing"),
    ("participation-and-mechanisms", "PM-08", "fr", "L'évaluation a recommandé de mettre l'accent sur l'ODD 4.", "missing"),
    ("participation-and-mechanisms", "PM-08", "ru", "Оценка рекомендовала сосредоточиться на ЦУР 4.", "missing"),
    ("participation-and-mechanisms", "PM-08", "ar", "أوصى التقييم بالتركيز على الهدف 4 من أهداف التنمية المستدامة.", "missing"),
    # Judged 0 in upr-dev.jsonl (same kinds): privacy that is not about data, a service's flexibility,
    # long-term residents, a treaty's title naming armed conflict.
    ("data", "DATA-06", "en", "Ensure that sterilizations require prior and informed consent and protect privacy in body searches.", "missing"),
    ("data", "DATA-06", "fr", "Les stérilisations exigent le consentement éclairé des femmes.", "missing"),
    ("data", "DATA-06", "zh", "绝育须事先征得妇女的知情同意。", "missing"),
    ("resilience", "RES-05", "en", "The aim was to offer a personalized, flexible service to long-term residents.", "missing"),
    ("resilience", "RES-05", "es", "Los desempleados a largo plazo tienen horarios flexibles.", "missing"),
    ("resilience", "RES-09", "en", "Argentina commended ratification of the Optional Protocol on the involvement of children in armed conflict.", "missing"),
    ("resilience", "RES-09", "fr", "Ratifier le Protocole facultatif concernant l'implication d'enfants dans les conflits armés.", "missing"),
]


@pytest.mark.parametrize("checklist, cid, lang, text, level", SENSES, ids=[f"{s[1]}-{s[2]}" for s in SENSES])
def test_wrong_word_senses_do_not_count(checklist, cid, lang, text, level):
    engine = Engine.from_options([checklist])
    assert criterion(engine, doc(text, lang=lang), cid).level == level


# The right senses still count.
RIGHT_SENSES = [
    ("participation-and-mechanisms", "PM-06", "en", "Submit a voluntary mid-term report on the implementation of accepted UPR recommendations.", "approaches"),
    ("participation-and-mechanisms", "PM-09", "en", "The UN will support the recommendations tracking database of the interministerial committee.", "meets"),
    ("cooperation-framework", "CF-RES-02", "en", "A commission of inquiry will monitor the risk of renewed violence and warn the authorities.", "approaches"),
    ("participation-and-mechanisms", "PM-03", "en", "The national human rights commission lost its A status in 2021.", "meets"),
    ("participation-and-mechanisms", "PM-03", "ru", "Национальная комиссия по правам человека получила статус А.", "meets"),
    ("data", "DATA-04", "en", "The census uses self-identification for ethnicity.", "approaches"),
    ("participation-and-mechanisms", "PM-08", "en", "Each Universal Periodic Review recommendation is mapped to an SDG target.", "meets"),
    ("resilience", "RES-05", "en", "Flexible funding and a long-term vision for recovery guide the plan.", "meets"),
    ("resilience", "RES-05", "zh", "灵活的供资和长期发展战略指导该计划。", "meets"),
    ("resilience", "RES-09", "en", "Armed conflict displaced 40000 people in the north.", "approaches"),
]


@pytest.mark.parametrize("checklist, cid, lang, text, level", RIGHT_SENSES, ids=[f"{s[1]}-{s[2]}" for s in RIGHT_SENSES])
def test_right_word_senses_still_count(checklist, cid, lang, text, level):
    """The word in its right sense is still evidence: the criterion is not missing (the level written is
    the one seen when the sense rule was added; rebuilt ladders may place the sentence higher or lower)."""
    engine = Engine.from_options([checklist])
    assert criterion(engine, doc(text, lang=lang), cid).level in ("approaches", "meets", "exceeds")


def test_explain_shows_terms_of_another_sense(tmp_path):
    from hrba.reporting.explain import explain_criterion

    path = tmp_path / "plan.txt"
    path.write_text("Rehabilitation programmes for children in conflict with the law.\n\n"
                    "Conflict of interest rules apply.\n", encoding="utf-8")
    text = explain_criterion(path, "RES-09", checklists=["resilience"])
    assert "level: missing" in text
    assert "'conflict' is not risk.violent_conflict (word sense: children in conflict with the law" in text
    assert "'Conflict of interest' is not risk.violent_conflict (an exclusion of the concept)" in text
