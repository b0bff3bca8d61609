"""The fuzz harness in CI: a fixed-seed slice of generated cases (a few seconds per kind) and every
saved regression input must end ``ok`` or as a clean error: no traceback, time-out or memory blow-up."""

from __future__ import annotations

import pytest

from hrba.engine.ingest import isolate

from .harness import BAD, MUTATORS, Case, campaign, run, saved_cases

pytestmark = pytest.mark.skipif(not isolate.available(), reason="needs fork (POSIX)")

SLICE_SEED = 20261202
SLICE_CASES = 6  # per kind: 48 cases, about 20-30 s on one core


@pytest.mark.parametrize("kind", sorted(MUTATORS))
def test_fixed_seed_slice(kind):
    tally = campaign(120, seed=SLICE_SEED, timeout_s=30, kinds=(kind,), save=False, max_cases=SLICE_CASES,
                     max_input=2 * 1024 * 1024)
    assert sum(tally.counts[kind].values()) == SLICE_CASES
    assert not tally.failures, "\n\n".join(f"{c.name}: {o.outcome}\n{o.detail}" for c, o in tally.failures)


@pytest.mark.parametrize("case", saved_cases(), ids=lambda c: f"{c.kind}/{c.name}")
def test_saved_regression_case(case: Case):
    out = run(case, timeout_s=60)
    assert out.outcome not in BAD, f"{out.outcome}: {out.detail}"
