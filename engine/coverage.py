"""Section coverage: which principles have evidence in each top-level body section.

Only body sections count: a top-level section is one when it holds body text (cover lines,
contents, annexes and lists of participants are not sections of the plan). The share of sections
with human-rights evidence looks at programme sections: those that introduce the document
("Introduction", "Methodology": checklists/document/roles.yaml) are shown but left out of it,
unless the document has no other. A section "has
human-rights evidence" when it holds evidence of a human-rights-based approach principle's
criterion (rights and obligations, rights-holders and duty-bearers, human rights analysis and
impact); when the checklists used have no such principle, evidence of any principle counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .ingest.roles import preliminary_section
from .localtext import with_translations
from .scoring import ChecklistResult

BEFORE_FIRST_HEADING = "(before the first heading)"  # the title of text before any heading
# Principle ids that mean "human-rights-based approach" in a checklist (CF guiding principle 14(b)).
HRBA_PRINCIPLES = ("human-rights-based-approach", "hrba", "human-rights")


def is_hrba_key(key: str) -> bool:
    """Whether a "checklist/principle" key names a human-rights-based approach principle."""
    return key.rsplit("/", 1)[-1] in HRBA_PRINCIPLES


@dataclass
class SectionCoverage:
    title: str
    index: int
    blocks: int  # body blocks
    principles: dict[str, int] = field(default_factory=dict)  # "checklist/principle" -> evidence items
    hrba_only: bool = False  # human-rights evidence means HRBA-principle evidence (the checklists have one)
    programme: bool = True  # False for a section that introduces the document ("Introduction", "Methodology")

    @property
    def hr_evidence(self) -> bool:
        return any(n for key, n in self.principles.items() if not self.hrba_only or is_hrba_key(key))


@dataclass
class Coverage:
    principles: list[dict]
    sections: list[SectionCoverage]

    @property
    def share_with_hr_evidence(self) -> float | None:
        """Share of programme sections (all body sections when none is one) with human-rights evidence."""
        counted = [s for s in self.sections if s.programme] or self.sections
        if not counted:
            return None
        return sum(s.hr_evidence for s in counted) / len(counted)


def _section_depth(document: Document) -> int:
    """The first heading depth with two or more body sections (a lone document title is skipped)."""
    for depth in range(4):
        titles = {_path(b)[depth] for b in document.blocks if b.role == "body" and len(_path(b)) > depth}
        if len(titles) > 1:
            return depth
    return 0


def _path(block) -> tuple[str, ...]:
    return block.section + ((block.text,) if block.kind == "heading" else ())


def _top_section(document: Document, block_index: int, depth: int = 0) -> str:
    path = _path(document.blocks[block_index])
    return path[depth] if len(path) > depth else (path[-1] if path else "")


def section_coverage(document: Document, checklists: list[ChecklistResult]) -> Coverage:
    """Count evidence per top-level body section and principle (body text before any heading counts as one)."""
    sections: dict[str, SectionCoverage] = {}
    depth = _section_depth(document)
    keys = [f"{cl.checklist.id}/{p.id}" for cl in checklists for p in cl.checklist.principles]
    hrba_only = any(is_hrba_key(k) for k in keys)
    for i, block in enumerate(document.blocks):
        if block.role != "body":
            continue
        title = _top_section(document, i, depth)
        if title not in sections:
            sections[title] = SectionCoverage(title or BEFORE_FIRST_HEADING, len(sections), 0,
                                              hrba_only=hrba_only, programme=not preliminary_section(title))
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
                sec = sections.get(_top_section(document, ev.block, depth))
                if sec is not None:  # evidence a signal took from an annex or the cover is not a section's
                    sec.principles[key] = sec.principles.get(key, 0) + 1
    return Coverage(principles, list(sections.values()))
