"""The disk cache of built engines: reused when nothing changed, rebuilt otherwise, never a failure."""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hrba.engine import diskcache, pipeline
from hrba.engine.pipeline import Engine, Outcome
from hrba.engine.results import report

from helpers import doc

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HRBA_CACHE_DIR", str(folder))
    return folder


def counting_build(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_value_is_built_once_then_loaded(cache):
    build, calls = counting_build({"a": [1, 2]})
    assert diskcache.cached("thing", "k1", build) == {"a": [1, 2]}
    assert diskcache.cached("thing", "k1", build) == {"a": [1, 2]}
    assert len(calls) == 1 and (cache / "thing.pickle").is_file()


def test_regexes_load_as_compiled(cache):
    """Regexes are stored with their compiled code and load as the very regexes re.compile makes (flags,
    groups, named groups), without being compiled again."""
    patterns = [re.compile(r"^(?P<roman>[IVX]+)[.)]\s+(\w+)$", re.IGNORECASE), re.compile(r"[\u2e80-\u9fff]+"),
                re.compile(rb"\s*<html", re.I | re.S), re.compile(r"\w+", re.ASCII), re.compile("(?:a|ab)(?=c)")]
    diskcache.cached("rx", "k", lambda: patterns)
    re.purge()
    loaded = diskcache.cached("rx", "k", lambda: None)
    assert loaded == patterns and len(re._cache) == 0  # equal code, flags and pattern; nothing compiled
    for new, old in zip(loaded, patterns, strict=True):
        assert (new.groups, dict(new.groupindex)) == (old.groups, dict(old.groupindex))
    assert loaded[0].match("ii) Title").group("roman", 2) == ("ii", "Title")


def test_new_key_rebuilds_and_replaces(cache):
    diskcache.cached("thing", "k1", lambda: "old")
    assert diskcache.cached("thing", "k2", lambda: "new") == "new"
    assert diskcache.cached("thing", "k2", lambda: "unused") == "new"
    assert [p.name for p in cache.iterdir()] == ["thing.pickle"]  # no temporary files left behind


def test_loaded_value_is_old_not_frozen(cache):
    """A loaded value goes straight to the collector's oldest generation (no scan of it by the next young
    collection), still collectable: nothing is left frozen."""
    if gc.get_freeze_count():
        pytest.skip("this process froze objects")
    diskcache.cached("old", "k", lambda: {"items": [[i] for i in range(1000)]})
    value = diskcache.cached("old", "k", lambda: None)
    young = {id(o) for generation in (0, 1) for o in gc.get_objects(generation)}
    assert id(value) not in young and id(value["items"][0]) not in young
    assert gc.get_freeze_count() == 0 and value["items"][999] == [999]


def test_loading_leaves_frozen_objects_frozen(cache):
    if gc.get_freeze_count():
        pytest.skip("this process froze objects")
    diskcache.cached("old", "k", lambda: [[1], [2]])
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert diskcache.cached("old", "k", lambda: None) == [[1], [2]]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_corrupt_file_rebuilds(cache, content):
    cache.mkdir()
    (cache / "thing.pickle").write_bytes(content)
    assert diskcache.cached("thing", "k", lambda: 42) == 42
    assert diskcache.cached("thing", "k", lambda: 0) == 42  # and the good value was written back


def test_unwritable_cache_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("HRBA_CACHE_DIR", str(blocker / "hrba"))
    build, calls = counting_build("value")
    assert diskcache.cached("thing", "k", build) == "value"
    assert diskcache.cached("thing", "k", build) == "value"
    assert len(calls) == 2


@pytest.mark.parametrize("value", ["", "off", "0"])
def test_cache_can_be_turned_off(tmp_path, monkeypatch, value):
    monkeypatch.setenv("HRBA_CACHE_DIR", value)
    monkeypatch.chdir(tmp_path)
    assert diskcache.cache_dir() is None
    assert diskcache.cached("thing", "k", lambda: 1) == 1
    assert not list(tmp_path.iterdir())


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("HRBA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert diskcache.cache_dir() == tmp_path / "hrba"


def test_engine_key_follows_rule_files_and_choice(tmp_path, monkeypatch):
    rules = tmp_path / "checklists"
    shutil.copytree(REPO / "checklists", rules)
    monkeypatch.setattr(pipeline, "CHECKLIST_DIR", rules)
    base = pipeline.engine_cache_key(None, None)
    assert pipeline.engine_cache_key(None, None) == base
    assert pipeline.engine_cache_key(None, "cca") != base
    assert pipeline.engine_cache_key(["data"], None) != base
    vocab = rules / "vocabularies" / "groups.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert pipeline.engine_cache_key(None, None) != base
    (rules / "vocabularies" / "new.yaml").write_text("concepts: {}\n", encoding="utf-8")
    changed = pipeline.engine_cache_key(None, None)
    (rules / "vocabularies" / "new.yaml").unlink()
    assert changed != pipeline.engine_cache_key(None, None) != base


def _scored(engine: Engine) -> dict:
    document = doc("# Data", "Data will be disaggregated by sex, age and disability, with civil society.",
                   "Persons with disabilities and women took part in consultations.", lang="en")
    data = report([Outcome("x", result=engine.score(document))], engine)
    data.pop("generated_at")
    return data


def test_cached_engine_scores_like_a_built_one(cache, monkeypatch):
    monkeypatch.setattr(pipeline, "_ENGINES", {})
    built = Engine.from_options(None, "cca")
    assert list(cache.glob("engine-cca*.pickle"))
    monkeypatch.setattr(pipeline, "_ENGINES", {})
    monkeypatch.setattr(pipeline.Engine, "__init__", None)  # building again would fail: it must load
    loaded = Engine.from_options(None, "cca")
    assert loaded is not built
    assert json.dumps(_scored(loaded), sort_keys=True) == json.dumps(_scored(built), sort_keys=True)


def test_custom_checklists_are_not_cached(cache, monkeypatch):
    monkeypatch.setattr(pipeline, "_ENGINES", {})
    Engine.from_options([str(REPO / "tests" / "rules" / "mini.yaml")])
    assert not cache.exists() or not list(cache.glob("engine-*"))


def test_cached_run_skips_jsonschema_and_fresh_run_works(tmp_path):
    """A warm cache spares importing jsonschema and PyYAML; a cold one (or none at all) still validates and scores."""
    code = ("import sys; from hrba.engine.pipeline import Engine; e = Engine.from_options(None, 'cca'); "
            "print(len(e.checklists), 'jsonschema' in sys.modules or 'yaml' in sys.modules)")
    env = {**os.environ, "HRBA_CACHE_DIR": str(tmp_path / "c")}
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
            for _ in range(2)]
    assert runs[0].stdout.split() == [runs[1].stdout.split()[0], "True"]
    assert runs[1].stdout.split()[1] == "False"
    off = subprocess.run([sys.executable, "-c", code], env={**env, "HRBA_CACHE_DIR": "off"},
                         capture_output=True, text=True, check=True)
    assert off.stdout.split() == runs[0].stdout.split()


def _env(folder: Path):
    from jinja2 import DictLoader, Environment

    from hrba.reporting.render import SafeBytecodeCache

    return Environment(loader=DictLoader({"t.j2": "Hello {{ name }}!"}), bytecode_cache=SafeBytecodeCache(str(folder)))


def test_template_cache_reused_and_corruption_tolerated(tmp_path):
    assert _env(tmp_path).get_template("t.j2").render(name="A") == "Hello A!"
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert _env(tmp_path).get_template("t.j2").render(name="B") == "Hello B!"  # loaded from the cache
    files[0].write_bytes(b"j2\x00garbage")
    assert _env(tmp_path).get_template("t.j2").render(name="C") == "Hello C!"


def test_template_cache_in_a_missing_directory_is_skipped(tmp_path):
    assert _env(tmp_path / "missing" / "dir").get_template("t.j2").render(name="D") == "Hello D!"


def test_bytecode_cache_off_or_impossible(tmp_path, monkeypatch):
    from hrba.reporting.render import bytecode_cache

    monkeypatch.setenv("HRBA_CACHE_DIR", "off")
    assert bytecode_cache() is None
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("HRBA_CACHE_DIR", str(tmp_path / "file"))
    assert bytecode_cache() is None


def test_score_with_an_unwritable_cache_directory(tmp_path):
    """A read-only home (or any cache directory that cannot be made) never stops a run."""
    (tmp_path / "file").write_text("x")
    env = {**os.environ, "HRBA_CACHE_DIR": str(tmp_path / "file" / "hrba")}
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "hrba.cli", "score", str(REPO / "examples" / "veloria-cca.md"),
                          "--profile", "cca", "-f", "html", "-f", "json", "-o", str(out), "-q"],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads((out / "veloria-cca.json").read_text())["documents"][0]["status"] == "ok"
    assert (out / "veloria-cca.html").stat().st_size > 0


def test_language_model_cached_restricted_and_identical(cache, monkeypatch):
    """The six-language model is cached once; loaded from the cache it classifies exactly as built."""
    from hrba.engine.ingest import language

    samples = ["Albania; Andorra; Angola; Brazil; Ecuador; Switzerland; Canada; Mexico; Norway; " * 6,
               "Le Comité recommande à l'État partie de garantir la participation des femmes.",
               "El Comité recomienda al Estado parte que garantice la participación.",
               "Комитет рекомендует государству-участнику", "توصي اللجنة الدولة الطرف", "委员会建议缔约国"]
    language._identifier.cache_clear()
    built = language._identifier()
    assert (cache / "langid-six.pickle").is_file()
    assert set(built.nb_classes) == set(language.UN_LANGUAGES)
    language._identifier.cache_clear()
    monkeypatch.setattr(language, "_six_language_model", None)  # building again would fail: it must load
    try:
        loaded = language._identifier()
        assert loaded is not built
        assert [loaded.classify(s) for s in samples] == [built.classify(s) for s in samples]
        assert [loaded.classify(s)[0] for s in samples[1:]] == ["fr", "es", "ru", "ar", "zh"]
    finally:
        language._identifier.cache_clear()
