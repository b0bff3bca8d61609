"""mechanisms.yaml: UPR, treaty bodies, special procedures, NMIRF in six languages."""

from __future__ import annotations

import pytest

from hrba.engine.tagging import Tagger

POSITIVE = [
    ("en", "Implement the recommendations of the Universal Periodic Review.", "mechanism.upr"),
    ("en", "Involve NGOs in the follow-up to this review.", "mechanism.upr"),
    ("en", "Submit its overdue reports to the treaty bodies.", "mechanism.treaty_bodies"),
    ("en", "Follow the concluding observations of the Committee against Torture.", "mechanism.treaty_bodies"),
    ("en", "Extend a standing invitation to all special procedures.", "mechanism.special_procedures"),
    ("en", "Accept the visit of the Special Rapporteur on torture.", "mechanism.special_procedures"),
    ("en", "Set up a national mechanism for reporting and follow-up.", "mechanism.nmirf"),
    ("fr", "Lors de l'Examen périodique universel (EPU).", "mechanism.upr"),
    ("fr", "Désigner le mécanisme national de prévention.", "mechanism.national_preventive_mechanism"),
    (
        "en",
        "Ratify OPCAT and designate a national preventive mechanism.",
        "mechanism.national_preventive_mechanism",
    ),
    (
        "es",
        "Ratificar el Protocolo Facultativo de la Convención contra la Tortura.",
        "mechanism.national_preventive_mechanism",
    ),
    ("ru", "Создать национальный превентивный механизм.", "mechanism.national_preventive_mechanism"),
    ("ar", "إنشاء الآلية الوقائية الوطنية", "mechanism.national_preventive_mechanism"),
    ("zh", "批准禁止酷刑公约任择议定书。", "mechanism.national_preventive_mechanism"),
    ("fr", "Coopérer avec les organes conventionnels.", "mechanism.treaty_bodies"),
    ("fr", "Mettre en œuvre les observations finales.", "mechanism.treaty_bodies"),
    ("fr", "Adresser une invitation permanente aux procédures spéciales.", "mechanism.special_procedures"),
    ("fr", "Accueillir la Rapporteuse spéciale.", "mechanism.special_procedures"),
    ("fr", "Créer un mécanisme national d'établissement des rapports et de suivi.", "mechanism.nmirf"),
    ("es", "En el marco del Examen Periódico Universal.", "mechanism.upr"),
    ("es", "Cooperar con los órganos de tratados.", "mechanism.treaty_bodies"),
    ("es", "Recibir al Relator Especial sobre la tortura.", "mechanism.special_procedures"),
    ("es", "Cursar una invitación permanente.", "mechanism.special_procedures"),
    ("es", "Ampliar el uso del SIMORE.", "mechanism.nmirf"),
    ("ru", "По итогам Универсального периодического обзора.", "mechanism.upr"),
    ("ru", "Представлять доклады договорным органам.", "mechanism.treaty_bodies"),
    ("ru", "Принять Специального докладчика.", "mechanism.special_procedures"),
    ("ru", "Направить постоянное приглашение.", "mechanism.special_procedures"),
    ("ar", "توصيات الاستعراض الدوري الشامل", "mechanism.upr"),
    ("ar", "التعاون مع هيئات المعاهدات", "mechanism.treaty_bodies"),
    ("ar", "زيارة المقرر الخاص", "mechanism.special_procedures"),
    ("ar", "توجيه دعوة دائمة", "mechanism.special_procedures"),
    ("ar", "إنشاء الآلية الوطنية للإبلاغ والمتابعة", "mechanism.nmirf"),
    ("zh", "落实普遍定期审议的建议。", "mechanism.upr"),
    ("zh", "与条约机构合作。", "mechanism.treaty_bodies"),
    ("zh", "接待特别报告员的访问。", "mechanism.special_procedures"),
    ("zh", "发出长期有效邀请。", "mechanism.special_procedures"),
    # the HRC's special procedures next to domestic 'special procedures'
    (
        "en",
        "Establish special procedures for juvenile justice and extend a standing invitation to the special procedures.",
        "mechanism.special_procedures",
    ),
    ("fr", "Coopérer avec les procédures spéciales.", "mechanism.special_procedures"),
    ("es", "Cooperar con los procedimientos especiales.", "mechanism.special_procedures"),
    ("ru", "Сотрудничать со специальными процедурами.", "mechanism.special_procedures"),
    ("zh", "与特别程序合作。", "mechanism.special_procedures"),
]

NEGATIVE = [
    ("en", "Continue its review of legislation on assembly.", "mechanism.upr"),
    ("en", "Ensure periodic review of detention orders.", "mechanism.upr"),
    ("en", "The parliamentary Human Rights Committee held hearings.", "mechanism.treaty_bodies"),
    ("en", "Strengthen national human rights mechanisms.", "mechanism.special_procedures"),
    ("en", "The national report on the budget was published.", "mechanism.upr"),
    (
        "en",
        "Cooperate with the Special Representative of the Secretary-General for Children and Armed Conflict.",
        "mechanism.special_procedures",
    ),
    ("fr", "Un examen périodique de la détention.", "mechanism.upr"),
    ("es", "Presentar el informe periódico de la gestión municipal.", "mechanism.treaty_bodies"),
    ("ru", "Комитет по правам человека парламента провёл слушания.", "mechanism.treaty_bodies"),
    ("ru", "Национальные механизмы по правам человека.", "mechanism.special_procedures"),
    ("ar", "نشر التقرير الوطني", "mechanism.upr"),
    ("zh", "加强国家人权机制。", "mechanism.special_procedures"),
    # establishing/adopting special procedures is a domestic procedure, not the HRC mandates
    ("en", "Establish special procedures for juvenile justice.", "mechanism.special_procedures"),
    (
        "en",
        "Adopt special procedures to protect unaccompanied children seeking asylum.",
        "mechanism.special_procedures",
    ),
    ("fr", "Adopter des procédures spéciales pour la justice des mineurs.", "mechanism.special_procedures"),
    ("es", "Establecer procedimientos especiales para la justicia juvenil.", "mechanism.special_procedures"),
    ("ru", "Ввести специальные процедуры для несовершеннолетних.", "mechanism.special_procedures"),
    ("zh", "为少年司法制定特别程序。", "mechanism.special_procedures"),
]


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.default()


@pytest.mark.parametrize("lang,text,concept", POSITIVE)
def test_positive(tagger: Tagger, lang: str, text: str, concept: str) -> None:
    assert concept in tagger.tag(text).concepts, (lang, text)


@pytest.mark.parametrize("lang,text,concept", NEGATIVE)
def test_negative(tagger: Tagger, lang: str, text: str, concept: str) -> None:
    assert concept not in tagger.tag(text).concepts, (lang, text, tagger.tag(text).evidence)
