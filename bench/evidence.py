"""Would a reviewer cite what hrba cites?  hrba's evidence against a human rights officer's judgments.

Usage::

    python bench/evidence.py [--data ../shared/data/evidence-judgments] [--reports ../shared/data/upr-reports]
                             [--profile ID] [--show 0|1|2|lost] [--levels] [--save FILE] [--before FILE]

``upr-dev.jsonl`` holds (passage, criterion) pairs from the UPR reports, each judged 0 (not evidence:
wrong sense, negated, title, furniture), 1 (a mention only) or 2 (substantive: analysis with specifics
or a concrete commitment).  The bench scores every judged report with the library call ``hrba score``
uses, locates each judged passage in the document's text, and checks which of the criterion's
(unsuppressed) evidence quotes overlap it, with their signal.  It prints three figures:

- **cited judged 0**: of the judged pairs hrba still cites, the share judged 0 (goal <= 5%);
- **meets/exceeds judged 2**: of the cited pairs *used for meets or exceeds* -- cited by a signal that
  lifts the criterion above approaches (a signal the criterion's meets or exceeds level requires and its
  approaches level does not), in a criterion that reached meets or exceeds -- the share judged 2
  (goal >= 80%, then 85%);
- **recall of 2**: the share of pairs judged 2 that hrba still cites for their criterion (goal >= 90%).

``--levels`` adds the distribution of levels per criterion over the judged reports; ``--save`` writes
the levels to a JSON file and ``--before`` compares with such a file (what changed, per criterion).
The figures are measurements, not tests: no unit test asserts them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_DATA = SHARED / "evidence-judgments"
DEFAULT_REPORTS = SHARED / "upr-reports"
LEVELS = ("missing", "approaches", "meets", "exceeds")
_SPACE = re.compile(r"\s+")


@dataclass
class Pair:
    """One judged (passage, criterion) pair and what hrba makes of it now."""

    id: str
    doc: str
    criterion: str
    passage: str
    label: int
    why: str
    located: bool = False
    signals: list[str] = field(default_factory=list)  # signals whose evidence overlaps the passage
    for_meets: bool = False  # cited by a signal that lifts the criterion above approaches
    level: str | None = None  # the criterion's level in the document


class Collapsed:
    """A text with runs of white space collapsed to one space, and a map back to the original offsets."""

    def __init__(self, text: str):
        parts, offsets, pos = [], [], 0
        for m in _SPACE.finditer(text):
            chunk = text[pos:m.start()]
            offsets.extend(range(pos, m.start()))
            parts.append(chunk)
            parts.append(" ")
            offsets.append(m.start())
            pos = m.end()
        parts.append(text[pos:])
        offsets.extend(range(pos, len(text)))
        self.text = "".join(parts)
        self.offsets = offsets

    def find(self, needle: str) -> tuple[int, int] | None:
        """Original (start, end) of the collapsed ``needle``, or None."""
        i = self.text.find(needle)
        if i < 0 or not needle:
            return None
        return self.offsets[i], self.offsets[i + len(needle) - 1] + 1


def locate(doc_text: Collapsed, passage: str) -> tuple[int, int] | None:
    """Where the judged passage is in the document (its whole text, else its longest findable part).

    Passages were cut from hrba's own blocks; a reader change may split or join blocks, so the
    passage is searched whole first, then by pieces between cut marks and by sentences.
    """
    text = _SPACE.sub(" ", passage.replace("…", " … ")).strip()
    whole = doc_text.find(text)
    if whole:
        return whole
    pieces = [p.strip() for p in text.split("…") if len(p.strip()) >= 40]
    spans = [s for s in (doc_text.find(p) for p in pieces) if s]
    if not spans:
        sentences = [s for s in re.split(r"(?<=[.;:])\s+", text) if len(s) >= 40]
        spans = [s for s in (doc_text.find(p) for p in sentences) if s]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def lifting_signals(criterion) -> set[str]:
    """Signals that lift a criterion above approaches: required by meets or exceeds, not by approaches."""
    above: set[str] = set()
    for name in ("meets", "exceeds"):
        level = criterion.levels.get(name)
        if level:
            above |= set(level.signals())
    base = criterion.levels.get("approaches")
    below = set(base.signals()) if base else set()
    return (above - below) or above


def load_pairs(path: Path) -> list[Pair]:
    pairs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                pairs.append(Pair(r["id"], r["doc"], r["criterion"], r["passage"], int(r["label"]), r.get("why", "")))
    return pairs


def judge(pairs: list[Pair], reports: Path, profile: str | None) -> tuple[dict[str, dict[str, str | None]], float]:
    """Score every judged report and fill in each pair's citation; return levels per document and the time."""
    from hrba.engine.pipeline import Engine

    engine = Engine.from_options(None, profile)
    by_doc: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_doc[p.doc].append(p)
    levels: dict[str, dict[str, str | None]] = {}
    t0 = time.perf_counter()
    for doc in sorted(by_doc):
        outcome = engine.score_path(reports / doc)
        if outcome.result is None:
            print(f"{doc}: not scored: {outcome.error}", file=sys.stderr)
            continue
        result = outcome.result
        collapsed = Collapsed(result.document.text)
        crits = {r.criterion.id: r for r in result.criteria}
        levels[doc] = {cid: r.level for cid, r in crits.items()}
        for p in by_doc[doc]:
            r = crits.get(p.criterion)
            span = locate(collapsed, p.passage)
            p.located = span is not None
            if r is None or span is None:
                continue
            p.level = r.level
            lifting = lifting_signals(r.criterion) if r.level in ("meets", "exceeds") else set()
            for name, sig in r.signals.items():
                if any(ev.start < span[1] and span[0] < ev.end for ev in sig.evidence):
                    p.signals.append(name)
                    if name in lifting and sig.found:
                        p.for_meets = True
    return levels, time.perf_counter() - t0


def share(num: int, den: int) -> str:
    return f"{num / den:6.1%} ({num}/{den})" if den else "   n/a (0/0)"


def report(pairs: list[Pair]) -> dict:
    located = [p for p in pairs if p.located]
    cited = [p for p in located if p.signals]
    meets = [p for p in cited if p.for_meets]
    twos = [p for p in located if p.label == 2]
    figures = {
        "pairs": len(pairs), "located": len(located), "cited": len(cited),
        "cited_judged_0": sum(p.label == 0 for p in cited),
        "meets_used": len(meets), "meets_used_judged_2": sum(p.label == 2 for p in meets),
        "judged_2": len(twos), "judged_2_cited": sum(bool(p.signals) for p in twos),
    }
    print(f"judged pairs: {len(pairs)}; passages found in the documents: {len(located)}; still cited: {len(cited)}")
    by_label = Counter(p.label for p in cited)
    print(f"cited, by judgment: 0: {by_label[0]}, 1: {by_label[1]}, 2: {by_label[2]}")
    print()
    print(f"  cited judged 0 (not evidence)        {share(figures['cited_judged_0'], len(cited))}   goal <= 5%")
    print(f"  meets/exceeds judged 2 (substantive) {share(figures['meets_used_judged_2'], len(meets))}   goal >= 80% (issue 11), 85% (issue 12)")
    print(f"  recall of pairs judged 2             {share(figures['judged_2_cited'], len(twos))}   goal >= 90%")
    return figures


def per_criterion(pairs: list[Pair]) -> None:
    print("\ncriterion   judged  cited  cited-0  meets-used  meets-2  lost-2")
    for cid in sorted({p.criterion for p in pairs}):
        ps = [p for p in pairs if p.criterion == cid and p.located]
        cited = [p for p in ps if p.signals]
        meets = [p for p in cited if p.for_meets]
        print(f"{cid:<11} {len(ps):>6} {len(cited):>6} {sum(p.label == 0 for p in cited):>8} {len(meets):>11} "
              f"{sum(p.label == 2 for p in meets):>8} {sum(p.label == 2 and not p.signals for p in ps):>7}")


def show(pairs: list[Pair], which: str, width: int = 160) -> None:
    if which == "lost":
        chosen = [p for p in pairs if p.located and p.label == 2 and not p.signals]
        title = "judged 2 but no longer cited"
    elif which == "meets":
        chosen = [p for p in pairs if p.for_meets and p.label < 2]
        title = "used for meets/exceeds but judged below 2"
    else:
        chosen = [p for p in pairs if p.signals and p.label == int(which)]
        title = f"still cited, judged {which}"
    print(f"\n{title}: {len(chosen)}")
    for p in chosen:
        text = _SPACE.sub(" ", p.passage)
        print(f"- {p.id} {p.criterion} [{p.level}; {', '.join(p.signals) or '-'}] {p.doc}: {text[:width]}")
        print(f"    why: {p.why}")


def level_table(levels: dict[str, dict[str, str | None]], before: dict | None) -> None:
    crits = sorted({c for d in levels.values() for c in d})
    print("\nlevels over the judged reports (missing/approaches/meets/exceeds/n.a.)" + (" -- before -> now" if before else ""))
    for cid in crits:
        now = Counter(levels[d].get(cid) for d in levels)
        row = "/".join(str(now[lv]) for lv in LEVELS) + f"/{now[None]}"
        if before:
            old = Counter(before.get(d, {}).get(cid) for d in levels)
            row = "/".join(str(old[lv]) for lv in LEVELS) + f"/{old[None]}  ->  " + row
        print(f"  {cid:<12} {row}")
    if before:
        changed = [(d, c, before.get(d, {}).get(c), levels[d].get(c)) for d in sorted(levels) for c in crits
                   if before.get(d, {}).get(c) != levels[d].get(c)]
        moves = Counter((a, b) for _, _, a, b in changed)
        print(f"\n{len(changed)} (document, criterion) levels changed: "
              + ", ".join(f"{a}->{b}: {n}" for (a, b), n in moves.most_common()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding upr-dev.jsonl")
    ap.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="folder holding the judged PDF reports")
    ap.add_argument("--profile", default=None, help="score with this profile (default: the default checklists)")
    ap.add_argument("--show", action="append", default=[], choices=["0", "1", "2", "lost", "meets"],
                    help="list pairs: still cited and judged 0/1/2, judged 2 but lost, or used for meets but below 2")
    ap.add_argument("--criteria", action="store_true", help="figures per criterion")
    ap.add_argument("--levels", action="store_true", help="distribution of levels per criterion")
    ap.add_argument("--save", type=Path, help="write the levels per document and criterion to this JSON file")
    ap.add_argument("--before", type=Path, help="compare levels with a file written by --save")
    args = ap.parse_args(argv)
    judgments = args.data / "upr-dev.jsonl"
    if not judgments.is_file() or not args.reports.is_dir():
        print(f"evidence bench: needs {judgments} and the reports in {args.reports} "
              "(the shared data set; give --data and --reports)", file=sys.stderr)
        return 2
    pairs = load_pairs(judgments)
    levels, seconds = judge(pairs, args.reports, args.profile)
    print(f"scored {len(levels)} reports in {seconds:.1f} s")
    figures = report(pairs)
    if args.criteria:
        per_criterion(pairs)
    for which in args.show:
        show(pairs, which)
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    if args.levels or before:
        level_table(levels, before)
    if args.save:
        args.save.write_text(json.dumps(levels, indent=1, sort_keys=True), encoding="utf-8")
    missing = [p.id for p in pairs if not p.located]
    if missing:
        print(f"\n{len(missing)} judged passages not found in the documents' text (reader changes?): "
              + ", ".join(missing[:20]) + (" ..." if len(missing) > 20 else ""))
    return 0 if figures else 1


if __name__ == "__main__":
    raise SystemExit(main())
