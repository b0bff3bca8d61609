"""Hostile rule files and documents (issue 15): slow regexes, bombs, tracebacks, unbounded work.
Each test here failed before its fix; none times anything."""

from __future__ import annotations

import time

import pytest
from test_batch import GOOD as GOOD_DOC
from test_batch import MINI
from test_rule_errors import GOOD, line_of, load

from hrba.engine.batch import BatchSettings, EngineSpec, Job, score_batch
from hrba.engine.errors import RuleError
from hrba.engine.ingest import Limits, isolate
from hrba.engine.pipeline import Engine
from hrba.engine.safe_regex import check_regex

SLOW_REGEXES = [
    ("(a|a)*b", "alternatives that can match the same text"),
    ("(.*a){12}b", "nested unbounded repetition"),
    ("(a+)+", "nested unbounded repetition"),
    ("(\\d{1,3})+x", "nested unbounded repetition"),
    ("(?:a|ab|b)+x", "alternatives that can match the same text"),
    ("(a|aa)+x", "alternatives that can match the same text"),
    ("\\s*\\s*x", "two unbounded quantifiers in a row"),
    (".*.*=", "two unbounded quantifiers in a row"),
    ("\\w+\\d*x", "two unbounded quantifiers in a row"),
]


@pytest.mark.parametrize("pattern, reason", SLOW_REGEXES)
def test_slow_regexes_are_refused_with_file_line_and_key(tmp_path, pattern, reason):
    text = GOOD.replace("        concepts: [tst.data]", f"        concepts: [tst.data]\n        regex: '{pattern}'", 1)
    path, run = load(tmp_path, text)
    with pytest.raises(RuleError) as err:
        run()
    assert reason in err.value.message
    assert (err.value.path, err.value.line) == (str(path), line_of(text, "regex:"))
    assert err.value.pointer == "/criteria/0/signals/data/regex"


@pytest.mark.parametrize("pattern", [
    "sdg ?(?:1[0-7]|[1-9])\\b", "(?:foo|bar)+baz", "\\d{1,3}(?:,\\d{3})+", "^\\s*annex\\b", "\\w+ \\w+",
    "a.*b.*c", "\\s*-\\s*", "(?:ab|ac|a)+x", "(?:the |a )*x", "(\\w|\\d)+x", "(?i)(A|a)+", "(?:droits? de l'homme|human rights?)", "[٠-٩]+ ?%",
])
def test_ordinary_regexes_still_load(pattern):
    assert check_regex(pattern).pattern == pattern


def _slow_score(self, document):  # stands in for a pattern that backtracks for minutes
    time.sleep(20)


@pytest.mark.skipif(not isolate.available(), reason="needs fork (POSIX)")
def test_timeout_bounds_scoring_not_only_reading(tmp_path, monkeypatch):
    (tmp_path / "slow.md").write_text(GOOD_DOC, encoding="utf-8")
    (tmp_path / "fine.md").write_text(GOOD_DOC, encoding="utf-8")
    monkeypatch.setattr(Engine, "score", _slow_score)
    settings = BatchSettings(limits=Limits(isolate=True, timeout_s=1))
    started = time.monotonic()
    (entry,) = score_batch([Job(str(tmp_path / "slow.md"))], EngineSpec((MINI,)), settings, workers=1)
    assert time.monotonic() - started < 15
    assert entry["status"] == "error" and entry["error"]["code"] == "timeout"
    assert "scoring took longer than 1 s" in entry["error"]["message"]
    monkeypatch.undo()
    (entry,) = score_batch([Job(str(tmp_path / "fine.md"))], EngineSpec((MINI,)), settings, workers=1)
    assert entry["status"] == "ok"
