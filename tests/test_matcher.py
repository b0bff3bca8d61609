"""The matcher: boundaries, scripts, case, longest match, exclusions, offsets."""

from hrba.engine.matcher import Matcher, TermEntry


def found(matcher: Matcher, text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.text, m.concepts) for m in matcher.find(text)]


M = Matcher([
    TermEntry("human rights", "hr"),
    TermEntry("human rights defender*", "hrd"),
    TermEntry("UPR", "upr"),
    TermEntry("droit", "droit"),
    TermEntry("enfant*", "child"),
    TermEntry("人权", "hr"),
    TermEntry("残疾人", "pwd"),
    TermEntry("الأطفال", "child"),
    TermEntry("حقوق الإنسان", "hr"),
    TermEntry("лиц* с инвалидност*", "pwd"),
    TermEntry("conflict", "conflict"),
    TermEntry("conflict of interest", "conflict", exclude=True),
    TermEntry("CEDAW", "women"),
    TermEntry("CEDAW", "treaty"),
    TermEntry("niñas", "girls"),
])


def test_longest_match_wins():
    assert found(M, "Human rights defenders met.") == [("Human rights defenders", ("hrd",))]


def test_unicode_word_boundaries():
    assert found(M, "le droité et le droit") == [("droit", ("droit",))]


def test_acronyms_are_case_sensitive():
    assert found(M, "the UPR and the upr") == [("UPR", ("upr",))]


def test_term_in_several_concepts_evidences_all():
    assert found(M, "ratify CEDAW") == [("CEDAW", ("treaty", "women"))]


def test_exclusion_suppresses_its_concept():
    matches = M.find("a conflict of interest, then a conflict")
    assert [(m.text, m.concepts, m.excluded) for m in matches] == [
        ("conflict of interest", (), ("conflict",)),
        ("conflict", ("conflict",), ()),
    ]


def test_chinese_substring_and_line_break():
    text = "保障残疾\n人的人权"
    matches = M.find(text)
    assert [m.concepts for m in matches] == [("pwd",), ("hr",)]
    assert text[matches[0].start : matches[0].end] == "残疾\n人"


def test_arabic_proclitics_and_diacritics():
    assert [m.concepts for m in M.find("وللأطفال وَالأَطْفَال بحقوق الإنسان")] == [("child",), ("child",), ("hr",)]


def test_russian_inflection_with_wildcards():
    assert found(M, "права лицам с инвалидностью") == [("лицам с инвалидностью", ("pwd",))]


def test_french_elision_and_plural():
    assert found(M, "les droits de l'enfant et des enfants") == [("enfant", ("child",)), ("enfants", ("child",))]


def test_spanish_accents():
    assert found(M, "las NIÑAS y las ninas") == [("NIÑAS", ("girls",))]


def test_offsets_are_into_the_original_text():
    text = "Ｈｕｍａｎ\u2011rights  defenders and l\u2019enfant"
    for m in M.find(text):
        assert text[m.start : m.end] == m.text
    assert M.find(text)[0].text == "Ｈｕｍａｎ\u2011rights  defenders"


def test_many_terms_compile_and_match():
    entries = [TermEntry(f"term{i} word{i}", f"c.{i}") for i in range(5000)]
    matcher = Matcher(entries)
    assert [m.concepts for m in matcher.find("x term4242 word4242 y term7 word7")] == [("c.4242",), ("c.7",)]


def test_exact_continuation_beats_a_wildcard_sharing_its_start():
    m = Matcher([TermEntry("résultat*", "a"), TermEntry("résultats collectifs", "b")])
    assert found(m, "des résultats collectifs et des résultats") == [("résultats collectifs", ("b",)), ("résultats", ("a",))]


def test_every_term_fitting_a_span_gives_its_concept():
    m = Matcher([TermEntry("инвалид*", "a"), TermEntry("инвалидност*", "b"), TermEntry("инвалидности", "c")])
    assert found(m, "по инвалидности") == [("инвалидности", ("a", "b", "c"))]


def test_a_longer_wildcard_term_beats_a_shorter_literal():
    m = Matcher([TermEntry("укрепление", "a"), TermEntry("укреплени* потенциала", "b")])
    assert found(m, "на укрепление потенциала органов") == [("укрепление потенциала", ("b",))]


def test_arabic_article_and_proclitics_before_a_bare_term():
    m = Matcher([TermEntry("مشاركة", "participation")])
    text = "المشاركة وبالمشاركة للمشاركة مشاركة"
    assert [x.text for x in m.find(text)] == ["المشاركة", "وبالمشاركة", "للمشاركة", "مشاركة"]


def test_acronym_prefilter_skips_texts_without_one_and_keeps_every_match():
    from hrba.engine.matcher import MatcherSet

    matcher = MatcherSet([Matcher([TermEntry("CEDAW", "women"), TermEntry("UN Women", "unw"),
                                   TermEntry("LGBT", "lgbt"), TermEntry("LGBTI", "lgbti")])])
    assert matcher._index.exact.tokens.prefilter is not None  # CEDAW, LGBT, LGBTI
    assert matcher._index.folded.tokens.prefilter is not None  # "un" (women)
    assert found(matcher, "the cedaw committee, lgbti persons, un women") == [("un women", ("unw",))]
    assert found(matcher, "CEDAW中国 and UN Women; LGBTI and LGBT persons, not LGBTQX") == [
        ("CEDAW", ("women",)), ("UN Women", ("unw",)), ("LGBTI", ("lgbti",)), ("LGBT", ("lgbt",))]


def test_no_prefilter_where_first_words_vary():
    stems = Matcher([TermEntry("ENFANT*", "child"), TermEntry("CEDAW", "women")])
    stems.find("x")
    assert stems._index.exact.tokens.prefilter is None
    assert found(stems, "ENFANTS CEDAW") == [("ENFANTS", ("child",)), ("CEDAW", ("women",))]


def test_start_words_that_need_a_next_word():
    """Terms starting with a common word ("the right to ...") match only with their next words."""
    matcher = Matcher([TermEntry("the right to education", "edu"), TermEntry("the rights of the child", "crc"),
                       TermEntry("right to health", "health")])
    text = "the the right to education, the rights of the child and the right to health the"
    assert found(matcher, text) == [("the right to education", ("edu",)), ("the rights of the child", ("crc",)),
                                    ("right to health", ("health",))]
    assert found(matcher, "the") == [] and found(matcher, "the right") == []


def test_chinese_terms_of_one_group_never_hide_another_groups():
    """A longer Chinese term of one vocabulary file (残疾人组织, an organization) must not hide a shorter one
    of another file starting at the same character (残疾人, the group): groups match apart, as in
    other scripts ("organisations of persons with disabilities" keeps "persons with disabilities")."""
    from hrba.engine.matcher import MatcherSet

    actors = Matcher([TermEntry("残疾人组织", "opd"), TermEntry("组织*", "wild")])
    groups = Matcher([TermEntry("残疾人", "pwd"), TermEntry("妇女", "women")])
    matcher = MatcherSet([actors, groups])
    got = [(m.text, m.concepts) for m in matcher.find("残疾人组织和妇女参与了协商。")]
    assert ("残疾人组织", ("opd",)) in got and ("残疾人", ("pwd",)) in got and ("妇女", ("women",)) in got
    # within one group the longest match still wins and matches never overlap
    assert [m.text for m in Matcher([TermEntry("残疾人组织", "opd"), TermEntry("残疾人", "pwd")]).find("残疾人组织")] == ["残疾人组织"]


def test_find_apart_splits_cues_as_a_match_by_match_test_would():
    from hrba.engine.matcher import MatcherSet

    def apart(found):
        cue = [m for m in found if m.concepts and ":" in m.concepts[0]]
        return [m for m in found if m not in cue], cue

    text = "Human rights defenders did not, however, file; the UPR and CEDAW were not cited."
    cues = Matcher([TermEntry("not", "preceding:en"), TermEntry(",", "fn.x:en"), TermEntry(";", "fn.x:en")])
    by_group = MatcherSet([M, cues])
    assert by_group._first_cue == 1
    assert by_group.find_apart(text) == apart(by_group.find(text))
    assert by_group.find_apart(text)[1]
    mixed = MatcherSet([Matcher([TermEntry("not", "preceding:en"), TermEntry("UPR", "upr")]), M])
    assert mixed._first_cue is None
    assert mixed.find_apart(text) == apart(mixed.find(text))
    assert MatcherSet([cues, M])._first_cue is None
