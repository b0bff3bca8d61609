"""Rule checks: validate checklist and vocabulary files, and run every criterion's inline examples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .context import MODIFIERS_PATH, CaseOutcome, load_modifiers, run_cases
from .document import Block, Document
from .errors import RuleError
from .ingest import language
from .ingest.roles import ROLES_PATH, assign_roles, load_role_rules, rebuild_sections
from .pipeline import Engine
from .rulefile import load_rule_file
from .rules import (
    Checklist,
    builtin_checklist_paths,
    load_checklist,
    load_hr_analysis_criteria,
    load_profiles,
)
from .scoring import score_criterion
from .textindex import DocumentIndex
from .topics import TOPIC_RULES_PATH, load_topic_rules
from .vocabulary import VOCABULARY_DIR, Vocabulary, load_vocabulary, load_vocabulary_file


@dataclass(eq=False, repr=False)
class ExampleOutcome:
    """One worked example of a criterion: the level expected, the level given, and why."""

    criterion: str
    source: str
    line: int | None
    index: int
    lang: str | None
    expected: str
    actual: str
    reason: str
    text: str

    @property
    def passed(self) -> bool:
        return self.expected == self.actual


def validate_paths(paths: list[Path] | None = None) -> tuple[list[str], list[RuleError]]:
    """Load every given (or built-in) rule file; return the files that passed and the errors."""
    ok: list[str] = []
    errors: list[RuleError] = []
    builtin = not paths
    if builtin:
        vocab_paths = sorted(p for p in VOCABULARY_DIR.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
        paths = vocab_paths + builtin_checklist_paths()
        try:
            load_profiles()
            load_hr_analysis_criteria(checklists=[load_checklist(p) for p in builtin_checklist_paths()])
            ok.append("profiles.yaml")
        except RuleError as exc:
            errors.append(exc)
    vocabulary = None
    try:
        vocabulary = load_vocabulary()
    except RuleError as exc:
        errors.append(exc)
    if builtin and vocabulary is not None:
        try:
            load_topic_rules(vocabulary=vocabulary)
            ok.append(str(TOPIC_RULES_PATH))
        except RuleError as exc:
            errors.append(exc)
    if builtin:
        try:
            load_modifiers()
            ok.append(str(MODIFIERS_PATH))
        except RuleError as exc:
            errors.append(exc)
        paths = [*paths, ROLES_PATH]
    for path in paths:
        path = Path(path)
        try:
            if _is_roles(path):
                load_role_rules(path)
            elif vocabulary is not None and str(path) in vocabulary.files:
                pass  # already loaded and checked with the whole vocabulary above
            elif path.parent.name == "vocabularies" or _is_vocabulary(path):
                load_vocabulary_file(path)
            elif _is_modifiers(path):
                load_modifiers(path)
            else:
                load_checklist(path, vocabulary)
            ok.append(str(path))
        except RuleError as exc:
            if not any(str(e) == str(exc) for e in errors):
                errors.append(exc)
    return ok, errors


def _is_modifiers(path: Path) -> bool:
    try:
        return "\nmodifiers:" in "\n" + path.read_text(encoding="utf-8")[:2000]
    except (OSError, UnicodeDecodeError):
        return False


def _is_roles(path: Path) -> bool:
    """A block-roles file (checklists/document/roles.yaml or one shaped like it)."""
    if path.resolve() == ROLES_PATH.resolve():
        return True
    try:
        head = path.read_text(encoding="utf-8")[:4000]
    except (OSError, UnicodeDecodeError):
        return False
    return "\nfront_matter:" in "\n" + head and "\nopening_words:" in "\n" + head


def run_role_examples(path: Path | None = None) -> list[ExampleOutcome]:
    """Assign roles to each example's blocks; one outcome per block (expected vs actual role)."""
    path = Path(path or ROLES_PATH)
    rules = load_role_rules(path)
    source = load_rule_file(path, "roles")
    outcomes = []
    for e, ex in enumerate(rules.examples):
        blocks = [Block(text=b["text"], kind=b.get("kind", "paragraph"), level=b.get("level"), page=b.get("page"))
                  for b in ex["blocks"]]
        rebuild_sections(blocks)
        assign_roles(blocks, rules)
        for k, (block, want) in enumerate(zip(blocks, ex["blocks"], strict=True)):
            why = f"{block.kind}, section {' > '.join(block.section) or '(none)'}"
            outcomes.append(ExampleOutcome(ex["id"], str(path), source.line(["examples", e, "blocks", k]), k,
                                           ex["lang"], want["role"], block.role, why, block.text))
    return outcomes


def run_all_examples(paths: list[Path] | None = None) -> list[ExampleOutcome]:
    """``hrba checklists test``: the checklists' examples and the block-role examples."""
    roles = [Path(p) for p in paths or () if _is_roles(Path(p))]
    others = [Path(p) for p in paths or () if not _is_roles(Path(p))]
    outcomes = run_examples(load_for_test(others or None)) if others or not paths else []
    for path in roles or ([None] if not paths else []):
        outcomes.extend(run_role_examples(path))
    return outcomes


def _is_vocabulary(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8")[:2000]
    except (OSError, UnicodeDecodeError):
        return False
    return "\nvocabulary:" in "\n" + head or '"vocabulary"' in head


def example_document(text: str, lang: str | None) -> Document:
    """A one-paragraph document (or several, split on blank lines) for an inline example; a part
    starting with "# " is a heading whose title becomes the section of the parts after it."""
    blocks, section = [], ()
    for i, part in enumerate(p.strip() for p in text.split("\n\n")):
        if part.startswith("# "):
            section = (part[2:].strip(),)
            blocks.append(Block(text=section[0], kind="heading", level=1, section=(), paragraph=None))
        elif part:
            blocks.append(Block(text=part, paragraph=str(i + 1), section=section))
    doc = Document.from_blocks(blocks, path="<example>", name="example", format="text")
    language.assign_languages(doc, forced=lang)
    return doc


def run_examples(checklists: list[Checklist]) -> list[ExampleOutcome]:
    """Score each inline example against its own criterion; never stop at the first failure."""
    engine = Engine(checklists)
    outcomes = []
    for cl in checklists:
        for crit in cl.criteria:
            for i, ex in enumerate(crit.examples):
                index = DocumentIndex.build(example_document(ex.text, ex.lang), engine.matcher, engine.modifiers)
                result = score_criterion(crit, index, ex.kind)
                actual = result.level or "not_applicable"
                outcomes.append(ExampleOutcome(crit.id, crit.source, crit.line, i, ex.lang, ex.level, actual,
                                               result.reason, ex.text))
    return outcomes


def run_sense_examples(vocabulary: Vocabulary) -> list[ExampleOutcome]:
    """Tag each example of every vocabulary sense rule: a ``kept`` text must evidence the concept,
    a ``dropped`` one must not (the rule's reason is shown when it fails)."""
    from .tagging import Tagger

    tagger = Tagger(vocabulary, families=sorted({cid.split(".")[0] for cid in vocabulary.concepts}))  # cue.* too
    outcomes = []
    for concept in vocabulary.concepts.values():
        for lang, rules in concept.sense.items():
            for r, rule in enumerate(rules):
                line = concept.sense_lines.get(lang, [None] * len(rules))[r]
                examples = rule["examples"]
                for i, (expected, text) in enumerate([("kept", t) for t in examples.get("kept", ())]
                                                     + [("dropped", t) for t in examples["dropped"]]):
                    actual = "kept" if concept.id in tagger.tag(text).concepts else "dropped"
                    outcomes.append(ExampleOutcome(f"{concept.id} sense {lang}[{r}]", concept.source, line, i, lang,
                                                   expected, actual, rule["why"], text))
    return outcomes


def load_for_test(paths: list[Path] | None) -> list[Checklist]:
    vocabulary = load_vocabulary()
    return [load_checklist(Path(p), vocabulary) for p in (paths or builtin_checklist_paths())]


def run_modifier_cases(path: Path | None = None) -> list[CaseOutcome]:
    """Run the cases of the (built-in) modifiers file: negation scopes and sentence functions."""
    return run_cases(load_modifiers(path) if path else None)
