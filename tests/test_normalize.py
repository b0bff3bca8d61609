"""Normalisation folds what PDFs and typists vary, and every offset maps back to the original."""

import pytest

from hrba.engine.normalize import normalize, normalize_both, normalize_term


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Human\u2011rights", "human rights"),  # non-breaking hyphen
        ("human\u00a0rights", "human rights"),  # NBSP
        ("human\n  rights", "human rights"),  # line break inside a phrase
        ("ＵＮＩＣＥＦ", "unicef"),  # full-width Latin (NFKC)
        ("\u2f94\u8bba", "言论"),  # Kangxi radical U+2F94 -> 言
        ("人权\n理事会", "人权理事会"),  # a Chinese line break is layout, not a space
        ("الأَطْفَالِ", "الاطفال"),  # harakat stripped, alef with hamza folded
        ("الـــطفل", "الطفل"),  # tatweel stripped
        ("l’enfant", "l'enfant"),  # curly apostrophe
        ("soft\u00adhyphen", "softhyphen"),
        ("de\x02velopment", "development"),  # pypdfium2's hyphenation marker
        ("İstanbul", "istanbul"),
        ("e\u0301galite\u0301", "égalité"),  # decomposed accents compose
        ("Всё", "все"),
    ],
)
def test_folds(source, expected):
    assert normalize(source).text == expected


def test_case_is_kept_when_asked():
    assert normalize("The UPR", casefold=False).text == "The UPR"


@pytest.mark.parametrize(
    "source, needle, original",
    [
        ("Ｈｕｍａｎ‑rights  de\x02fenders!", "defenders", "de\x02fenders"),
        ("Les droits de l’enfant", "l'enfant", "l’enfant"),
        ("وَالأَطْفَالِ والنساء", "والاطفال", "وَالأَطْفَالِ"[:-1]),
        ("straße und 人权\n理事会", "人权理事会", "人权\n理事会"),
        ("Ｈｕｍａｎ rights", "human", "Ｈｕｍａｎ"),
    ],
)
def test_offsets_map_back(source, needle, original):
    norm = normalize(source)
    assert len(norm.offsets) == len(norm.text)
    assert norm.offsets == sorted(norm.offsets)
    pos = norm.text.index(needle)
    start, end = norm.span(pos, pos + len(needle))
    assert source[start:end] == original


@pytest.mark.parametrize("text", [
    "Plain English text, with CEDAW and UNICEF.", "Straße und STRASSE", "İstanbul İSTANBUL", "i\u0307 dot above",
    "ΟΔΟΣ Σίσυφος ς", "ﬁnancing ﬂows", "ＵＮＩＣＥＦ full width", "Ǆ ǅ ǆ titlecase", "ŉ apostrophe-n",
    "e\u0301cole cafe\u0301", "الأمم المتحدة", "Организация Объединённых Наций", "联合国 人权", "",
    "  spaces \n\n and\tbreaks ", "soft\u00adhyphen and zero\u200bwidth", "ﬀ ﬃ ẞ ß",
])
def test_normalize_both_equals_two_passes(text):
    both = normalize_both(text)
    for casefold in (True, False):
        alone = normalize(text, casefold=casefold)
        assert (both[casefold].text, both[casefold].offsets) == (alone.text, alone.offsets)
        assert both[casefold].source_length == alone.source_length


def test_normalize_both_on_random_text():
    import random

    rng = random.Random(7)
    alphabet = "aAßİıiΣσςﬁＡ \n-–’ée\u0301\u0307ŉǅ联الОё1."
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        both = normalize_both(text)
        for casefold in (True, False):
            alone = normalize(text, casefold=casefold)
            assert (both[casefold].text, both[casefold].offsets) == (alone.text, alone.offsets), repr(text)


def test_char_class_matches_exactly_its_code_points():
    from hrba.engine.normalize import char_class

    rx = char_class([0x2D, 0x41, 0x42, 0x43, 0x5D, 0x5E, 0x2010, 0xFEFF])
    assert [ch for ch in "-ABCD]^\\\u2010\u2011\ufeffx" if rx.fullmatch(ch)] == ["-", "A", "B", "C", "]", "^",
                                                                                   "\u2010", "\ufeff"]
    assert char_class([]).search("anything") is None


def test_identity_flag_only_when_offsets_are_unchanged():
    """The fast path for spans: ``identity`` must imply every character kept its offset."""
    import random

    rng = random.Random(11)
    alphabet = "aAßİıiΣσςﬁＡ \n\t-–’ée\u0301\u0307\u00ad\u200bŉǅ联الОё1.\u064e"
    texts = ["Plain English text, with CEDAW and UNICEF.", "well-being", "A  double space", "ﬁnancing",
             "soft\u00adhyphen", "Организация Объединённых Наций", "联合国 人权", "الأمم المتحدة"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(2000)]
    seen_identity = 0
    for text in texts:
        for casefold in (True, False):
            both = normalize_both(text)[casefold]
            for norm in (normalize(text, casefold=casefold), both):
                if norm.identity:
                    seen_identity += 1
                    assert norm.offsets == list(range(len(norm.text))), repr(text)
                    assert all(norm.span(s, e) == (norm.origin(s), norm.origin(e - 1) + 1) == (s, e)
                               for s in range(len(norm.text)) for e in range(s + 1, len(norm.text) + 1)), repr(text)
    assert normalize("Plain English text, with CEDAW and UNICEF.").identity
    assert normalize("well-being").identity  # a hyphen folds to a space in place
    assert not normalize("A  double space").identity and not normalize("soft\u00adhyphen").identity
    assert not normalize("ﬁnancing").identity
    assert seen_identity > 100


def test_chinese_typesetting_spaces_fold_on_both_sides_with_offsets():
    """A/HRC/49/68's Chinese typesets "《2030 年可持续发展议程》" with a space between the year and 年 (and
    PDFs add spaces around book-title marks): a space between CJK characters, or between one and a digit,
    is dropped from text and terms alike, and offsets still point into the original."""
    text = "落实 《 2030 年可持续发展议程 》 的承诺"
    norm = normalize(text)
    assert norm.text == "落实《2030年可持续发展议程》的承诺"
    assert normalize_term("2030 年可持续发展议程") == normalize_term("2030年可持续发展议程") == "2030年可持续发展议程"
    start = norm.text.index("2030")
    end = norm.text.index("》") + 1
    assert text[slice(*norm.span(start, end))] == "2030 年可持续发展议程 》"
    assert [text[norm.origin(i)] for i in range(len(norm.text))] == list(norm.text)
    # Latin words keep their spaces, and text without CJK is untouched
    assert normalize("采用 HRBA 方法").text == "采用 hrba 方法"
    assert normalize("The 2030 Agenda").text == "the 2030 agenda"


def test_ascii_text_changed_in_place_normalises_as_the_general_path():
    """Plain ASCII runs with single spaces or hyphens take a quick path: same text, pieces and flag."""
    import random
    import re

    from hrba.engine import normalize as module

    rng = random.Random(11)
    texts = ["human rights", "non-discrimination", "well-being-", "a - b", "a--b", "-a", "a-", "a -b", "a- b",
             "tab\tx", "back`tick", "x\x01y", "two  spaces", " lead", "trail ", ""]
    texts += ["".join(rng.choice("ab -`\n\x01Z9.,") for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    fast = [(normalize(t, True), normalize(t, False)) for t in texts]
    quick, module._ASCII_PLAIN = module._ASCII_PLAIN, re.compile("(?!)")
    try:
        assert fast == [(normalize(t, True), normalize(t, False)) for t in texts]
    finally:
        module._ASCII_PLAIN = quick
    assert sum(bool(quick.fullmatch(t)) for t in texts) > 2_000  # the quick path was taken
