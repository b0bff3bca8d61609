"""A long fuzz campaign over hrba's inputs (see tests/fuzz/harness.py for the mutators and classes).

Usage::

    python bench/fuzz.py --minutes 30 [--seed 1] [--timeout 60] [--kinds pdf,docx,...] [--no-save]

Prints outcomes per input kind and class (ok, clean error, traceback, timeout, memory, crash), the
slowest case and the peak memory of any input under 10 MB. Every failing input is saved under
tests/fuzz/cases/<kind>/ with its outcome, where tests/fuzz/test_fuzz.py replays it in CI: commit it
with the fix. Exit code 1 when any case failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fuzz"))

import harness  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    parser.add_argument("--kinds", default=",".join(harness.MUTATORS), help="comma-separated input kinds")
    parser.add_argument("--no-save", action="store_true", help="do not save failing inputs as fixtures")
    parser.add_argument("--verbose", "-v", action="store_true", help="one line per case")
    args = parser.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    started = time.monotonic()

    def progress(case: harness.Case, out: harness.Outcome) -> None:
        if args.verbose or out.outcome in harness.BAD:
            print(f"{time.monotonic() - started:7.0f}s {out.outcome:12} {out.seconds:6.1f}s {out.peak_mb:6.0f} MB "
                  f"{len(case.data):>10} B  {case.name}", flush=True)

    tally = harness.campaign(args.minutes * 60, seed=args.seed, timeout_s=args.timeout, kinds=kinds,
                             save=not args.no_save, progress=progress)
    print(f"\nfuzz campaign: {args.minutes:g} min, seed {args.seed}, timeout {args.timeout:g} s per case, "
          f"{time.monotonic() - started:.0f} s elapsed")
    print(tally.table())
    for case, out in tally.failures:
        print(f"\n{out.outcome}: {case.name}\n{out.detail[-1500:]}")
    if tally.failures and not args.no_save:
        print(f"\nsaved {len(tally.failures)} failing inputs under {harness.CASES_DIR}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
