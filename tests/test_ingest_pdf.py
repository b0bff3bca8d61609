"""PDF reading on generated PDFs: layout, running heads, headings, numbers, footnotes, scans."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fixtures.pdfgen import Page, build_pdf, un_report_pages

from hrba.engine.errors import InputError
from hrba.engine.ingest import Limits, read_document
from hrba.engine.ingest.lines import garbled


@pytest.fixture
def un_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(build_pdf(un_report_pages()))
    return path


def _by_para(doc, number: str):
    return next(b for b in doc.blocks if b.paragraph == number and b.kind != "heading")


def test_pages_and_skipped_scan(un_pdf: Path) -> None:
    doc = read_document(un_pdf)
    assert doc.format == "pdf" and doc.pages == 5
    assert doc.skipped_pages == [4]
    assert any("page 4 has no text layer" in w and "ocrmypdf" in w for w in doc.warnings)


def test_running_heads_and_page_numbers_removed(un_pdf: Path) -> None:
    doc = read_document(un_pdf)
    assert "A/HRC/99/1" not in doc.text
    assert "GE.20-12345" not in doc.text
    assert all(not b.text.strip().isdigit() for b in doc.blocks)


def test_headings_levels_and_sections(un_pdf: Path) -> None:
    doc = read_document(un_pdf)
    heads = [(b.text, b.level, b.section) for b in doc.blocks if b.kind == "heading"]
    assert heads == [
        ("I. Introduction", 1, ()),
        ("A. Participation", 2, ("I. Introduction",)),
        ("II. Recommendations", 1, ()),
    ]
    assert _by_para(doc, "3").section == ("I. Introduction", "A. Participation")
    assert _by_para(doc, "5").section == ("II. Recommendations",)


def test_numbered_paragraphs_and_subparagraphs(un_pdf: Path) -> None:
    doc = read_document(un_pdf)
    numbers = [b.paragraph for b in doc.blocks if b.kind in ("paragraph", "list_item")]
    assert numbers == ["1", "2", "3", "4", "5", "5 (a)", "5 (b)", "6", "7"]
    item = _by_para(doc, "5 (a)")
    assert item.kind == "list_item" and item.page == 3
    assert item.location() == {"page": 3, "section": "II. Recommendations", "paragraph": "5 (a)"}


def test_footnote_kept_as_footnote(un_pdf: Path) -> None:
    doc = read_document(un_pdf)
    notes = [b for b in doc.blocks if b.kind == "footnote"]
    assert [(n.page, n.text) for n in notes] == [(1, "1 See resolution 5/1 of the Human Rights Council.")]
    assert "See resolution" not in _by_para(doc, "2").text


def test_paragraph_continues_over_page_break(un_pdf: Path) -> None:
    para = _by_para(read_document(un_pdf), "4")
    assert para.page == 2
    assert para.text.endswith("it worked closely with civil society organizations throughout the process.")


def test_line_end_hyphen_rejoined(un_pdf: Path) -> None:
    assert "the participation of rights holders" in _by_para(read_document(un_pdf), "3").text


def test_two_columns_kept_apart(un_pdf: Path) -> None:
    doc = read_document(un_pdf)
    assert _by_para(doc, "6").text == "6. Left column speaks about water and sanitation services."
    assert _by_para(doc, "7").text == "7. Right column speaks about housing and forced evictions."


def test_offsets_point_back_to_blocks(un_pdf: Path) -> None:
    doc = read_document(un_pdf)
    pos = doc.text.index("Optional Protocol")
    block = doc.block_at(pos)
    assert block is not None and block.paragraph == "5 (a)" and block.page == 3
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)


def test_hyphenated_compound_kept(tmp_path: Path) -> None:
    page = Page().add(72, 700, "The plan funds awareness-raising and a follow-")
    page.add(72, 688, "up mechanism. Awareness campaigns are raising interest in follow")
    page.add(72, 676, "and up. The delegation described the partici-")
    page.add(72, 664, "pation of women.")
    path = tmp_path / "h.pdf"
    path.write_bytes(build_pdf([page]))
    text = read_document(path).text
    assert "follow-up mechanism" in text
    assert "participation of women" in text


def test_all_pages_scanned_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(build_pdf([Page(image=True), Page(image=True), Page(image=True)]))
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.code == "no_text_layer"
    assert "pages 1-3" in err.value.message and "run OCR" in err.value.message and "ocrmypdf" in err.value.message


def test_scans_and_blank_pages_only_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "scan2.pdf"
    path.write_bytes(build_pdf([Page(image=True), Page(), Page(image=True)]))
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.code == "no_text_layer" and "pages 1, 3 have no text layer" in err.value.message


def test_page_limit(un_pdf: Path) -> None:
    with pytest.raises(InputError) as err:
        read_document(un_pdf, limits=Limits(max_pages=3))
    assert err.value.code == "too_many_pages"
    assert "5 pages" in err.value.message and "--max-pages" in err.value.message


def test_garbled_detection() -> None:
    assert garbled("The plan is fine. " * 20) is None
    assert garbled("\ufffd\ufffd\ufffd\ufffd abc \ufffd\ufffd") == "replacement or private-use characters"
    logical = "تكفل الحكومة مشاركة أصحاب الحقوق في جميع مراحل الخطة وتضمن عدم التمييز والمساواة"
    visual = " ".join(word[::-1] for word in logical.split())
    assert garbled(logical) is None
    assert garbled(visual) == "Arabic text in visual (reversed) order"
    shaped = "\ufee3\ufeb8\ufe8d\ufead\ufedb\ufe93 " * 10  # presentation-form glyphs
    assert garbled(shaped).startswith("Arabic presentation forms")


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo not installed")
def test_page_count_matches_pdfinfo(un_pdf: Path) -> None:
    out = subprocess.run(["pdfinfo", str(un_pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
    assert read_document(un_pdf).pages == pages


def test_lines_when_text_and_character_indices_differ(un_pdf: Path) -> None:
    """The index-mapping path of _lines (pdfium left characters out of the text) gives the lines
    the direct path gives wherever the indices coincide: an extra empty line only shifts the count."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from hrba.engine.ingest.pdf import _lines, _page_text

    pdf = pdfium.PdfDocument(un_pdf.read_bytes())
    try:
        page = pdf[0]
        textpage = pdfium_c.FPDFText_LoadPage(page.raw)
        try:
            n = pdfium_c.FPDFText_CountChars(textpage)
            text = _page_text(textpage, n)
            direct = _lines(textpage, n, text, 1, page.get_height())
            mapped = _lines(textpage, n, text + "\r\n", 1, page.get_height())
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
            page.close()
    finally:
        pdf.close()
    assert len(direct) > 3 and all(line.size and line.x_end for line in direct)
    assert mapped == direct


def test_unloadable_page_is_a_clear_error(un_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hrba.engine.ingest import pdf as pdf_reader

    monkeypatch.setattr(pdf_reader.pdfium_c, "FPDF_LoadPage", lambda doc, index: None)
    with pytest.raises(InputError) as err:
        read_document(un_pdf)
    assert err.value.code == "corrupt" and "page 1 cannot be read: the PDF is corrupt" in err.value.message
