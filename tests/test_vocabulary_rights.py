"""rights.yaml: economic and social rights (paras 9, 39) in six languages; positives, negatives, false friends."""

from __future__ import annotations

import pytest

from hrba.engine.tagging import Tagger

POSITIVE = [
    ("en", "Achieve universal health coverage.", "right.health"),
    ("en", "Make primary education free and compulsory.", "right.education"),
    ("en", "Improve food security in rural areas.", "right.food"),
    ("en", "Stop forced evictions.", "right.housing"),
    ("en", "Provide safe drinking water and sanitation.", "right.water_sanitation"),
    ("en", "Protect labour rights and set a minimum wage.", "right.work"),
    ("en", "Ratify the ILO Convention on domestic workers.", "right.work"),
    ("en", "Extend social protection floors.", "right.social_protection"),
    ("en", "Guarantee access to information and the internet.", "right.access_to_information"),
    ("en", "Occupational health of miners.", "right.work"),
    ("en", "Pay health workers on time.", "right.health"),
    ("fr", "Garantir le droit à la santé.", "right.health"),
    ("fr", "Réduire l'abandon scolaire.", "right.education"),
    ("fr", "Renforcer la sécurité alimentaire.", "right.food"),
    ("fr", "Garantir le droit au logement.", "right.housing"),
    ("fr", "Accès à l'eau potable.", "right.water_sanitation"),
    ("fr", "Promouvoir le travail décent.", "right.work"),
    ("fr", "Étendre la protection sociale.", "right.social_protection"),
    ("fr", "Garantir l'accès à l'information.", "right.access_to_information"),
    ("es", "Garantizar el derecho a la salud.", "right.health"),
    ("es", "Ampliar la educación primaria.", "right.education"),
    ("es", "Mejorar la seguridad alimentaria.", "right.food"),
    ("es", "Garantizar una vivienda adecuada.", "right.housing"),
    ("es", "Acceso al agua potable y al saneamiento.", "right.water_sanitation"),
    ("es", "Promover el trabajo decente.", "right.work"),
    ("es", "Ampliar la cobertura de la seguridad social.", "right.social_protection"),
    ("es", "Ley de acceso a la información pública.", "right.access_to_information"),
    ("ru", "Реформа здравоохранения.", "right.health"),
    ("ru", "Право на образование.", "right.education"),
    ("ru", "Продовольственная безопасность.", "right.food"),
    ("ru", "Право на жилище.", "right.housing"),
    ("ru", "Доступ к питьевой воде.", "right.water_sanitation"),
    ("ru", "Улучшить условия труда.", "right.work"),
    ("ru", "Система социальной защиты.", "right.social_protection"),
    ("ru", "Школьное питание для всех детей.", "right.food"),
    ("ru", "Доступ к информации.", "right.access_to_information"),
    ("ar", "الحق في الصحة", "right.health"),
    ("ar", "الحق في التعليم", "right.education"),
    ("ar", "تحقيق الأمن الغذائي", "right.food"),
    ("ar", "الحق في السكن اللائق", "right.housing"),
    ("ar", "توفير مياه الشرب", "right.water_sanitation"),
    ("ar", "تحسين ظروف العمل", "right.work"),
    ("ar", "توسيع الحماية الاجتماعية", "right.social_protection"),
    ("ar", "الحق في الوصول إلى المعلومات", "right.access_to_information"),
    ("zh", "保障健康权。", "right.health"),
    ("zh", "保障受教育权。", "right.education"),
    ("zh", "加强粮食安全。", "right.food"),
    ("zh", "保障适足住房。", "right.housing"),
    ("zh", "提供安全饮用水。", "right.water_sanitation"),
    ("zh", "促进体面劳动。", "right.work"),
    ("zh", "完善社会保障体系。", "right.social_protection"),
    ("zh", "保障获取信息的权利。", "right.access_to_information"),
]

NEGATIVE = [
    ("en", "Occupational health of miners.", "right.health"),
    ("en", "The financial health of the bank.", "right.health"),
    ("en", "A school of thought in economics.", "right.education"),
    ("en", "Promote human rights education.", "right.education"),
    ("en", "That is food for thought.", "right.food"),
    ("en", "Police used water cannon against protesters.", "right.water_sanitation"),
    ("en", "He was sentenced to hard labour.", "right.work"),
    ("en", "Pay health workers on time.", "right.work"),
    ("en", "Ratify ILO Convention No. 169.", "right.work"),
    ("en", "Protect civic space online and offline.", "right.access_to_information"),
    ("fr", "La santé financière des entreprises.", "right.health"),
    ("fr", "Le groupe de travail s'est réuni.", "right.work"),
    ("fr", "Le versement des pensions alimentaires.", "right.social_protection"),
    ("fr", "La police a utilisé un canon à eau.", "right.water_sanitation"),
    ("fr", "Il faut prendre en ligne de compte ce facteur.", "right.access_to_information"),
    ("fr", "Une école de pensée libérale.", "right.education"),
    ("fr", "Les expulsions d'étrangers ont augmenté.", "right.housing"),
    ("es", "La salud financiera de los bancos.", "right.health"),
    ("es", "El grupo de trabajo se reunió.", "right.work"),
    ("es", "Las pensiones alimenticias impagas.", "right.social_protection"),
    ("es", "La policía usó cañones de agua.", "right.water_sanitation"),
    ("es", "Medidas en línea con la ley.", "right.access_to_information"),
    ("es", "Una escuela de pensamiento económico.", "right.education"),
    ("ru", "Объявил голодовку.", "right.food"),
    ("ru", "Социальные работники посещают семьи.", "right.work"),
    ("ru", "Учебное пособие для студентов.", "right.social_protection"),
    ("ru", "Водитель автобуса.", "right.water_sanitation"),
    ("ru", "Трудности перевода.", "right.work"),
    ("ru", "Территориальные воды страны.", "right.water_sanitation"),
    ("ru", "Школа мысли.", "right.education"),
    ("ar", "الصحة المالية للشركات", "right.health"),
    ("ar", "المياه الإقليمية", "right.water_sanitation"),
    ("ar", "اعتماد خطة العمل", "right.work"),
    ("zh", "经济健康发展。", "right.health"),
    ("zh", "废除劳动教养制度。", "right.work"),
    ("zh", "不同的思想流派。", "right.education"),
    ("zh", "将其驱逐出境。", "right.housing"),
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
