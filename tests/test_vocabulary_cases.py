"""Hand-written sentences per vocabulary file (tests/vocabulary_cases/*.yaml), in the six languages:
each positive sentence must be tagged with its concept, each negative one (a false friend or an
exclusion) must not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hrba.engine.tagging import Tagger

CASES_DIR = Path(__file__).resolve().parent / "vocabulary_cases"
LANGUAGES = {"ar", "en", "es", "fr", "ru", "zh"}


def _cases(kind: str) -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))[kind]):
            params.append(pytest.param(case["lang"], case["text"], case["concept"],
                                       id=f"{path.stem}-{i + 1}-{case['lang']}-{case['concept']}"))
    return params


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.default()


@pytest.mark.parametrize("lang,text,concept", _cases("positive"))
def test_positive(tagger: Tagger, lang: str, text: str, concept: str) -> None:
    assert concept in tagger.tag(text).concepts, (lang, text)


@pytest.mark.parametrize("lang,text,concept", _cases("negative"))
def test_negative(tagger: Tagger, lang: str, text: str, concept: str) -> None:
    assert concept not in tagger.tag(text).concepts, (lang, text, tagger.tag(text).evidence)


@pytest.mark.parametrize("path", sorted(CASES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_file_covers_every_language(path: Path) -> None:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {c["lang"] for c in cases["positive"]} == LANGUAGES
    assert cases["negative"], "each vocabulary needs false-friend sentences"
