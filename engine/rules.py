"""The rule loader: checklists of criteria, validated by schema and by meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .document import EVIDENCE_ROLES
from .errors import RuleError, clean_message
from .localtext import LANGUAGES, LocalText, local, missing_languages
from .rulefile import RuleSource, load_rule_file, pickled_by_fields
from .safe_regex import check_regex
from .vocabulary import CHECKLIST_DIR, Vocabulary, load_vocabulary, load_vocabulary_file

LEVELS = ("missing", "approaches", "meets", "exceeds")
DOCUMENT_KINDS = ("cca", "cooperation-framework", "serp", "hno", "rrp")
# When True, every built-in checklist must give its rule text in all six UN languages (LANGUAGES);
# off until the criteria's translations exist. A checklist can ask the same of itself with
# `languages: [ar, en, es, fr, ru, zh]`.
BUILTIN_REQUIRE_ALL_LANGUAGES = True


@dataclass(eq=False, repr=False)
class Context:
    """A window condition: one of these concepts/phrases within ``within`` of the anchor."""

    __reduce__ = pickled_by_fields

    concepts: list[str]  # expanded concept ids (phrases appear as synthetic ids)
    within: str | int  # "sentence", "paragraph" or a number of words
    refs: list[str] = field(default_factory=list)  # as written, for "what was searched"
    phrases: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.concept_set = frozenset(self.concepts)


@dataclass(eq=False, repr=False)
class Signal:
    """An evidence rule: what counts as a hit, and what cancels one."""

    __reduce__ = pickled_by_fields

    name: str
    description: LocalText
    any_concepts: list[str]
    all_concepts: list[str]
    refs: list[str]
    phrases: list[str]
    all_phrases: list[str] = field(default_factory=list)  # each one needed in the same paragraph
    regex: re.Pattern | None = None
    near: Context | None = None
    unless: Context | None = None
    min_distinct: int = 0
    distinct_of: str = "concepts"
    scope_sections: list[re.Pattern] = field(default_factory=list)
    scope_exclude: bool = False
    scope_kinds: list[str] = field(default_factory=list)
    scope_roles: tuple[str, ...] = EVIDENCE_ROLES  # block roles whose text can be evidence
    min_count: int = 1
    function: frozenset[str] = frozenset()  # the anchor's sentence must do one of these (engine/context.py)
    not_function: frozenset[str] = frozenset()  # ... and none of these
    keep_negated: bool = False  # True: anchors inside a negation scope still count (signals about absence)
    min_sections: int = 1  # evidence needed in this many distinct sections (analysis carried through the plan)

    def __post_init__(self) -> None:
        self.any_set = frozenset(self.any_concepts)
        self.all_set = frozenset(self.all_concepts)


@dataclass(eq=False, repr=False)
class Level:
    """Requirements of one level: all of ``all`` and (if given) one of ``any``."""

    __reduce__ = pickled_by_fields

    all: list[str]
    any: list[str]

    def signals(self) -> list[str]:
        return self.all + self.any


@dataclass(eq=False, repr=False)
class Example:
    """A worked example of a criterion: a text and the level it should get."""

    __reduce__ = pickled_by_fields

    level: str
    text: str
    lang: str | None = None
    kind: str | None = None
    note: str = ""


@dataclass(eq=False, repr=False)
class Criterion:
    """One checklist criterion: its question, signals, levels and recommendations."""

    __reduce__ = pickled_by_fields

    id: str
    checklist: str
    principle: str
    title: LocalText
    question: LocalText
    basis: str
    weight: float
    signals: dict[str, Signal]
    levels: dict[str, Level]
    recommendations: dict[str, LocalText]
    examples: list[Example]
    applies_to: list[str] = field(default_factory=list)
    applies_if: str | None = None
    source: str = ""
    line: int | None = None

    @property
    def top_level(self) -> str:
        return "exceeds" if "exceeds" in self.levels else "meets"


@dataclass(eq=False, repr=False)
class Principle:
    """A principle of a checklist, grouping its criteria."""

    __reduce__ = pickled_by_fields

    id: str
    title: LocalText
    basis: str
    description: LocalText = LocalText("")


@dataclass(eq=False, repr=False)
class Checklist:
    """A loaded checklist: principles, criteria and the vocabulary its signals use."""

    __reduce__ = pickled_by_fields

    id: str
    version: str
    title: LocalText
    description: LocalText
    basis: str
    principles: list[Principle]
    criteria: list[Criterion]
    path: str
    vocabulary: Vocabulary

    def principle(self, pid: str) -> Principle:
        return next(p for p in self.principles if p.id == pid)


@dataclass(eq=False, repr=False)
class Profile:
    """A kind of document and the checklists that apply to it."""

    id: str
    title: str
    checklists: list[str]
    description: str = ""


def phrase_concept(criterion: str, signal: str, role: str) -> str:
    """The synthetic concept id under which a signal's inline phrases are matched."""
    return f"@{criterion}.{signal}.{role}"


def load_checklist(path: Path, vocabulary: Vocabulary | None = None) -> Checklist:
    """Load one checklist file; check every reference; raise RuleError naming file, line and key."""
    path = Path(path)
    source = load_rule_file(path, "checklist")
    data = source.data
    vocab = Vocabulary()
    vocab.merge(vocabulary if vocabulary is not None else load_vocabulary())
    for i, extra in enumerate(data.get("vocabularies", [])):
        extra_path = (path.parent / extra).resolve()
        if extra_path.suffix.lower() not in (".yaml", ".yml", ".json"):  # never read (and quote) other files
            raise source.error(f"vocabulary file {clean_message(extra, 120)!r} is not a .yaml, .yml or .json file",
                               ["vocabularies", i])
        if not extra_path.is_file():
            raise source.error(f"vocabulary file {extra!r} not found", ["vocabularies", i])
        vocab.merge(load_vocabulary_file(extra_path))
    _check_languages(source, path)
    principles = [Principle(p["id"], local(p["title"]), p["basis"], local(p.get("description", "")))
                  for p in data["principles"]]
    principle_ids = {p.id for p in principles}
    seen_ids: set[str] = set()
    criteria = []
    for ci, raw in enumerate(data["criteria"]):
        crit = _criterion(raw, data["id"], source, ["criteria", ci], vocab, principle_ids)
        if crit.id in seen_ids:
            raise source.error(f"duplicate criterion id {crit.id!r}", ["criteria", ci, "id"])
        seen_ids.add(crit.id)
        criteria.append(crit)
    return Checklist(
        data["id"], data["version"], local(data["title"]), local(data.get("description", "")), data["basis"],
        principles, criteria, str(path), vocab,
    )


def _text_fields(data: dict):
    """(pointer, value) of every translatable text in a checklist's data."""
    for key in ("title", "description"):
        if key in data:
            yield [key], data[key]
    for i, p in enumerate(data.get("principles", [])):
        for key in ("title", "description"):
            if key in p:
                yield ["principles", i, key], p[key]
    for i, c in enumerate(data.get("criteria", [])):
        for key in ("title", "question"):
            yield ["criteria", i, key], c[key]
        for level, text in c.get("recommendations", {}).items():
            yield ["criteria", i, "recommendations", level], text
        for name, sig in c.get("signals", {}).items():
            if "description" in sig:
                yield ["criteria", i, "signals", name, "description"], sig["description"]


def required_languages(data: dict, path: Path) -> set[str]:
    """The languages a checklist must give every text in: those it declares (`languages`), and all six
    for a built-in checklist once BUILTIN_REQUIRE_ALL_LANGUAGES is on."""
    required = set(data.get("languages", ["en"])) | {"en"}
    if BUILTIN_REQUIRE_ALL_LANGUAGES and path.resolve().parent == CHECKLIST_DIR.resolve():
        required |= set(LANGUAGES)
    return required


def _check_languages(source: RuleSource, path: Path) -> None:
    required = required_languages(source.data, path)
    if required == {"en"}:
        return
    for pointer, value in _text_fields(source.data):
        missing = missing_languages(value, required)
        if missing:
            where = "/".join(map(str, pointer))
            raise source.error(f"{where} lacks a translation into {', '.join(missing)} "
                               f"(required: {', '.join(sorted(required))})", pointer)


def _refs(refs: list[str], vocab: Vocabulary, source: RuleSource, pointer: list) -> list[str]:
    out: list[str] = []
    for i, ref in enumerate(refs):
        ids = vocab.expand(ref)
        if not ids:
            raise source.error(f"unknown concept {ref!r}", pointer + [i])
        out.extend(ids)
    return out


def _context(raw: dict, crit_id: str, name: str, role: str, vocab, source, pointer) -> Context:
    concepts = _refs(raw.get("concepts", []), vocab, source, pointer + ["concepts"])
    phrases = raw.get("phrases", [])
    if phrases:
        concepts.append(phrase_concept(crit_id, name, role))
    return Context(concepts, raw["within"], list(raw.get("concepts", [])), list(phrases))


def _signal(name: str, raw: dict, crit_id: str, vocab, source: RuleSource, pointer: list) -> Signal:
    any_c = _refs(raw.get("concepts", []), vocab, source, pointer + ["concepts"])
    all_c = _refs(raw.get("all", []), vocab, source, pointer + ["all"])
    phrases = raw.get("phrases", [])
    if phrases:
        any_c.append(phrase_concept(crit_id, name, "anchor"))
    all_phrases = list(raw.get("all_phrases", []))
    all_c += [phrase_concept(crit_id, name, f"all{i}") for i in range(len(all_phrases))]
    regex = None
    if "regex" in raw:
        try:
            regex = check_regex(raw["regex"])
        except ValueError as exc:
            raise source.error(str(exc), pointer + ["regex"]) from None
    scope = raw.get("scope", {})
    sections = []
    for i, pattern in enumerate(scope.get("sections", [])):
        try:
            sections.append(re.compile(check_regex(pattern).pattern, re.IGNORECASE))
        except ValueError as exc:
            raise source.error(str(exc), pointer + ["scope", "sections", i]) from None
    min_distinct = raw.get("min_distinct", {})
    distinct_of = min_distinct.get("of", "concepts")
    if distinct_of == "near" and "near" not in raw:
        raise source.error("min_distinct of 'near' needs a 'near' condition", pointer + ["min_distinct", "of"])
    return Signal(
        name=name,
        description=local(raw.get("description", name.replace("_", " "))),
        any_concepts=any_c,
        all_concepts=all_c,
        refs=list(raw.get("concepts", [])) + list(raw.get("all", [])),
        phrases=list(phrases),
        all_phrases=all_phrases,
        regex=regex,
        near=_context(raw["near"], crit_id, name, "near", vocab, source, pointer + ["near"]) if "near" in raw else None,
        unless=_context(raw["unless"], crit_id, name, "unless", vocab, source, pointer + ["unless"]) if "unless" in raw else None,
        min_distinct=min_distinct.get("count", 0),
        distinct_of=distinct_of,
        scope_sections=sections,
        scope_exclude=scope.get("exclude", False),
        scope_kinds=list(scope.get("kinds", [])),
        scope_roles=tuple(scope.get("roles", EVIDENCE_ROLES)),
        min_count=raw.get("min_count", 1),
        function=frozenset(raw.get("function", ())),
        not_function=frozenset(raw.get("not_function", ())),
        keep_negated=raw.get("keep_negated", False),
        min_sections=raw.get("min_sections", 1),
    )


def _criterion(raw: dict, checklist_id: str, source: RuleSource, pointer: list, vocab, principle_ids) -> Criterion:
    cid = raw["id"]
    if raw["principle"] not in principle_ids:
        raise source.error(
            f"unknown principle {raw['principle']!r} (declared: {', '.join(sorted(principle_ids))})",
            pointer + ["principle"],
        )
    signals = {
        name: _signal(name, sraw, cid, vocab, source, pointer + ["signals", name])
        for name, sraw in raw["signals"].items()
    }
    levels = {}
    previous: Level | None = None
    for level_name in LEVELS[1:]:
        if level_name not in raw["levels"]:
            continue
        lraw = raw["levels"][level_name]
        level = Level(list(lraw.get("all", [])), list(lraw.get("any", [])))
        for key in ("all", "any"):
            for i, sig in enumerate(getattr(level, key)):
                if sig not in signals:
                    raise source.error(f"level {level_name} refers to unknown signal {sig!r}", pointer + ["levels", level_name, key, i])
        if previous is not None and not _includes(level, previous):
            raise source.error(
                f"level {level_name} must include everything the level below requires "
                f"(levels are cumulative: all {previous.all}, any {previous.any})",
                pointer + ["levels", level_name],
            )
        levels[level_name] = level
        previous = level
    top = "exceeds" if "exceeds" in levels else "meets"
    for level_name in LEVELS[: LEVELS.index(top)]:
        if level_name not in raw["recommendations"]:
            raise source.error(f"a recommendation for level {level_name!r} is required", pointer + ["recommendations"])
    applies_if = raw.get("applies_if")
    if applies_if is not None and applies_if not in signals:
        raise source.error(f"applies_if refers to unknown signal {applies_if!r}", pointer + ["applies_if"])
    examples = [Example(e["level"], e["text"], e.get("lang"), e.get("kind"), e.get("note", "")) for e in raw["examples"]]
    return Criterion(
        id=cid, checklist=checklist_id, principle=raw["principle"], title=local(raw["title"]),
        question=local(raw["question"]), basis=raw["basis"], weight=float(raw.get("weight", 1)), signals=signals,
        levels=levels, recommendations={k: local(v) for k, v in raw["recommendations"].items()}, examples=examples,
        applies_to=list(raw.get("applies_to", [])), applies_if=applies_if,
        source=str(source.path), line=source.line(pointer),
    )


def _includes(level: Level, below: Level) -> bool:
    """True when meeting ``level`` implies meeting ``below``."""
    if not set(below.all) <= set(level.all):
        return False
    if below.any:
        # Either one of below's options is required outright, or our options are a subset of its.
        return bool(set(below.any) & set(level.all)) or (bool(level.any) and set(level.any) <= set(below.any))
    return True


def builtin_checklist_paths() -> list[Path]:
    return sorted(p for p in CHECKLIST_DIR.glob("*.yaml") if p.name != "profiles.yaml")


def load_hr_analysis_criteria(path: Path | None = None, checklists: list[Checklist] | None = None) -> frozenset[str]:
    """The ids of the criteria whose evidence is human rights analysis (profiles.yaml,
    ``human_rights_analysis``; A/HRC/49/68 para 36). With ``checklists``, every id must be one of
    theirs (``hrba checklists validate`` checks the built-in ones)."""
    path = path or CHECKLIST_DIR / "profiles.yaml"
    source = load_rule_file(path, "profiles")
    ids = list(source.data.get("human_rights_analysis", []))
    if checklists is not None:
        known = {c.id for cl in checklists for c in cl.criteria}
        for i, cid in enumerate(ids):
            if cid not in known:
                raise source.error(f"human_rights_analysis names unknown criterion {cid!r}", ["human_rights_analysis", i])
    return frozenset(ids)


def load_profiles(path: Path | None = None) -> tuple[dict[str, Profile], list[str]]:
    """Profiles by document kind, and the default list of checklist ids."""
    path = path or CHECKLIST_DIR / "profiles.yaml"
    source = load_rule_file(path, "profiles")
    profiles = {
        pid: Profile(pid, p["title"], list(p["checklists"]), p.get("description", ""))
        for pid, p in source.data["profiles"].items()
    }
    available = {p.stem for p in builtin_checklist_paths()}
    for pid, profile in profiles.items():
        for i, cid in enumerate(profile.checklists):
            if cid not in available:
                raise source.error(f"profile {pid!r} names unknown checklist {cid!r}", ["profiles", pid, "checklists", i])
    default = list(source.data.get("default", sorted(available)))
    return profiles, default


def resolve_checklists(refs: list[str] | None = None, profile: str | None = None) -> list[Checklist]:
    """Checklists by id or path, else those of ``profile``, else the default set; vocabularies loaded once."""
    vocabulary = load_vocabulary()
    builtin = {p.stem: p for p in builtin_checklist_paths()}
    if refs:
        paths = []
        for ref in refs:
            if ref in builtin:
                paths.append(builtin[ref])
            elif Path(ref).is_file():
                paths.append(Path(ref))
            else:
                raise RuleError(ref, f"no such checklist (built-in: {', '.join(sorted(builtin))})")
    else:
        profiles, default = load_profiles()
        if profile is not None and profile not in profiles:
            raise RuleError(profile, f"unknown profile (choose from: {', '.join(sorted(profiles))})")
        ids = profiles[profile].checklists if profile else default
        paths = [builtin[cid] for cid in ids]
    return [load_checklist(p, vocabulary) for p in paths]
