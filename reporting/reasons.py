"""A criterion's reason worded in the report's language from its structured form (JSON ``reason_data``).

The engine records which signals were found, which not, and why (``reason_data``); it also keeps an
English ``reason`` for older readers. Here the catalog's templates (``reason.*``, ``shortfall.*``) word
the same data in any language, with each signal's description in that language where the rule file
gives one.
"""

from __future__ import annotations

from .i18n import Catalog


def shortfall_text(shortfall: dict | None, cat: Catalog) -> str | None:
    """"2 of 3 paragraphs needed" (count) or "1 of 2 distinct needed" (distinct), in the catalog's language."""
    if not shortfall:
        return None
    if shortfall["kind"] == "count":
        return cat.t("shortfall.count", hits=shortfall["have"], needed=shortfall["needed"])
    return cat.t(f"shortfall.{shortfall['kind']}", have=shortfall["have"], needed=shortfall["needed"])


def _note(note: dict, description: str, found: bool, cat: Catalog) -> str:
    if found:
        extra = (cat.t("reason.distinct", n=note["hits"], distinct=note["distinct"]) if "distinct" in note
                 else str(note["hits"]))
        return f"{description} ({extra})"
    if note.get("shortfall"):
        return f"{description} ({shortfall_text(note['shortfall'], cat)})"
    if note["suppressed"]:
        return f"{description} ({cat.t('reason.suppressed', n=note['suppressed'])})"
    return description


def criterion_reason(data: dict, signals: list[dict], cat: Catalog,
                     described: dict[str, str | None] | None = None) -> str:
    """The reason in the catalog's language; ``signals`` are the criterion's signal dicts (name,
    description and its translations); ``described``: their descriptions already in that language, by name."""
    if described is None:
        described = {s["name"]: cat.local(s, "description") for s in signals}
    if cat.dir == "rtl":
        descriptions = {name: cat.isolate(text or name) for name, text in described.items()}
    else:  # isolating is a no-op left to right: the texts are only formatted into the reason
        descriptions = {name: text or name for name, text in described.items()}
    if data["kind"] == "not_applicable_kind":
        kind = data["document_kind"]
        why = cat.t("reason.not_kind", kind=cat.isolate(kind)) if kind else cat.t("reason.choose_kind")
        return cat.t("reason.applies_to", kinds=", ".join(map(cat.isolate, data["applies_to"])), why=why)
    if data["kind"] == "not_applicable_condition":
        return cat.t("reason.no_condition", condition=descriptions.get(data["condition"], data["condition"]))
    parts = []
    sep = cat.strings["sep.items"]
    if data["found"]:
        parts.append(cat.t("reason.found", items=sep.join(
            [_note(n, descriptions.get(n["signal"], n["signal"]), True, cat) for n in data["found"]])))
    if data.get("short"):
        parts.append(cat.t("reason.short", items=sep.join(
            [_note(n, descriptions.get(n["signal"], n["signal"]), False, cat) for n in data["short"]])))
    if data["missing"]:
        parts.append(cat.t("reason.missing", items=sep.join(
            [_note(n, descriptions.get(n["signal"], n["signal"]), False, cat) for n in data["missing"]])))
    if data.get("guard"):
        guard = data["guard"]
        if cat.lang == "en":  # word for word the engine's English (level codes, not labels)
            parts.append(cat.t("reason.guard", level=guard["level"], capped=guard["capped"]))
        else:
            parts.append(cat.t("reason.guard", level=cat.level(guard["level"]), capped=cat.level(guard["capped"])))
    return " — ".join(parts) or cat.t("reason.nothing")


def reason_of(criterion: dict, cat: Catalog, described: dict[str, str | None] | None = None) -> str:
    """A JSON criterion's reason in the catalog's language (its English ``reason`` when the report
    predates ``reason_data``); ``described``: as for :func:`criterion_reason`."""
    data = criterion.get("reason_data")
    if not data:
        return criterion["reason"]
    return criterion_reason(data, criterion["signals"], cat, described)


def set_aside_reason(ev: dict, cat: Catalog) -> str | None:
    """Why a piece of evidence was set aside, in the catalog's language (English reports keep the JSON's
    English ``reason``, as do reports of JSON without ``reason_data``)."""
    data = ev.get("reason_data")
    if not data or cat.lang == "en":
        return ev.get("reason")
    if "negation" in data:
        return cat.t("suppressed.negated", cue=cat.isolate(data["cue"]), scope=cat.t(f"negation.{data['negation']}"))
    within = data["within"]
    window = (cat.t(f"signal.within_{within}") if within in ("sentence", "paragraph")
              else cat.t("signal.within_words", n=within))
    return cat.t("suppressed.cancelled", cue=cat.isolate(data["cue"]),
                 terms=cat.t("sep.list").join(map(cat.isolate, data["unless"])), within=window)
