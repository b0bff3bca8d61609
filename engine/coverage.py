"""Section coverage: which principles have evidence in each top-level body section.

Only body sections count: a top-level section is one when it holds body text (cover lines,
contents, annexes and lists of participants are not sections of the plan). The share of sections
with human-rights evidence looks at programme sections: those that introduce the document
("Introduction", "Methodology": checklists/document/roles.yaml) are shown but left out of it,
unless the document has no other. A section "has human-rights evidence" when it holds evidence
of a criterion of human rights analysis (profiles.yaml ``human_rights_analysis``: rights and
obligations, the mechanisms' findings, discrimination; and any criterion of a human-rights-based
approach principle); when the checklists used have none, evidence of any criterion counts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from .document import Document
from .ingest.roles import preliminary_section
from .localtext import with_translations
from .scoring import ChecklistResult

BEFORE_FIRST_HEADING = "(before the first heading)"  # the title of text before any heading
# Principle ids that mean "human-rights-based approach" in a checklist (CF guiding principle 14(b)).
HRBA_PRINCIPLES = ("human-rights-based-approach", "hrba", "human-rights")


def is_hr_analysis(criterion: str, principle: str, hr_analysis: Collection[str]) -> bool:
    """A criterion of human rights analysis: listed in profiles.yaml, or of a human-rights-based
    approach principle (a custom checklist's "hrba" principle counts too)."""
    return criterion in hr_analysis or principle in HRBA_PRINCIPLES


@dataclass(eq=False, repr=False)
class SectionCoverage:
    """One body section: its blocks and the evidence found in it, per principle."""

    title: str
    index: int
    blocks: int  # body blocks
    principles: dict[str, int] = field(default_factory=dict)  # "checklist/principle" -> evidence items
    hr_items: int = 0  # evidence items of human rights analysis criteria (or of any, see hr_only)
    programme: bool = True  # False for a section that introduces the document ("Introduction", "Methodology")

    @property
    def hr_evidence(self) -> bool:
        return self.hr_items > 0


@dataclass(eq=False, repr=False)
class Coverage:
    """How evidence spreads over a document: per principle and per body section."""

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


def section_coverage(document: Document, checklists: list[ChecklistResult],
                     hr_analysis: Collection[str] = ()) -> Coverage:
    """Count evidence per top-level body section and principle (body text before any heading counts
    as one); ``hr_analysis``: the ids of the criteria whose evidence is human rights analysis."""
    sections: dict[str, SectionCoverage] = {}
    depth = _section_depth(document)
    hr_only = any(is_hr_analysis(r.criterion.id, r.criterion.principle, hr_analysis)
                  for cl in checklists for r in cl.criteria)
    titles: dict[int, str] = {}  # block -> its top section's title (evidence names the same blocks many times)
    for i, block in enumerate(document.blocks):
        if block.role != "body":
            continue
        title = titles[i] = _top_section(document, i, depth)
        if title not in sections:
            sections[title] = SectionCoverage(title or BEFORE_FIRST_HEADING, len(sections), 0,
                                              programme=not preliminary_section(title))
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
            # Human-rights evidence: a criterion of human rights analysis that its evidence lifts above
            # missing (a signal found on its own, such as "results" without what it qualifies, is not).
            counts = result.level not in (None, "missing") and (
                not hr_only or is_hr_analysis(result.criterion.id, result.criterion.principle, hr_analysis))
            for ev in result.evidence:
                title = titles.get(ev.block)
                if title is None:
                    title = titles[ev.block] = _top_section(document, ev.block, depth)
                sec = sections.get(title)
                if sec is not None:  # evidence a signal took from an annex or the cover is not a section's
                    sec.principles[key] = sec.principles.get(key, 0) + 1
                    sec.hr_items += counts
    return Coverage(principles, list(sections.values()))
