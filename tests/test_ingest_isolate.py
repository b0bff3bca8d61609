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


def _job(kind: str):
    """A pool item's work: its value and the worker's pid, or a crash, a loop, an exception, a hog."""
    if kind == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif kind == "loop":
        time.sleep(60)
    elif kind == "raise":
        raise ValueError("bad item")
    elif kind == "hog":
        return [bytearray(100 * 1024 * 1024) for _ in range(8)]
    return kind, os.getpid()


def _vm_size() -> int:
    status = Path("/proc/self/status")
    return next(int(line.split()[1]) * 1024 for line in status.read_text().splitlines() if line.startswith("VmSize:"))


def test_worker_pool_reuses_its_workers():
    pool = isolate.WorkerPool(_job, 2)
    results = dict(pool.run((i, f"item{i}", f"p{i}") for i in range(10)))
    assert {k: v[0] for k, v in results.items()} == {i: f"item{i}" for i in range(10)}
    pids = {v[1] for v in results.values()}
    assert os.getpid() not in pids and len(pids) <= 2


@pytest.mark.parametrize("size", [1, 2])
def test_worker_pool_loses_only_the_items_that_fail(size):
    """A crash, a time-out and an exception each fail their own item (not the one handed to the same
    worker behind it); fresh workers take the rest."""
    started = time.monotonic()
    pool = isolate.WorkerPool(_job, size, timeout_s=1)
    items = ["ok", "segv", "ok", "loop", "ok", "raise", "ok"]
    results = dict(pool.run((i, kind, f"{kind}.pdf") for i, kind in enumerate(items)))
    assert time.monotonic() - started < 10
    errors = {i: r for i, r in results.items() if isinstance(r, InputError)}
    assert sorted(errors) == [1, 3, 5]
    assert errors[1].code == "crashed" and "scoring crashed on this file (signal SIGSEGV)" in errors[1].message
    assert errors[3].code == "timeout" and "longer than 1 s" in errors[3].message and errors[3].path == "loop.pdf"
    assert errors[5].code == "corrupt" and "ValueError: bad item" in errors[5].message
    assert [results[i][0] for i in (0, 2, 4, 6)] == ["ok"] * 4


def test_worker_pool_caps_memory():
    cap = _vm_size() + 300 * 1024 * 1024
    pool = isolate.WorkerPool(_job, 1, max_memory=cap)
    results = dict(pool.run((i, kind, f"{kind}.pdf") for i, kind in enumerate(["hog", "ok"])))
    assert results[0].code == "out_of_memory" and f"{cap // isolate.MB} MB" in results[0].message
    assert results[1][0] == "ok"


def _fragile(kind: str):
    """Fails (as if the worker's state were spoiled) when the worker has already run an item."""
    global _RAN
    ran = globals().get("_RAN", False)
    _RAN = True
    if kind == "fragile" and ran:
        os.kill(os.getpid(), signal.SIGSEGV)
    return kind


def test_worker_pool_retries_a_crash_in_a_fresh_worker():
    """A crash in a worker that ran other items first may be theirs: the item runs once more in a fresh
    worker, and only a crash there is the item's own."""
    results = dict(isolate.WorkerPool(_fragile, 1).run((i, k, f"{k}.pdf") for i, k in enumerate(["ok", "fragile"])))
    assert results == {0: "ok", 1: "fragile"}
    results = dict(isolate.WorkerPool(_job, 1).run((i, k, f"{k}.pdf") for i, k in enumerate(["ok", "segv", "ok"])))
    assert results[1].code == "crashed" and results[0][0] == results[2][0] == "ok"
