"""Can a glossary buy a level?  A generated buzzword paragraph per language, scored as a plan.

Usage::

    python bench/stuffing.py [--profile cca] [--terms 1] [--show]

For each of the six UN languages, the bench writes one paragraph that names every principle, group,
actor, mechanism, right, risk and data concept of the built-in vocabularies once (the first ``--terms``
terms of each concept in that language, joined as a list under a neutral lead-in, with no finding,
cause, commitment or indicator), scores it with the same library call as ``hrba score`` and prints
the overall level, the score and how many criteria reached meets or exceeds.  The goal (issue
"Levels that mean analysis"): the overall level stays at approaches or below in every language.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

FAMILIES = ("principle.", "group.", "actor.", "mechanism.", "right.", "risk.", "driver.", "resilience.", "data.", "area.")
LEAD_IN = {
    "en": "Key terms of this plan: {}.",
    "fr": "Termes clés de ce plan : {}.",
    "es": "Términos clave de este plan: {}.",
    "ru": "Ключевые термины этого плана: {}.",
    "ar": "المصطلحات الرئيسية لهذه الخطة: {}.",
    "zh": "本计划的关键术语：{}。",
}
JOIN = {"zh": "、", "ar": "، "}


def buzzword_paragraph(vocabulary, lang: str, per_concept: int = 1) -> tuple[str, int]:
    """The paragraph and the number of concepts it names."""
    terms, named = [], 0
    for cid in sorted(vocabulary.concepts):
        if not cid.startswith(FAMILIES):
            continue
        chosen = [t.replace("*", "") for t in vocabulary.concepts[cid].terms.get(lang, [])[:per_concept]]
        if chosen:
            named += 1
            terms.extend(chosen)
    return LEAD_IN[lang].format(JOIN.get(lang, ", ").join(terms)), named


def main(argv: list[str] | None = None) -> int:
    from hrba.engine.ingest import read_document
    from hrba.engine.pipeline import Engine

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profile", default="cca", help="profile to score with (default: cca)")
    ap.add_argument("--terms", type=int, default=1, help="terms per concept and language")
    ap.add_argument("--show", action="store_true", help="print each criterion's level")
    args = ap.parse_args(argv)
    engine = Engine.from_options(None, args.profile)
    worst = "missing"
    order = ("missing", "approaches", "meets", "exceeds")
    print(f"{'lang':<5} {'concepts':>8} {'words':>6}  overall      score  criteria at meets+ / evaluated")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("ar", "en", "es", "fr", "ru", "zh"):
            text, named = buzzword_paragraph(engine.vocabulary, lang, args.terms)
            path = Path(tmp) / f"buzzwords-{lang}.txt"
            path.write_text(text + "\n", encoding="utf-8")
            result = engine.score(read_document(path, lang=lang))
            overall = result.overall
            levels = Counter(r.level for r in result.criteria if r.level is not None)
            high = levels["meets"] + levels["exceeds"]
            words = len(text.split()) if lang != "zh" else len(text)
            score = f"{overall.score * 100:5.1f}" if overall.score is not None else "  n/a"
            print(f"{lang:<5} {named:>8} {words:>6}  {overall.level or 'n/a':<11} {score}  {high} / {sum(levels.values())}")
            if args.show:
                for r in result.criteria:
                    if r.level in ("meets", "exceeds"):
                        print(f"        {r.criterion.id:<12} {r.level}")
            if overall.level and order.index(overall.level) > order.index(worst):
                worst = overall.level
    print(f"\nhighest overall level: {worst} (goal: approaches or below in every language)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
