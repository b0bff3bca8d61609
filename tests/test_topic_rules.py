"""Topic rules (checklists/tagging/topic-rules.yaml): each rule sets its concept aside in the
sentences of tests/topic_cases.yaml marked ``aside: true``, in the six languages, and keeps it in
the close sentences marked ``aside: false``; malformed rule files name file, line and key."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from hrba.engine.errors import RuleError
from hrba.engine.tagging import Record, Tagger, write_tagged
from hrba.engine.topics import TOPIC_RULES_PATH, load_topic_rules
from hrba.engine.vocabulary import load_vocabulary

CASES = yaml.safe_load((Path(__file__).parent / "topic_cases.yaml").read_text(encoding="utf-8"))["cases"]
RULES = {r.id: r for r in load_topic_rules(vocabulary=load_vocabulary())}


@pytest.fixture(scope="module")
def taggers() -> tuple[Tagger, Tagger]:
    return Tagger.default(), Tagger.default(topics=False)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['rule']}-{c['lang']}-{'aside' if c['aside'] else 'kept'}")
def test_topic_case(taggers: tuple[Tagger, Tagger], case: dict) -> None:
    topics, mentions = taggers
    concept = RULES[case["rule"]].concept
    result = topics.tag(case["text"])
    assert concept in mentions.tag(case["text"]).concepts, "the sentence must mention the concept"
    if case["aside"]:
        assert concept not in result.concepts and result.set_aside.get(concept) == case["rule"], result
    else:
        assert concept in result.concepts and concept not in result.set_aside, result


def test_every_rule_has_cases_in_every_language() -> None:
    for rid in RULES:
        for aside in (True, False):
            langs = {c["lang"] for c in CASES if c["rule"] == rid and c["aside"] is aside}
            assert langs == {"ar", "en", "es", "fr", "ru", "zh"}, (rid, aside, langs)


def test_evidence_output_names_the_rule() -> None:
    tagger = Tagger.default()
    out = io.StringIO()
    text = "Adopt a law on domestic violence and combat violence against women."
    write_tagged(tagger.tag_records([Record("r1", text)]), out, fmt="jsonl", evidence=True)
    row = json.loads(out.getvalue())
    assert row["set_aside"] == {"group.children": "TR01"}
    assert "group.women_girls" in row["concepts"] and "group.children" not in row["concepts"]
    assert all("group.children" not in e["concepts"] for e in row["evidence"])


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    return path


RULE = """rules:
  TR01:
    title: t
    concept: {concept}
    other_concepts: [group.women_girls]
    only_terms:
      en: [{term}]
      fr: [violence domestique]
      es: [violencia doméstica]
      ru: [домашн* насили*]
      ar: [العنف المنزلي]
      zh: [家庭暴力]
"""


def test_unknown_concept_is_refused_with_line(tmp_path: Path) -> None:
    path = _write(tmp_path, RULE.format(concept="group.childs", term="domestic violence"))
    with pytest.raises(RuleError) as err:
        load_topic_rules(path, load_vocabulary())
    assert "group.childs" in str(err.value) and f"{path}:4" in str(err.value) and "/rules/TR01/concept" in str(err.value)


def test_term_must_belong_to_the_concept(tmp_path: Path) -> None:
    path = _write(tmp_path, RULE.format(concept="group.children", term="domestic violins"))
    with pytest.raises(RuleError) as err:
        load_topic_rules(path, load_vocabulary())
    assert "'domestic violins' is not a en term of group.children" in str(err.value)
    assert f"{path}:7" in str(err.value)


def test_schema_errors_name_the_key(tmp_path: Path) -> None:
    path = _write(tmp_path, RULE.format(concept="group.children", term="domestic violence").replace("title", "titel"))
    with pytest.raises(RuleError) as err:
        load_topic_rules(path, load_vocabulary())
    assert "titel" in str(err.value)


def test_builtin_rules_file_is_the_default() -> None:
    assert TOPIC_RULES_PATH.is_file()
    assert set(RULES) == {"TR01", "TR02", "TR03", "TR04", "TR05", "TR06", "TR07"}


def test_family_filter_does_not_change_the_tags() -> None:
    """--family right still sees the group that TR02 looks for, so the tag is the same as without it."""
    vocabulary = load_vocabulary()
    rules = load_topic_rules(vocabulary=vocabulary)
    rights_only = Tagger(vocabulary, families=["right"], topic_rules=rules)
    result = rights_only.tag("Ensure access by Roma to education.")
    assert result.concepts == [] and result.set_aside == {"right.education": "TR02"}
    assert rights_only.tag("Ensure the right to education of Roma.").concepts == ["right.education"]
