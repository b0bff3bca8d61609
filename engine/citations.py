"""The A/HRC/49/68 paragraphs a rule file's ``basis`` cites, and the report-paragraph -> criteria table.

A basis reads like ``A/HRC/49/68 para 14(a), 8`` or ``A/HRC/49/68 paras 15-17, 20, 29-33, 50``; a source
outside the report names it first and cites the paragraph that refers to it ("UN Statement of Common
Understanding ... (2003), to which A/HRC/49/68 para 14(b) refers").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REPORT = "A/HRC/49/68"
#: The report's numbered paragraphs.
REPORT_PARAGRAPHS = range(1, 54)

_ITEM = r"\d+(?:\s*\([a-z]\)(?:\s*-\s*\([a-z]\))?)?(?:\s*-\s*\d+)?"
_LIST = re.compile(rf"{_ITEM}(?:\s*(?:,|and)\s*{_ITEM})*")
_CITATION = re.compile(rf"{re.escape(REPORT)},?\s+paras?\.?\s+")
_NUMBER = re.compile(r"(\d+)(?:\s*\([a-z]\)(?:\s*-\s*\([a-z]\))?)?(?:\s*-\s*(\d+))?")


def cited_paragraphs(basis: str) -> list[int]:
    """Paragraph numbers of the report that ``basis`` cites, ranges expanded, in order, without repeats."""
    out: list[int] = []
    for cite in _CITATION.finditer(basis):
        listed = _LIST.match(basis, cite.end())
        if not listed:
            continue
        for m in _NUMBER.finditer(listed.group(0)):
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            out.extend(n for n in range(first, max(first, last) + 1) if n not in out)
    return out


def paragraph_table(criteria: Iterable[tuple[str, str]]) -> dict[int, list[str]]:
    """``{paragraph: [criterion ids]}`` from ``(id, basis)`` pairs, paragraphs ascending."""
    table: dict[int, list[str]] = {}
    for cid, basis in criteria:
        for n in cited_paragraphs(basis):
            table.setdefault(n, []).append(cid)
    return dict(sorted(table.items()))
