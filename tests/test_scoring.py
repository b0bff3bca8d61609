"""Aggregation: weighted means of evaluated criteria; not applicable is excluded, never 0."""

import pytest

from hrba.engine.scoring import LEVEL_SCORE, level_for_score

from helpers import criterion, doc, mini_engine


@pytest.mark.parametrize(
    "score, level",
    [(None, None), (0.0, "missing"), (1 / 6, "missing"), (0.25, "approaches"), (1 / 3, "approaches"),
     (0.5, "approaches"), (5 / 9, "meets"), (2 / 3, "meets"), (5 / 6, "meets"), (0.9, "exceeds"), (1.0, "exceeds")],
)
def test_nearest_level_ties_go_down(score, level):
    assert level_for_score(score) == level


def test_weighted_means_skip_not_applicable():
    engine = mini_engine()
    result = engine.score(doc("Statistics will be disaggregated by sex, age and disability."))
    (checklist,) = result.checklists
    assert checklist.total.score == LEVEL_SCORE["exceeds"]
    crit = criterion(engine, doc("Nothing."), "MINI-01")
    crit.criterion.applies_to = ["hno"]
    try:
        empty = engine.score(doc("Nothing."))
        assert empty.criteria[0].status == "not_applicable"
        assert empty.checklists[0].total.score is None and empty.checklists[0].total.evaluated == 0
        assert empty.overall.level is None
    finally:
        crit.criterion.applies_to = []


def test_reason_and_next_level():
    engine = mini_engine()
    crit = criterion(engine, doc("Data will be disaggregated by sex."), "MINI-01")
    assert crit.level == "meets"
    assert crit.reason.startswith("found: ")
    assert "three grounds (1 of 3 distinct needed)" in crit.reason
    assert crit.next_level == "exceeds" and crit.next_needs == ["three_grounds"]
    assert crit.recommendation == "By at least three grounds."
