"""Where a piece of evidence is, in plain English words (CSV, terminal output, compare text)."""

from __future__ import annotations


def plain_location(ev: dict | None) -> str:
    """"p. 12, section II > A, para. 57" from an evidence dict (its block number when nothing else)."""
    if not ev:
        return ""
    parts = [f"p. {ev['page']}" if ev.get("page") else "", f"section {ev['section']}" if ev.get("section") else "",
             f"para. {ev['paragraph']}" if ev.get("paragraph") else ""]
    return ", ".join(p for p in parts if p) or f"block {ev['block']}"
