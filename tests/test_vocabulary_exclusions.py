"""Every exclusion in the group/actor/mechanism/area/right vocabularies is live and works.

Live: the concept's own terms would match inside the exclusion (otherwise it is dead data).
Works: the tagger does not tag the concept on the exclusion phrase.  Also checks the concept
ids the issue and the UPR Info benchmark require.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from hrba.engine.matcher import Matcher, TermEntry
from hrba.engine.tagging import Tagger
from hrba.engine.vocabulary import VOCABULARY_DIR, load_vocabulary

FILES = ["groups", "actors", "mechanisms", "areas", "rights"]
# Exclusions whose stems cannot be turned into a real word by dropping "*".
CONCRETE = {"территориальн* вод*": "территориальные воды"}
REQUIRED = [
    "group.youth", "group.older_persons", "actor.parliament", "actor.local_government",
    "actor.workers_organizations", "actor.employers_business", "actor.academia",
]


@lru_cache(maxsize=1)
def _vocabulary():
    return load_vocabulary([VOCABULARY_DIR / f"{name}.yaml" for name in FILES])


def _exclusions() -> list[tuple[str, str, str]]:
    vocab = _vocabulary()
    return [(c.id, lang, term) for c in vocab.concepts.values() for lang, terms in c.exclude.items() for term in terms]


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.default()


@pytest.mark.parametrize("concept,lang,term", _exclusions())
def test_exclusion_is_live_and_suppresses(tagger: Tagger, concept: str, lang: str, term: str) -> None:
    phrase = CONCRETE.get(term, term.replace("*", ""))
    c = _vocabulary().concepts[concept]
    positives = Matcher([TermEntry(t, concept) for terms in c.terms.values() for t in terms])
    assert positives.find(phrase), f"dead exclusion {term!r} ({lang}): no term of {concept} inside it"
    assert concept not in tagger.tag(phrase).concepts, (lang, phrase, tagger.tag(phrase).evidence)


def test_families_and_languages() -> None:
    vocab = _vocabulary()
    families = {cid.split(".")[0] for cid in vocab.concepts}
    assert families == {"group", "actor", "mechanism", "area", "right"}
    for concept in vocab.concepts.values():
        assert set(concept.terms) == {"ar", "en", "es", "fr", "ru", "zh"}, concept.id
    for cid in REQUIRED:
        assert cid in vocab.concepts


def test_benchmark_ids_exist(upr_info) -> None:
    table = (upr_info / "README.md").read_text(encoding="utf-8")
    ids = re.findall(r"\|\s*`([a-z_]+\.[a-z_]+)`\s*\|", table)
    assert len(ids) >= 28
    known = load_vocabulary().concepts
    assert [i for i in ids if i not in known] == []
