"""`hrba explain`: every match, window and suppression behind one criterion's level, as text."""

from __future__ import annotations

from pathlib import Path

from ..engine.errors import HrbaError
from ..engine.evidence import Evidence
from ..engine.ingest import read_document
from ..engine.pipeline import Engine
from ..engine.scoring import score_criterion
from ..engine.textindex import DocumentIndex
from .locations import plain_location


def _where(ev: Evidence) -> str:
    return plain_location({"page": ev.page, "section": ev.section, "paragraph": ev.paragraph, "block": ev.block})


def _quote(ev: Evidence) -> str:
    out, pos = [], 0
    for h in ev.highlights:
        out.append(ev.quote[pos : h.start])
        tag = {"anchor": "", "near": "near:", "unless": "unless:"}[h.role]
        out.append(f"[[{tag}{ev.quote[h.start:h.end]}]]")
        pos = h.end
    out.append(ev.quote[pos:])
    return "".join(out).replace("\n", " ")


def _other_senses(engine: Engine, index: DocumentIndex, wanted) -> list[str]:
    """Terms of the signal's concepts found but not counted: a word sense that fails there (the rule's
    reason) or an exclusion ("conflict of interest")."""
    senses = engine.matcher.senses
    lines = []
    for bi in index.blocks:
        for m in bi.matches:
            for concept in sorted(wanted.intersection(m.excluded)):  # set order varies between runs
                why = senses.explain(bi.block.text, m, concept) if senses else None
                why = f"word sense: {why}" if why else "an exclusion of the concept"
                lines.append(f"  ~ other sense, block {bi.index}: {m.text!r} is not {concept} ({why})")
    return lines


def explain_criterion(path: Path, criterion_id: str, profile: str | None = None, checklists: list[str] | None = None,
                      lang: str | None = None, password: str | None = None) -> str:
    engine = Engine.from_options(checklists or None, profile)
    crit = next((c for cl in engine.checklists for c in cl.criteria if c.id == criterion_id), None)
    if crit is None:
        known = ", ".join(c.id for cl in engine.checklists for c in cl.criteria)
        raise HrbaError(f"unknown criterion {criterion_id!r} (known: {known})")
    document = read_document(path, lang=lang, password=password)
    index = DocumentIndex.build(document, engine.matcher, engine.modifiers)
    result = score_criterion(crit, index, engine.kind)
    lines = [
        f"{crit.id}: {crit.title}  ({crit.basis})",
        f"question: {crit.question}",
        f"document: {document.name} ({document.format}, {len(document.blocks)} blocks, language {document.lang})",
        f"level: {result.level or 'not applicable'} — {result.reason}",
    ]
    if result.guard:
        lines.append(result.guard)
    if result.next_level:
        lines.append(f"next level ({result.next_level}) needs: {', '.join(result.next_needs)}")
    lines.append("")
    for name, sres in result.signals.items():
        sig = sres.signal
        lines.append(f"signal {name}: {sig.description} -> {'FOUND' if sres.found else 'not found'}"
                     f" ({sres.hits} hits, {len(sres.suppressed)} suppressed"
                     f"{', distinct: ' + ', '.join(sres.distinct) if sres.distinct else ''})")
        lines.append(f"  searched: concepts {', '.join(sig.refs) or '-'}; phrases {', '.join(sig.phrases) or '-'}")
        if sig.near:
            lines.append(f"  near: {', '.join(sig.near.refs + sig.near.phrases)} within {sig.near.within}")
        if sig.unless:
            lines.append(f"  unless: {', '.join(sig.unless.refs + sig.unless.phrases)} within {sig.unless.within}")
        if sig.function or sig.not_function:
            lines.append(f"  sentence function: {' or '.join(sorted(sig.function)) or 'any'}"
                         f"{'; not ' + ', '.join(sorted(sig.not_function)) if sig.not_function else ''}")
        if sig.keep_negated:
            lines.append("  negated anchors kept (the signal looks for absence)")
        if sig.min_distinct or sig.min_count > 1 or sig.min_sections > 1:
            lines.append(f"  needs: {sig.min_count} paragraph(s), {sig.min_distinct} distinct"
                         f"{f', {sig.min_sections} sections' if sig.min_sections > 1 else ''}")
        for ev in sres.evidence:
            what = f" [{', '.join(ev.functions)}]" if ev.functions else ""
            what += " [mention only: stuffing guard]" if ev.mention_only else ""
            lines.append(f"  + {_where(ev)}{what}: {_quote(ev)}")
        for ev in sres.suppressed:
            lines.append(f"  - SUPPRESSED {_where(ev)}: {ev.suppressed}: {_quote(ev)}")
        for block, anchor, why in sres.rejected:
            lines.append(f"  ~ not counted, block {block}: {anchor.text!r} ({why})")
        lines += _other_senses(engine, index, sig.any_set | sig.all_set)
        lines.append("")
    lines.append("Matches are evidence of mention, not proof of quality.")
    return "\n".join(lines)
