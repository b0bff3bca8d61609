"""Bad input: every case gives a specific InputError (code + actionable message), never a crash."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.officegen import docx_bytes, docx_entity_bomb, docx_zip_bomb, odt_bytes
from fixtures.pdfgen import Page, build_pdf, un_report_pages

from hrba.cli import main
from hrba.engine.errors import InputError
from hrba.engine.ingest import Limits, read_document

TEXT_PAGE = Page().add(72, 700, "1. The Government will consult rights holders on the plan.")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path, **kwargs) -> InputError:
    with pytest.raises(InputError) as err:
        read_document(path, **kwargs)
    return err.value


def test_missing_and_empty(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.pdf").code == "not_found"
    err = _error(_write(tmp_path, "empty.pdf", b""))
    assert err.code == "empty" and "empty (0 bytes)" in err.message


def test_huge_file_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"Rights holders participate. " * 100)
    err = _error(path, limits=Limits(max_bytes=1000))
    assert err.code == "too_large" and "--max-mb" in err.message


def test_garbage_pdf_is_corrupt(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "bad.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20))
    assert err.code == "corrupt" and "corrupt" in err.message


@pytest.mark.parametrize("keep", [0.3, 0.5, 0.9])
def test_truncated_pdf(tmp_path: Path, keep: float) -> None:
    data = build_pdf(un_report_pages())
    err = _error(_write(tmp_path, "cut.pdf", data[: int(len(data) * keep)]))
    assert err.code == "corrupt" and "corrupt or truncated" in err.message


def test_corrupt_page_stream_does_not_sink_the_file(tmp_path: Path) -> None:
    data = build_pdf([TEXT_PAGE, Page().add(72, 700, "2. Second page text about health services.")])
    start = data.index(b"BT /F1")
    broken = data[:start] + b"BT /F1 10 Tf ((((( \\\\ Tj ET q Q Q Q ] >> " + data[start + 40:]
    doc = read_document(_write(tmp_path, "broken.pdf", broken))
    assert "Second page text about health services." in doc.text


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.pdf", build_pdf([TEXT_PAGE], user_password="s3cret"))
    err = _error(path)
    assert err.code == "encrypted" and "--password" in err.message
    assert _error(path, password="wrong").code == "bad_password"
    doc = read_document(path, password="s3cret")
    assert "consult rights holders" in doc.text


def test_extension_lies_pdf_named_docx(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "plan.docx", build_pdf([TEXT_PAGE])))
    assert doc.format == "pdf" and "consult rights holders" in doc.text


def test_extension_lies_docx_named_pdf(tmp_path: Path) -> None:
    assert read_document(_write(tmp_path, "plan.pdf", docx_bytes())).format == "docx"
    assert read_document(_write(tmp_path, "plan2.pdf", odt_bytes())).format == "odt"


def test_text_named_pdf(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "fake.pdf", b"just some text, not a PDF"))
    assert err.code == "wrong_type" and "not a PDF" in err.message


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "save it as .docx"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "OCR"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
def test_unsupported_types(tmp_path: Path, data: bytes, needle: str) -> None:
    err = _error(_write(tmp_path, "file.doc", data))
    assert err.code == "unsupported" and needle in err.message


def test_binary_junk(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "x.txt", b"\x00\x01\x02\x03" * 300))
    assert err.code == "binary"


def test_truncated_docx(tmp_path: Path) -> None:
    data = docx_bytes()
    err = _error(_write(tmp_path, "cut.docx", data[: len(data) // 2]))
    assert err.code == "corrupt"


def test_docx_zip_bomb(tmp_path: Path) -> None:
    path = _write(tmp_path, "bomb.docx", docx_zip_bomb(expanded_mb=40))
    assert path.stat().st_size < 1_000_000
    err = _error(path, limits=Limits(max_unzipped_bytes=20 * 1024 * 1024))
    assert err.code == "zip_bomb" and "zip bomb" in err.message
    # within the byte limit, the compression ratio still gives it away
    err = _error(path)
    assert err.code == "zip_bomb" and "compresses" in err.message


def test_docx_entity_bomb(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "lol.docx", docx_entity_bomb()))
    assert err.code == "xml_entities" and "billion laughs" in err.message


def test_zip_that_is_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert _error(path).code == "unsupported"


def test_no_text_at_all(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "blank.pdf", build_pdf([Page()])))
    assert err.code == "no_text"


# ---------------------------------------------------------------- CLI: exit codes and batches


def test_cli_extract_text_and_json(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.pdf", build_pdf(un_report_pages()))
    runner = CliRunner()
    res = runner.invoke(main, ["extract", str(path)])
    assert res.exit_code == 0, res.output
    assert "# I. Introduction" in res.output and "5. The State should:" in res.output
    res = runner.invoke(main, ["extract", "--format", "json", str(path)])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["pages"] == 5 and data["skipped_pages"] == [4] and data["lang"] == "en"
    block = next(b for b in data["blocks"] if b["paragraph"] == "5 (a)")
    assert block["kind"] == "list_item" and block["page"] == 3 and block["section"] == ["II. Recommendations"]


def test_cli_single_bad_file_exit_2(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.pdf", build_pdf([TEXT_PAGE], user_password="pw"))
    res = CliRunner().invoke(main, ["extract", str(path)])
    assert res.exit_code == 2
    assert "needs a password" in res.stderr
    res = CliRunner().invoke(main, ["extract", "--password", "pw", str(path)])
    assert res.exit_code == 0 and "consult rights holders" in res.stdout


def test_cli_batch_goes_on_and_lists_failures(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.pdf", build_pdf([TEXT_PAGE]))
    bad = _write(tmp_path, "bad.docx", b"")
    res = CliRunner().invoke(main, ["extract", "--format", "json", str(bad), str(good)])
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert data[0] == {"path": str(bad), "error": "the file is empty (0 bytes)", "code": "empty"}
    assert "consult rights holders" in data[1]["blocks"][0]["text"]
    assert "bad.docx: the file is empty" in res.stderr
