"""Recommendation extraction (``hrba recommendations``) against UPR Info's records.

Usage::

    python bench/recommendations.py [--reports ../shared/data/upr-reports] [--recs ../shared/data/upr-recs]
                                    [--threshold 0.6] [--errors 5]

For each report with a CSV of recorded recommendations (one row per recommending State), it extracts
the recommendations with the same library call the CLI uses and pairs each extracted
(recommendation, State) with at most one row, best text similarity first (one-to-one, greedy), when
the States are the same (compared through :func:`hrba.engine.states.canonical_state`) and the texts'
similarity reaches the threshold; rows UPR Info cut out of a longer printed recommendation count as
found when the row's words are contained in an extracted pair's text of the same State. Printed: recall (rows paired / rows), precision (extracted pairs
paired / extracted pairs) per report and overall, sessions >= 5 and sessions 1-4 apart, and the share
of States attributed correctly: of the extracted (recommendation, State) pairs whose text matches
some row of the report (whatever its State), the share whose State is the State of such a row.
For paired rows it also prints how often the response the report states agrees with UPR Info's
(supported = Accepted, noted = Noted; "to be examined" is answered later and not compared).
With ``--errors N`` it lists up to N unpaired rows and extracted pairs per report.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO.parent) not in sys.path and (REPO.parent / "hrba").exists():  # pragma: no cover
    sys.path.insert(0, str(REPO.parent))

from hrba.engine.recommendations import extract_path  # noqa: E402
from hrba.engine.states import canonical_state  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
EARLY_SESSIONS = 4  # sessions 1-4 are recorded less completely: reported apart
_WORD = re.compile(r"\w+")
RULE = ("a row is found when an extracted (recommendation, State) pair has the same State (canonical names) "
        "and either (1) token-set Dice similarity >= {t} of the two texts after normalisation (NFKD, accents "
        "and case folded, punctuation dropped, a leading 'to' dropped), each row and pair used once, best "
        "first; or (2) for rows left, the row's words are >= {c} contained in the pair's text (UPR Info split "
        "one printed recommendation into several rows), row of >= 3 words")
CONTAINED = 0.9
# The report's stated response and UPR Info's: "to be examined" has no counterpart (answered later).
RESPONSE_OF = {"supported": "Accepted", "noted": "Noted"}


def tokens(text: str) -> frozenset[str]:
    """The text's word set, normalised: accents and case folded, a leading "to" dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = _WORD.findall(text)
    if words[:1] == ["to"]:
        words = words[1:]
    return frozenset(words)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two word sets."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass
class Row:
    state: str
    text: str
    words: frozenset[str]
    session: int | None
    response: str = ""


@dataclass
class Pair:
    number: str | None
    state: str
    text: str
    words: frozenset[str]
    response: str | None = None


@dataclass
class Score:
    rows: int = 0
    pairs: int = 0
    matched: int = 0  # rows found
    matched_pairs: int = 0  # extracted pairs that found a row
    contained: int = 0  # rows found by rule (2) only
    response_checked: int = 0  # paired rows whose response both sides state (to_be_examined excluded)
    response_right: int = 0
    state_checked: int = 0
    state_right: int = 0
    missed_rows: list[Row] = field(default_factory=list)
    extra_pairs: list[Pair] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.rows += other.rows
        self.pairs += other.pairs
        self.matched += other.matched
        self.matched_pairs += other.matched_pairs
        self.contained += other.contained
        self.response_checked += other.response_checked
        self.response_right += other.response_right
        self.state_checked += other.state_checked
        self.state_right += other.state_right

    def figures(self) -> tuple[float | None, float | None, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        return (ratio(self.matched, self.rows), ratio(self.matched_pairs, self.pairs),
                ratio(self.state_right, self.state_checked))


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        out = []
        for r in csv.DictReader(fh):
            state = canonical_state(r["recommending_state"]) or r["recommending_state"]
            out.append(Row(state, r["text"], tokens(r["text"]), int(r["session"]) if r["session"] else None,
                           r.get("response") or ""))
        return out


def score_report(report: Path, rows: list[Row], threshold: float) -> tuple[Score, int | None]:
    extraction = extract_path(report, tag=False)
    pairs = [Pair(r.number, s, r.text, tokens(r.text), r.response) for r in extraction.recommendations
             for s in r.states]
    session = next((r.session for r in extraction.recommendations if r.session), None)
    score = Score(rows=len(rows), pairs=len(pairs))
    # text similarities once
    sims = [[similarity(p.words, r.words) for r in rows] for p in pairs]
    candidates = sorted(((sims[i][j], i, j) for i, p in enumerate(pairs) for j, r in enumerate(rows)
                         if p.state == r.state and sims[i][j] >= threshold), reverse=True)
    used_p: set[int] = set()
    used_r: set[int] = set()
    for _sim, i, j in candidates:
        if i in used_p or j in used_r:
            continue
        used_p.add(i)
        used_r.add(j)
        expected = RESPONSE_OF.get(pairs[i].response or "")
        if expected and rows[j].response:
            score.response_checked += 1
            score.response_right += rows[j].response == expected
    # rows UPR Info cut out of a longer printed recommendation: covered by the pair that contains them
    by_dice = len(used_r)
    for j, r in enumerate(rows):
        if j in used_r or len(r.words) < 3:
            continue
        for i, p in enumerate(pairs):
            if p.state == r.state and len(r.words & p.words) / len(r.words) >= CONTAINED:
                used_r.add(j)
                used_p.add(i)
                break
    score.matched = len(used_r)
    score.contained = len(used_r) - by_dice
    score.matched_pairs = len(used_p)
    score.missed_rows = [r for j, r in enumerate(rows) if j not in used_r]
    score.extra_pairs = [p for i, p in enumerate(pairs) if i not in used_p]
    for i, p in enumerate(pairs):
        states = {rows[j].state for j in range(len(rows)) if sims[i][j] >= threshold}
        if states:
            score.state_checked += 1
            score.state_right += p.state in states
    return score, session or (rows[0].session if rows else None)


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=Path, default=SHARED / "upr-reports")
    ap.add_argument("--recs", type=Path, default=SHARED / "upr-recs")
    ap.add_argument("--threshold", type=float, default=0.6)
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.recs.is_dir() or not args.reports.is_dir():
        print(f"data not found: {args.reports} / {args.recs}", file=sys.stderr)
        return 2
    print("matching rule:", RULE.format(t=args.threshold, c=CONTAINED))
    print(f"{'report':34} {'sess':>4} {'rows':>5} {'pairs':>5} {'recall':>6} {'prec':>6} {'States':>6}")
    groups = {"sessions >= 5": Score(), f"sessions 1-{EARLY_SESSIONS}": Score(), "all": Score()}
    for report in sorted(args.reports.glob("*")):
        csv_path = args.recs / f"{report.stem}.csv"
        if not csv_path.is_file():
            print(f"{report.stem:34} (no rows recorded: not scored)")
            continue
        score, session = score_report(report, read_rows(csv_path), args.threshold)
        recall, precision, states = score.figures()
        print(f"{report.stem:34} {session or '?':>4} {score.rows:>5} {score.pairs:>5} {fmt(recall):>6} "
              f"{fmt(precision):>6} {fmt(states):>6}")
        early = session is not None and session <= EARLY_SESSIONS
        groups[f"sessions 1-{EARLY_SESSIONS}" if early else "sessions >= 5"].add(score)
        groups["all"].add(score)
        for r in score.missed_rows[:args.errors]:
            print(f"    missed row   ({r.state}) {r.text[:150]}")
        for p in score.extra_pairs[:args.errors]:
            print(f"    extra pair   {p.number} ({p.state}) {p.text[:150]}")
    print()
    for name, score in groups.items():
        recall, precision, states = score.figures()
        print(f"{name:34} rows {score.rows:>5} pairs {score.pairs:>5} recall {fmt(recall)} "
              f"precision {fmt(precision)} States {fmt(states)} (rows found by rule 2: {score.contained})")
        if score.response_checked:
            print(f"{'':34} responses as UPR Info records them (supported=Accepted, noted=Noted): "
                  f"{score.response_right}/{score.response_checked} = {score.response_right / score.response_checked:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
