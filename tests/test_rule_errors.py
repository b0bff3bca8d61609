"""A malformed rule file gives a clear error naming the file, the line and the key."""

from pathlib import Path

import pytest

from hrba.engine.errors import RuleError
from hrba.engine.rules import load_checklist
from hrba.engine.vocabulary import Vocabulary, load_vocabulary_file

from helpers import RULES

GOOD = (RULES / "mini.yaml").read_text(encoding="utf-8").replace("[vocab.yaml]", f'["{RULES / "vocab.yaml"}"]')


def load(tmp_path: Path, text: str):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path, lambda: load_checklist(path, Vocabulary())


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_good_file_loads(tmp_path):
    _, run = load(tmp_path, GOOD)
    assert run().criteria[0].id == "MINI-01"


@pytest.mark.parametrize(
    "old, new, needle, message, pointer",
    [
        ("    question: Are data disaggregated?", "    question: Are data disaggregated?\n    qestion: typo",
         "qestion", "unknown key 'qestion'", "/criteria/0/qestion"),
        ("        concepts: [tst.data]", "        concepts: [tst.nope]", "tst.nope", "unknown concept 'tst.nope'",
         "/criteria/0/signals/data/concepts/0"),
        ("      meets: {all: [data, disaggregated]}", "      meets: {all: [data, disagregated]}", "disagregated",
         "unknown signal 'disagregated'", "/criteria/0/levels/meets/all/1"),
        ("      exceeds: {all: [data, disaggregated, three_grounds]}", "      exceeds: {all: [three_grounds]}",
         "exceeds: {all: [three_grounds]}", "cumulative", "/criteria/0/levels/exceeds"),
        ("        concepts: [tst.data]", '        concepts: [tst.data]\n        regex: "(a+)+$"', "regex:",
         "nested unbounded repetition", "/criteria/0/signals/data/regex"),
        ("        concepts: [tst.data]", "        concepts: [tst.data]\n        min_count: 0", "min_count",
         "less than the minimum", "/criteria/0/signals/data/min_count"),
        ("    principle: disaggregation", "    principle: nowhere", "principle: nowhere", "unknown principle",
         "/criteria/0/principle"),
        ("      meets: By at least three grounds.", "", "recommendations:", "recommendation for level 'meets'",
         "/criteria/0/recommendations"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, old, new, needle, message, pointer):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    path, run = load(tmp_path, text)
    with pytest.raises(RuleError) as err:
        run()
    assert err.value.path == str(path)
    assert message in err.value.message
    assert err.value.pointer == pointer
    assert err.value.line == line_of(text, needle)
    assert f"{path}:{err.value.line}" in str(err.value)


def test_yaml_syntax_error_has_a_line(tmp_path):
    text = GOOD.replace("title: Mini checklist", "title: [unclosed", 1)
    path, run = load(tmp_path, text)
    with pytest.raises(RuleError) as err:
        run()
    assert err.value.line is not None and err.value.line >= line_of(text, "[unclosed")


def test_duplicate_keys_are_refused(tmp_path):
    text = GOOD.replace("version: 0.1.0", "version: 0.1.0\nversion: 0.2.0", 1)
    _, run = load(tmp_path, text)
    with pytest.raises(RuleError, match="duplicate key 'version'") as err:
        run()
    assert err.value.line == line_of(text, "version: 0.2.0")


def test_yes_and_no_stay_words(tmp_path):
    vocab = tmp_path / "v.yaml"
    vocab.write_text(
        "vocabulary: v\nconcepts:\n  cue.neg:\n    label: negation\n"
        "    terms: {en: [no, not], fr: [non], es: [no], ru: [нет], ar: [لا], zh: [没有]}\n", encoding="utf-8")
    assert load_vocabulary_file(vocab).concepts["cue.neg"].terms["en"] == ["no", "not"]


def test_vocabulary_needs_all_six_languages(tmp_path):
    vocab = tmp_path / "v.yaml"
    vocab.write_text("vocabulary: v\nconcepts:\n  x.y:\n    label: Y\n    terms: {en: [y], fr: [y]}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="'ar' is required") as err:
        load_vocabulary_file(vocab)
    assert err.value.line == 5 and err.value.pointer == "/concepts/x.y/terms"


def test_term_both_positive_and_exclusion(tmp_path):
    vocab = tmp_path / "v.yaml"
    vocab.write_text(
        "vocabulary: v\nconcepts:\n  x.y:\n    label: Y\n"
        "    terms: {en: [conflict], fr: [conflit], es: [conflicto], ru: [конфликт], ar: [نزاع], zh: [冲突]}\n"
        "    exclude: {en: [Conflict]}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="both a term and an exclusion") as err:
        load_vocabulary_file(vocab)
    assert err.value.line == 6
