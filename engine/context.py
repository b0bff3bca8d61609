"""Sentence modifiers in the style of NegEx/ConText: negation scopes and sentence functions.

All knowledge is rule data (``checklists/context/modifiers.yaml``): per language, negation cues
with the direction of their scope (*preceding*: forward to the first terminator or the sentence
end; *following*: back to the sentence start or the last terminator; *bidirectional*: the whole
clause), pseudo-cues that look like negation but are not ("not only", "不平等"), terminators
("but", ";", 但), French two-part negations (ne ... pas), and cue lists for what a sentence does
(commitment, finding, cause, indicator, legal statement, reported). One matcher (the project's
prefix-tree machinery) finds every cue of a block; sentences are analysed lazily, only when a
signal asks about an anchor in them. A cue applies only to blocks of its language (or of unknown
language), so "no" (en, es) never acts in a French block.
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path

from .diskcache import cached, code_files, fingerprint
from .matcher import Match, Matcher, MatcherSet, TermEntry
from .rulefile import CHECKLIST_DIR, LANGUAGES, SCHEMA_DIR, RuleSource, load_rule_file
from .safe_regex import check_regex

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MODIFIERS_PATH = CHECKLIST_DIR / "context" / "modifiers.yaml"
FUNCTIONS = ("commitment", "finding", "cause", "indicator", "legal_statement", "reported")
NEGATION_KINDS = ("preceding", "nominal", "following", "bidirectional", "pseudo", "terminators", "goals")
_TRIGGERS = ("preceding", "following", "bidirectional")
_COMMAS = (",", "،", "，")
# A sentence's own number ("88.101", "12.", "(b)") is not a figure of a finding.
_ENUMERATOR = re.compile(r"\s*(?:(?:\(?[0-9]{1,3}(?:\.[0-9]{1,3})*\.?\)?|\(?[a-zA-Z]\))(?:\s+|$))?")
# The characters an enumerator of _ENUMERATOR can begin with, besides a letter followed by ")".
_ENUMERATOR_FIRST = frozenset("(0123456789")


def _without_enumerator(text: str, s: int, e: int) -> tuple[int, str]:
    """Where the sentence ``s``..``e`` of ``text`` starts without its leading space and own number
    (_ENUMERATOR), and its text from there; the regex only when a number may follow the space."""
    sentence = text[s:e]
    body = sentence.lstrip()  # (str.isspace is the regex's \s)
    if body[:1] in _ENUMERATOR_FIRST or body[1:2] == ")":  # ("" is in any string: an empty body, too)
        start = _ENUMERATOR.match(text, s, e).end()
        return start, text[start:e]
    return e - len(body), body


class once:  # noqa: N801 - used as a decorator, like functools.cached_property
    """``functools.cached_property`` without its lock: before Python 3.12 that takes a lock on each first
    use, and scoring makes some 20k first uses per 24 PDFs (objects of one thread, nothing to guard)."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(slots=True, eq=False, repr=False)
class NegationScope:
    """Block-relative span governed by a negation cue."""

    start: int
    end: int
    cue: Match
    kind: str  # "preceding", "following" or "bidirectional"

    def describe(self) -> str:
        return f"cancelled by {self.cue.text!r} (negation, {self.kind})"


@dataclass(slots=True, eq=False, repr=False)
class SentenceContext:
    """One sentence's negation scopes and functions (block-relative offsets)."""

    start: int
    end: int
    scopes: list[NegationScope]
    functions: dict[str, str]  # function -> the cue (or pattern match) that marks it
    concepts: int = 0  # distinct vocabulary terms naming a concept (cue words and criterion phrases left out)
    stuffed: bool | None = field(default=None, repr=False, compare=False)  # BlockContext.stuffed_sentence, once known

    def negation(self, start: int, end: int, own: list[Match] | tuple = ()) -> NegationScope | None:
        """The scope that negates [start, end), if any. A cue overlapping the span itself or one of
        ``own`` (the signal's own matches: "were excluded" for a signal that looks for exclusion,
        "lack of data" for one that looks for data gaps) does not negate it."""
        for scope in self.scopes:
            if scope.start <= start and end <= scope.end and not _overlap(scope.cue, start, end) \
                    and not any(_overlap(scope.cue, m.start, m.end) for m in own):
                return scope
        return None


def _overlap(m: Match, start: int, end: int) -> bool:
    return m.start < end and start < m.end


class Modifiers:
    """The cue lists of one modifiers file, compiled into one matcher."""

    def __init__(self, source: RuleSource):
        data = source.data
        self.path = str(source.path)
        neg = data["negation"]
        negation: list[TermEntry] = []
        for kind in NEGATION_KINDS:
            for lang, terms in neg.get(kind, {}).items():
                negation += [TermEntry(t, f"{kind}:{lang}") for t in terms]
        self.pair_within: dict[str, int] = {}
        seconds: list[TermEntry] = []
        for lang, pair in neg.get("pairs", {}).items():
            negation += [TermEntry(t, f"pair:{lang}") for t in pair["first"]]
            seconds += [TermEntry(t, f"second:{lang}") for t in pair["second"]]
            self.pair_within[lang] = pair.get("within", 4)
        groups = [Matcher(negation), Matcher(seconds)]
        self.descriptions: dict[str, str] = {}
        self.patterns: dict[str, dict[str, list]] = {}  # function -> language (or "any") -> regexes
        self.needs_with: set[str] = set()
        for name, fn in data["functions"].items():
            self.descriptions[name] = fn["description"]
            # Exclusions sit in the same group: the longer "political will" hides "will".
            groups.append(Matcher([TermEntry(t, f"fn.{name}:{lang}") for lang, terms in fn["cues"].items() for t in terms]
                                  + [TermEntry(t, f"not.{name}:{lang}") for lang, terms in fn.get("exclude", {}).items()
                                     for t in terms]
                                  + [TermEntry(t, f"pseudo.{name}:{lang}") for lang, terms in fn.get("pseudo", {}).items()
                                     for t in terms]))
            if "with" in fn:
                self.needs_with.add(name)
                groups.append(Matcher([TermEntry(t, f"with.{name}:{lang}") for lang, terms in fn["with"].items() for t in terms]))
            compiled: dict[str, list] = {}
            for lang, patterns in fn.get("patterns", {}).items():
                for i, pattern in enumerate(patterns):
                    try:
                        compiled.setdefault(lang, []).append(check_regex(pattern))
                    except ValueError as exc:
                        raise source.error(str(exc), ["functions", name, "patterns", lang, i]) from None
            self.patterns[name] = compiled
        # pattern -> a search for a character every match of it holds (None: none plain to see)
        self.first_chars: dict[str, re.Pattern | None] = {}
        # pattern anchored at the text's start -> the characters its matches begin with (None: any)
        self.leads: dict[str, frozenset[str] | None] = {}
        shared: dict[str, re.Pattern] = {}
        for by_lang in self.patterns.values():
            for pattern in (p for ps in by_lang.values() for p in ps):
                first = _first_class(pattern)
                self.first_chars[pattern.pattern] = first if first is None else shared.setdefault(first.pattern, first)
                self.leads[pattern.pattern] = _lead_chars(pattern)
        self.by_language: dict[str | None, list] = {}  # _patterns, per block language
        self.groups = groups  # an engine may match them in its own pass (DocumentIndex.build splits them off)
        stuffing = data["stuffing"]
        self.sentence_concepts: int = stuffing["sentence_concepts"]
        self.paragraph_concepts: int = stuffing["paragraph_concepts"]
        self.substantive = frozenset(stuffing["substantive"])
        self.cases: list[dict] = list(data["cases"])
        self.case_lines = [source.line(["cases", i]) for i in range(len(self.cases))]

    @once
    def matcher(self) -> MatcherSet:
        """The cue groups in one matcher, for :meth:`find`: built on first use, as an engine matches them in
        its own pass and never needs it (nor pickles it with itself)."""
        return MatcherSet(self.groups)

    def find(self, text: str, lang: str | None, normalized: dict | None = None) -> list[tuple[Match, frozenset[str]]]:
        """The cues of ``text`` that apply in ``lang``: (match, its kinds such as "preceding" or
        "fn.cause"), in text order."""
        return self.select(self.matcher.find(text, normalized), lang)

    @staticmethod
    def select(matches: list[Match], lang: str | None) -> list[tuple[Match, frozenset[str]]]:
        """Cue matches (found by any matcher holding :attr:`groups`) that apply in ``lang``, with their kinds."""
        key = lang if lang in LANGUAGES else None
        known = _KINDS.get(key)
        if known is None:
            known = _KINDS[key] = {}
        out = []
        for m in matches:
            kinds = known.get(m.concepts)
            if kinds is None:
                kinds = known[m.concepts] = frozenset(c.split(":", 1)[0] for c in m.concepts
                                                      if key is None or c.endswith(":" + key))
            if kinds:
                out.append((m, kinds))
        return out


def load_modifiers(path: Path | None = None) -> Modifiers:
    """Load and check a modifiers file (default: the built-in one); RuleError names file, line and key."""
    path = Path(path or MODIFIERS_PATH)
    source = load_rule_file(path, "modifiers")
    return Modifiers(source)


_DEFAULT: list[Modifiers] = []


def default_modifiers() -> Modifiers:
    """The built-in modifiers, loaded once per process (from the disk cache when it is current)."""
    if not _DEFAULT:
        key = fingerprint([MODIFIERS_PATH, SCHEMA_DIR / "modifiers.schema.json", *code_files()])
        _DEFAULT.append(cached("modifiers", key, load_modifiers))
    return _DEFAULT[0]


class BlockContext:
    """The modifiers of one block: its cues found once, each sentence analysed on first request."""

    def __init__(self, modifiers: Modifiers, text: str, lang: str | None, sentences: list[tuple[int, int]],
                 vocab_matches: list[Match], normalized: dict | None = None, cues: list[Match] | None = None):
        self.modifiers = modifiers
        self.text = text
        self.lang = lang
        self.sentences = sentences
        self._sentence_starts = [s for s, _ in sentences]
        self.vocab_matches = vocab_matches
        self.cues = modifiers.select(cues, lang) if cues is not None else modifiers.find(text, lang, normalized)
        self._cue_starts = [m.start for m, _ in self.cues]
        self._analysed: dict[int, SentenceContext] = {}
        self._at: dict[int, SentenceContext] = {}  # by offset: anchors are looked up once per signal
        self._named: tuple[list[Match], list[int]] | None = None  # _named_matches(), on first use
        self._paragraph_concepts: int | None = None
        self._may_negate: bool | None = None
        self._marks: dict[_FirstChars, bytes | None] = {}  # _first_char's, per search

    def may_negate(self) -> bool:
        """False when no cue of the block can open a negation scope: then none of its sentences has one."""
        if self._may_negate is None:
            self._may_negate = any(_plan(kinds).scoping for _, kinds in self.cues)
        return self._may_negate

    def sentence(self, pos: int) -> SentenceContext:
        """The analysed sentence holding block offset ``pos``."""
        found = self._at.get(pos)
        if found is None:
            i = max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)
            found = self._analysed.get(i)
            if found is None:
                found = self._analysed[i] = self._analyse(*self.sentences[i])
            self._at[pos] = found
        return found

    def negation(self, m: Match, own: list[Match] | tuple = ()) -> NegationScope | None:
        return self.sentence(m.start).negation(m.start, m.end, own)

    @once
    def all_sentences(self) -> list[SentenceContext]:
        return [self.sentence(s) for s, _ in self.sentences]

    @property
    def paragraph_concepts(self) -> int:
        """How many distinct things the block names: its distinct terms that evidence a vocabulary concept."""
        if self._paragraph_concepts is None:  # a plain attribute: cached_property takes a lock on first use (< 3.12)
            self._paragraph_concepts = len({m.term.casefold() for m in self._named_matches()[0]})
        return self._paragraph_concepts

    @once
    def paragraph_substantive(self) -> bool:
        subst = self.modifiers.substantive
        return any(subst.intersection(s.functions) for s in self.all_sentences)

    def stuffed(self, pos: int) -> bool:
        """True when the sentence at ``pos`` names many concepts without a finding, cause or
        commitment (or its paragraph does, with no such sentence in it): a mention at most."""
        return self.stuffed_sentence(self.sentence(pos))

    def stuffed_sentence(self, sc: SentenceContext) -> bool:
        """:meth:`stuffed` for an analysed sentence of this block."""
        found = sc.stuffed
        if found is None:
            mods = self.modifiers
            if mods.substantive.intersection(sc.functions):
                found = False
            elif sc.concepts >= mods.sentence_concepts:
                found = True
            else:
                found = self.paragraph_concepts >= mods.paragraph_concepts and not self.paragraph_substantive
            sc.stuffed = found
        return found

    def _analyse(self, s: int, e: int) -> SentenceContext:
        lo = bisect.bisect_left(self._cue_starts, s)
        hi = bisect.bisect_left(self._cue_starts, e)
        cues = [(m, k) for m, k in self.cues[lo:hi] if m.end <= e]
        named, named_starts = self._named_matches()
        shields = named[bisect.bisect_left(named_starts, s):bisect.bisect_left(named_starts, e)]
        if cues:
            plans = _PLANS
            planned = [(m, plans.get(k) or _plan(k)) for m, k in cues]  # (a plan is never false)
            scopes = self._scopes(s, e, cues, planned, shields)
            functions, cancelled = self._cue_functions(planned, shields)
        else:
            scopes, functions, cancelled = [], {}, frozenset()
        self._pattern_functions(s, e, functions, cancelled)
        concepts = len({m.term.casefold() for m in shields})  # as paragraph_concepts, for the sentence
        return SentenceContext(s, e, scopes, functions, concepts)

    def _scopes(self, s: int, e: int, cues: list[tuple[Match, frozenset[str]]], planned: list[tuple[Match, _CuePlan]],
                shields: list[Match]) -> list[NegationScope]:
        """The negation scopes of the sentence ``s``..``e`` (its cues, with their kinds and with their plans;
        ``shields``: its vocabulary terms)."""
        terminators = [m for m, p in planned if p.terminator]
        goals = [m for m, p in planned if p.goal]
        scopes = []
        for m, p in planned:
            if not p.negates:
                continue
            trig = p.triggers
            nominal = p.nominal
            if nominal:
                trig = ("preceding",)
            if not trig and p.pair and self._pair_closed(m, cues, terminators):
                trig = ("preceding",)
            if not trig:
                continue
            # A cue word inside a longer term of the vocabularies ("non-discrimination", "无障碍") is that term.
            if any(v.start <= m.start and m.end <= v.end and v.end - v.start > m.end - m.start for v in shields):
                continue
            c_start = max([t.end for t in terminators if t.end <= m.start], default=s)
            c_end = min([t.start for t in terminators if t.start >= m.end], default=e)
            if any(c_start <= g.start and g.end <= m.start for g in goals):
                continue  # "to ensure that the provision is not discriminatory": a goal, not an absence
            if "bidirectional" in trig or len(trig) == 2:
                kind, span = "bidirectional", (c_start, c_end)
            elif trig[0] == "preceding":
                if nominal:  # the absence noun's phrase: up to a comma at most
                    comma = min((i for i in (self.text.find(c, m.end, c_end) for c in _COMMAS) if i >= 0), default=c_end)
                    c_end = comma
                kind, span = "preceding", (m.start, c_end)
            else:
                kind, span = "following", (c_start, m.end)
            scopes.append(NegationScope(span[0], span[1], m, kind))
        return scopes

    def _cue_functions(self, planned: list[tuple[Match, _CuePlan]], shields: list[Match]) -> tuple[dict[str, str], set[str]]:
        """The functions the cues of a sentence mark (function -> cue text), and those a generic pledge
        cancels."""
        functions: dict[str, str] = {}
        withs = {w for _, p in planned for w in p.withs}
        # "Continue its efforts", "further measures", "consider": a generic pledge cancels the function.
        cancelled = {c for _, p in planned for c in p.cancels}
        needs_with = self.modifiers.needs_with
        for m, p in planned:
            if not p.functions:
                continue
            # A cue that is (part of) a vocabulary term names a concept ("census", "indicators",
            # "baseline survey"): a list of such terms is a glossary, not a finding or an indicator.
            if any(v.start <= m.start and m.end <= v.end for v in shields):
                continue
            for name in p.functions:
                if name not in functions and name not in cancelled and (name not in needs_with or name in withs):
                    functions[name] = m.text
        return functions, cancelled

    def _pattern_functions(self, s: int, e: int, functions: dict[str, str], cancelled: set[str] | frozenset[str]) -> None:
        """Add the functions that a pattern of the block's language finds in the sentence ``s``..``e``."""
        sentence_text = None
        present: dict[_FirstChars, int] = {}  # first-character searches done: where the first such character is
        for name, patterns in _patterns(self.modifiers, self.lang):
            if name not in functions and name not in cancelled:
                if sentence_text is None:  # without its own number and leading space
                    start, sentence_text = _without_enumerator(self.text, s, e)
                for p, first, lead in patterns:
                    if lead is not None and sentence_text[:1] not in lead:
                        continue  # a pattern anchored at the start, whose first character is not there
                    at = 0
                    if first is not None:  # no match starts before a character every match starts with
                        at = present.get(first)
                        if at is None:
                            at = present[first] = self._first_char(first, start, e, sentence_text)
                        if at < 0:
                            continue
                    hit = p.search(sentence_text, at)
                    if hit:
                        functions[name] = hit.group()
                        break

    def _first_char(self, first: _FirstChars, start: int, end: int, sentence_text: str) -> int:
        """Where ``first`` first finds a character in ``sentence_text`` (the block's ``start``..``end``), -1: nowhere;
        an ASCII block is marked once for all its sentences."""
        if first not in self._marks:
            self._marks[first] = first.marks(self.text)
        marks = self._marks[first]
        if marks is None:
            return first.find(sentence_text)
        at = marks.find(1, start, end)
        return at if at < 0 else at - start

    def _named_matches(self) -> tuple[list[Match], list[int]]:
        """The block's matches that name a concept (see _named), by start, and their starts: each
        sentence takes its slice (the block's matches are filtered once, not once per sentence)."""
        if self._named is None:
            flags = _NAMES
            named = [m for m in self.vocab_matches
                     if (found := flags.get(m.concepts)) or (found is None and _names_something(m.concepts))]
            named.sort(key=_START)
            self._named = named, [m.start for m in named]
        return self._named

    def _pair_closed(self, first: Match, cues, terminators) -> bool:
        """A French "ne"/"n'" counts when "pas", "jamais", "aucun"... follows within its clause."""
        lang = self.lang if self.lang in self.modifiers.pair_within else "fr"
        within = self.modifiers.pair_within.get(lang, 4)
        limit = min([t.start for t in terminators if t.start >= first.end], default=len(self.text))
        for m, kinds in cues:
            if "second" in kinds and first.end <= m.start < limit:
                return len(self.text[first.end:m.start].split()) <= within
        return False




def _named(concepts) -> set[str]:
    """Vocabulary concepts that name something (not cue words, not criterion phrases)."""
    return {c for c in concepts if not c.startswith(("cue.", "@"))}


def _names_something(concepts: tuple[str, ...]) -> bool:
    """``bool(_named(concepts))``, remembered per concept tuple (the matcher shares one per term)."""
    found = _NAMES.get(concepts)
    if found is None:
        found = _NAMES[concepts] = bool(_named(concepts))
    return found


_NAMES: dict[tuple[str, ...], bool] = {}
_START = operator.attrgetter("start")
_KINDS: dict[str | None, dict[tuple[str, ...], frozenset[str]]] = {}  # language -> cue concepts -> kinds


@dataclass(frozen=True, eq=False, repr=False)
class _CuePlan:
    """What a cue of these kinds does in a sentence, worked out once per set of kinds."""

    negates: bool  # may open a negation scope (not a pseudo-cue, terminator or goal)
    triggers: tuple[str, ...]  # its scope directions (_TRIGGERS it has)
    nominal: bool  # an absence noun ("lack of"): a preceding scope up to a comma
    pair: bool  # the first half of a two-part negation (ne ... pas)
    terminator: bool
    goal: bool
    functions: tuple[str, ...]  # the functions it marks ("fn.X"), in the order of its kinds
    withs: tuple[str, ...]  # the functions it completes ("with.X")
    cancels: tuple[str, ...]  # the functions it cancels ("pseudo.X")

    @property
    def scoping(self) -> bool:
        """It may open a negation scope (_scopes): it negates, with a direction, as an absence noun or a pair."""
        return self.negates and bool(self.triggers or self.nominal or self.pair)


_PLANS: dict[frozenset[str], _CuePlan] = {}


def _plan(kinds: frozenset[str]) -> _CuePlan:
    plan = _PLANS.get(kinds)
    if plan is None:
        triggers = tuple(k for k in _TRIGGERS if k in kinds)
        plan = _PLANS[kinds] = _CuePlan(
            negates=not ("pseudo" in kinds or "terminators" in kinds or "goals" in kinds),
            triggers=triggers, nominal="nominal" in kinds and not triggers, pair="pair" in kinds,
            terminator="terminators" in kinds and "pseudo" not in kinds, goal="goals" in kinds,
            functions=tuple(k[3:] for k in kinds if k.startswith("fn.")),
            withs=tuple(k[5:] for k in kinds if k.startswith("with.")),
            cancels=tuple(k[7:] for k in kinds if k.startswith("pseudo.")))
    return plan


class _FirstChars:
    """A first-character search (Modifiers.first_chars), and its marks of an ASCII text: a byte per character, 1
    where it finds one (translated at C speed: far quicker than a regex's class test on each character)."""

    __slots__ = ("search", "table")

    def __init__(self, search: re.Pattern):
        self.search = search
        self.table = bytes(search.match(chr(i)) is not None for i in range(128)) + bytes(128)

    def marks(self, text: str) -> bytes | None:
        """``text``'s marks (``bytes.find(1, start, end)`` finds the first character); None when it is not ASCII."""
        return text.encode("ascii").translate(self.table) if text.isascii() else None

    def find(self, text: str) -> int:
        """The offset of the first character the search finds in ``text``, -1 when there is none."""
        hit = self.search.search(text)
        return -1 if hit is None else hit.start()


_Patterns = list[tuple[str, list[tuple[re.Pattern, _FirstChars | None, frozenset[str] | None]]]]


def _patterns(modifiers: Modifiers, lang: str | None) -> _Patterns:
    """(function, its patterns that apply in ``lang``) for every function with some, "any" patterns first; each
    pattern with its first-character search (Modifiers.first_chars), remembered per language."""
    found = modifiers.by_language.get(lang)
    if found is None:
        found = modifiers.by_language[lang] = _language_patterns(modifiers, lang if lang in LANGUAGES else None)
    return found


def _language_patterns(modifiers: Modifiers, key: str | None) -> _Patterns:
    """_patterns for a language of LANGUAGES (None: any other, every language's patterns apply)."""
    found = [(name, patterns) for name, patterns in (
        (name, [(p, modifiers.first_chars.get(p.pattern)) for p in
                [*by_lang.get("any", ()), *(by_lang.get(key, ()) if key is not None
                                            else (p for k, ps in by_lang.items() if k != "any" for p in ps))]])
        for name, by_lang in modifiers.patterns.items()) if patterns]
    firsts = [first for _, patterns in found for _, first in patterns if first is not None]
    wider = _covering(firsts)
    search_of = {first: wider.get(first, first) for first in firsts}
    chars = {search: _FirstChars(search) for search in search_of.values()}  # one per search: done once per sentence
    return [(name, [(p, None if first is None else chars[search_of[first]], modifiers.leads.get(p.pattern))
                     for p, first in patterns])
            for name, patterns in found]


def _covering(firsts: list[re.Pattern]) -> dict[re.Pattern, re.Pattern]:
    """First-character searches that another of ``firsts`` covers (it finds every character they find:
    ``[0-9]`` and ``\\d``), mapped to it: a sentence without such characters is then scanned once, not once
    per search (a looser search only lets more sentences through to the pattern itself)."""
    out: dict[re.Pattern, re.Pattern] = {}
    for first in firsts:
        chars = _class_chars(first)
        covers = [other for other in firsts if other is not first and other not in out
                  and all(other.match(c) for c in chars)] if chars else []
        if covers:  # the narrowest (fewest of the first code points), a rough measure of how often it passes
            out[first] = min(covers, key=lambda other: sum(1 for i in range(0x250) if other.match(chr(i))))
    return out


def _class_chars(first: re.Pattern, limit: int = 256) -> str:
    """Every character a first-character search finds, when it lists them (characters and ranges, no
    case folding, at most ``limit``); "" otherwise."""
    if first.flags & (re.IGNORECASE | re.LOCALE):
        return ""
    try:
        items = list(_p.parse(first.pattern, first.flags))
    except Exception:  # noqa: BLE001 - an unreadable search is simply kept
        return ""
    if len(items) != 1:
        return ""
    op, arg = items[0]
    if op == _c.LITERAL:
        return chr(arg)
    if op != _c.IN:
        return ""
    chars = []
    for item, value in arg:
        if item == _c.LITERAL:
            chars.append(chr(value))
        elif item == _c.RANGE and value[1] - value[0] < limit:
            chars.extend(map(chr, range(value[0], value[1] + 1)))
        else:
            return ""
    return "".join(chars) if len(chars) <= limit else ""


_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))
_CATEGORY_SOURCE = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
                    _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}


def _parsed(pattern: re.Pattern) -> list | None:
    """``pattern``'s items as re's parser makes them; None when it fails (then the pattern is simply searched)."""
    try:
        return list(_p.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - whatever the parser makes of it
        return None


def _first_class(pattern: re.Pattern) -> re.Pattern | None:
    """A search for the characters one of which every match of ``pattern`` holds: those of its first item
    after zero-width assertions, when that is a character, a class, or one of them repeated at least once
    (``\\b\\d{1,3}...``: a digit). None when the pattern starts otherwise. A text without any of them
    cannot match, so the slow search is skipped."""
    for op, arg in _parsed(pattern) or ():
        if op in _ZERO_WIDTH:
            continue
        if op in _REPEATS and arg[0] >= 1 and len(arg[2]) == 1:
            op, arg = arg[2][0]
        source = _class_source(op, arg)
        return None if source is None else re.compile(source, pattern.flags)
    return None


_BEGINNINGS = ((_c.AT, _c.AT_BEGINNING), (_c.AT, _c.AT_BEGINNING_STRING))


def _lead_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters a match of ``pattern`` begins with, when it is anchored at the text's start (``^``,
    ``\\A``) and begins with literals (``^(?:Take|Adopt)``); None otherwise (then any text is searched)."""
    if pattern.flags & (re.IGNORECASE | re.LOCALE | re.MULTILINE):
        return None
    items = _parsed(pattern)
    return _first_literals(items[1:]) if items and tuple(items[0]) in _BEGINNINGS else None


def _first_literals(items: list) -> frozenset[str] | None:
    """The characters the parsed ``items`` must begin with: literals, classes of literals, through groups
    and alternatives (None: anything else first)."""
    if not items:
        return None
    op, arg = items[0]
    if op == _c.LITERAL:
        return frozenset(chr(arg))
    if op == _c.IN and all(item == _c.LITERAL for item, _ in arg):
        return frozenset(chr(value) for _, value in arg)
    if op == _c.SUBPATTERN and not arg[1] and not arg[2]:  # a group without flags of its own
        return _first_literals(list(arg[3]))
    if op == _c.BRANCH:
        firsts = [_first_literals(list(alternative)) for alternative in arg[1]]
        return None if any(f is None for f in firsts) else frozenset().union(*firsts)
    return None


def _class_source(op, arg) -> str | None:
    """The source of a one-character item of a parsed pattern (None for any other item)."""
    if op == _c.LITERAL:
        return re.escape(chr(arg))
    if op == _c.NOT_LITERAL:
        return f"[^{re.escape(chr(arg))}]"
    if op != _c.IN:
        return None
    parts = []
    for i, (item, value) in enumerate(arg):
        if item == _c.NEGATE and i == 0:
            parts.append("^")
        elif item == _c.LITERAL:
            parts.append(re.escape(chr(value)))
        elif item == _c.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif item == _c.CATEGORY and value in _CATEGORY_SOURCE:
            parts.append(_CATEGORY_SOURCE[value])
        else:
            return None
    return f"[{''.join(parts)}]"


@dataclass(eq=False, repr=False)
class CaseOutcome:
    """One case of a modifiers file: what was expected and what the engine found."""

    index: int
    line: int | None
    lang: str
    text: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def run_cases(modifiers: Modifiers | None = None) -> list[CaseOutcome]:
    """Run every case of the modifiers file: negated / not_negated substrings, functions of the
    first sentence. Never stops at the first failure."""
    from .textindex import sentence_spans

    mods = modifiers or default_modifiers()
    outcomes = []
    for i, case in enumerate(mods.cases):
        text, lang = case["text"], case["lang"]
        ctx = BlockContext(mods, text, lang, sentence_spans(text), [])
        out = CaseOutcome(i, mods.case_lines[i], lang, text)
        for key, want in (("negated", True), ("not_negated", False)):
            for sub in case.get(key, []):
                at = text.find(sub)
                if at < 0:
                    out.problems.append(f"{sub!r} is not in the text")
                    continue
                scope = ctx.sentence(at).negation(at, at + len(sub))
                if bool(scope) != want:
                    why = scope.describe() if scope else "no negation scope covers it"
                    out.problems.append(f"{sub!r} should {'' if want else 'not '}be negated ({why})")
        first = ctx.sentence(0).functions
        for name in case.get("functions", []):
            if name not in first:
                out.problems.append(f"function {name!r} expected, found {sorted(first) or 'none'}")
        for name in case.get("not_functions", []):
            if name in first:
                out.problems.append(f"function {name!r} not expected (cue {first[name]!r})")
        outcomes.append(out)
    return outcomes


def check_functions(names: list[str], source: RuleSource, pointer: list) -> None:
    """Refuse unknown function names in a checklist (the schema lists them too; this names the key)."""
    for i, name in enumerate(names):
        if name not in FUNCTIONS:
            raise source.error(f"unknown sentence function {name!r} (known: {', '.join(FUNCTIONS)})", pointer + [i])


__all__ = ["FUNCTIONS", "BlockContext", "Modifiers", "NegationScope", "SentenceContext", "default_modifiers",
           "load_modifiers", "run_cases"]
