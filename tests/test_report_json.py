"""The JSON writer: the same text as ``json.dumps(value, ensure_ascii=False, indent=n)``, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrba.engine.pipeline import Engine
from hrba.engine.results import report as build_report
from hrba.reporting.jsontext import dumps
from hrba.reporting.render import render

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "veloria-cca.md"


class Text(str):
    pass


class Number(int):
    pass


class Real(float):
    pass


class Mapping(dict):
    pass


class Items(list):
    pass


ODD = {
    "scalars": [0, -1, 10**30, 1.5, -0.0, 1e-300, 1e300, float("nan"), float("inf"), -float("inf"), True, False, None],
    "strings": ["", "é ☃ 😀", "\ud800", "quote \" backslash \\ newline \n nul \x00 tab \t", "\u2028\u2029", "</script>"],
    "nested": [[], {}, [[]], [{}], {"k": {}}, {"k": []}, (1, "x", ()), [[1, [2, [3, {"deep": [None]}]]]]],
    "mixed": ["a string first", 1, ["b", 2], None, {"k": "v"}, Text("t")],
    "subclasses": [Text("t"), Number(3), Real(2.5), Mapping(a=1), Items([1, 2]), Mapping(), Items()],
    3: "int key", 2.5: "float key", True: "true key", False: "false key", None: "null key", float("nan"): "nan key",
    Number(7): Text("int subclass key"), Text("str subclass key"): Number(4),
    "key \"quoted\"\n": {"x": 1},
}


@pytest.mark.parametrize("indent", [0, 1, 2, 4])
def test_same_text_as_json_dumps(indent: int) -> None:
    assert dumps(ODD, indent) == json.dumps(ODD, ensure_ascii=False, indent=indent)


@pytest.mark.parametrize("value", ["s", 1, 2.0, None, True, [], {}, (), [{}], ((),), Text("x"), Mapping()])
def test_top_level_values(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [[object()], {"a": {1, 2}}, {(1, 2): 1}, {1j: 1}])
def test_what_json_refuses_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps(value)


def test_a_real_report_renders_as_json_dumps_writes_it() -> None:
    engine = Engine.from_options(profile="cca")
    data = build_report([engine.score_path(EXAMPLE)], engine)
    assert render(data, "json") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
