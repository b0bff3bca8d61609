"""The view model's text pieces: quotes cut at highlights, a signal's rule in words with capped lists."""

from __future__ import annotations

from hrba.reporting.i18n import FSI, PDI, catalog
from hrba.reporting.viewmodel import Segment, requirement, segments, shared_requirement


def test_segments_in_order_longer_first_overlaps_dropped_ends_clamped() -> None:
    quote = "alpha beta gamma"
    highlights = [{"start": 6, "end": 10, "role": "near"}, {"start": 0, "end": 5, "role": "anchor"},
                  {"start": 6, "end": 8, "role": "unless"}, {"start": 11, "end": 99, "role": "anchor"},
                  {"start": -3, "end": 2, "role": "near"}]
    # sorted by start, the longer first: [-3, 2) clamped to [0, 2) comes first, so [0, 5) overlaps it
    assert segments(quote, highlights) == [("al", "near"), ("pha ", None), ("beta", "near"), (" ", None),
                                           ("gamma", "anchor")]
    assert segments(quote, [{"start": -4, "end": 5, "role": "near"}]) == [("alpha", "near"), (" beta gamma", None)]
    assert segments(quote, []) == [("alpha beta gamma", None)] and segments("", []) == []
    parts = segments(quote, [{"start": 6, "end": 10, "role": "anchor"}])
    assert all(type(p) is Segment for p in parts) and parts[1].text == "beta" and parts[1].mark == "anchor"


SEARCHED = {"concepts": ["group.*"], "phrases": [f"p{i}" for i in range(9)],
            "near": {"concepts": ["a.b", "c.d"], "phrases": [f"n{i}" for i in range(7)], "within": "sentence"},
            "unless": {"phrases": ["u0", "u1"], "within": 3}}


def test_rule_in_words_caps_phrase_lists_at_six() -> None:
    text = requirement(SEARCHED, catalog("en"))
    assert "“p0”, “p1”, “p2”, “p3”, “p4”, “p5”, … (+3)" in text and "p6" not in text
    assert "a.b, c.d, “n0”, “n1”, “n2”, “n3”, … (+3)" in text and "n4" not in text
    assert "“u0”, “u1” (" in text and "(+" not in text.split("“u0”")[1]


def test_rule_in_words_isolates_only_what_it_shows_in_arabic() -> None:
    text = requirement(SEARCHED, catalog("ar"))
    assert f"{FSI}“n3”{PDI}, {FSI}… (+3){PDI}" in text and "n4" not in text
    assert f"{FSI}“p5”{PDI}, {FSI}… (+3){PDI}" in text and f"{FSI}a.b{PDI}" in text


def test_shared_requirement_per_rule_and_language() -> None:
    en, ar = catalog("en"), catalog("ar")
    first = shared_requirement(SEARCHED, en)
    assert first == requirement(SEARCHED, en) and shared_requirement(SEARCHED, catalog("en")) is first
    assert shared_requirement(SEARCHED, ar) == requirement(SEARCHED, ar) != first
    other = {**SEARCHED, "min_sections": 3}  # another rule (a report read from JSON has its own dicts)
    assert shared_requirement(other, en) == requirement(other, en) != first


def test_sample_terms_per_rule_and_document_language() -> None:
    from hrba.reporting.viewmodel import SignalView
    searched = {"terms": {"fr": ["a", "b"], "en": ["c"], "es": ["d"]}, "concepts": ["x"]}
    cat = catalog("en")

    def view(doc_lang: str | None) -> SignalView:
        return SignalView("s", "d", True, 1, 0, None, searched, doc_lang, cat)

    assert view("fr").terms == [("fr", "a, b"), ("en", "c")] and view(None).terms == [("en", "c")]
    assert view("en").terms == [("en", "c")] and view("fr").terms == [("fr", "a, b"), ("en", "c")]
    assert view("en").requirement == requirement(searched, cat)  # a rule's texts don't mix
