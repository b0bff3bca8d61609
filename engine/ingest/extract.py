"""``hrba extract``: show what hrba read from each file (reading-order text or full JSON)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..document import Document
from ..errors import InputError, terminal_safe
from . import Limits, read_document


@dataclass(eq=False, repr=False)
class ExtractOptions:
    """What ``hrba extract`` reads and how it writes it."""

    paths: list[Path]
    format: str = "text"  # "text" or "json"
    lang: str | None = None
    password: str | None = None
    limits: Limits = field(default_factory=Limits)
    jobs: int = 1


def _read_one(args: tuple[Path, str | None, str | None, Limits]) -> Document | InputError:
    path, lang, password, limits = args
    try:
        return read_document(path, lang=lang, password=password, limits=limits)
    except InputError as exc:
        return exc
    except MemoryError:
        return InputError(str(path), "reading it needs more memory than is available: the file is too large "
                          "or malformed (try --isolate)", "out_of_memory")
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        return InputError(str(path), f"the file cannot be read ({type(exc).__name__}: {exc})", "corrupt")


def read_many(options: ExtractOptions) -> Iterator[tuple[Path, Document | InputError]]:
    """Read each file in order; input errors are returned, not raised, so a batch goes on."""
    work = [(p, options.lang, options.password, options.limits) for p in options.paths]
    if options.jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            yield from zip(options.paths, pool.map(_read_one, work, chunksize=1), strict=True)
    else:
        for item in work:
            yield item[0], _read_one(item)


def render_text(doc: Document) -> str:
    """One block per paragraph, blank line between, headings marked with '#' by level, and every
    block that is not body text marked with its role ("[cover] ...", "# Annex [annex]")."""
    parts = []
    for block in doc.blocks:
        if block.kind == "heading":
            mark = "" if block.role == "heading" else f" [{block.role}]"
            parts.append("#" * min(block.level or 1, 6) + " " + block.text + mark)
        elif block.kind == "footnote" or block.role != "body":
            parts.append(f"[{block.role}] " + block.text)
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


def run_extract(options: ExtractOptions, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print each document; return the exit code (0 ok, 2 when any file could not be read)."""
    out = out or sys.stdout
    err = err or sys.stderr
    failures = 0
    results: list[dict] = []
    many = len(options.paths) > 1
    for path, result in read_many(options):
        if isinstance(result, InputError):
            failures += 1
            err.write(terminal_safe(f"hrba: error: {result}\n"))
            if options.format == "json":
                results.append({"path": str(path), "error": result.message, "code": result.code})
            continue
        for warning in result.warnings:
            err.write(terminal_safe(f"hrba: warning: {path}: {warning}\n"))
        if options.format == "json":
            results.append(result.to_dict())
        else:
            if many:
                out.write(terminal_safe(f"==> {path} <==\n"))
            out.write(render_text(result) + "\n")
            if many:
                out.write("\n")
    if options.format == "json":
        payload = results if many else (results[0] if results else {})
        out.write(json.dumps(payload, ensure_ascii=False))
        out.write("\n")
    return 2 if failures else 0
