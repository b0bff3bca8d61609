"""areas.yaml: programme areas (paras 8, 26) in six languages; positives, negatives and false friends."""

from __future__ import annotations

import pytest

from hrba.engine.tagging import Tagger

POSITIVE = [
    ("en", "Provide human rights training for police officers.", "area.human_rights_education"),
    ("en", "Launch awareness-raising campaigns on domestic violence.", "area.human_rights_education"),
    ("en", "Adopt a national action plan on human rights.", "area.national_action_plan"),
    ("en", "Seek technical assistance from OHCHR.", "area.technical_cooperation"),
    ("en", "Combat trafficking in persons.", "area.trafficking"),
    ("en", "Ratify the Palermo Protocol.", "area.trafficking"),
    ("en", "Step up the fight against corruption.", "area.anti_corruption"),
    ("en", "Establish a truth and reconciliation commission.", "area.transitional_justice"),
    ("en", "Guarantee freedom of peaceful assembly.", "area.civic_space"),
    ("en", "Ensure access to justice and legal aid.", "area.access_to_justice"),
    ("en", "Set up an early warning system.", "area.monitoring_early_warning"),
    ("en", "Counter hate speech and disinformation online.", "area.hate_speech_disinformation"),
    ("fr", "Intégrer l'éducation aux droits de l'homme dans les écoles.", "area.human_rights_education"),
    ("fr", "Mener des campagnes de sensibilisation.", "area.human_rights_education"),
    ("fr", "Adopter un plan d'action national.", "area.national_action_plan"),
    ("fr", "Solliciter l'assistance technique du HCDH.", "area.technical_cooperation"),
    ("fr", "Lutter contre la traite des êtres humains.", "area.trafficking"),
    ("fr", "Renforcer la lutte contre la corruption.", "area.anti_corruption"),
    ("fr", "Mettre en place une justice transitionnelle.", "area.transitional_justice"),
    ("fr", "Garantir l'accès à la justice.", "area.access_to_justice"),
    ("fr", "Sanctionner les discours de haine.", "area.hate_speech_disinformation"),
    ("es", "Promover la educación en derechos humanos.", "area.human_rights_education"),
    ("es", "Aprobar un plan nacional de derechos humanos.", "area.national_action_plan"),
    ("es", "Solicitar cooperación técnica.", "area.technical_cooperation"),
    ("es", "Combatir la trata de personas.", "area.trafficking"),
    ("es", "Investigar los casos de corrupción.", "area.anti_corruption"),
    ("es", "Crear una comisión de la verdad.", "area.transitional_justice"),
    ("es", "Sancionar el discurso de odio.", "area.hate_speech_disinformation"),
    ("ru", "Образование в области прав человека.", "area.human_rights_education"),
    ("ru", "Повышение осведомлённости населения.", "area.human_rights_education"),
    ("ru", "Принять национальный план действий.", "area.national_action_plan"),
    ("ru", "Техническая помощь УВКПЧ.", "area.technical_cooperation"),
    ("ru", "Борьба с торговлей людьми.", "area.trafficking"),
    ("ru", "Борьба с коррупцией.", "area.anti_corruption"),
    ("ru", "Правосудие переходного периода.", "area.transitional_justice"),
    ("ru", "Противодействие языку вражды.", "area.hate_speech_disinformation"),
    ("ar", "التثقيف في مجال حقوق الإنسان", "area.human_rights_education"),
    ("ar", "تنظيم حملات التوعية", "area.human_rights_education"),
    ("ar", "اعتماد خطة العمل الوطنية", "area.national_action_plan"),
    ("ar", "طلب المساعدة التقنية", "area.technical_cooperation"),
    ("ar", "مكافحة الاتجار بالبشر", "area.trafficking"),
    ("ar", "مكافحة الفساد", "area.anti_corruption"),
    ("ar", "العدالة الانتقالية", "area.transitional_justice"),
    ("ar", "مكافحة خطاب الكراهية", "area.hate_speech_disinformation"),
    ("zh", "开展人权教育。", "area.human_rights_education"),
    ("zh", "制定国家人权行动计划。", "area.national_action_plan"),
    ("zh", "寻求技术援助。", "area.technical_cooperation"),
    ("zh", "打击贩运人口。", "area.trafficking"),
    ("zh", "加强反腐败工作。", "area.anti_corruption"),
    ("zh", "实行过渡司法。", "area.transitional_justice"),
    ("zh", "打击仇恨言论。", "area.hate_speech_disinformation"),
    # international humanitarian law education of forces
    (
        "en",
        "Ensure international humanitarian law education for all security forces.",
        "area.human_rights_education",
    ),
    (
        "fr",
        "Assurer l'éducation au droit international humanitaire des forces armées.",
        "area.human_rights_education",
    ),
    (
        "es",
        "Impartir educación en derecho internacional humanitario a las fuerzas armadas.",
        "area.human_rights_education",
    ),
    (
        "ru",
        "Образование в области международного гуманитарного права для военных.",
        "area.human_rights_education",
    ),
    ("ar", "التعليم في مجال القانون الإنساني الدولي للقوات المسلحة", "area.human_rights_education"),
    ("zh", "加强对军队的国际人道法教育。", "area.human_rights_education"),
    # human rights education next to mine-risk awareness
    (
        "en",
        "Continue mine-awareness campaigns and human rights awareness-raising in schools.",
        "area.human_rights_education",
    ),
    (
        "fr",
        "Sensibilisation aux dangers des mines et formation aux droits de l'homme.",
        "area.human_rights_education",
    ),
    (
        "es",
        "Sensibilización sobre el peligro de las minas y capacitación en derechos humanos.",
        "area.human_rights_education",
    ),
    (
        "ru",
        "Повышение осведомленности о минной опасности и обучение правам человека.",
        "area.human_rights_education",
    ),
    ("ar", "التوعية بخطر الألغام والتدريب على حقوق الإنسان", "area.human_rights_education"),
]

NEGATIVE = [
    ("en", "Expand vocational training for young people.", "area.human_rights_education"),
    ("en", "Ensure fair election campaigns.", "area.human_rights_education"),
    ("en", "End the campaigns of repression.", "area.human_rights_education"),
    ("en", "Dismantle drug trafficking networks.", "area.trafficking"),
    ("en", "Implement the national plan for development.", "area.national_action_plan"),
    ("en", "Encourage blood donors.", "area.technical_cooperation"),
    ("en", "Recover the corrupt file from backup.", "area.anti_corruption"),
    ("en", "Complete the bank reconciliation.", "area.transitional_justice"),
    ("en", "Sign treaties on mutual legal assistance.", "area.access_to_justice"),
    ("fr", "Développer la formation professionnelle.", "area.human_rights_education"),
    ("fr", "Pendant la campagne électorale.", "area.human_rights_education"),
    ("fr", "Adopter le plan national de développement.", "area.national_action_plan"),
    ("fr", "Sur le plan national, la croissance reprend.", "area.national_action_plan"),
    ("fr", "Payer par la traite bancaire.", "area.trafficking"),
    ("fr", "Financer la réparation des routes.", "area.transitional_justice"),
    ("es", "Fortalecer la formación profesional.", "area.human_rights_education"),
    ("es", "Se trata de un problema estructural.", "area.trafficking"),
    ("es", "Aprobar el plan nacional de desarrollo.", "area.national_action_plan"),
    ("es", "Campaña de donantes de sangre.", "area.technical_cooperation"),
    ("es", "Tratados de asistencia jurídica mutua.", "area.access_to_justice"),
    ("es", "Financiar la reparación de carreteras.", "area.transitional_justice"),
    ("ru", "Национальный план развития экономики.", "area.national_action_plan"),
    ("ru", "Донор крови.", "area.technical_cooperation"),
    ("ru", "Избирательная кампания началась.", "area.human_rights_education"),
    ("ru", "Профессиональное обучение молодёжи.", "area.human_rights_education"),
    ("ru", "Договоры о взаимной правовой помощи.", "area.access_to_justice"),
    ("ar", "مكافحة الاتجار بالمخدرات", "area.trafficking"),
    ("ar", "توسيع التدريب المهني", "area.human_rights_education"),
    ("ar", "تنفيذ الخطة الوطنية للتنمية", "area.national_action_plan"),
    ("zh", "加强职业培训。", "area.human_rights_education"),
    ("zh", "打击毒品贩运。", "area.trafficking"),
    ("zh", "防止食物腐败。", "area.anti_corruption"),
    ("zh", "禁止战争宣传。", "area.human_rights_education"),
    # mine-risk awareness campaigns are not human rights education
    (
        "en",
        "Continue to carry out mine-awareness campaigns and demining programmes.",
        "area.human_rights_education",
    ),
    ("fr", "Poursuivre la sensibilisation aux dangers des mines.", "area.human_rights_education"),
    ("es", "Continuar la sensibilización sobre el peligro de las minas.", "area.human_rights_education"),
    ("ru", "Повышение осведомленности о минной опасности.", "area.human_rights_education"),
    ("ar", "التوعية بخطر الألغام", "area.human_rights_education"),
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
