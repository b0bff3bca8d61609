"""Run a reader in a forked child with a memory cap and a time limit.

A malformed file can make a C library (pdfium, lexbor, libxml2) crash, loop or eat memory;
in a child process that costs one document, not the whole batch.  POSIX only: elsewhere the
reader runs in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Any

from ..errors import InputError

MB = 1024 * 1024


def available() -> bool:
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def _child(conn, func: Callable[[], Any], path: str, max_memory: int, what: str) -> None:
    import faulthandler

    faulthandler.disable()  # a crash is reported by the parent, not dumped by the child
    try:
        if max_memory:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        conn.send(("ok", func()))
    except InputError as exc:
        conn.send(("error", (exc.path, exc.message, exc.code)))
    except MemoryError:
        conn.send(("error", (path, f"{what} it needs more than {max_memory // MB} MB of memory: "
                             "the file is malformed or too complex", "out_of_memory")))
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent, never hang it
        conn.send(("error", (path, f"the file is damaged and cannot be read ({type(exc).__name__}: {exc})",
                             "corrupt")))
    finally:
        conn.close()


def run_isolated(func: Callable[[], Any], path: str, timeout_s: float, max_memory: int, what: str = "reading") -> Any:
    """``func()`` in a forked child; InputError on crash, time-out or memory exhaustion.
    ``what`` names the work in messages: "reading" (a reader) or "scoring" (the whole document job)."""
    if not available():
        return func()
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, func, path, max_memory, what), daemon=True)
    proc.start()
    send.close()
    try:
        if not recv.poll(timeout_s):
            proc.kill()
            raise InputError(path, f"{what} took longer than {timeout_s:g} s and was stopped: the file is "
                             "malformed or too complex (raise the limit with --timeout)", "timeout")
        try:
            status, payload = recv.recv()
        except EOFError:
            proc.join(5)
            code = proc.exitcode
            how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
            raise InputError(path, f"{'the reader' if what == 'reading' else what} crashed on this file ({how}): "
                             "the file is malformed or too complex",
                             "crashed") from None
    finally:
        recv.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
    if status == "ok":
        return payload
    raise InputError(*payload)
