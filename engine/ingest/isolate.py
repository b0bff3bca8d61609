"""Run a reader in a forked child, or documents in long-lived forked workers, with a memory cap
and a time limit.

A malformed file can make a C library (pdfium, lexbor, libxml2) crash, loop or eat memory;
in a child process that costs one document, not the whole batch.  POSIX only: elsewhere the
reader runs in-process.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

MB = 1024 * 1024


def available() -> bool:
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def _error_payload(exc: BaseException, path: str, max_memory: int, what: str) -> tuple[str, str, str]:
    """(path, message, code) of an exception that escaped ``func`` in a child: as run_isolated says it."""
    if isinstance(exc, InputError):
        return exc.path, exc.message, exc.code
    if isinstance(exc, MemoryError):
        return (path, f"{what} it needs more than {max_memory // MB} MB of memory: the file is malformed or too "
                "complex", "out_of_memory")
    return path, f"the file is damaged and cannot be read ({type(exc).__name__}: {exc})", "corrupt"


def _timed_out(path: str, what: str, timeout_s: float) -> InputError:
    return InputError(path, f"{what} took longer than {timeout_s:g} s and was stopped: the file is malformed or "
                      "too complex (raise the limit with --timeout)", "timeout")


def _crashed(path: str, what: str, exitcode: int | None) -> InputError:
    how = f"signal {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"exit code {exitcode}"
    return InputError(path, f"{'the reader' if what == 'reading' else what} crashed on this file ({how}): the file "
                      "is malformed or too complex", "crashed")


def _limit_child(max_memory: int) -> None:
    """In a forked child: crashes are the parent's to report (not dumped here); the address space is capped
    at ``max_memory`` bytes (0: no cap)."""
    import faulthandler

    faulthandler.disable()
    if max_memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))


def _child(conn, func: Callable[[], Any], path: str, max_memory: int, what: str) -> None:
    try:
        _limit_child(max_memory)
        conn.send(("ok", func()))
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent, never hang it
        conn.send(("error", _error_payload(exc, path, max_memory, what)))
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
            raise _timed_out(path, what, timeout_s)
        try:
            status, payload = recv.recv()
        except EOFError:
            proc.join(5)
            raise _crashed(path, what, proc.exitcode) from None
    finally:
        recv.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
    if status == "ok":
        return payload
    raise InputError(*payload)


def _serve(conn, inherited: list, func: Callable[[Any], Any], retire: Callable[[Any], bool],
           max_memory: int, what: str) -> None:
    """A pool worker: ``func(item)`` for each (item, path) received, in order, until None (or the pipe
    closes). It leaves (the pool starts a fresh one) after any exception, or a result ``retire`` says
    it should leave after; the items handed to it behind that one are then not started."""
    import gc

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    gc.freeze()  # the inherited engine is never scanned by this worker's collector (its pages stay shared)
    for other in inherited:  # the parent's ends of its other workers' pipes: theirs to close, not ours
        other.close()
    _limit_child(max_memory)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        item, path = message
        try:
            result = func(item)
            conn.send(("ok", result))  # (pickled whole before a byte is sent)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, never hang it
            try:
                conn.send(("error", _error_payload(exc, path, max_memory, what)))
            except OSError:  # the parent is gone
                pass
            return
        if retire(result):
            return


def _keep(_result: Any) -> bool:
    return False


@dataclass(eq=False, repr=False)
class _Worker:
    """One forked worker of a WorkerPool: its process, its end of the pipe and the items it holds."""

    proc: Any
    conn: Any
    held: deque = field(default_factory=deque)  # (key, item, path) sent to it, in order; the first is running
    deadline: float = math.inf  # of the first
    served: int = 0  # items it has finished or failed on


class WorkerPool:
    """Long-lived forked workers, each running ``func(item)`` for one item at a time.

    Forked once from the loaded parent, a worker shares its pages (copy on write) and keeps what it
    warms (caches) for the next item, instead of a fork per item. Each item runs under ``timeout_s``
    (the parent waits with a deadline, then kills the worker) and the worker's address-space cap
    ``max_memory``; a worker that dies, overruns or raises fails only the item it was running (an
    InputError as run_isolated raises it), and a fresh worker takes the rest, including the next item
    it had been handed (see _hand_out). ``retire(result)``: whether the worker should leave after
    handing back ``result`` (say after a MemoryError it caught). A crash, a MemoryError or a retiring
    result may come from what earlier items left in the worker, not from this item: unless it was the
    worker's first, the item runs once more in a fresh worker, whose outcome is the item's (as if
    each item had a fresh fork of the parent).
    """

    def __init__(self, func: Callable[[Any], Any], size: int, *, timeout_s: float | None = None,
                 max_memory: int = 0, what: str = "scoring", retire: Callable[[Any], bool] = _keep):
        self.func, self.size, self.timeout_s, self.max_memory = func, max(1, size), timeout_s, max_memory
        self.what, self.retire = what, retire
        self._ctx = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []

    def _start(self) -> _Worker:
        ours, theirs = self._ctx.Pipe()
        inherited = [ours] + [w.conn for w in self._workers]
        proc = self._ctx.Process(target=_serve, daemon=True, args=(theirs, inherited, self.func, self.retire,
                                                                    self.max_memory, self.what))
        proc.start()
        theirs.close()
        worker = _Worker(proc, ours)
        self._workers.append(worker)
        return worker

    def _stop(self, worker: _Worker, kill: bool = False) -> None:
        self._tell_to_stop(worker, kill)
        self._reap(worker)

    def _tell_to_stop(self, worker: _Worker, kill: bool) -> None:
        self._workers.remove(worker)
        if kill:
            worker.proc.kill()
        else:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        worker.conn.close()

    @staticmethod
    def _reap(worker: _Worker) -> None:
        worker.proc.join(5)
        if worker.proc.is_alive():
            worker.proc.kill()
            worker.proc.join()

    def _deadline(self) -> float:
        return time.monotonic() + self.timeout_s if self.timeout_s else math.inf

    def _send(self, worker: _Worker, pending: deque) -> bool:
        """Hand ``worker`` the next pending item; False (the item back in ``pending``) if it is gone."""
        key, item, path = pending.popleft()
        try:
            worker.conn.send((item, path))
        except OSError:
            pending.appendleft((key, item, path))
            return False
        if not worker.held:
            worker.deadline = self._deadline()
        worker.held.append((key, item, path))
        return True

    def _hand_out(self, pending: deque, idle: list[_Worker], busy: dict[Any, _Worker]) -> None:
        """An item to each idle worker (starting workers up to ``size``); then, while there are at least
        as many items left as workers, a second one to each busy worker, which starts it as soon as it
        hands back the first (no wait for the parent between two items; never the last few, which go to
        whichever worker is free first)."""
        while pending and (idle or len(busy) < self.size):
            worker = idle.pop() if idle else self._start()
            if self._send(worker, pending):
                busy[worker.conn] = worker
            else:  # it died idle: a fresh worker takes the item
                self._stop(worker, kill=True)
        for worker in list(busy.values()):
            if len(pending) >= self.size and len(worker.held) == 1:
                self._send(worker, pending)  # (if it is dying, its crash is read next)

    def _drop(self, worker: _Worker, busy: dict[Any, _Worker], pending: deque, kill: bool = True) -> None:
        """Stop ``worker``; the items it held but had not started go back to the front of ``pending``."""
        del busy[worker.conn]
        pending.extendleft(reversed(worker.held))
        worker.held.clear()
        self._stop(worker, kill=kill)

    def run(self, items: Iterable[tuple[Any, Any, str]]) -> Iterator[tuple[Any, Any]]:
        """(key, result) for each (key, item, path), as they finish: result is ``func(item)``'s value, or
        the InputError of a crash, time-out or exception (the path names the item in messages)."""
        from multiprocessing.connection import wait

        pending = deque(items)
        idle: list[_Worker] = []
        busy: dict[Any, _Worker] = {}
        retried: set = set()
        try:
            while pending or busy:
                self._hand_out(pending, idle, busy)
                left = min(w.deadline for w in busy.values()) - time.monotonic()
                for conn in wait(list(busy), None if left == math.inf else max(0.0, left)):
                    worker = busy[conn]
                    key, item, path = worker.held.popleft()
                    worker.served += 1
                    try:
                        status, payload = conn.recv()
                    except (EOFError, OSError):
                        worker.proc.join(5)
                        outcome: Any = _crashed(path, self.what, worker.proc.exitcode)
                        suspect = True
                        self._drop(worker, busy, pending)
                    else:
                        outcome = payload if status == "ok" else InputError(*payload)
                        suspect = self.retire(payload) if status == "ok" else outcome.code == "out_of_memory"
                        if status != "ok" or suspect:
                            self._drop(worker, busy, pending, kill=False)
                        elif worker.held:  # it has started the next one
                            worker.deadline = self._deadline()
                        else:
                            del busy[conn]
                            idle.append(worker)
                    if suspect and worker.served > 1 and key not in retried:
                        retried.add(key)  # the worker's past may be to blame: once more in a fresh one
                        pending.appendleft((key, item, path))
                        continue
                    yield key, outcome
                now = time.monotonic()
                for conn, worker in list(busy.items()):
                    if worker.deadline <= now and not conn.poll():  # (a result that just came is read next)
                        key, _item, path = worker.held.popleft()
                        self._drop(worker, busy, pending)
                        yield key, _timed_out(path, self.what, self.timeout_s)
        finally:  # all told at once; the killed ones are waited for
            killed = [w for w in self._workers if w.conn in busy]
            for worker in list(self._workers):
                self._tell_to_stop(worker, kill=worker in killed)
            for worker in killed:
                self._reap(worker)
            # The others have handed back every result: the caller goes on while they free their memory and
            # exit (a few milliseconds); multiprocessing reaps them (at its next start or at exit).
