"""The matcher's quick paths give what the general ones give: ASCII token split, span order across
passes and groups, first-sight token lookups, sentence ends."""

import random
import re

from hrba.engine.matcher import _ASCII_SPLIT, _TOKEN_SPLIT, Matcher, MatcherSet, TermEntry
from hrba.engine.textindex import _SENTENCE_END, sentence_spans


def test_ascii_split_cuts_as_the_general_split():
    chars = [chr(c) for c in range(128)]
    for a in chars:
        for b in chars:
            text = f"x{a}{b} y{a}"
            assert _ASCII_SPLIT.split(text) == _TOKEN_SPLIT.split(text)
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(chars) for _ in range(24))
        assert _ASCII_SPLIT.split(text) == _TOKEN_SPLIT.split(text)


def test_sentence_ends_as_the_plain_pattern_finds_them():
    plain = re.compile(r"[.!?؟](?=\s)|[。！？；]")
    rng = random.Random(9)
    texts = ["a. b", "a.\nb", "a.b", "x。y", "q?\u00a0r", "end.", "a؟ b", "a.\u3000b", "。", "..  "]
    texts += ["".join(rng.choice("a .!?؟。！？；\n\t\u00a0\u2003x") for _ in range(30)) for _ in range(3000)]
    for text in texts:
        assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert sentence_spans("One. Two! 三。四") == [(0, 4), (4, 9), (9, 12), (12, 13)]


def _found(matcher, text):
    return [(m.start, m.end, m.text, m.term, m.concepts, m.excluded) for m in matcher.find(text)]


def test_spans_of_several_passes_and_groups_in_order():
    """Folded, acronym and Chinese hits of several groups: ordered by start, longest first, then group;
    each group keeps its own longest match and the first term found for a span."""
    groups = [
        Matcher([TermEntry("UN Women", "unw"), TermEntry("women", "women"), TermEntry("人权", "hr")]),
        Matcher([TermEntry("UN", "un"), TermEntry("un women", "unw2"), TermEntry("women*", "women2")]),
        Matcher([TermEntry("CEDAW", "cedaw"), TermEntry("cedaw committee", "cttee", exclude=True)]),
    ]
    matcher = MatcherSet(groups)
    text = "UN Women and CEDAW committee 人权 women's UN"
    assert _found(matcher, text) == [
        (0, 8, "UN Women", "UN Women", ("unw",), ()),
        (0, 8, "UN Women", "un women", ("unw2",), ()),
        (13, 28, "CEDAW committee", "cedaw committee", (), ("cttee",)),
        (29, 31, "人权", "人权", ("hr",), ()),
        (32, 37, "women", "women", ("women",), ()),
        (32, 37, "women", "women*", ("women2",), ()),
        (40, 42, "UN", "UN", ("un",), ()),
    ]


def test_a_fresh_matcher_finds_what_a_used_one_finds():
    """Tokens met for the first time (no start, a start, a stem, a pattern, Arabic forms) and again."""
    entries = [TermEntry("discriminat*", "d"), TermEntry("discrimination against women", "dw"),
               TermEntry("трудящи*ся", "w"), TermEntry("مشاركة", "p"), TermEntry("the right to food", "f")]
    text = "the discriminations, discrimination against women; трудящиеся вмешаться, وبالمشاركة the right to food"
    fresh, used = Matcher(entries), Matcher(entries)
    used.find(text)
    assert _found(fresh, text) == _found(used, text)
    assert [m.text for m in fresh.find(text)] == ["discriminations", "discrimination against women", "трудящиеся",
                                                  "وبالمشاركة", "the right to food"]


def test_offsets_map_back_where_normalisation_changes_them():
    matcher = Matcher([TermEntry("financial", "fin"), TermEntry("ﬁnancial aid", "aid"), TermEntry("NGO", "ngo")])
    text = "ﬁnancial aid, the ﬁnancial NGO\u00ad and  ﬁnancial"
    for m in matcher.find(text):
        assert text[m.start:m.end] == m.text
    assert [m.concepts for m in matcher.find(text)] == [("aid",), ("fin",), ("ngo",), ("fin",)]


def test_a_pickled_matcher_compiles_its_chinese_scans_again_and_finds_the_same():
    import pickle

    matcher = MatcherSet([Matcher([TermEntry("残疾人", "pwd"), TermEntry("人权*", "hr")]),
                          Matcher([TermEntry("残疾人组织", "dpo")])])
    text = "残疾人组织和人权理事会"
    before = _found(matcher, text)
    assert [m[2] for m in before] == ["残疾人组织", "残疾人", "人权理事会"]
    copy = pickle.loads(pickle.dumps(matcher))
    assert copy._index.folded.cjk._compiled is None  # regexes are not pickled: compiled on first use
    assert _found(copy, text) == before


def test_steps_through_stems_and_patterns_are_the_same_when_memoised():
    """A node with stem or pattern children remembers its steps per token: a used matcher finds what a
    fresh one finds, through one node, several nodes (a word and a stem) and a pattern."""
    entries = [TermEntry("human right*", "hr"), TermEntry("human rights council", "hrc"),
               TermEntry("права трудящи*ся", "w"), TermEntry("national human rights institution*", "nhri"),
               TermEntry("national human", "nh")]
    text = ("human rights, human rights council; human righteous; права трудящиеся права трудящихся "
            "national human rights institutions national human rights")
    fresh, used = Matcher(entries), Matcher(entries)
    for _ in range(3):
        used.find(text)
    assert _found(fresh, text) == _found(used, text)
    assert [m.text for m in used.find(text)] == [
        "human rights", "human rights council", "human righteous", "права трудящиеся", "права трудящихся",
        "national human rights institutions", "national human"]
