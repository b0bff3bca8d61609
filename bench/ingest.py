"""Ingest benchmark: `hrba extract` of the UN reports against poppler's `pdftotext`, same run.

    python bench/ingest.py [DIR] [--runs N] [--jobs J]

Times, per round, (a) `pdftotext FILE out` run once per file, sequentially (poppler's whole
cost, process start included), and (b) one `hrba extract --format json FILE...` process over
all files (Python start, imports, layout, languages and JSON included), with -j 1 and, if
asked, -j J.  Rounds alternate so both see the same machine state; medians are reported with
the ratio hrba / pdftotext (the goal is 1.5x or less).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "upr-reports"


def _time(cmd: list[str] | list[list[str]], outdir: Path) -> float:
    cmds = cmd if isinstance(cmd[0], list) else [cmd]
    start = time.perf_counter()
    for c in cmds:
        subprocess.run(c, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=outdir)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2, help="also time hrba extract -j JOBS (1 to skip)")
    args = ap.parse_args(argv)
    files = sorted(args.dir.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.dir}", file=sys.stderr)
        return 2
    if not shutil.which("pdftotext"):
        print("pdftotext (poppler-utils) is not installed", file=sys.stderr)
        return 2
    hrba = [sys.executable, "-m", "hrba.cli", "extract", "--format", "json"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        poppler_cmds = [["pdftotext", "-enc", "UTF-8", str(f), str(out / (f.stem + ".txt"))] for f in files]
        variants = {"hrba -j1": hrba + ["-j", "1"] + [str(f) for f in files]}
        if args.jobs > 1:
            variants[f"hrba -j{args.jobs}"] = hrba + ["-j", str(args.jobs)] + [str(f) for f in files]
        _time(variants["hrba -j1"], out)  # warm caches once
        times: dict[str, list[float]] = {"pdftotext": [], **{k: [] for k in variants}}
        for _ in range(args.runs):
            times["pdftotext"].append(_time(poppler_cmds, out))
            for name, cmd in variants.items():
                times[name].append(_time(cmd, out))
    base = statistics.median(times["pdftotext"])
    pages = sum(_pages(f) for f in files)
    print(f"{len(files)} PDFs, {pages} pages, {args.runs} rounds (median seconds)")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"  {name:12} {med:7.3f} s  {pages / med:7.0f} pages/s  ratio {med / base:5.2f}x")
    return 0


def _pages(path: Path) -> int:
    if not shutil.which("pdfinfo"):
        return 0
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False).stdout
    return next((int(line.split()[-1]) for line in out.splitlines() if line.startswith("Pages:")), 0)


if __name__ == "__main__":
    sys.exit(main())
