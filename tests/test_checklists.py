"""The built-in checklists: valid, cited, and every inline example reaches its stated level."""

from collections import Counter

import pytest

from hrba.engine.rules import builtin_checklist_paths, load_checklist, load_profiles
from hrba.engine.selftest import run_examples, validate_paths
from hrba.engine.vocabulary import load_vocabulary

VOCABULARY = load_vocabulary()
CHECKLISTS = [load_checklist(p, VOCABULARY) for p in builtin_checklist_paths()]
OUTCOMES = run_examples(CHECKLISTS)
EXPECTED = {"cooperation-framework", "resilience", "data", "participation-and-mechanisms"}


def test_the_four_checklists_ship():
    assert EXPECTED <= {c.id for c in CHECKLISTS}


def test_technical_cooperation_ships_in_the_cca_and_cooperation_framework_profiles():
    """Issue 17: the report's central subject (para 9) has its own checklist, scored for CCAs, Cooperation
    Frameworks and COVID-19 response plans."""
    assert "technical-cooperation" in {c.id for c in CHECKLISTS}
    profiles, default = load_profiles()
    for kind in ("cca", "cooperation-framework", "serp"):  # serp: TC-14 (para 18) applies only to SERPs
        assert "technical-cooperation" in profiles[kind].checklists, kind
    assert "technical-cooperation" not in default


def test_everything_validates():
    ok, errors = validate_paths()
    assert not errors, "\n".join(map(str, errors))
    assert len(ok) >= 5


def test_profiles_name_known_checklists():
    profiles, default = load_profiles()
    assert set(profiles) == {"cca", "cooperation-framework", "serp", "hno", "rrp"}
    assert set(default) == EXPECTED


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda c: c.id)
def test_every_criterion_cites_a_paragraph_and_has_examples(checklist):
    for crit in checklist.criteria:
        assert "A/HRC/49/68" in crit.basis and "para" in crit.basis, crit.id
        levels = {e.level for e in crit.examples}
        assert "missing" in levels, f"{crit.id} has no 'missing' example"
        assert levels & {"meets", "exceeds"}, f"{crit.id} has no meets/exceeds example"


def test_cooperation_framework_covers_the_six_principles():
    cf = next(c for c in CHECKLISTS if c.id == "cooperation-framework")
    assert len(cf.principles) == 6
    for p in cf.principles:
        assert sum(c.principle == p.id for c in cf.criteria) >= 2, p.id


def test_resilience_and_data_principles():
    by_id = {c.id: c for c in CHECKLISTS}
    assert len(by_id["resilience"].principles) >= 8
    assert len(by_id["data"].principles) >= 6


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: f"{o.criterion}-{o.index + 1}-{o.lang}")
def test_inline_example(outcome):
    assert outcome.passed, (
        f"{outcome.source}:{outcome.line} {outcome.criterion} example {outcome.index + 1}: expected "
        f"{outcome.expected}, got {outcome.actual}\n  text: {outcome.text}\n  why: {outcome.reason}"
    )


@pytest.mark.parametrize("lang", ["ar", "en", "es", "fr", "ru", "zh"])
def test_each_language_has_a_meets_and_a_negated_example(lang):
    levels = Counter(o.expected for o in OUTCOMES if o.lang == lang)
    assert levels["meets"] + levels["exceeds"] >= 1, f"no meets example in {lang}"
    negated = [o for o in OUTCOMES if o.lang == lang and o.expected in ("missing", "approaches")]
    assert negated, f"no missing/approaches example in {lang}"


def test_example_headings_open_sections():
    """An inline example may hold "# Title" parts: headings that open sections, so a criterion's
    "carried across sections" level (min_sections) can be pinned by an example."""
    from hrba.engine.selftest import example_document

    document = example_document("# Analysis\n\nWomen took part.\n\n# Outcome 2\n\nWomen will take part.", "en")
    kinds = [(b.kind, b.section) for b in document.blocks]
    assert kinds == [("heading", ()), ("paragraph", ("Analysis",)), ("heading", ()), ("paragraph", ("Outcome 2",))]
    assert [b.text for b in example_document("One.\n\nTwo.", "en").blocks] == ["One.", "Two."]
