"""Issue 17's criteria (technical-cooperation, PM-10, PM-11) carry the examples the ladder design asks for."""

import pytest

from hrba.engine.rules import builtin_checklist_paths, load_checklist
from hrba.engine.selftest import run_examples
from hrba.engine.vocabulary import load_vocabulary

VOCABULARY = load_vocabulary()
CHECKLISTS = [load_checklist(p, VOCABULARY) for p in builtin_checklist_paths()]
NEW = [c for k in CHECKLISTS for c in k.criteria if c.id.startswith("TC-") or c.id in ("PM-10", "PM-11")]


def test_the_new_criteria_are_there():
    ids = {c.id for c in NEW}
    assert {f"TC-{n:02d}" for n in range(1, 15)} | {"PM-10", "PM-11"} == ids


@pytest.mark.parametrize("crit", NEW, ids=lambda c: c.id)
def test_examples_at_every_level_in_three_languages_with_a_name_dropping_one(crit):
    levels = {e.level for e in crit.examples}
    assert {"missing", "approaches", "meets", "exceeds"} <= levels, crit.id
    langs = {e.lang for e in crit.examples}
    assert len(langs) >= 3 and langs & {"zh", "ar", "ru"}, (crit.id, langs)
    assert any(e.level == "approaches" and (e.note or "").startswith("name-dropping") for e in crit.examples), crit.id
    assert any(e.level == "meets" and e.lang != "en" for e in crit.examples), crit.id


def test_the_new_examples_reach_their_levels():
    checklists = [k for k in CHECKLISTS if k.id in ("technical-cooperation", "participation-and-mechanisms")]
    failures = [o for o in run_examples(checklists) if not o.passed and (o.criterion.startswith("TC-") or o.criterion in ("PM-10", "PM-11"))]
    assert not failures, failures
