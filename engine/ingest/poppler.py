"""Fallback text extraction with poppler's ``pdftotext`` (an optional external program)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 120


def available() -> bool:
    """True when ``pdftotext`` is on PATH."""
    return shutil.which("pdftotext") is not None


def page_texts(path: Path, data: bytes, pages: list[int]) -> dict[int, str]:
    """Text of the given 1-based pages (reading order, UTF-8); missing on failure."""
    out: dict[int, str] = {}
    source = path if path.is_file() else None
    with tempfile.TemporaryDirectory() as tmp:
        if source is None:
            source = Path(tmp) / "in.pdf"
            source.write_bytes(data)
        first, last = min(pages), max(pages)
        try:
            res = subprocess.run(
                ["pdftotext", "-q", "-enc", "UTF-8", "-f", str(first), "-l", str(last), str(source), "-"],
                capture_output=True, timeout=TIMEOUT_S, check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return out
        if res.returncode != 0:
            return out
        chunks = res.stdout.decode("utf-8", errors="replace").split("\f")
        for offset, chunk in enumerate(chunks[: last - first + 1]):
            number = first + offset
            if number in pages:
                out[number] = chunk
    return out
