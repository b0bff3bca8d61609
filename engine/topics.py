"""Topic rules: when a concept a text mentions is not what the text is about (``hrba tag``).

Vocabularies find *mentions*. Tagging a recommendation or a paragraph asks a narrower question:
which issues is it *about*? A topic rule sets a concept aside for one text when every span that
evidences the concept is one of a few weak or implied terms and another, separate span of the
same text evidences a concept that the text is then about instead. "Combat violence against
women, including domestic violence" is about women: "domestic violence", which on its own also
implies children, does not make it a children's rights recommendation.

The rules are data (``checklists/tagging/topic-rules.yaml``, schema ``topic-rules``); scoring of
checklists never applies them, and ``hrba tag --mentions`` shows the tags without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .matcher import Match, is_case_sensitive
from .normalize import normalize_term
from .rulefile import load_rule_file
from .vocabulary import CHECKLIST_DIR, Vocabulary

TOPIC_RULES_PATH = CHECKLIST_DIR / "tagging" / "topic-rules.yaml"


@cache
def _key(term: str) -> str:
    """A vocabulary term as the matcher compares it (memoised: rules test every match's term)."""
    return normalize_term(term, casefold=not is_case_sensitive(term))


@dataclass(frozen=True, eq=False, repr=False)
class TopicRule:
    """Set ``concept`` aside when only ``only_terms`` evidence it and another span evidences one of
    ``other_concepts``."""

    id: str
    title: str
    concept: str
    only_terms: frozenset[str]  # normalised vocabulary terms
    other_concepts: frozenset[str]

    def applies(self, matches: list[tuple[Match, tuple[str, ...]]]) -> bool:
        """Whether the rule sets its concept aside in a text with these matches (each with the
        concepts it evidences after exclusions)."""
        own = [m for m, concepts in matches if self.concept in concepts]
        if not own or any(_key(m.term) not in self.only_terms for m in own):
            return False
        return any(
            not any(m.start < o.end and o.start < m.end for o in own)
            for m, concepts in matches
            if self.other_concepts.intersection(concepts)
        )


def load_topic_rules(path: Path | None = None, vocabulary: Vocabulary | None = None) -> list[TopicRule]:
    """Load and check a topic-rule file (default: the built-in one) against the vocabulary."""
    source = load_rule_file(path or TOPIC_RULES_PATH, "topic-rules")
    rules = []
    for rid, data in source.data["rules"].items():
        if vocabulary is not None:
            _check_rule(rid, data, vocabulary, source)
        terms = frozenset(_key(t) for terms in data["only_terms"].values() for t in terms)
        rules.append(TopicRule(rid, data["title"], data["concept"], terms, frozenset(data["other_concepts"])))
    return rules


def _check_rule(rid: str, data: dict, vocabulary: Vocabulary, source) -> None:
    """Concepts must exist and every listed term must be a term of the rule's concept."""
    concept = vocabulary.concepts.get(data["concept"])
    if concept is None:
        raise source.error(f"unknown concept {data['concept']!r}", ["rules", rid, "concept"])
    for i, other in enumerate(data["other_concepts"]):
        if other not in vocabulary.concepts:
            raise source.error(f"unknown concept {other!r}", ["rules", rid, "other_concepts", i])
    for lang, terms in data["only_terms"].items():
        known = {_key(t) for t in concept.terms.get(lang, [])}
        for i, term in enumerate(terms):
            if _key(term) not in known:
                raise source.error(f"{term!r} is not a {lang} term of {concept.id}",
                                   ["rules", rid, "only_terms", lang, i])


def set_aside(rules: Iterable[TopicRule], matches: list[tuple[Match, tuple[str, ...]]]) -> dict[str, str]:
    """Concepts the rules set aside in one text, each with the id of the rule that did."""
    out: dict[str, str] = {}
    for rule in rules:
        if rule.concept not in out and rule.applies(matches):
            out[rule.concept] = rule.id
    return out
