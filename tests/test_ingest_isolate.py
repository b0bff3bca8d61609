"""Isolated reading: a reader that crashes, loops or eats memory costs one document, not the run."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from fixtures.pdfgen import Page, build_pdf

import hrba.engine.ingest as ingest
from hrba.engine.errors import InputError
from hrba.engine.ingest import Limits, isolate, read_document

pytestmark = pytest.mark.skipif(not isolate.available(), reason="needs fork (POSIX)")
PAGE = Page().add(72, 700, "1. The Government will consult rights holders on the plan.")


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "plan.pdf"
    path.write_bytes(build_pdf([PAGE]))
    return path


def test_isolated_read_gives_the_same_document(pdf: Path) -> None:
    plain = read_document(pdf)
    isolated = read_document(pdf, limits=Limits(isolate=True))
    assert isolated.to_dict() == plain.to_dict()


def test_input_errors_cross_the_process_boundary(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(build_pdf([PAGE], user_password="pw"))
    with pytest.raises(InputError) as err:
        read_document(path, limits=Limits(isolate=True))
    assert err.value.code == "encrypted" and err.value.path == str(path)


def test_crashing_reader(pdf: Path, monkeypatch) -> None:
    monkeypatch.setattr(ingest, "_read", lambda *a: os.kill(os.getpid(), signal.SIGSEGV))
    with pytest.raises(InputError) as err:
        read_document(pdf, limits=Limits(isolate=True))
    assert err.value.code == "crashed" and "SIGSEGV" in err.value.message


def test_looping_reader_is_stopped(pdf: Path, monkeypatch) -> None:
    monkeypatch.setattr(ingest, "_read", lambda *a: time.sleep(60))
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        read_document(pdf, limits=Limits(isolate=True, timeout_s=1))
    assert err.value.code == "timeout" and "longer than 1 s" in err.value.message
    assert time.monotonic() - start < 10


def test_memory_hungry_reader(pdf: Path, monkeypatch) -> None:
    monkeypatch.setattr(ingest, "_read", lambda *a: bytearray(800 * 1024 * 1024))
    with pytest.raises(InputError) as err:
        read_document(pdf, limits=Limits(isolate=True, max_memory_bytes=400 * 1024 * 1024))
    assert err.value.code == "out_of_memory" and "400 MB" in err.value.message
