"""Plain-text descriptions of checklists (`hrba checklists show`)."""

from __future__ import annotations

from ..engine.rules import Checklist, Signal


def _signal_text(sig: Signal) -> str:
    parts = []
    if sig.refs:
        parts.append("concepts " + ", ".join(sig.refs))
    if sig.phrases:
        parts.append("phrases " + ", ".join(repr(p) for p in sig.phrases))
    if sig.all_phrases:
        parts.append("all of the phrases " + ", ".join(repr(p) for p in sig.all_phrases))
    if sig.regex is not None:
        parts.append(f"regex /{sig.regex.pattern}/")
    if sig.near:
        parts.append(f"near {', '.join(sig.near.refs + sig.near.phrases)} within {sig.near.within}")
    if sig.unless:
        parts.append(f"unless {', '.join(sig.unless.refs + sig.unless.phrases)} within {sig.unless.within}")
    if sig.min_distinct:
        parts.append(f"at least {sig.min_distinct} distinct ({sig.distinct_of})")
    if sig.min_count > 1:
        parts.append(f"in at least {sig.min_count} paragraphs")
    if sig.min_sections > 1:
        parts.append(f"in at least {sig.min_sections} sections")
    if sig.function:
        parts.append(f"in a {' or '.join(sorted(sig.function))} sentence")
    if sig.not_function:
        parts.append(f"not in a {' or '.join(sorted(sig.not_function))} sentence")
    if sig.keep_negated:
        parts.append("negated mentions kept")
    if sig.scope_sections:
        mode = "outside" if sig.scope_exclude else "in"
        parts.append(f"{mode} sections /{'|'.join(p.pattern for p in sig.scope_sections)}/")
    return "; ".join(parts)


def describe_checklist(cl: Checklist) -> str:
    lines = [f"{cl.id} {cl.version}: {cl.title}", f"basis: {cl.basis}", ""]
    if cl.description:
        lines += [cl.description, ""]
    for p in cl.principles:
        lines.append(f"## {p.title} ({p.basis})")
        for c in (c for c in cl.criteria if c.principle == p.id):
            lines.append(f"  {c.id}: {c.title}  [{c.basis}; weight {c.weight:g}]")
            lines.append(f"    question: {c.question}")
            for name, sig in c.signals.items():
                lines.append(f"    signal {name}: {_signal_text(sig)}")
            for level_name, level in c.levels.items():
                req = " + ".join(level.all)
                if level.any:
                    req += (" + " if req else "") + "one of (" + " | ".join(level.any) + ")"
                lines.append(f"    {level_name:10} needs {req}")
            if c.applies_to:
                lines.append(f"    applies to: {', '.join(c.applies_to)}")
        lines.append("")
    return "\n".join(lines)
