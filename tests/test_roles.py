"""Block roles: cover, front matter, contents, participants, references and annexes are told from the
body in every format and language; sections start only at real headings; only body text is evidence
unless a signal asks for more."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.officegen import docx_paragraphs
from fixtures.pdfgen import Page, build_pdf

from hrba.cli import main
from hrba.engine.document import Block
from hrba.engine.errors import RuleError
from hrba.engine.ingest import read_document
from hrba.engine.ingest.roles import ROLES_PATH, assign_roles, load_role_rules, rebuild_sections
from hrba.engine.pipeline import Engine
from hrba.engine.selftest import run_all_examples, run_role_examples, validate_paths

RULES = Path(__file__).parent / "rules"


def _roles(doc) -> list[tuple[str, str]]:
    return [(b.role, b.text) for b in doc.blocks]


def _role_of(doc, start: str) -> str:
    return next(b.role for b in doc.blocks if b.text.startswith(start))


def _cover_pdf(lang: str) -> bytes:
    """A three-page UN report: cover page, contents page, then the report and its annex."""
    t = {
        "en": ("Human Rights Council", "Seventeenth session", "Report of the Working Group on the Universal Periodic",
               "Review", "Veloria", "General Assembly", "Distr.: General", "8 March 2011", "Original: English",
               "Contents", "Paragraphs Page", "Introduction", "I. Summary of the proceedings",
               "1. The Working Group on the Universal Periodic Review held its tenth session from 24 January",
               "to 4 February 2011. The review of Veloria was held at the third meeting.",
               "2. Veloria has ratified the core human rights treaties and reports on its obligations.",
               "Annex", "Composition of the delegation", "Mr. Jan Novak, Joint Secretary, Ministry of Peace;"),
        "fr": ("Conseil des droits de l'homme", "Dix-septième session", "Rapport du Groupe de travail sur l'Examen",
               "périodique universel", "Veloria", "Assemblée générale", "Distr. générale", "8 mars 2011",
               "Original : anglais", "Table des matières", "Paragraphes Pages", "Introduction",
               "I. Résumé des débats", "1. Le Groupe de travail sur l'Examen périodique universel a tenu sa dixième",
               "session du 24 janvier au 4 février 2011. L'examen de Veloria a eu lieu à la troisième séance.",
               "2. Veloria a ratifié les principaux traités relatifs aux droits de l'homme et rend compte de ses obligations.",
               "Annexe", "Composition de la délégation", "M. Jan Novak, Secrétaire adjoint, Ministère de la paix;"),
    }[lang]
    cover = Page()
    cover.add(57, 87, "GE.11-11642", 10)
    cover.add(120, 778, "United Nations A/HRC/17/5", 14)
    cover.add(120, 747, f"{t[5]} {t[6]}", 20, bold=True)
    cover.add(393, 737, t[7])
    cover.add(393, 713, t[8])
    cover.add(57, 610, t[0], 12, bold=True)
    cover.add(57, 598, t[1], 10, bold=True)
    cover.add(114, 542, t[2], 14, bold=True)
    cover.add(114, 527, t[3], 14, bold=True)
    cover.add(114, 493, t[4], 14, bold=True)
    contents = Page()
    contents.add(57, 744, t[9], 14)
    contents.add(460, 725, t[10], 9)
    contents.add(114, 707, t[11] + "." * 60 + " 1–2 3")
    contents.add(94, 689, t[12] + "." * 50 + " 3–4 3")
    contents.add(73, 671, t[16])
    contents.add(114, 653, t[17] + "." * 50 + " 4")
    body = Page()
    body.add(114, 733, t[11], 14, bold=True)
    body.add(115, 708, t[13])
    body.add(114, 696, t[14])
    body.add(114, 678, t[15])
    body.add(91, 640, t[12], 14, bold=True)
    body.add(114, 612, "3. " + t[15][3:])
    annex = Page()
    annex.add(57, 733, t[16], 14, bold=True)
    annex.add(57, 700, t[17], 12, bold=True)
    annex.add(114, 680, t[18])
    return build_pdf([cover, contents, body, annex])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pdf_cover_contents_and_annex_are_not_sections(tmp_path, lang):
    path = tmp_path / f"report-{lang}.pdf"
    path.write_bytes(_cover_pdf(lang))
    doc = read_document(path)
    intro = "Introduction"
    title = "Report of the Working Group" if lang == "en" else "Rapport du Groupe"
    council = "Human Rights Council" if lang == "en" else "Conseil des droits"
    assert _role_of(doc, title) == "cover" and _role_of(doc, council) == "cover"
    assert _role_of(doc, "United Nations A/HRC/17/5") == "front_matter"
    assert _role_of(doc, "GE.11-11642") == "front_matter"
    assert _role_of(doc, "8 ") == "front_matter"  # the date (and "Original: English")
    assert _role_of(doc, "Contents" if lang == "en" else "Table des matières") == "toc"
    assert _role_of(doc, intro + "....") == "toc"
    # "Introduction" is a heading of its own, not run into the last contents line, and paragraphs
    # 1-2 sit under it rather than under the cover's "General Assembly Distr.: General".
    heading = next(b for b in doc.blocks if b.text == intro)
    assert heading.kind == "heading" and heading.role == "heading" and heading.page == 3
    p1 = next(b for b in doc.blocks if b.paragraph == "1")
    assert p1.section == (intro,) and p1.role == "body"
    assert all(b.kind != "heading" for b in doc.blocks if b.role in ("cover", "front_matter", "toc"))
    sections = {b.section[0] for b in doc.blocks if b.role == "body" and b.section}
    assert sections == {intro, "I. Summary of the proceedings" if lang == "en" else "I. Résumé des débats"}
    delegation = "Composition de la délégation" if lang == "fr" else "Composition of the delegation"
    assert next(b.role for b in doc.blocks if b.text == delegation) == "list_of_participants"
    assert _role_of(doc, "M. Jan" if lang == "fr" else "Mr. Jan") == "list_of_participants"
    annex = next(b for b in doc.blocks if b.kind == "heading" and b.text.startswith("Annex"))
    assert annex.role == "annex" and annex.page == 4


def test_docx_spanish_acronyms_annex_and_references(tmp_path):
    path = tmp_path / "marco.docx"
    path.write_bytes(docx_paragraphs([
        ("Marco de Cooperación de las Naciones Unidas para el Desarrollo Sostenible", "Heading1"),
        ("Veloria 2023-2027", None),
        ("Índice", "Heading1"),
        ("Análisis del país 3", None),
        ("Resultados 7", None),
        ("Siglas y acrónimos", "Heading1"),
        ("CEDAW Convención sobre la eliminación de todas las formas de discriminación contra la mujer", None),
        ("Análisis del país", "Heading1"),
        ("Las mujeres indígenas sufren discriminación múltiple en el acceso a los servicios de salud.", None),
        ("Resultados", "Heading1"),
        ("El Ministerio de Salud abrirá clínicas móviles en las provincias del norte antes de 2025.", None),
        ("Referencias", "Heading1"),
        ("Comité CEDAW (2018), Observaciones finales sobre Veloria, párrafo 12 sobre la discriminación.", None),
        ("Anexo I: Lista de participantes", "Heading1"),
        ("Sra. Ana Pérez, Ministerio de la Mujer, en representación de las organizaciones de mujeres.", None),
    ]))
    doc = read_document(path)
    roles = dict((t, r) for r, t in _roles(doc))
    assert roles["Índice"] == "toc" and roles["Análisis del país 3"] == "toc" and roles["Resultados 7"] == "toc"
    assert roles["Siglas y acrónimos"] == "front_matter"
    assert roles["CEDAW Convención sobre la eliminación de todas las formas de discriminación contra la mujer"] \
        == "front_matter"
    assert roles["Análisis del país"] == "heading" and roles["Resultados"] == "heading"
    assert _role_of(doc, "Las mujeres") == "body" and _role_of(doc, "El Ministerio") == "body"
    assert roles["Referencias"] == "references" and _role_of(doc, "Comité CEDAW") == "references"
    assert _role_of(doc, "Sra. Ana") == "list_of_participants"
    body_sections = {b.section for b in doc.blocks if b.role == "body"}
    assert body_sections == {("Análisis del país",), ("Resultados",)}


def test_docx_russian_contents_and_delegation(tmp_path):
    path = tmp_path / "doklad.docx"
    path.write_bytes(docx_paragraphs([
        ("Совет по правам человека", None),
        ("Доклад Рабочей группы по универсальному периодическому обзору", "Heading1"),
        ("Содержание", "Heading1"),
        ("Введение 3", None),
        ("Введение", "Heading1"),
        ("1. Рабочая группа по универсальному периодическому обзору провела свою десятую сессию в 2011 году.", None),
        ("Приложение", "Heading1"),
        ("Состав делегации", "Heading2"),
        ("Г-н Ян Новак, совместный секретарь, министерство мира;", None),
    ]))
    doc = read_document(path)
    assert _role_of(doc, "Совет по правам") == "cover" and _role_of(doc, "Доклад Рабочей") == "cover"
    assert _role_of(doc, "Содержание") == "toc" and _role_of(doc, "Введение 3") == "toc"
    assert _role_of(doc, "1. Рабочая") == "body"
    assert next(b for b in doc.blocks if b.text.startswith("1. Рабочая")).section == ("Введение",)
    assert _role_of(doc, "Приложение") == "annex"
    assert _role_of(doc, "Г-н Ян Новак") == "list_of_participants"


def test_markdown_chinese_and_arabic_contents_and_participants(tmp_path):
    zh = tmp_path / "zh.md"
    zh.write_text("目录\n\n导言 .......... 3\n\n# 导言\n\n1. 普遍定期审议工作组于2011年1月24日至2月4日举行了第十届会议，审议了该国的人权状况。\n\n"
                  "# 附件\n\n代表团组成\n\n尼泊尔代表团由副总理兼外交部长率领。\n", encoding="utf-8")
    doc = read_document(zh)
    assert _role_of(doc, "目录") == "toc" and _role_of(doc, "导言 ...") == "toc"
    assert _role_of(doc, "1. 普遍定期审议") == "body"
    assert _role_of(doc, "附件") == "annex"
    participants = next(b for b in doc.blocks if b.text == "代表团组成")
    assert participants.role == "list_of_participants" and participants.kind == "heading"
    assert _role_of(doc, "尼泊尔代表团") == "list_of_participants"
    ar = tmp_path / "ar.md"
    ar.write_text("الأمم المتحدة\n\nمجلس حقوق الإنسان\n\n# مقدمة\n\n"
                  "1. عقد الفريق العامل المعني بالاستعراض الدوري الشامل دورته العاشرة في الفترة من 24 كانون الثاني/يناير.\n\n"
                  "# تشكيلة الوفد\n\nالسيد سادو رام سابكوتا، أمين مشترك، وزارة السلام؛\n", encoding="utf-8")
    doc = read_document(ar)
    assert _role_of(doc, "الأمم المتحدة") == "cover" and _role_of(doc, "مجلس حقوق الإنسان") == "cover"
    assert _role_of(doc, "1. عقد") == "body" and _role_of(doc, "السيد سادو") == "list_of_participants"


def test_a_plan_without_cover_keeps_its_title_and_sections(tmp_path):
    # No cue, no contents, no page of its own: nothing is set aside, the title stays a heading.
    path = tmp_path / "plan.md"
    path.write_text("# Plan\n\n## A\n\nData will be collected.\n\n## B\n\nNothing.\n", encoding="utf-8")
    doc = read_document(path)
    assert [(b.kind, b.role) for b in doc.blocks] == [
        ("heading", "heading"), ("heading", "heading"), ("paragraph", "body"), ("heading", "heading"),
        ("paragraph", "body")]
    assert doc.blocks[2].section == ("Plan", "A")


def test_role_assignment_is_linear_on_a_long_document():
    blocks = [Block(text=f"{i}. Paragraph {i} says something about the rights of the child in school.",
                    paragraph=str(i)) for i in range(1, 20001)]
    blocks.insert(0, Block(text="Contents", kind="heading", level=1))
    rebuild_sections(blocks)
    assign_roles(blocks)
    assert blocks[0].role == "toc" and all(b.role == "body" for b in blocks[1:])


# -- evidence ------------------------------------------------------------------------------------

CHECKLIST = """\
id: roles-mini
version: 0.1.0
title: Roles test
basis: A/HRC/49/68 para 14(f)
vocabularies: [vocab.yaml]
principles:
  - {{id: hrba, title: Human-rights-based approach, basis: A/HRC/49/68 para 14(b)}}
  - {{id: data, title: Data, basis: A/HRC/49/68 para 14(f)}}
criteria:
  - id: ROLE-01
    principle: hrba
    title: Rights named
    question: Are rights named?
    basis: A/HRC/49/68 para 14(b)
    signals:
      rights:
        phrases: [human rights, derechos humanos]{scope}
    levels:
      approaches: {{all: [rights]}}
      meets: {{all: [rights]}}
    recommendations:
      missing: Name rights.
      approaches: Analyse them.
    examples:
      - {{level: missing, lang: en, text: "Roads will be built."}}
      - {{level: meets, lang: en, text: "Human rights guide the plan."}}
  - id: ROLE-02
    principle: data
    title: Data named
    question: Are data named?
    basis: A/HRC/49/68 para 14(f)
    signals:
      data:
        concepts: [tst.data]
    levels:
      approaches: {{all: [data]}}
      meets: {{all: [data]}}
    recommendations:
      missing: Collect data.
      approaches: Use them.
    examples:
      - {{level: missing, lang: en, text: "Roads will be built."}}
      - {{level: meets, lang: en, text: "Data will be collected."}}
"""

PLAN = """\
# Veloria Cooperation Framework

Contents

Human rights analysis ........ 2

Data ........ 3

## Human rights analysis

The plan is grounded in human rights and in the obligations the State has accepted under the treaties.

## Data

Data will be collected every year by the statistics office in all provinces of the country.

## Annex: List of participants

Ms. Ana Novak, Human Rights Commission of Veloria, took part in every consultation meeting.
"""


def _engine(tmp_path: Path, scope: str = "") -> Engine:
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    shutil.copy(RULES / "vocab.yaml", rules / "vocab.yaml")
    path = rules / "roles-mini.yaml"
    path.write_text(CHECKLIST.format(scope=scope), encoding="utf-8")
    return Engine.from_options([str(path)])


def test_only_body_text_is_evidence_by_default(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    result = _engine(tmp_path).score_path(plan).result
    (rights,) = [c for c in result.checklists[0].criteria if c.criterion.id == "ROLE-01"]
    quotes = [e.quote for e in rights.evidence]
    assert quotes == ["The plan is grounded in human rights and in the obligations the State has accepted under "
                      "the treaties."]  # not the contents line, the heading, nor the participants list
    # Section coverage: the two body sections; the annex is not one, the title is not one.
    titles = [s.title for s in result.coverage.sections]
    assert titles == ["Human rights analysis", "Data"]
    # Human-rights evidence means the human-rights-based approach principle's evidence: the data
    # section has evidence of another principle only.
    assert [s.hr_evidence for s in result.coverage.sections] == [True, False]
    assert result.coverage.share_with_hr_evidence == 0.5


def test_a_signal_may_opt_in_other_roles(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    engine = _engine(tmp_path, scope="\n        scope: {roles: [body, list_of_participants, toc]}")
    result = engine.score_path(plan).result
    (rights,) = [c for c in result.checklists[0].criteria if c.criterion.id == "ROLE-01"]
    quotes = {e.quote for e in rights.evidence}
    assert "Human rights analysis ........ 2" in quotes
    assert "Ms. Ana Novak, Human Rights Commission of Veloria, took part in every consultation meeting." in quotes
    # opted-in annex evidence still does not make the annex a section
    assert [s.title for s in result.coverage.sections] == ["Human rights analysis", "Data"]


def test_scope_roles_are_validated(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(RULES / "vocab.yaml", rules / "vocab.yaml")
    path = rules / "bad.yaml"
    path.write_text(CHECKLIST.format(scope="\n        scope: {roles: [preface]}"), encoding="utf-8")
    ok, errors = validate_paths([path])
    assert not ok and "preface" in str(errors[0]) and "/scope/roles/0" in str(errors[0])


def test_explain_says_why_a_cover_line_is_not_counted(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(plan), "--criterion", "ROLE-01", "-c",
                                       str(_engine(tmp_path).checklists[0].path)])
    assert result.exit_code == 0, result.output
    assert "toc, not body text" in result.output and "list of participants, not body text" in result.output


# -- the rule file -------------------------------------------------------------------------------

def test_role_examples_run_with_the_checklist_examples():
    outcomes = run_all_examples(None)
    roles = [o for o in outcomes if o.criterion.startswith("RX")]
    assert {o.lang for o in roles} == {"en", "fr", "es", "ru", "zh", "ar"}
    assert roles and all(o.passed for o in roles), [(o.criterion, o.index, o.expected, o.actual) for o in roles
                                                    if not o.passed]
    assert any(o.criterion.startswith("CF-") for o in outcomes)


def test_a_wrong_role_example_fails(tmp_path):
    text = ROLES_PATH.read_text(encoding="utf-8").replace(
        '{text: "Nepal", kind: heading, level: 1, page: 1, role: cover}',
        '{text: "Nepal", kind: heading, level: 1, page: 1, role: heading}')
    path = tmp_path / "roles.yaml"
    path.write_text(text, encoding="utf-8")
    failed = [o for o in run_role_examples(path) if not o.passed]
    assert [(o.criterion, o.text, o.expected, o.actual) for o in failed] == [("RX01", "Nepal", "heading", "cover")]
    assert failed[0].line == text[:text.index('{text: "Nepal"')].count("\n") + 1
    result = CliRunner().invoke(main, ["checklists", "test", str(path)])
    assert result.exit_code == 1 and "FAIL RX01" in result.output


def test_a_malformed_roles_file_names_file_line_and_key(tmp_path):
    text = ROLES_PATH.read_text(encoding="utf-8")
    path = tmp_path / "roles.yaml"
    path.write_text(text.replace("opening_words: 8", "opening_words: eight"), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_role_rules(path)
    assert str(path) in str(err.value) and "/opening_words" in str(err.value)
    assert f":{text[:text.index('opening_words:')].count(chr(10)) + 1}" in str(err.value)
    path.write_text(text.replace("'^\\*\\d{6,}\\*$'", "'(a+)+$'"), encoding="utf-8")
    with pytest.raises(RuleError, match="front_matter/patterns/1"):
        load_role_rules(path)
    ok, errors = validate_paths([path])
    assert not ok and "front_matter/patterns/1" in str(errors[0])


def test_validate_checks_the_builtin_roles_file():
    ok, errors = validate_paths(None)
    assert not errors and str(ROLES_PATH) in ok


# -- extract shows the roles ---------------------------------------------------------------------

def test_extract_shows_roles(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["extract", str(plan), "--format", "json"]).output)
    roles = {b["text"]: b["role"] for b in data["blocks"]}
    assert roles["Contents"] == "toc" and roles["Human rights analysis"] == "heading"
    text = runner.invoke(main, ["extract", str(plan)]).output
    assert "[toc] Data ........ 3" in text and "## Annex: List of participants [list_of_participants]" in text
    assert "[list_of_participants] Ms. Ana Novak" in text


# -- the real UPR reports (skip without ../shared) -----------------------------------------------

JUDGMENTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "evidence-judgments" / "upr-dev.jsonl"


def test_upr_reports_cover_contents_and_delegations(upr_reports):
    for path in sorted(upr_reports.glob("*.pdf")):
        doc = read_document(path)
        blocks = doc.blocks
        intro = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.text == "Introduction"), None)
        assert intro is not None, path.name
        assert all(b.role != "body" for b in blocks[:intro]), path.name  # cover, front matter, contents
        assert {b.role for b in blocks[:intro]} >= {"cover", "front_matter", "toc"}, path.name
        p1 = next(b for b in blocks if b.paragraph == "1")
        assert p1.section == ("Introduction",) and p1.role == "body", path.name
        tops = {b.section[0] for b in blocks if b.role == "body" and b.section}
        assert "Introduction" in tops and len(tops) in (3, 4), (path.name, tops)
        assert not any(w in " ".join(tops) for w in ("General Assembly", "Distr", "Report of the", "Council")), tops
        delegation = next(i for i, b in enumerate(blocks) if b.kind == "heading" and b.role == "list_of_participants")
        after = [b for b in blocks[delegation:] if b.kind != "footnote"]
        assert len(after) > 3 and all(b.role in ("list_of_participants", "front_matter") for b in after), path.name
        assert all(b.role == "toc" for b in blocks if "......" in b.text), path.name


def test_upr_furniture_judged_not_evidence_is_not_cited(upr_reports):
    """The officer's label-0 passages that are furniture (cover, title, contents, headings) belong to
    blocks that are not body text, and hrba cites no such block any more."""
    if not JUDGMENTS.is_file():
        pytest.skip("../shared/data/evidence-judgments not available")
    pairs = [json.loads(line) for line in JUDGMENTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    furniture = [p for p in pairs if p["label"] == 0 and p["paragraph"] is None and p["section"] is None]
    assert furniture  # titles, contents lines, headings cited with no section
    engine = Engine.from_options(None)
    for name in sorted({p["doc"] for p in furniture}):
        outcome = engine.score_path(upr_reports / name)
        result = outcome.result
        doc = result.document
        for pair in (p for p in furniture if p["doc"] == name):
            block = next(b for b in doc.blocks if b.text.strip() == pair["passage"].strip()
                         or pair["passage"].strip() in b.text)
            assert block.role != "body", (name, pair["passage"], block.role)
        cited = {ev.block for cl in result.checklists for c in cl.criteria for ev in c.evidence}
        assert cited and all(doc.blocks[i].role == "body" for i in cited), name


# -- para-36 figures: human-rights-based approach evidence, body programme sections -------------

COVID_EN = """\
# Socio-economic response plan

## Health

Hospitals will receive ventilators and oxygen. Data on cases will be collected every day by district.

## Economy

Small businesses will get loans. The response must respect the human rights obligations of the State.

## Social protection

Cash transfers will reach 40,000 households in the poorest provinces, with data disaggregated by sex.
"""

COVID_FR = """\
# Plan de réponse socio-économique

## Introduction

Ce plan a été préparé en 2020 par l'équipe de pays des Nations Unies avec le gouvernement.

## Santé

Le plan s'inscrit dans une approche fondée sur les droits de l'homme et les obligations internationales de l'État.

## Protection sociale

Les transferts monétaires respectent les normes internationales relatives aux droits de l'homme.
"""


def _figures(tmp_path: Path, plans: dict[str, str]) -> dict:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in plans.items():
        (docs / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["score", str(docs), "-f", "json", "-o", str(out), "-j", "1", "-q"])
    assert result.exit_code in (0, 1), result.output
    return json.loads((out / "portfolio.json").read_text(encoding="utf-8"))


def test_para36_figures_need_hrba_evidence_in_every_programme_section(tmp_path):
    report = _figures(tmp_path, {"covid-en.md": COVID_EN, "covid-fr.md": COVID_FR})

    def coverage(name: str) -> dict:  # the portfolio summarises; each document's own report has its sections
        entry = next(d for d in report["documents"] if d["document"]["name"] == name)
        own = json.loads((tmp_path / "out" / entry["report_files"]["json"]).read_text(encoding="utf-8"))
        return own["documents"][0]["result"]["coverage"]

    en = coverage("covid-en.md")
    # Three body sections; only "Economy" holds human-rights-based approach evidence. Data evidence
    # in "Health" and "Social protection" is another principle's and does not count.
    assert [(s["title"], s["hr_evidence"]) for s in en["sections"]] == [
        ("Health", False), ("Economy", True), ("Social protection", False)]
    assert en["share_with_hr_evidence"] == pytest.approx(1 / 3)
    fr = coverage("covid-fr.md")
    # The introduction is shown but is not a programme section: both programme sections carry it.
    assert [(s["title"], s["programme"], s["hr_evidence"]) for s in fr["sections"]] == [
        ("Introduction", False, False), ("Santé", True, True), ("Protection sociale", True, True)]
    assert fr["share_with_hr_evidence"] == 1.0
    figures = report["portfolio"]["figures"]
    names = {row["index"]: row["name"] for row in report["portfolio"]["matrix"]}
    assert [names[i] for i in figures["all_sections"]["documents"]] == ["covid-fr.md"]
    assert "criterion of human rights analysis (CF-GEN-02, CF-GEN-03, CF-HRBA-01" in figures["all_sections"]["rule"]
    assert "introductory sections" in figures["all_sections"]["rule"]
    assert "PM-06, PM-07, RES-02, RES-12" in figures["hr_analysis"]["rule"]
    assert "evidence for the other criteria (data, resilience" in figures["hr_analysis"]["rule"]


def test_hr_analysis_figure_ignores_other_principles(tmp_path):
    plan = "# Plan\n\n## Data\n\nData will be disaggregated by sex, age and disability in every survey.\n"
    report = _figures(tmp_path, {"data.md": plan, "covid-en.md": COVID_EN})
    names = {row["index"]: row["name"] for row in report["portfolio"]["matrix"]}
    assert [names[i] for i in report["portfolio"]["figures"]["hr_analysis"]["documents"]] == ["covid-en.md"]


def test_dot_leaders_in_a_table_after_the_text_are_not_a_table_of_contents(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# Plan for Veloria\n\nThe plan was prepared with the statistics office and civil society groups.\n\n"
                    "## Budget\n\nTotal .......... 45%\n\nThe budget funds legal aid for women in all provinces.\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert [b.role for b in doc.blocks] == ["heading", "body", "heading", "toc", "body"]


def test_cover_ends_at_the_last_cover_cue_when_there_is_no_page(tmp_path):
    # A Markdown plan titled "National report ...": the title is cover-like, the short lines and
    # headings after it (before the first sentence) are the plan's own, not cover.
    path = tmp_path / "plan.md"
    path.write_text("National report of Veloria\n\n## Part A\n\n### A.1 Water\n\nRural districts\n\n"
                    "The Ministry of Water will connect 40,000 rural households to safe water by 2026.\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert [(b.role, b.text) for b in doc.blocks] == [
        ("cover", "National report of Veloria"), ("heading", "Part A"), ("heading", "A.1 Water"),
        ("body", "Rural districts"),
        ("body", "The Ministry of Water will connect 40,000 rural households to safe water by 2026.")]


def test_report_marks_introductory_sections_as_not_counted(tmp_path):
    plan = tmp_path / "covid-fr.md"
    plan.write_text(COVID_FR, encoding="utf-8")
    out = tmp_path / "report.md"
    result = CliRunner().invoke(main, ["score", str(plan), "-f", "md", "-o", str(out), "-q", "--report-lang", "fr"])
    assert result.exit_code in (0, 1), result.output
    md = out.read_text(encoding="utf-8")
    intro = next(line for line in md.splitlines() if line.startswith("| Introduction |"))
    assert "(section introductive, non comptée)" in intro
    assert "(2 sur 2)" in md  # the share counts the two programme sections, not the introduction


def test_cue_words_open_a_zone_only_as_the_whole_heading(tmp_path):
    # "Sources of data" and "Notes on methodology" are sections of the plan; "Sources" alone or
    # "Annex 2 - Persons consulted" open references and a list of participants.
    path = tmp_path / "plan.md"
    path.write_text("# Plan\n\n## Sources of data\n\nThe census of 2021 and the household survey give data by sex and age.\n\n"
                    "## Notes on methodology\n\nThe analysis compares provinces over ten years of survey rounds.\n\n"
                    "## Sources\n\nNational Statistics Office, Household survey 2021, table 4.\n\n"
                    "## Annex 2 - Persons consulted\n\nMs. Ana Novak, Roma Education Fund, Belgrade office.\n",
                    encoding="utf-8")
    roles = [(b.role, b.text[:22]) for b in read_document(path).blocks]
    assert roles == [("heading", "Plan"), ("heading", "Sources of data"), ("body", "The census of 2021 and"),
                     ("heading", "Notes on methodology"), ("body", "The analysis compares "),
                     ("references", "Sources"), ("references", "National Statistics Of"),
                     ("list_of_participants", "Annex 2 - Persons cons"), ("list_of_participants", "Ms. Ana Novak, Roma Ed")]


def test_human_rights_analysis_criteria_are_checked(tmp_path):
    from hrba.engine.rulefile import CHECKLIST_DIR
    from hrba.engine.rules import builtin_checklist_paths, load_checklist, load_hr_analysis_criteria

    checklists = [load_checklist(p) for p in builtin_checklist_paths()]
    ids = load_hr_analysis_criteria(checklists=checklists)
    assert {"CF-HRBA-01", "CF-LNOB-03", "PM-06"} <= ids and "DATA-02" not in ids
    text = (CHECKLIST_DIR / "profiles.yaml").read_text(encoding="utf-8").replace("  - PM-07 ", "  - PM-77 ")
    bad = tmp_path / "profiles.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_hr_analysis_criteria(bad, checklists)
    assert "unknown criterion 'PM-77'" in str(err.value) and "/human_rights_analysis/" in str(err.value)
    assert f":{text[:text.index('PM-77')].count(chr(10)) + 1}" in str(err.value)


def test_a_section_analysing_discrimination_or_mechanisms_findings_counts(tmp_path):
    plan = ("# Plan\n\n## Education\n\nRoma children face indirect discrimination through enrolment rules, and Roma "
            "girls with disabilities face intersecting forms of discrimination.\n\n## Justice\n\nThe Committee "
            "against Torture recommended in 2022 that police custody be limited to 48 hours; the programme will "
            "support the Ministry of Justice to implement this recommendation.\n\n## Roads\n\n"
            "Rural roads will be paved in the three northern provinces by 2027.\n")
    report = _figures(tmp_path, {"plan.md": plan})
    entry = report["documents"][0]
    own = json.loads((tmp_path / "out" / entry["report_files"]["json"]).read_text(encoding="utf-8"))
    sections = own["documents"][0]["result"]["coverage"]["sections"]
    assert [(s["title"], s["hr_evidence"]) for s in sections] == [
        ("Education", True), ("Justice", True), ("Roads", False)]
