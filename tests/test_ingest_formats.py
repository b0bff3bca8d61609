"""DOCX, ODT, HTML, Markdown and plain-text readers, encodings and language detection."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.officegen import HTML_PAGE, docx_bytes, odt_bytes

from hrba.engine.ingest import read_document
from hrba.engine.ingest.language import detect


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _kinds(doc) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def test_docx_headings_lists_tables_footnotes(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "plan.docx", docx_bytes()))
    assert doc.format == "docx"
    heads = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert heads == [("National Action Plan on Human Rights", 1), ("Priority areas", 2),
                     ("Suivi et évaluation", 3), ("III. Recommendations", 1)]
    kinds = _kinds(doc)
    assert ("footnote", "Consultations were held in all provinces in 2023.") in kinds
    # the footnote follows the paragraph that cites it
    i = kinds.index(("paragraph", "The plan was prepared with the participation of rights holders."))
    assert kinds[i + 1][0] == "footnote"
    assert ("list_item", "Data will be disaggregated by sex, age and disability.") in kinds
    assert ("list_item", "Complaints mechanisms will be accessible.") in kinds
    assert [t for k, t in kinds if k == "table_cell"] == ["Indicator", "Baseline", "Birth registration rate", "82%"]
    assert ("paragraph", "Budget lines are published.") in kinds  # deleted revision text is not read
    item = next(b for b in doc.blocks if b.text.startswith("Data will"))
    assert item.section == ("National Action Plan on Human Rights", "Priority areas")
    last = doc.blocks[-1]
    assert last.section == ("III. Recommendations",) and last.lang == "fr"
    assert doc.lang == "en"


def test_odt_headings_lists_tables_notes(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "plan.odt", odt_bytes()))
    assert doc.format == "odt" and doc.lang == "fr"
    kinds = _kinds(doc)
    assert kinds[:3] == [
        ("heading", "Plan national"),
        ("paragraph", "Les titulaires de droits participent à la planification."),
        ("footnote", "Consultations tenues en 2023."),
    ]
    assert ("list_item", "Mécanismes de plainte accessibles.") in kinds
    assert [t for k, t in kinds if k == "table_cell"] == ["Indicateur", "Valeur", "Taux d'enregistrement", "82 %"]
    assert doc.blocks[-1].section == ("Plan national", "Priorités")


def test_html_structure_without_scripts_or_styles(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "page.html", HTML_PAGE))
    assert doc.format == "html"
    assert "tracking" not in doc.text and "color: red" not in doc.text and "JavaScript" not in doc.text
    kinds = _kinds(doc)
    assert ("heading", "Cooperation Framework 2025-2029") in kinds
    assert ("paragraph", "The framework applies a human rights-based approach to all outcomes.") in kinds
    assert ("list_item", "Support complaint mechanisms.") in kinds
    assert [t for k, t in kinds if k == "table_cell"] == ["Indicator", "Target", "Birth registration", "95%"]
    assert ("paragraph", "Annual reviews with civil society. Results are published.") in kinds
    assert ("footnote", "Based on the 2023 common country analysis.") in kinds
    monitoring = next(b for b in doc.blocks if b.text.startswith("Annual reviews"))
    assert monitoring.section == ("Cooperation Framework 2025-2029", "Outcome 1: Leave no one behind", "Monitoring")


def test_html_sniffed_without_suffix(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "download", HTML_PAGE))
    assert doc.format == "html"


def test_deeply_nested_html_does_not_overflow(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 5000 + "<p>Deep text about housing rights.</p>" + "</div>" * 5000 + "</body></html>"
    doc = read_document(_write(tmp_path, "deep.html", page))
    assert doc.text == "Deep text about housing rights."


def test_markdown(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "plan.md", "# Plan\n\nThe plan protects rights.\n\n## Data\n\n- item one\n"))
    assert [(b.kind, b.section) for b in doc.blocks] == [
        ("heading", ()), ("paragraph", ("Plan",)), ("heading", ("Plan",)), ("list_item", ("Plan", "Data")),
    ]


@pytest.mark.parametrize(
    ("encoding", "text", "lang"),
    [
        ("cp1251", "Правительство обеспечит участие правообладателей во всех этапах плана.", "ru"),
        ("cp1256", "تكفل الحكومة مشاركة أصحاب الحقوق في جميع مراحل الخطة وتضمن عدم التمييز.", "ar"),
        ("gb18030", "政府应确保权利持有人参与计划的所有阶段，并保证不歧视和平等。", "zh"),
        ("cp1252", "Le gouvernement veille à la participation des titulaires de droits à toutes les étapes.", "fr"),
    ],
)
def test_legacy_encodings_detected_and_reported(tmp_path: Path, encoding: str, text: str, lang: str) -> None:
    doc = read_document(_write(tmp_path, "legacy.txt", text.encode(encoding)))
    assert doc.text == text
    assert doc.encoding == encoding and doc.lang == lang
    assert any(encoding in w and "not UTF-8" in w for w in doc.warnings)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_bom_encodings(tmp_path: Path, encoding: str) -> None:
    text = "El Gobierno garantiza la participación de los titulares de derechos en todas las etapas."
    doc = read_document(_write(tmp_path, "bom.txt", text.encode(encoding)))
    assert doc.text == text and doc.lang == "es" and not doc.warnings


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Government shall ensure the participation of rights holders in all stages.", "en"),
        ("Le Gouvernement veille à la participation des titulaires de droits à toutes les étapes.", "fr"),
        ("El Gobierno garantiza la participación de los titulares de derechos en todas las etapas.", "es"),
        ("Правительство обеспечивает участие правообладателей.", "ru"),
        ("تكفل الحكومة مشاركة أصحاب الحقوق", "ar"),
        ("政府应确保权利持有人参与", "zh"),
        ("12 345 — 67", None),
    ],
)
def test_detect_six_languages(text: str, lang: str | None) -> None:
    assert detect(text) == lang


def test_lang_option_overrides_detection(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "plan.odt", odt_bytes()), lang="es")
    assert doc.lang == "es" and doc.lang_source == "option"
    assert {b.lang for b in doc.blocks} == {"es"}


def test_short_blocks_take_neighbour_language(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "p.md", "# Annexe\n\nLe plan sera évalué chaque année par la commission."))
    assert [b.lang for b in doc.blocks] == ["fr", "fr"]


def test_marker_fast_path_is_one_language_with_three_markers() -> None:
    """The fast path answers only when one language's markers are present (three or more times)."""
    import random

    from hrba.engine.ingest.language import _MARKERS, _by_markers

    def by_definition(low: str) -> str | None:
        present = [lang for lang, markers in _MARKERS.items() if any(m in low for m in markers)]
        if len(present) != 1:
            return None
        return present[0] if sum(map(low.count, _MARKERS[present[0]])) >= 3 else None

    rng = random.Random(3)
    words = ["the", "and", "of", "les", "des", "et", "du", "los", "las", "del", "y", "de", "thes", "x", "", "  "]
    for _ in range(3000):
        low = " ".join(rng.choice(words) for _ in range(rng.randrange(14)))
        assert _by_markers(low) == by_definition(low), low


def test_control_characters_become_spaces_and_none_is_printable() -> None:
    """from_blocks replaces control characters with spaces, finding them only in unprintable text."""
    from hrba.engine.document import _CONTROL, Block, Document

    assert not any(_CONTROL.match(chr(cp)) and chr(cp).isprintable() for cp in range(0x110000))
    doc = Document.from_blocks([Block("bell\x07 and\x1b[31m esc\x85"), Block("plain"), Block("tab\tand\nline")],
                               path="x", name="x", format="text")
    assert [b.text for b in doc.blocks] == ["bell  and [31m esc ", "plain", "tab\tand\nline"]
