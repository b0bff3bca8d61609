"""Small builders shared by the engine tests."""

from __future__ import annotations

from pathlib import Path

from hrba.engine.document import Block, Document
from hrba.engine.ingest import language
from hrba.engine.pipeline import Engine
from hrba.engine.rules import load_checklist
from hrba.engine.vocabulary import Vocabulary

RULES = Path(__file__).resolve().parent / "rules"


def mini_engine(path: Path = RULES / "mini.yaml") -> Engine:
    """An engine over a test checklist, isolated from the built-in vocabularies."""
    return Engine([load_checklist(path, Vocabulary())])


def doc(*paragraphs: str, lang: str | None = None, sections: list[tuple[str, ...]] | None = None) -> Document:
    blocks = []
    for i, text in enumerate(paragraphs):
        section = sections[i] if sections else ()
        kind = "heading" if text.startswith("# ") else "paragraph"
        blocks.append(Block(text=text.removeprefix("# "), kind=kind, section=section, paragraph=str(i + 1)))
    document = Document.from_blocks(blocks, path="<test>", name="test", format="text")
    language.assign_languages(document, forced=lang)
    return document


def criterion(engine: Engine, document: Document, cid: str):
    result = engine.score(document)
    return next(r for r in result.criteria if r.criterion.id == cid)
