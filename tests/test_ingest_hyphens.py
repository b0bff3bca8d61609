"""Line-end hyphens: the document's own words decide "partici-|pation" against "awareness-|raising"."""

from __future__ import annotations

from hrba.engine.document import Block
from hrba.engine.ingest.structure import HYPHEN_MARK, resolve_hyphens


def test_hyphens_resolved_from_the_documents_words() -> None:
    blocks = [
        Block(f"Broad partici{HYPHEN_MARK}pation and awareness{HYPHEN_MARK}raising, re{HYPHEN_MARK}election."),
        Block("Participation matters; awareness-raising (re-election) too."),
    ]
    resolve_hyphens(blocks)
    assert blocks[0].text == "Broad participation and awareness-raising, re-election."
