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


def _used_by_sets(low: str, word: str) -> bool:
    """The definition: the word is a token (allowing for punctuation) or a part of a hyphenated one."""
    from hrba.engine.ingest.structure import _PUNCT

    tokens = set(low.split())
    parts = {p.strip(_PUNCT) for t in tokens if "-" in t for p in t.split("-")}
    return word in parts or any(v in tokens for v in (
        word, word + ".", word + ",", word + ";", word + ":", "(" + word, word + ")", "“" + word, word + "”"))


def test_vocabulary_search_agrees_with_the_token_sets() -> None:
    """Looking words up in the text answers as the token sets would, whether or not the search
    budget runs out and the sets are built part-way."""
    import random

    from hrba.engine.ingest.structure import _Vocabulary

    rng = random.Random(7)
    pieces = ["re", "elect", "ion", "-", " ", " ", "\n", "\u3000", ".", ",", "(", ")", "“", "”", "’", "'",
              ";", ":", "[", "«", "x", "é", "_"]
    words = ["re", "elect", "reelect", "re-elect", "ion", "election", "x", "é", "rex", "re.", "", "(re", "a b"]
    for _ in range(400):
        low = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 60)))
        vocabulary = _Vocabulary(low)
        if rng.random() < 0.5:
            vocabulary.budget = rng.randrange(0, 400)  # run out at various points
        for word in rng.sample(words, len(words)):
            assert vocabulary.used(word) == _used_by_sets(low, word), (low, word)


def test_hyphens_in_a_long_document_with_common_halves() -> None:
    """Halves found all over the text exhaust the search budget; the token sets answer the same."""
    from hrba.engine.ingest.structure import _Vocabulary

    filler = " ".join(["the representation of the re-elected", "state-led reform"] * 2000)
    vocabulary = _Vocabulary(filler)
    assert vocabulary.used("representation") and vocabulary.tokens is None
    assert vocabulary.used("re") and not vocabulary.used("ed") and vocabulary.tokens is not None
    blocks = [Block(f"The re{HYPHEN_MARK}elected state{HYPHEN_MARK}led repre{HYPHEN_MARK}sentation and re{HYPHEN_MARK}"
                    f"form of re{HYPHEN_MARK}election"), Block(filler)]
    resolve_hyphens(blocks)
    assert blocks[0].text == "The re-elected state-led representation and reform of reelection"


def test_clean_skips_only_text_with_nothing_to_clean() -> None:
    """Printable ASCII holds nothing clean() changes but squeezed spaces; everything else is searched."""
    from hrba.engine.ingest.structure import CLEAN_TABLE, clean

    assert not any(chr(cp).isprintable() for cp in CLEAN_TABLE if cp < 128)
    assert clean("a\x07b\tc  d\x7f") == "ab c d"
    assert clean("  plain  text ") == "plain text"
    assert clean("ﬁn\u00adal\u200b") == "final"


def test_lowering_blocks_one_by_one_is_lowering_the_whole() -> None:
    """resolve_hyphens lowers blocks one by one: no letter's lower case (final sigma) looks past a space."""
    import random

    rng = random.Random(11)
    chars = ["Σ", "σ", "ς", "Α", "a", "İ", "'", "\u0345", ".", "\u00ad", "Ω", "ǅ"]
    for _ in range(5000):
        texts = ["".join(rng.choice(chars) for _ in range(rng.randrange(5))) for _ in range(rng.randrange(4))]
        assert " ".join(t.lower() for t in texts) == " ".join(texts).lower(), texts
