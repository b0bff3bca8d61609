"""Normalisation folds what PDFs and typists vary, and every offset maps back to the original."""

import pytest

from hrba.engine.normalize import normalize


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
