"""The searched-for term sample of a signal: computed once per concept set, same for every document."""

from __future__ import annotations

from hrba.engine.vocabulary import Concept, Vocabulary


def vocab(*concepts: Concept) -> Vocabulary:
    v = Vocabulary()
    for c in concepts:
        v.concepts[c.id] = c
    return v


def test_sample_caps_terms_per_concept_and_language():
    a = Concept("g.a", "A", {"en": ["a1", "a2", "a3", "a4", "a5"], "fr": ["fa"]})
    b = Concept("g.b", "B", {"en": ["a1", "b1"] + [f"b{i}" for i in range(2, 20)]})
    sample = vocab(a, b).term_sample(("g.a", "g.b", "g.unknown"))
    assert sample == {"en": ["a1", "a2", "a3", "a4", "b1", "b2", "b3"], "fr": ["fa"]}


def test_sample_is_cached_and_reset_by_merge():
    v = vocab(Concept("g.a", "A", {"en": ["a1"]}))
    first = v.term_sample(("g.a", "g.b"))
    assert v.term_sample(("g.a", "g.b")) is first
    v.merge(vocab(Concept("g.b", "B", {"en": ["b1"]}, source="other.yaml")))
    assert v.term_sample(("g.a", "g.b")) == {"en": ["a1", "b1"]}
