"""Section coverage: which principles have evidence in each top-level section."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .localtext import with_translations
from .scoring import ChecklistResult

BEFORE_FIRST_HEADING = "(before the first heading)"  # the title of text before any heading


@dataclass
class SectionCoverage:
    title: str
    index: int
    blocks: int
    principles: dict[str, int] = field(default_factory=dict)  # "checklist/principle" -> evidence items

    @property
    def hr_evidence(self) -> bool:
        return any(self.principles.values())


@dataclass
class Coverage:
    principles: list[dict]
    sections: list[SectionCoverage]

    @property
    def share_with_hr_evidence(self) -> float | None:
        if not self.sections:
            return None
        return sum(s.hr_evidence for s in self.sections) / len(self.sections)


def _section_depth(document: Document) -> int:
    """The first heading depth with two or more sections (a lone document title is skipped)."""
    for depth in range(4):
        titles = {_path(b)[depth] for b in document.blocks if len(_path(b)) > depth}
        if len(titles) > 1:
            return depth
    return 0


def _path(block) -> tuple[str, ...]:
    return block.section + ((block.text,) if block.kind == "heading" else ())


def _top_section(document: Document, block_index: int, depth: int = 0) -> str:
    path = _path(document.blocks[block_index])
    return path[depth] if len(path) > depth else (path[-1] if path else "")


def section_coverage(document: Document, checklists: list[ChecklistResult]) -> Coverage:
    """Count evidence per top-level section and principle (a preamble before any heading counts as one)."""
    sections: dict[str, SectionCoverage] = {}
    depth = _section_depth(document)
    for i, _block in enumerate(document.blocks):
        title = _top_section(document, i, depth)
        if title not in sections:
            sections[title] = SectionCoverage(title or BEFORE_FIRST_HEADING, len(sections), 0)
        sections[title].blocks += 1
    principles = []
    for cl in checklists:
        for p in cl.checklist.principles:
            principles.append(with_translations({"key": f"{cl.checklist.id}/{p.id}", "checklist": cl.checklist.id,
                                                  "id": p.id, "title": str(p.title)}, title=p.title))
        for result in cl.criteria:
            if result.status == "not_applicable":
                continue
            key = f"{cl.checklist.id}/{result.criterion.principle}"
            for ev in result.evidence:
                sec = sections[_top_section(document, ev.block, depth)]
                sec.principles[key] = sec.principles.get(key, 0) + 1
    # A title-only section (a heading with nothing under it) says nothing about coverage.
    kept = [s for s in sections.values() if s.blocks > 1 or s.principles]
    return Coverage(principles, kept)
