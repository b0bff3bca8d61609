"""`hrba compare OLD NEW`: score both sides (or load saved JSON reports), diff them, render the result."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.batch import BatchSettings, EngineSpec, Job, score_job
from ..engine.compare import compare_entries, quote_text
from ..engine.errors import HrbaError
from ..engine.pipeline import tool_info
from ..engine.results import DISCLAIMER
from .i18n import Catalog, catalog
from .jsontext import dumps as json_dumps
from .locations import plain_location
from .render import environment

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".json": "json", ".txt": "text"}
ORDER = ("regressed", "improved", "applicability", "added", "removed", "unchanged")


@dataclass
class CompareOptions:
    old: Path
    new: Path
    output: Path | None = None
    format: str | None = None  # html, md, json or text (default: from -o's suffix, else text)
    profile: str | None = None
    checklists: list[str] = field(default_factory=list)
    lang: str | None = None
    password: str | None = None
    max_evidence: int = 5
    fail_on_regression: bool = False
    quiet: bool = False
    report_lang: str | None = None  # language of the comparison's text (default English)


def _saved_entry(path: Path) -> tuple[dict, list[dict]] | None:
    """The single document entry of a saved hrba JSON report, or None when ``path`` is not one."""
    if path.suffix.lower() != ".json":
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # RecursionError: JSON nested thousands deep
        raise HrbaError(f"{path}: cannot read the JSON report ({type(exc).__name__}: {exc})") from None
    if not isinstance(data, dict) or "schema_version" not in data or "documents" not in data:
        raise HrbaError(f"{path}: not an hrba JSON report")
    docs = data["documents"]
    if len(docs) != 1:
        raise HrbaError(f"{path}: the report holds {len(docs)} documents; compare needs a one-document report")
    return docs[0], data.get("checklists", [])


def load_sides(options: CompareOptions) -> tuple[dict, dict, list[dict], list[dict]]:
    """Both document entries and the checklists behind each; one Engine scores whichever side needs it."""
    engine = None
    out = []
    for path in (options.old, options.new):
        saved = _saved_entry(path)
        if saved is None:
            if engine is None:
                engine = EngineSpec(tuple(options.checklists), options.profile).build()
            entry = score_job(engine, Job(str(path)), BatchSettings(lang=options.lang, password=options.password))
            saved = entry, engine.versions()
        if saved[0]["status"] != "ok":
            raise HrbaError(saved[0]["error"]["message"])
        out.append(saved)
    (old, old_cl), (new, new_cl) = out
    return old, new, old_cl, new_cl


def comparison_report(options: CompareOptions) -> dict:
    old, new, old_cl, new_cl = load_sides(options)
    data = compare_entries(old, new)
    same = [(c["id"], c["version"]) for c in old_cl] == [(c["id"], c["version"]) for c in new_cl]
    return {"tool": tool_info(), "disclaimer": DISCLAIMER,
            "generated_at": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            "checklists": {"old": old_cl, "new": new_cl, "same": same}, **data}


def _quote(ev: dict, width: int = 140, cat: Catalog | None = None) -> str:
    q = " ".join(ev["quote"].split())
    q = q if len(q) <= width else q[: width - 1] + "…"
    return f"“{q}” ({plain_location(ev, cat)})"


def unique_quotes(items: list[dict]) -> list[dict]:
    """Evidence with one entry per distinct quote (several signals often quote the same sentence)."""
    seen: dict[str, dict] = {}
    for ev in items:
        key = quote_text(ev["quote"])
        if key in seen:
            seen[key]["signals"].append(ev["signal"])
        else:
            seen[key] = {**ev, "signals": [ev["signal"]]}
    return list(seen.values())


def _score(score: float | None) -> str:
    return "" if score is None else f" ({score * 100:.0f}/100)"


def compare_text(report: dict, max_evidence: int = 3, report_lang: str | None = None) -> str:
    """The comparison for the terminal: English words (as before) unless ``report_lang`` names a catalog."""
    cat = catalog(report_lang)
    english = cat.lang == "en"
    o, n = report["old"], report["new"]
    ov = report["overall"]

    def level(lv: str | None) -> str:
        return (lv or "n/a") if english else cat.level(lv)

    delta = "" if ov["delta"] is None else f" ({cat.t('cmp.points', delta=format(ov['delta'] * 100, '+.0f'))})"
    lines = [f"{'Compare' if english else cat.t('cmp.title')}: {o['name']} -> {n['name']}",
             f"{'overall' if english else cat.t('col.overall')}: {level(ov['old_level'])}{_score(ov.get('old_score'))} -> "
             f"{level(ov['new_level'])}{_score(ov.get('new_score'))}{delta}",
             "  " + ", ".join(f"{k if english else cat.t('change.' + k)} {v}" for k, v in report["counts"].items() if v)]
    if not report["checklists"]["same"]:
        lines.append("  warning: the two sides were scored with different checklists or versions" if english
                     else f"  {cat.t('cmp.warning')}")
    for change in ORDER[:-1]:
        for c in (c for c in report["criteria"] if c["change"] == change):
            label = change.upper() if english else cat.t(f"change.{change}")
            lines.append(f"  {label:13} {c['id']:12} {level(c['old_level'])} -> {level(c['new_level'])}"
                         f"  {cat.local(c, 'title')[:60]}")
            lines += [f"      + {_quote(e, cat=cat)}" for e in unique_quotes(c["appeared"])[:max_evidence]]
            lines += [f"      - {_quote(e, cat=cat)}" for e in unique_quotes(c["disappeared"])[:max_evidence]]
    lines.append(cat.t("sum.footer"))
    return "\n".join(lines)


def compare_view(report: dict, cat: Catalog) -> dict:
    """Titles of criteria, checklists and principles in the catalog's language (English, marked, without
    a translation); reasons worded from their structured form."""
    from .reasons import criterion_reason

    criteria = []
    for c in report["criteria"]:
        reason = c.get("new_reason")
        if c.get("new_reason_data") is not None:
            reason = criterion_reason(c["new_reason_data"], c.get("new_signals") or [], cat)
        criteria.append({**c, "title": cat.local(c, "title"), "new_reason": reason})
    aggregates = [{**a, "title": cat.local(a, "title")} for a in report["aggregates"]]
    return {**report, "criteria": criteria, "aggregates": aggregates}


def render_compare(report: dict, fmt: str, max_evidence: int = 5, report_lang: str | None = None) -> str:
    if fmt == "json":
        return json_dumps(report) + "\n"
    if fmt == "text":
        return compare_text(report, report_lang=report_lang) + "\n"
    if fmt in ("html", "md"):
        cat = catalog(report_lang)
        view = compare_view(report, cat)
        groups = [(change, [c for c in view["criteria"] if c["change"] == change]) for change in ORDER]
        return environment().get_template(f"compare.{fmt}.j2").render(
            r=view, groups=[g for g in groups if g[1]], max_evidence=max_evidence,
            quote=lambda ev: _quote(ev, cat=cat), location=lambda ev: plain_location(ev, cat),
            unique=unique_quotes, t=cat.t, tr=cat.strings, lang=cat.lang, dir=cat.dir, level_label=cat.level)
    raise ValueError(f"unknown compare format {fmt!r}")


def run_compare(options: CompareOptions, echo: Callable[..., None]) -> int:
    """Compare, write or print; exit 1 with --fail-on-regression when a criterion regressed."""
    fmt = options.format
    if fmt is None:
        fmt = FORMATS.get(options.output.suffix.lower(), "html") if options.output else "text"
    report = comparison_report(options)
    text = render_compare(report, fmt, options.max_evidence, options.report_lang)
    if options.output:
        options.output.parent.mkdir(parents=True, exist_ok=True)
        options.output.write_text(text, encoding="utf-8")
        if not options.quiet:
            echo(compare_text(report, report_lang=options.report_lang))
            echo(f"wrote {fmt}: {options.output}")
    else:
        echo(text, nl=False)
    if options.fail_on_regression and report["counts"]["regressed"]:
        return 1
    return 0
