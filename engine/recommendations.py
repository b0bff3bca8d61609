"""Recommendations of the human rights mechanisms, extracted from their reports (behind
``hrba recommendations`` and ``hrba score --recommendations``).

Two structures are read:

* **UPR Working Group reports**: the section "Conclusions and/or recommendations" lists numbered
  recommendations ("106.12 Ratify the Optional Protocol (Brazil); (Chile);", or "12. To ratify ..."
  within paragraph 87 in sessions 1-7) under paragraphs that state the response in the report's own
  words ("... enjoy the support of", "will be examined by", "did not enjoy the support of", "noted").
  One printed item may carry several recommendations, each with its States: "Ratify CED (Spain)
  (France); Consider the possibility of accession to CED (Paraguay) (Argentina)".
* **Treaty bodies' concluding observations**: numbered paragraphs in which the Committee recommends,
  urges or calls upon the State party (or "The State party should"), with subparagraphs (a), (b)...

Whatever the extractor cannot place (text after a complete recommendation, a numbered paragraph of
concluding observations that neither recommends nor states a concern...) goes to ``unclassified``
with the reason, rather than being guessed into a recommendation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from .document import Block, Document
from .states import canonical_state, known_spellings, state_key

RESPONSES = ("supported", "to_be_examined", "noted")
UPR_SOURCE = "UPR Working Group"

# --- the report's own wording of the response, per language (checked in this order) -----------------
# English is checked on the 24 real reports in ../shared; the other languages follow the UN's usual
# wording of the same sentences and are checked on small fixtures only.
_RESPONSE_CUES: tuple[tuple[str, re.Pattern], ...] = (
    ("noted", re.compile(
        r"\b(?:did|do|does) not (?:enjoy|receive)|not (?:enjoy|supported|accepted)|\bhave been noted|\bwere noted|"
        r"\bnoted by\b|\btake[sn]? note\b|"
        r"n'ont pas (?:recueilli|bénéficié)|n'a pas (?:recueilli|bénéficié)|(?:ont|a) été notée?s?|prend note|"
        r"no (?:contaron|cuentan|recibieron|gozan) con|no (?:contó|cuenta) con|toma nota|han sido anotadas|"
        r"не (?:пользуются|пользовались|получили) поддержк|принят\w* к сведению|"
        r"لم تحظ|لا تحظى|أحاطت علما|أحاط علما|"
        r"未得到|不支持|注意到", re.I)),
    ("to_be_examined", re.compile(
        r"\bwill be examined|\bwill examine|\bwill provide responses|\bwill respond\b|to be examined|"
        r"seront examinées|examinera|serán examinadas|examinará|"
        r"будут рассмотрены|рассмотрит|ستدرس|سوف تدرس|将审议|将予以审议|将研究|将由\S{0,12}审议", re.I)),
    ("supported", re.compile(
        r"\benjoys? (?:the |its )?support|\bsupported by|\baccepted by|\balready (?:been )?implemented|"
        r"in the process of implementation|recueilli (?:l'adhésion|son adhésion|le soutien)|"
        r"bénéficient du soutien|cuentan con el apoyo|contaron con el apoyo|gozan del apoyo|"
        r"пользуются поддержкой|получили поддержку|تحظى بتأييد|حظيت بتأييد|得到\S{0,12}支持", re.I)),
)
_INTRO = re.compile(r"recommend|recomm?and|recomendaci|рекомендаци|توصي|建议", re.I)
_LIST_CUE = re.compile(r"\bfollowing\b|\bbelow\b|\blisted\b|\bas follows\b|ci-après|ci-dessous|siguientes|"
                       r"a continuación|следующие|ниже|التالية|أدناه|以下|下列", re.I)
_CLOSING = re.compile(r"^(?:All|Toutes les|Todas las|Все) (?:the )?(?:conclusions|conclusiones|выводы)|"
                      r"^جميع الاستنتاجات|^\S{0,12}结论和/或建议", re.I)
_ALL_SUPPORTED = re.compile(r"^(?:All|Toutes les|Todas las|Все) (?:the )?(?:recomm?[ae]nda|рекомендации)", re.I)
_FOOTNOTE_TEXT = re.compile(
    r"recommendation as (?:read|delivered)|original wording of the recommendation|have not been edited|"
    r"will not be edited|^\*|telle que formulée|n'ont pas été revues|tal como se formuló|no han sido editad", re.I)
_CONCLUSIONS_HEADING = re.compile(r"conclusions? (?:and|et|y)/?(?:or|ou|o)? ?recomm?[ae]nda|"
                                  r"conclusions and/or recommendations|conclusiones y/o recomendaciones|"
                                  r"выводы и/или рекомендации|الاستنتاجات و/أو التوصيات|结论和/或建议", re.I)
# Parentheses as Chinese prints them
_FULLWIDTH = str.maketrans({"（": "(", "）": ")", "；": ";", "，": ",", "、": ","})

_SUB_NUMBER = re.compile(r"^(\d{1,3})\s?\.\s?(\d{1,3})\.?(?=\s|[^\W\d_])\s*")
_TOP_NUMBER = re.compile(r"^(\d{1,3})\.\s*(?=\S)")
_SESSION = re.compile(r"A/HRC/WG\.6/(\d{1,2})/")
_LETTER = re.compile(r"[^\W\d_]")
_AFTER_GROUP = re.compile(r"^[\s;,.:/\d\u201d\"；。，、：]*")
_SEPARATORS_ONLY = re.compile(r"^(?:[\s;,.:\d\u201d\"'\-；。，、：]|\band\b|\bet\b|\by\b)*$", re.I)


@dataclass(eq=False, repr=False)
class Recommendation:
    """One recommendation with where it was printed, who made it and how the State responded."""

    number: str | None  # the report's number: "106.12", "87.3", "23(b)"
    text: str
    states: list[str] = field(default_factory=list)  # recommending States (canonical names); UPR only
    source: str = UPR_SOURCE  # "UPR Working Group" or the treaty body
    response: str | None = None  # supported | to_be_examined | noted | None (not stated)
    response_text: str | None = None  # the report's own sentence introducing the list
    page: int | None = None
    session: int | None = None  # UPR session, from the document symbol
    concepts: list[str] = field(default_factory=list)
    document: str = ""  # file name of the report

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(eq=False, repr=False)
class Unclassified:
    """Text the extractor found in a recommendations section but could not place."""

    text: str
    reason: str
    page: int | None = None
    document: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(eq=False, repr=False)
class Extraction:
    """What one document yielded."""

    document: str
    kind: str  # "upr", "concluding_observations" or "unknown"
    recommendations: list[Recommendation] = field(default_factory=list)
    unclassified: list[Unclassified] = field(default_factory=list)

    def summary(self) -> dict:
        """Counts per response and of unclassified text, for the CLI's message."""
        return {"document": self.document, "kind": self.kind, "recommendations": len(self.recommendations),
                "responses": dict(Counter(r.response or "not stated" for r in self.recommendations)),
                "unclassified": len(self.unclassified),
                "unclassified_reasons": dict(Counter(u.reason for u in self.unclassified))}


# --- recommending States -------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _state_regex() -> re.Pattern:
    """Known State spellings, longest first, each followed by a separator or the end."""
    names = "|".join(re.escape(k) for k in known_spellings())
    return re.compile(rf"(?:the )?({names})\s*(?:,|;|/|\band\b|$)\s*")


def parse_states(content: str, lenient: bool = False) -> list[str] | None:
    """The States named in a parenthesis ("Brazil, Chile and Peru"; "Iran (Islamic Republic of)"),
    canonical and in order; None when the content is not wholly a list of States.

    ``lenient`` (reports not in English, whose State names the list does not hold) also accepts short
    names as printed: each part of the list 1-6 words long, without digits, starting with a capital
    (or a letter of a script without case), and no bare acronym."""
    content = content.translate(_FULLWIDTH)
    key = state_key(content).rstrip(" ;,.")
    if not key or len(key) > 300 or not _LETTER.search(key):
        return None
    states: list[str] = []
    pos, regex = 0, _state_regex()
    while pos < len(key):
        m = regex.match(key, pos)
        if not m or m.end() == pos:
            break
        states.append(canonical_state(m.group(1), fuzzy=False))
        pos = m.end()
    if pos >= len(key) and states:
        return states
    # A misspelt name ("Russia Federation"): split on separators and accept close matches only.
    parts = [p for p in re.split(r"\s*(?:,|;|/|\band\b)\s*", key) if p]
    found = [canonical_state(p) for p in parts]
    if found and all(found) and all(p[:1].isalpha() for p in parts):
        return [s for s in found if s]
    if lenient:
        return _lenient_states(content)
    return None


_LENIENT_SPLIT = re.compile(r"\s*(?:,|;|/|\s(?:and|et|y|e|и|و)\s)\s*")


# Words of the names of bodies and instruments, which a parenthesis may hold instead of States.
_NOT_STATE = re.compile(r"Comit|Conven|Protoco|Pact|Conse|Commi|Comisi|Consej|Комитет|Конвенц|Протокол|Совет|"
                        r"لجنة|اتفاقية|بروتوكول|مجلس|委员会|公约|议定书|理事会", re.I)


def _lenient_states(content: str) -> list[str] | None:
    if _NOT_STATE.search(content):
        return None
    parts = [p.strip(" .") for p in _LENIENT_SPLIT.split(content.strip(" ;,.")) if p.strip(" .")]
    if not parts:
        return None
    out = []
    for part in parts:
        words = part.split()
        first = part[:1]
        caseless = first.isalpha() and first.upper() == first.lower()
        if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in part) or not (first.isupper() or caseless):
            return None
        if len(words) == 1 and part.isupper() and len(part) <= 6 and not canonical_state(part, fuzzy=False):
            return None  # an acronym (ICC, OP-CAT), not a State
        out.append(canonical_state(part, fuzzy=False) or part)
    return out


@dataclass(eq=False, repr=False)
class _Group:
    """A parenthesised group of States: its span in the text and the States it names."""

    start: int
    end: int
    states: list[str]


def _state_groups(text: str, lenient: bool = False) -> list[_Group]:
    """Parenthesised groups of ``text`` that name only States, in order. An unclosed group directly
    followed by another ("(Paraguay (Argentina);") counts as closed before the next one."""
    closed: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            closed.append((stack.pop(), i + 1))
    spans = [(s, e, e - 1) for s, e in closed if not any(s2 < s and e <= e2 for s2, e2 in closed)]
    for start in stack:  # unclosed: its content up to the next "("
        nxt = text.find("(", start + 1)
        end = nxt if nxt > 0 else len(text)
        spans.append((start, end, end))
    groups: list[_Group] = []
    for start, end, content_end in sorted(spans):
        if groups and start < groups[-1].end:
            continue
        states = parse_states(text[start + 1:content_end], lenient)
        if states:
            groups.append(_Group(start, end, states))
    return groups


def split_by_states(text: str, lenient: bool = False) -> tuple[list[tuple[str, list[str]]], str]:
    """The recommendations of one printed item as (text, States) pairs, and any text left after the
    last group of States ("" when the item ends with its States).

    Text after a group of States starts a new recommendation when a ";" or "." separates it
    ("Ratify CED (Spain); Consider acceding to CED (Paraguay)"); text in lower case without such a
    separator extends the last one for the States that follow it: in "Sign and ratify the ICESCR
    (France) as well as the Optional Protocols thereto (Portugal)", Portugal recommended the longer text.
    """
    pieces: list[list] = []
    base = -1  # index of the last piece that started a recommendation
    cursor = 0
    text = text.replace("（", "(").replace("）", ")")
    for g in _state_groups(text, lenient):
        between = text[cursor:g.start]
        states = list(dict.fromkeys(g.states))
        if pieces and _SEPARATORS_ONLY.match(between):
            pieces[-1][1].extend(s for s in states if s not in pieces[-1][1])
        elif not pieces:
            pieces.append([re.sub(r"\s+", " ", between).strip(), states])
            base = 0
        else:
            lead = _AFTER_GROUP.match(between).group(0)
            rest = re.sub(r"\s+", " ", between[len(lead):]).strip()
            if not re.search(r"[;.]", lead) and rest[:1].islower():
                root = pieces[base]
                root[1][:] = [s for s in root[1] if s not in states]
                joiner = ", " if "," in lead else " "
                pieces.append([f"{root[0]}{joiner}{rest}", states])
            else:
                pieces.append([rest, states])
                base = len(pieces) - 1
        cursor = g.end
    tail = text[cursor:]
    kept = [(t, s) for t, s in pieces if s]
    return kept, ("" if _SEPARATORS_ONLY.match(tail) else tail.strip())


def _complete(text: str, lenient: bool = False) -> bool:
    """True when the text so far ends with its recommending States."""
    pieces, tail = split_by_states(text, lenient)
    return bool(pieces) and not tail


# --- UPR reports ---------------------------------------------------------------------------------------
def classify_response(text: str) -> str | None:
    """The response a sentence states, in the report's words: supported, to_be_examined or noted."""
    for response, cue in _RESPONSE_CUES:
        if cue.search(text):
            return response
    return None


def _session(document: Document) -> int | None:
    found = Counter(int(m.group(1)) for m in _SESSION.finditer(document.text[:20000]))
    return found.most_common(1)[0][0] if found else None


def _conclusions_blocks(document: Document) -> list[Block]:
    """The blocks of the section "Conclusions and/or recommendations" (to the next top heading)."""
    blocks = document.blocks
    start = None
    for i, b in enumerate(blocks):
        if b.kind == "heading" and _CONCLUSIONS_HEADING.search(b.text) and not re.search(r"\.{4,}|\s\d+$", b.text):
            start = i + 1
    if start is None:
        return []
    level = blocks[start - 1].level or 1
    out: list[Block] = []
    for b in blocks[start:]:
        if b.kind == "heading" and (b.level or 1) <= level:
            break
        out.append(b)
    return out


def is_upr_report(document: Document) -> bool:
    head = document.text[:6000]
    return bool(_SESSION.search(head) or re.search(r"Universal Periodic Review|Examen périodique universel|"
                                                   r"Examen Periódico Universal", head, re.I))


class _UprState:
    """The walk through a conclusions section: current paragraph, response and open item."""

    def __init__(self, name: str, session: int | None, lenient: bool = False):
        self.name = name
        self.lenient = lenient  # State names as printed are accepted (reports not in English)
        self.session = session
        self.parent: str | None = None
        self.last_sub = 0
        self.response: str | None = None
        self.response_text: str | None = None
        self.items: list[dict] = []  # number, text, page, response, response_text
        self.unclassified: list[Unclassified] = []
        # paragraphs answering recommendations cited by paragraph of the dialogue ("paragraphs 19(d), 22(c)")
        self.references: list[tuple[str, int | None]] = []

    def open_item(self, number: str | None, text: str, page: int | None) -> None:
        self.items.append({"number": number, "text": text, "page": page, "response": self.response,
                           "response_text": self.response_text})

    def skip(self, text: str, reason: str, page: int | None) -> None:
        self.unclassified.append(Unclassified(text[:500], reason, page, self.name))


def _upr_walk(blocks: list[Block], st: _UprState) -> None:
    for b in blocks:
        text = b.text.strip()
        if b.kind == "footnote" or _FOOTNOTE_TEXT.search(text[:400]) or not _LETTER.search(text):
            continue
        sub = _SUB_NUMBER.match(text)
        top = None if sub else _TOP_NUMBER.match(text)
        if sub:
            st.parent, st.last_sub = sub.group(1), int(sub.group(2))
            st.open_item(f"{sub.group(1)}.{sub.group(2)}", text[sub.end():], b.page)
            continue
        if top:
            n, body = int(top.group(1)), text[top.end():]
            is_intro = bool(_INTRO.search(body) and (body.rstrip().endswith((":", "：")) or _LIST_CUE.search(body))
                            and not _complete(body, st.lenient))
            paragraph = (is_intro or _CLOSING.match(body) or _ALL_SUPPORTED.match(body)
                         or (st.parent is not None and n == int(st.parent) + 1
                             and (n != st.last_sub + 1 or (_INTRO.search(body) and not _complete(body, st.lenient))))
                         or st.parent is None)
            if not paragraph:
                st.last_sub = n
                st.open_item(f"{st.parent}.{n}", body, b.page)
                continue
            if _CLOSING.match(body):
                return
            st.parent, st.last_sub = str(n), 0
            if is_intro:
                st.response, st.response_text = classify_response(body), body
            elif _REFERENCE.search(body) and classify_response(body):
                st.references.append((body, b.page))
            elif _ALL_SUPPORTED.match(body) and classify_response(body) == "supported":
                for item in st.items:  # "All recommendations ... enjoy the support of Ecuador."
                    if "text" in item and item["response"] is None:
                        item["response"], item["response_text"] = "supported", body
            st.items.append({"paragraph_break": True})
            continue
        # unnumbered text: continues the open item, or an unnumbered recommendation, or unplaced
        open_item = st.items[-1] if st.items and "text" in st.items[-1] else None
        if open_item is not None and not _complete(open_item["text"], st.lenient):
            open_item["text"] = _join(open_item["text"], text)
        elif _starts_upper(text) and _complete(text, st.lenient) and st.parent is not None:
            st.open_item(st.parent, text, b.page)
        elif text[:1].islower():
            st.skip(text, "lower-case text after a complete recommendation (a footnote continued from "
                    "the previous page?)", b.page)
        else:
            st.skip(text, "unnumbered text without recommending States", b.page)


def _starts_upper(text: str) -> bool:
    """A capital first letter, or a letter of a script without case (Arabic, Chinese...)."""
    first = text[:1]
    return first.isupper() or (first.isalpha() and first.upper() == first.lower())


def _join(a: str, b: str) -> str:
    if a.endswith("-") and b[:1].islower():
        return a[:-1] + b
    return f"{a} {b}"


def extract_upr(document: Document) -> Extraction:
    """Recommendations of a UPR Working Group report."""
    name = Path(document.path).name if document.path else document.name
    st = _UprState(name, _session(document), lenient=(document.lang or "en") != "en")
    blocks = _conclusions_blocks(document)
    extraction = Extraction(name, "upr")
    if not blocks:
        extraction.unclassified.append(Unclassified(
            "", "no section 'Conclusions and/or recommendations' found", None, name))
        return extraction
    _upr_walk(blocks, st)
    for item in st.items:
        if "text" not in item:
            continue
        text = re.sub(r"\s+", " ", item["text"]).strip()
        pieces, tail = split_by_states(text, st.lenient)
        if tail and pieces:
            # States in mid-text with more text after them: keep the item whole rather than guess a split
            st.skip(text, "text continues after the recommending States", item["page"])
        if not pieces:
            st.skip(text, "no recommending State found in parentheses", item["page"])
            continue
        for rec_text, states in pieces:
            if not _LETTER.search(rec_text):
                st.skip(text, "States without a recommendation text", item["page"])
                continue
            extraction.recommendations.append(Recommendation(
                number=item["number"], text=rec_text.rstrip(" ;,"), states=states, source=UPR_SOURCE,
                response=item["response"], response_text=item["response_text"], page=item["page"],
                session=st.session, document=name))
    for body, page in st.references:
        _resolve_references(document, blocks, body, page, st, extraction)
    extraction.unclassified.extend(st.unclassified)
    return extraction


# "paragraphs 19(d), 19(e), 22(c) above": early reports (sessions 1-4) answer some recommendations by
# citing the subparagraphs of the summary of the dialogue where a State made them.
_REFERENCE = re.compile(r"\b(\d{1,3})\s?\(([a-z])\)")
_SUB_MARK = re.compile(r"(?:(?<=[\s:;,])|^)\(([a-z])\)\s+")


@lru_cache(maxsize=1)
def _state_scanner() -> re.Pattern:
    """Any State name as UN documents print it (canonical names and variants, longest first)."""
    from .states import STATES

    names = sorted({n for canonical, variants in STATES.items() for n in (canonical, *variants) if len(n) > 3},
                   key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


def _summary_paragraph(document: Document, conclusions: list[Block], number: str) -> tuple[str, int | None] | None:
    """The text of paragraph ``number`` before the conclusions (blocks joined until the next number)."""
    stop = conclusions[0].start if conclusions else len(document.text)
    parts: list[str] = []
    page = None
    for b in document.blocks:
        if b.start >= stop:
            break
        if b.kind in ("footnote", "heading"):
            continue
        top = _TOP_NUMBER.match(b.text)
        if parts and top:
            break
        if top and top.group(1) == number:
            parts.append(b.text[top.end():])
            page = b.page
        elif parts:
            parts.append(b.text)
    return (" ".join(parts), page) if parts else None


def _resolve_references(document: Document, conclusions: list[Block], body: str, page: int | None,
                        st: _UprState, extraction: Extraction) -> None:
    """Recommendations a conclusions paragraph cites as "paragraphs 19(d), 22(c)": each subparagraph of
    the dialogue's summary, made by the State that the summary says recommended it."""
    response = classify_response(body)
    for number, letter in dict.fromkeys(_REFERENCE.findall(body)):
        found = _summary_paragraph(document, conclusions, number)
        if found is None:
            st.skip(f"{number}({letter})", "cited paragraph not found before the conclusions", page)
            continue
        text, where = found
        marks = list(_SUB_MARK.finditer(text))
        mark = next((m for m in marks if m.group(1) == letter), None)
        if mark is None:
            st.skip(f"{number}({letter})", "cited subparagraph not found in its paragraph", where)
            continue
        nxt = next((m.start() for m in marks if m.start() > mark.start()), len(text))
        sub = re.sub(r"\s+", " ", text[mark.end():nxt]).strip()
        end = re.search(r"\.\s+(?=[A-Z])", sub)  # the last subparagraph ends with its sentence
        if end:
            sub = sub[:end.start()]
        sub = re.sub(r"(?:[;,.]?\s*(?:and|or))?[;,.\s]*$", "", sub)
        before = text[:mark.start()]
        speakers = [m for m in _state_scanner().finditer(before)
                    if re.match(r"\s+(?:also |further |then )?recommended", before[m.end():])]
        state = speakers[-1].group(1) if speakers else None
        if state is None:  # "It recommended": the State that opened the paragraph
            first = _state_scanner().search(text)
            state = first.group(1) if first else None
        if not sub or state is None:
            st.skip(f"{number}({letter}) {sub}", "cited subparagraph without text or recommending State", where)
            continue
        extraction.recommendations.append(Recommendation(
            number=f"{number}({letter})", text=sub[:1].upper() + sub[1:], states=[canonical_state(state) or state],
            source=UPR_SOURCE, response=response, response_text=body, page=where, session=st.session,
            document=st.name))


# --- treaty bodies' concluding observations ----------------------------------------------------------------
_COMMITTEE = re.compile(
    r"(Committee (?:on|against) (?:the )?[A-Z][\w ,'’-]{3,90}?|Human Rights Committee|Subcommittee on Prevention of Torture)"
    r"(?=\s*(?:\n|\.|,|$| considered| examined))")
_RECOMMENDS = re.compile(
    r"(?:The|the) Committee (?:(?:also|further|strongly|therefore|again|reiterates its recommendation and)\s+)*"
    r"(?:recommends|urges|calls (?:up)?on|encourages|requests|invites)\b[^.]{0,80}?\bState party\b|"
    r"\bThe State party should\b|"
    r"Le Comité (?:(?:recommande|engage|prie instamment|invite|demande)\b)[^.]{0,80}?État partie|"
    r"El Comité (?:recomienda|insta|exhorta|alienta|pide)\b[^.]{0,80}?Estado parte")
_CONCERN = re.compile(
    r"\bThe Committee (?:(?:also|further|remains|is|notes|welcomes|appreciates|acknowledges|regrets|takes note)\b)|"
    r"\bLe Comité (?:(?:est|note|se félicite|prend note|regrette|salue)\b)|"
    r"\bEl Comité (?:(?:está|observa|acoge|toma nota|lamenta|celebra)\b)", re.I)
_CO_SECTION = re.compile(r"concern|recommendations|préoccupation|recommandations|preocupación|recomendaciones",
                         re.I)
_SUBPARA = re.compile(r"(?:(?<=[:;])|(?<=\band)|(?<=\bet)|(?<=\by)|^)\s*\(([a-z]{1,2})\)\s+")


def is_concluding_observations(document: Document) -> bool:
    head = document.text[:8000]
    return bool(re.search(r"Concluding observations|Observations finales|Observaciones finales", head, re.I))


def _committee(document: Document) -> str:
    m = _COMMITTEE.search(document.text[:8000])
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else "Treaty body"


def extract_concluding_observations(document: Document) -> Extraction:
    """Recommendations of a treaty body's concluding observations: each recommending paragraph, or
    each of its subparagraphs (a), (b)..."""
    name = Path(document.path).name if document.path else document.name
    source = _committee(document)
    extraction = Extraction(name, "concluding_observations")
    paragraphs: list[list] = []  # [number, text, page]
    blocks = document.blocks
    # Introduction and positive aspects come first: start at the section of concerns and recommendations.
    starts = [i for i, b in enumerate(blocks) if b.kind == "heading" and _CO_SECTION.search(b.text)]
    for b in blocks[starts[0] + 1:] if starts else blocks:
        if b.kind in ("footnote", "heading"):
            continue
        text = b.text.strip()
        top = _TOP_NUMBER.match(text)
        sub = re.match(r"^\(([a-z]{1,2})\)\s+", text)
        if top:
            paragraphs.append([top.group(1), text[top.end():], b.page])
        elif paragraphs and (sub or text[:1].islower()):
            paragraphs[-1][1] += ("\n" if sub else " ") + text
    for number, text, page in paragraphs:
        m = _RECOMMENDS.search(text)
        if not m:
            if not _CONCERN.search(text[:200]):
                extraction.unclassified.append(Unclassified(
                    text[:500], "numbered paragraph that neither recommends nor states a concern or "
                    "positive aspect", page, name))
            continue
        sentence = max(text.rfind(". ", 0, m.start()) + 2, 0) if text.rfind(". ", 0, m.start()) >= 0 else 0
        body = text[sentence:]
        parts = _SUBPARA.split(body)  # [lead, letter, text, letter, text, ...]
        subs = list(zip(parts[1::2], parts[2::2], strict=False))
        if not subs:
            extraction.recommendations.append(Recommendation(number, re.sub(r"\s+", " ", body).strip(),
                                                             source=source, page=page, document=name))
            continue
        for letter, sub_text in subs:
            sub_text = re.sub(r"\s*;\s*(?:and|et|y)?$", "", re.sub(r"\s+", " ", sub_text).strip())
            extraction.recommendations.append(Recommendation(
                f"{number}({letter})", sub_text[:1].upper() + sub_text[1:], source=source, page=page,
                document=name))
    return extraction


# --- entry points --------------------------------------------------------------------------------------------
def extract(document: Document, tagger=None, tag: bool = True) -> Extraction:
    """Recommendations of a UPR report or concluding observations, tagged with vocabulary concepts."""
    if is_upr_report(document):
        extraction = extract_upr(document)
    elif is_concluding_observations(document):
        extraction = extract_concluding_observations(document)
    else:
        name = Path(document.path).name if document.path else document.name
        upr = extract_upr(document)
        if upr.recommendations:
            extraction = upr
        else:
            extraction = Extraction(name, "unknown", [], [Unclassified(
                "", "not recognised as a UPR Working Group report or concluding observations", None, name)])
    if tag:
        tag_recommendations(extraction.recommendations, tagger)
    return extraction


def tag_recommendations(recommendations: Iterable[Recommendation], tagger=None) -> None:
    """Set each recommendation's concepts with ``hrba tag``'s tagger."""
    if tagger is None:
        from .tagging import Tagger

        tagger = Tagger.default()
    for rec in recommendations:
        rec.concepts = tagger.tag(rec.text).concepts


def extract_path(path: str | Path, *, lang: str | None = None, tagger=None, tag: bool = True) -> Extraction:
    """Read a report (any format ``read_document`` reads) and extract its recommendations."""
    from .ingest import read_document

    return extract(read_document(path, lang=lang), tagger, tag)
