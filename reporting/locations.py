"""Where a piece of evidence is, in plain words (CSV, terminal output, compare text), English by default."""

from __future__ import annotations

from .i18n import Catalog, catalog


def plain_location(ev: dict | None, cat: Catalog | None = None) -> str:
    """"p. 12, section II > A, para. 57" from an evidence dict (its block number when nothing else)."""
    if not ev:
        return ""
    cat = cat or catalog()
    parts = [cat.t("loc.page", n=ev["page"]) if ev.get("page") else "",
             cat.t("loc.section", title=ev["section"]) if ev.get("section") else "",
             cat.t("loc.paragraph", n=ev["paragraph"]) if ev.get("paragraph") else ""]
    return cat.t("sep.list").join(p for p in parts if p) or cat.t("loc.block", n=ev["block"])
