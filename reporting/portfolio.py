"""Render the portfolio (many documents) as HTML, Markdown, CSV or JSON, and as a terminal summary."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote

from .csv_export import cell
from .i18n import Catalog, catalog
from .jsontext import dumps as json_dumps
from .render import environment
from .summary import clip

LINK_ORDER = ("html", "md", "json", "csv")


def _link(ref: dict) -> str | None:
    """The path of the document's first report, as written to disk (CSV keeps this form)."""
    files = ref.get("report_files") or {}
    return next((files[f] for f in LINK_ORDER if f in files), None)


def _href(ref: dict) -> str | None:
    """The same path URL-encoded for a link: names with #, ?, %, spaces or brackets stay one target."""
    link = _link(ref)
    return None if link is None else quote(link, safe="/")


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def figure_rules(pf: dict, cat: Catalog) -> dict[str, str]:
    """Each para-36 figure's rule in the report's language (JSON from before rule_principles: as saved)."""
    hr = pf["figures"]["hr_analysis"]
    if "rule_principles" not in hr:
        return {"hr_analysis": hr["rule"], "all_sections": pf["figures"]["all_sections"]["rule"]}
    if hr["rule_principles"]:  # the criteria of human rights analysis found in the checklists used
        names = ", ".join(hr["rule_principles"])
        return {"hr_analysis": cat.t("pf.rule.hr_principle", names=names, level=cat.level("approaches")),
                "all_sections": cat.t("pf.rule.all_sections", names=names)}
    return {"hr_analysis": cat.t("pf.rule.hr_any", level=cat.level("approaches")),
            "all_sections": cat.t("pf.rule.all_sections_any")}


def _levels(row: dict, keys: list[str]) -> list[str | None]:
    """A matrix row's level for each principle ``keys`` names (None where it has none)."""
    principles = row["principles"]
    return [(principles.get(key) or {}).get("level") for key in keys]


def portfolio_view(report: dict, cat: Catalog | None = None) -> dict:
    """What the portfolio templates show: links resolved, percentages formatted, text in the catalog's language."""
    cat = cat or catalog()
    pf = report["portfolio"]
    keys = [p["key"] for p in pf["principles"]]
    # levels: the row's level per principle, in the order of the matrix's columns
    refs = {row["index"]: {**row, "link": _href(row), "levels": _levels(row, keys)} for row in pf["matrix"]}
    for err in pf["errors"]:
        refs[err["index"]] = {**err, "link": _href(err)}

    def docs(indexes: list[int]) -> list[dict]:
        return [refs[i] for i in indexes]

    rules = figure_rules(pf, cat)
    figures = {k: {**f, "rule": rules.get(k, f["rule"]), "pct": _pct(f["share"]), "docs": docs(f["documents"])}
               for k, f in pf["figures"].items()}
    criteria = sorted(({**c, "title": cat.local(c, "title")} for c in pf["criteria"]),
                      key=lambda c: (c["checklist"], c["id"]))
    gaps = [{**g, "title": cat.local(g, "title"), "pct": _pct(g["share"]), "docs": docs(g["documents"])}
            for g in pf["common_gaps"]]
    principles = [{**p, "title": cat.local(p, "title")} for p in pf["principles"]]
    labels = {lv: cat.level(lv) for lv in ("missing", "approaches", "meets", "exceeds")} | {None: cat.level(None)}
    return {"report": report, "pf": pf, "rows": [refs[r["index"]] for r in pf["matrix"]],
            "errors": [refs[e["index"]] for e in pf["errors"]], "figures": figures, "criteria": criteria,
            "gaps": gaps, "principles": principles, "level_labels": labels, "lang": cat.lang, "dir": cat.dir,
            "checklist_titles": {c["id"]: cat.local(c, "title") for c in report.get("checklists", [])},
            "distribution_keys": list(criteria[0]["distribution"]) if criteria else []}


def render_portfolio(report: dict, fmt: str, report_lang: str | None = None) -> str:
    """The portfolio report in ``fmt`` (json keeps the whole report, documents included), its text in
    ``report_lang`` (default English)."""
    if fmt == "json":
        return json_dumps(report) + "\n"
    cat = catalog(report_lang)
    if fmt == "csv":
        return portfolio_csv(report, cat)
    if fmt in ("html", "md"):
        return environment().get_template(f"portfolio.{fmt}.j2").render(view=portfolio_view(report, cat),
                                                                        t=cat.t, tr=cat.strings)
    raise ValueError(f"unknown portfolio format {fmt!r}")


def portfolio_json(report: dict) -> str:
    """The portfolio as JSON: figures, and a summary of each document (levels, no evidence), marked
    ``"detail": "summary"``; its ``report_files.json`` is the document's full JSON report."""
    documents = [{**d, "detail": "summary"} if d["status"] == "ok" else d for d in report["documents"]]
    return json_dumps({**report, "documents": documents}, indent=1) + "\n"


def write_portfolio_json(report: dict, entry_files: list[Path], target: Path) -> None:
    """The whole report as JSON, each document's full entry streamed from its spool file (one per line)."""
    head = json_dumps({**{k: v for k, v in report.items() if k != "documents"}, "documents": None})
    before, marker, after = head.rpartition('"documents": null')
    assert marker, "documents key missing"
    with open(target, "w", encoding="utf-8") as out:
        out.write(before + '"documents": [\n')
        for i, path in enumerate(entry_files):
            out.write(",\n" if i else "")
            out.write(Path(path).read_text(encoding="utf-8"))
        out.write("\n]" + after + "\n")


PORTFOLIO_COLUMNS = ("input", "name", "status", "overall_level", "overall_score", "hr_analysis", "all_sections",
                     "share_sections_with_hr_evidence", "reviewed_criteria", "report", "error",
                     "recommendation_themes_taken_up")


def _blank(value: object) -> object:
    return "" if value is None else value


def portfolio_csv(report: dict, cat: Catalog | None = None) -> str:
    """One row per document: status, overall, the two para-36 flags, then one column per principle (the
    header row in the catalog's language; the principle columns keep their keys, the values their codes)."""
    cat = cat or catalog()
    pf = report["portfolio"]
    keys = [p["key"] for p in pf["principles"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([cat.t(f"csv.{c}") for c in PORTFOLIO_COLUMNS] + keys)
    rows = [[row["input"], row["name"], "ok", row["overall"], row["score"], int(row["hr_analysis"]),
             int(row["all_sections"]), row["share_with_hr_evidence"], row["reviewed"], _link(row) or "", "",
             _blank(row.get("recommendations_taken_up")),
             *[(row["principles"].get(k) or {}).get("level") or "" for k in keys]] for row in pf["matrix"]]
    rows += [[err["input"], err["name"], "error", "", "", "", "", "", "", _link(err) or "", err["error"]["message"], "",
              *[""] * len(keys)] for err in pf["errors"]]
    writer.writerows([cell(v) for v in r] for r in rows)  # names and errors come from users: no formulas
    return out.getvalue()


def portfolio_summary(report: dict, report_lang: str | None = None) -> str:
    """A few lines for the terminal, in ``report_lang`` (default English)."""
    cat = catalog(report_lang)
    pf = report["portfolio"]
    f = pf["figures"]
    hr, every = cat.t("sum.hr_analysis"), cat.t("sum.all_sections")
    width = max(len(hr), len(every)) + 1
    lines = [cat.t("sum.portfolio", documents=pf["documents"], scored=pf["scored"], errors=len(pf["errors"])),
             f"  {hr + ':':{width}} {f['hr_analysis']['count']}/{pf['scored']} ({_pct(f['hr_analysis']['share'])})",
             f"  {every + ':':{width}} {f['all_sections']['count']}/{pf['scored']} "
             f"({_pct(f['all_sections']['share'])})"]
    if pf["common_gaps"]:
        lines.append(f"  {cat.t('sum.common_gaps')}:")
        for g in pf["common_gaps"][:5]:
            lines.append(f"    {g['count']:4} ({_pct(g['share']):>4}) {g['id']:12} {clip(cat.local(g, 'title'), 60)}")
    reviewed = sum(1 for d in report["documents"] if d.get("review_file") and d["status"] == "ok")
    if reviewed:
        lines.append(f"  {cat.t('sum.reviews_applied', count=reviewed)}")
    for err in pf["errors"]:
        lines.append(f"  {cat.t('sum.not_scored')} {err['input']} ({cat.t('sum.error_below')})")
    lines.append(cat.t("sum.footer"))
    return "\n".join(lines)
