"""actors.yaml: paras 15, 29-33 actors in six languages; positives, negatives and false friends."""

from __future__ import annotations

import pytest

from hrba.engine.tagging import Tagger

POSITIVE = [
    ("en", "Protect human rights defenders from reprisals.", "actor.human_rights_defenders"),
    ("en", "Consult civil society organizations and NGOs.", "actor.civil_society"),
    ("en", "Establish an NHRI in line with the Paris Principles.", "actor.nhri"),
    ("en", "Release the detained journalists.", "actor.journalists_media"),
    ("en", "Members of parliament adopted the bill.", "actor.parliament"),
    ("en", "Train local authorities on the new law.", "actor.local_government"),
    ("en", "Respect the right of trade unions to strike.", "actor.workers_organizations"),
    ("en", "Engage the private sector and employers' organizations.", "actor.employers_business"),
    ("en", "Partner with universities and research institutes.", "actor.academia"),
    ("en", "Cooperate with the African Union.", "actor.regional_organizations"),
    ("en", "Involve affected communities in decisions.", "actor.affected_communities"),
    ("fr", "Protéger les défenseurs des droits de l'homme.", "actor.human_rights_defenders"),
    ("fr", "Associer la société civile à la rédaction.", "actor.civil_society"),
    ("fr", "Une institution nationale des droits de l'homme conforme aux principes de Paris.", "actor.nhri"),
    ("fr", "Garantir la liberté de la presse.", "actor.journalists_media"),
    ("fr", "Les parlementaires ont voté la loi.", "actor.parliament"),
    ("fr", "Renforcer les collectivités locales.", "actor.local_government"),
    ("fr", "Les syndicats ont été consultés.", "actor.workers_organizations"),
    ("fr", "Mobiliser le secteur privé.", "actor.employers_business"),
    ("es", "Proteger a las defensoras y defensores de derechos humanos.", "actor.human_rights_defenders"),
    ("es", "Las organizaciones no gubernamentales participaron.", "actor.civil_society"),
    ("es", "Fortalecer la Defensoría del Pueblo.", "actor.nhri"),
    ("es", "Investigar los asesinatos de periodistas.", "actor.journalists_media"),
    ("es", "El Congreso Nacional aprobó la ley.", "actor.parliament"),
    ("es", "Capacitar a los gobiernos locales.", "actor.local_government"),
    ("es", "Garantizar la libertad sindical y los sindicatos.", "actor.workers_organizations"),
    ("es", "Colaborar con las universidades.", "actor.academia"),
    ("ru", "Прекратить преследование правозащитников.", "actor.human_rights_defenders"),
    ("ru", "Привлекать организации гражданского общества.", "actor.civil_society"),
    ("ru", "Уполномоченный по правам человека получил жалобы.", "actor.nhri"),
    ("ru", "Защита журналистов.", "actor.journalists_media"),
    ("ru", "Парламент принял закон.", "actor.parliament"),
    ("ru", "Органы местного самоуправления.", "actor.local_government"),
    ("ru", "Права профсоюзов.", "actor.workers_organizations"),
    ("ru", "Участие частного сектора.", "actor.employers_business"),
    ("ar", "حماية المدافعين عن حقوق الإنسان", "actor.human_rights_defenders"),
    ("ar", "التشاور مع منظمات المجتمع المدني", "actor.civil_society"),
    ("ar", "إنشاء المؤسسة الوطنية لحقوق الإنسان وفقا لمبادئ باريس", "actor.nhri"),
    ("ar", "حماية الصحفيين", "actor.journalists_media"),
    ("ar", "صادق البرلمان على القانون", "actor.parliament"),
    ("ar", "تعزيز قدرات السلطات المحلية", "actor.local_government"),
    ("ar", "حق النقابات في الإضراب", "actor.workers_organizations"),
    ("ar", "إشراك القطاع الخاص", "actor.employers_business"),
    ("ar", "التعاون مع جامعة الدول العربية", "actor.regional_organizations"),
    ("zh", "保护人权维护者。", "actor.human_rights_defenders"),
    ("zh", "与民间社会组织协商。", "actor.civil_society"),
    ("zh", "设立符合巴黎原则的国家人权机构。", "actor.nhri"),
    ("zh", "保障记者的安全。", "actor.journalists_media"),
    ("zh", "议会通过了该法。", "actor.parliament"),
    ("zh", "地方政府负责实施。", "actor.local_government"),
    ("zh", "工会的权利。", "actor.workers_organizations"),
    ("zh", "与学术界合作。", "actor.academia"),
    # NHRI names: national commissions and councils for human rights
    (
        "en",
        "Establish a national commission for human rights in line with the Paris Principles.",
        "actor.nhri",
    ),
    ("en", "Energize the National Commission on Human Rights.", "actor.nhri"),
    ("en", "Set up an independent human rights institution.", "actor.nhri"),
    ("fr", "Renforcer le Conseil national des droits de l'homme.", "actor.nhri"),
    ("fr", "Consulter la Commission nationale consultative des droits de l'homme.", "actor.nhri"),
    ("es", "Fortalecer el Consejo Nacional de Derechos Humanos.", "actor.nhri"),
    ("ru", "Укрепить Национальный совет по правам человека.", "actor.nhri"),
    ("ar", "تعزيز الهيئة الوطنية لحقوق الإنسان", "actor.nhri"),
    ("zh", "设立独立人权机构。", "actor.nhri"),
    # civil society next to its false friends
    ("en", "Channel development funds into civil society organizations.", "actor.civil_society"),
    ("en", "Reintegrate former combatants into civil society with the help of NGOs.", "actor.civil_society"),
    (
        "en",
        "Stop recruitment by non-governmental armed groups, in consultation with civil society.",
        "actor.civil_society",
    ),
    ("ru", "Провести консультации с гражданским обществом.", "actor.civil_society"),
]

NEGATIVE = [
    ("en", "Issue a press release after the press conference.", "actor.journalists_media"),
    ("en", "Press ahead with the reform.", "actor.journalists_media"),
    ("en", "A youth parliament was held in schools.", "actor.parliament"),
    ("en", "Free counsel from public defenders.", "actor.human_rights_defenders"),
    ("en", "Recognize civil unions.", "actor.workers_organizations"),
    ("en", "The academic year starts in September.", "actor.academia"),
    ("en", "Complaints go to the banking ombudsman.", "actor.nhri"),
    ("en", "It was business as usual.", "actor.employers_business"),
    ("en", "Bar associations regulate lawyers.", "actor.civil_society"),
    ("en", "Municipal elections were postponed.", "actor.local_government"),
    ("fr", "Il a tenu une conférence de presse.", "actor.journalists_media"),
    ("fr", "Saisir le médiateur bancaire.", "actor.nhri"),
    ("fr", "Le syndicat d'initiative de la ville.", "actor.workers_organizations"),
    ("fr", "Le parlement des enfants s'est réuni.", "actor.parliament"),
    ("fr", "L'année universitaire commence.", "actor.academia"),
    ("fr", "Les élections municipales auront lieu en mars.", "actor.local_government"),
    ("es", "Emitir un comunicado de prensa.", "actor.journalists_media"),
    ("es", "Asistencia de defensores públicos.", "actor.human_rights_defenders"),
    ("es", "El parlamento juvenil se reunió.", "actor.parliament"),
    ("es", "Las elecciones municipales.", "actor.local_government"),
    ("es", "El año académico comienza.", "actor.academia"),
    ("ru", "Пресс-конференция министра.", "actor.journalists_media"),
    ("ru", "Молодёжный парламент провёл сессию.", "actor.parliament"),
    ("ru", "Муниципальные выборы перенесены.", "actor.local_government"),
    ("ru", "Обратиться к финансовому омбудсмену.", "actor.nhri"),
    ("ar", "اجتماع الجامعة العربية", "actor.academia"),
    ("zh", "召开新闻发布会。", "actor.journalists_media"),
    ("zh", "向金融监察员投诉。", "actor.nhri"),
    ("zh", "儿童议会开幕。", "actor.parliament"),
    ("zh", "保护个人大数据的安全。", "actor.parliament"),
    # "into civil society" is civilian life; non-governmental armed groups are not NGOs
    ("en", "Reintegrate former child soldiers into civil society.", "actor.civil_society"),
    (
        "en",
        "Criminalize the recruitment of children by non-governmental armed groups.",
        "actor.civil_society",
    ),
    ("ru", "Реинтеграция бывших комбатантов в гражданское общество.", "actor.civil_society"),
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
