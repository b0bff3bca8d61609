"""groups.yaml: para 8 groups in six languages; positives, negatives and false friends."""

from __future__ import annotations

import pytest

from hrba.engine.tagging import Tagger

POSITIVE = [
    ("en", "Ensure that girls and women have equal access to land.", "group.women_girls"),
    ("en", "Ratify the CRC and its Optional Protocols.", "group.children"),
    ("en", "Raise the minimum age of criminal responsibility.", "group.children"),
    ("en", "Boys and girls must have equal access to school.", "group.children"),
    ("en", "Programmes for young people and senior citizens.", "group.youth"),
    ("en", "Programmes for young people and senior citizens.", "group.older_persons"),
    ("en", "Ratify the CRPD and make buildings accessible.", "group.persons_with_disabilities"),
    ("en", "Consult indigenous peoples before granting mining licences.", "group.indigenous_peoples"),
    ("en", "Protect Roma and other minorities from discrimination.", "group.minorities"),
    ("en", "Protect the rights of migrant workers.", "group.migrants"),
    ("en", "Respect the principle of non-refoulement of asylum-seekers.", "group.refugees_asylum_seekers"),
    ("en", "Help IDPs return to their homes.", "group.internally_displaced"),
    ("en", "Decriminalize same-sex relations and protect LGBTI persons.", "group.lgbtiq"),
    ("en", "Reduce extreme poverty among rural households.", "group.people_in_poverty"),
    ("fr", "Garantir l'égalité entre les femmes et les hommes.", "group.women_girls"),
    ("fr", "Lutter contre les violences conjugales.", "group.women_girls"),
    ("fr", "Protéger les enfants des rues et les mineurs non accompagnés.", "group.children"),
    ("fr", "Les personnes handicapées doivent avoir accès à l'emploi.", "group.persons_with_disabilities"),
    ("fr", "Les peuples autochtones doivent être consultés.", "group.indigenous_peoples"),
    ("fr", "Les demandeurs d'asile attendent une décision.", "group.refugees_asylum_seekers"),
    ("fr", "Les personnes âgées vivant seules.", "group.older_persons"),
    ("fr", "Discrimination fondée sur l'orientation sexuelle.", "group.lgbtiq"),
    ("es", "Combatir la violencia contra la mujer y el feminicidio.", "group.women_girls"),
    ("es", "Proteger a los niños, niñas y adolescentes.", "group.children"),
    ("es", "Las personas con discapacidad tienen derecho a votar.", "group.persons_with_disabilities"),
    ("es", "Consultar a los pueblos indígenas y afrodescendientes.", "group.indigenous_peoples"),
    ("es", "Consultar a los pueblos indígenas y afrodescendientes.", "group.minorities"),
    ("es", "Regularizar a los migrantes indocumentados.", "group.migrants"),
    ("es", "Atender a los desplazados internos.", "group.internally_displaced"),
    ("es", "Reducir la pobreza extrema.", "group.people_in_poverty"),
    ("ru", "Защищать женщин и девочек от насилия в семье.", "group.women_girls"),
    ("ru", "Права ребёнка и несовершеннолетних правонарушителей.", "group.children"),
    ("ru", "Обеспечить доступность зданий для инвалидов.", "group.persons_with_disabilities"),
    ("ru", "Учебники для слепых и глухих детей.", "group.persons_with_disabilities"),
    ("ru", "Права коренных малочисленных народов Севера.", "group.indigenous_peoples"),
    ("ru", "Защита прав трудящихся-мигрантов.", "group.migrants"),
    ("ru", "Беженцы и лица, ищущие убежища.", "group.refugees_asylum_seekers"),
    ("ru", "Помощь внутренне перемещённым лицам.", "group.internally_displaced"),
    ("ru", "Пожилые люди и пенсионеры.", "group.older_persons"),
    ("ru", "Программы для молодёжи.", "group.youth"),
    ("ru", "Защитить ЛГБТИ-людей от преследований.", "group.lgbtiq"),
    ("ru", "Права национальных меньшинств.", "group.minorities"),
    ("ru", "Сократить бедность в сельских районах.", "group.people_in_poverty"),
    ("ar", "مكافحة العنف ضد المرأة", "group.women_girls"),
    ("ar", "توفير الحماية للأطفال", "group.children"),
    ("ar", "حقوق الأشخاص ذوي الإعاقة", "group.persons_with_disabilities"),
    ("ar", "حقوق الشعوب الأصلية", "group.indigenous_peoples"),
    ("ar", "حماية العمال المهاجرين", "group.migrants"),
    ("ar", "اللاجئين وطالبي اللجوء", "group.refugees_asylum_seekers"),
    ("ar", "عودة النازحين إلى ديارهم", "group.internally_displaced"),
    ("ar", "رعاية كبار السن", "group.older_persons"),
    ("ar", "تمكين الشباب", "group.youth"),
    ("ar", "حقوق الأقليات الدينية", "group.minorities"),
    ("ar", "القضاء على الفقر المدقع", "group.people_in_poverty"),
    ("ar", "التمييز على أساس التوجه الجنسي", "group.lgbtiq"),
    ("zh", "消除对妇女的暴力行为。", "group.women_girls"),
    ("zh", "保护儿童权利。", "group.children"),
    ("zh", "保障残疾人的就业。", "group.persons_with_disabilities"),
    ("zh", "尊重土著人民的土地权。", "group.indigenous_peoples"),
    ("zh", "保护少数民族语言。", "group.minorities"),
    ("zh", "保护移徙工人的权利。", "group.migrants"),
    ("zh", "难民和寻求庇护者。", "group.refugees_asylum_seekers"),
    ("zh", "援助境内流离失所者。", "group.internally_displaced"),
    ("zh", "为老年人提供养老服务。", "group.older_persons"),
    ("zh", "青年就业。", "group.youth"),
    ("zh", "基于性取向和性别认同的歧视。", "group.lgbtiq"),
    ("zh", "减少农村贫困。", "group.people_in_poverty"),
    # early and forced marriages
    ("en", "Strengthen efforts to combat early and forced marriages.", "group.children"),
    ("en", "Strengthen efforts to combat early and forced marriages.", "group.women_girls"),
    ("ru", "Бороться с ранними и принудительными браками.", "group.women_girls"),
    ("ru", "Бороться с ранними и принудительными браками.", "group.children"),
]

NEGATIVE = [
    ("en", "The ministry made a minor change to the regulation.", "group.children"),
    ("en", "Only a minor offence was recorded.", "group.children"),
    ("en", "Prohibit discrimination based on sexual orientation and gender identity.", "group.women_girls"),
    ("en", "Boys and girls must have equal access to school.", "group.women_girls"),
    ("en", "Minority shareholders of state companies were compensated.", "group.minorities"),
    ("en", "Poor prison conditions must be addressed.", "group.people_in_poverty"),
    ("en", "Check the crc value of the file.", "group.children"),
    ("en", "Classes are taught in the mother tongue.", "group.women_girls"),
    ("en", "The law has a blind spot.", "group.persons_with_disabilities"),
    ("en", "Data migration to the new server.", "group.migrants"),
    ("en", "Indigenous technology for water harvesting.", "group.indigenous_peoples"),
    ("en", "The former lunatic asylum is now a museum.", "group.refugees_asylum_seekers"),
    ("fr", "La société mère a son siège à Paris.", "group.women_girls"),
    ("fr", "Le délit mineur a été puni d'une amende.", "group.children"),
    ("fr", "Les actionnaires minoritaires ont été indemnisés.", "group.minorities"),
    ("fr", "Les régions pauvres en eau.", "group.people_in_poverty"),
    ("fr", "Les jeunes pousses du numérique.", "group.youth"),
    ("fr", "Un asile de nuit pour l'hiver.", "group.refugees_asylum_seekers"),
    ("es", "Recibir clases en su lengua materna.", "group.women_girls"),
    ("es", "Las personas mayores de edad pueden votar.", "group.older_persons"),
    ("es", "Reembolsar los gastos de desplazamiento.", "group.internally_displaced"),
    ("es", "Los delitos menores se castigan con multa.", "group.children"),
    ("es", "Las regiones pobres en agua.", "group.people_in_poverty"),
    ("es", "Los accionistas minoritarios.", "group.minorities"),
    ("es", "Apoyar a las empresas jóvenes.", "group.youth"),
    ("es", "Un asilo de ancianos en la capital.", "group.refugees_asylum_seekers"),
    ("ru", "Материнская компания холдинга.", "group.women_girls"),
    ("ru", "Материнская плата компьютера.", "group.women_girls"),
    ("ru", "Слепое пятно в законодательстве.", "group.persons_with_disabilities"),
    ("ru", "Не следует слепо копировать чужие законы.", "group.persons_with_disabilities"),
    ("fr", "Les faits se sont produits dans l'enceinte du tribunal.", "group.women_girls"),
    ("fr", "Les mineurs de fond ont fait grève.", "group.children"),
    ("zh", "这是一个共同性问题。", "group.lgbtiq"),
    ("ru", "Миграция данных в облако.", "group.migrants"),
    ("ru", "Налоговое убежище в офшоре.", "group.refugees_asylum_seekers"),
    ("ru", "Кастинг актёров прошёл успешно.", "group.minorities"),
    ("ar", "أغلقوا الشبابيك", "group.youth"),
    ("ar", "انظر الفقرة 5", "group.people_in_poverty"),
    ("zh", "黄河是中华民族的母亲河。", "group.women_girls"),
    ("zh", "同性质的问题应一并处理。", "group.lgbtiq"),
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


def test_every_language_is_covered() -> None:
    langs = {lang for lang, _t, _c in POSITIVE}
    assert langs == {"ar", "en", "es", "fr", "ru", "zh"}
