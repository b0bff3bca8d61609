"""Loading rule files (YAML or JSON) strictly: schema-validated, with file, line and key in errors."""

from __future__ import annotations

import json
import math
import re
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import RuleError, clean_message

if TYPE_CHECKING:  # PyYAML and jsonschema load on first use: a run whose engine comes from the cache skips both
    import yaml
    from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
CHECKLIST_DIR = Path(__file__).resolve().parent.parent / "checklists"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")  # the six UN languages


@cache
def rule_loader() -> type:
    """The YAML loader of rule files: SafeLoader (libyaml's when available: ~10x faster) that refuses
    duplicate keys and reads yes/no/on/off as words, not booleans. Made on first use, when PyYAML loads
    (~10 ms): a run whose rules all come from the disk cache never needs it."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("_Loader", (base,), {"__module__": __name__, "__doc__": "The strict rule-file loader."})
    # YAML 1.1 turns the terms "no", "No", "on", "off"... into booleans: in a vocabulary they are words.
    # Dates stay text too (rule files hold none, and "2026-13-45" would fail in the constructor).
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return loader


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict:
    from yaml.constructor import ConstructorError

    seen: dict = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            raise ConstructorError(
                None, None, f"key {clean_message(repr(key), 60)} is not text (put it in quotes)", key_node.start_mark
            )
        if key in seen:
            raise ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


@cache
def schema_validator(name: str) -> Draft202012Validator:
    """The validator for ``schemas/<name>.schema.json``."""
    from jsonschema import Draft202012Validator

    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


class RuleSource:
    """A parsed rule file that remembers the line of every key, for error messages."""

    def __init__(self, path: Path, data: Any, root: yaml.Node | None):
        self.path = path
        self.data = data
        self._root = root

    def line(self, pointer: tuple | list) -> int | None:
        """1-based line of the node at ``pointer`` (path of keys/indexes), or of its nearest parent."""
        node = self._root
        if node is None:  # JSON: no lines
            return None
        import yaml

        line = node.start_mark.line + 1
        for part in pointer:
            if isinstance(node, yaml.MappingNode):
                found = None
                for key_node, value_node in node.value:
                    if key_node.value == str(part):
                        found = (key_node, value_node)
                        break
                if found is None:
                    break
                line = found[0].start_mark.line + 1
                node = found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def error(self, message: str, pointer: tuple | list = ()) -> RuleError:
        """A RuleError naming this file, the line of ``pointer`` and the pointer itself."""
        return RuleError(str(self.path), message, self.line(pointer), to_pointer(pointer))


def pickled_by_fields(obj: Any) -> tuple:
    """``__reduce__`` of a dataclass loaded from a rule file: pickled as a call of its class with its fields
    (as TermEntry is), which loads in about half the time of an instance's state. The engine's disk cache
    holds some 1,200 of them (criteria, signals, examples, concepts...): ~1 ms less at each start-up."""
    return type(obj), tuple([getattr(obj, f.name) for f in fields(obj)])


def to_pointer(parts: tuple | list) -> str:
    """JSON pointer text for a path of keys and indexes."""
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts) if parts else ""


MAX_ALIAS_NODES = 10_000  # nodes that aliases may add on top of those written out


def _children(node: yaml.Node) -> list[yaml.Node]:
    from yaml import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return node.value if isinstance(node, SequenceNode) else []


def _alias_bomb(root: yaml.Node) -> bool:
    """Whether expanding the aliases of the node graph under ``root`` would add more than
    MAX_ALIAS_NODES nodes to those written out, or an alias contains itself. Linear in the written
    nodes: each node's expanded size is computed once."""
    written: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in written:
            written.add(id(node))
            stack.extend(_children(node))
    budget = len(written) + MAX_ALIAS_NODES
    sizes: dict[int, int] = {}
    pending: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in pending:
            return budget + 1  # an alias inside its own anchor: infinite
        pending.add(key)
        total = 1
        for child in _children(node):
            total += size(child)
            if total > budget:
                break
        pending.discard(key)
        sizes[key] = total
        return total

    return size(root) > budget


def parse_yaml(path: Path, text: str, loader_class: type | None = None) -> tuple[Any, yaml.Node | None]:
    """Data and node tree of a YAML text (read with ``loader_class``, by default rule_loader()); RuleError
    on syntax errors, non-text keys or alias bombs (aliases may add at most MAX_ALIAS_NODES nodes: checked
    on the node graph before anything expands)."""
    import yaml

    try:
        loader = (loader_class or rule_loader())(text)
        try:
            root = loader.get_single_node()
            if root is not None and _alias_bomb(root):
                raise RuleError(str(path), f"YAML aliases expand beyond {MAX_ALIAS_NODES:,} extra values "
                                "(or refer to themselves): refused before loading")
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleError(str(path), f"{exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise RuleError(str(path), f"cannot parse: {exc}") from None
    except RecursionError:
        raise RuleError(str(path), "the YAML is nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor refused a value (e.g. !!timestamp)
        raise RuleError(str(path), f"invalid value: {exc}") from None
    return data, root


def _non_finite(value: Any, pointer: list) -> list | None:
    """Pointer to the first NaN or infinite number in ``value`` (JSON Schema cannot refuse them)."""
    stack = [(value, pointer)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return at
        if isinstance(item, dict):
            stack.extend((v, [*at, k]) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((v, [*at, i]) for i, v in reversed(list(enumerate(item))))
    return None


def check_finite(source: RuleSource) -> None:
    """RuleError at the first NaN or infinite number (``weight: .nan`` would fail every document later)."""
    pointer = _non_finite(source.data, [])
    if pointer is not None:
        raise source.error("not a finite number (.nan and .inf are not allowed)", pointer)


def load_rule_file(path: Path, schema: str) -> RuleSource:
    """Parse a YAML/JSON rule file and validate it against ``schema``; raise RuleError on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(str(path), "rule file not found") from None
    except UnicodeDecodeError as exc:
        raise RuleError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    data, root = parse_yaml(path, text)
    source = RuleSource(path, data, root)
    if data is None:
        raise RuleError(str(path), "file is empty")
    check_finite(source)
    errors = sorted(schema_validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = min(errors, key=lambda e: (source.line(list(e.absolute_path)) or 0))
        pointer = list(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            pointer += extra[:1]
        raise source.error(_describe(err), pointer)
    return source


def _describe(err) -> str:
    """A short, specific explanation of a schema error."""
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        return f"unknown key {', '.join(map(repr, extra))} (allowed: {allowed})"
    if err.validator == "required":
        return err.message.replace("is a required property", "is required")
    return err.message
