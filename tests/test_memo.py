"""engine.memo.IdentityMemo: values per object identity and key, bounded."""

from hrba.engine.memo import IdentityMemo


def test_same_objects_reuse_the_value_equal_objects_do_not() -> None:
    memo, made = IdentityMemo(), []
    a, b = {"x": 1}, {"x": 1}

    def make(tag):
        made.append(tag)
        return [tag]

    first = memo.get((a,), lambda: make("a"), ("k",))
    assert memo.get((a,), lambda: make("again"), ("k",)) is first
    assert memo.get((b,), lambda: make("b"), ("k",)) == ["b"]  # equal, not the same: its own value
    assert memo.get((a,), lambda: make("other key"), ("k2",)) == ["other key"]
    assert memo.get((a,), lambda: make("held"), ("k",), held=({"m": 2},)) == ["held"]  # other inputs differ
    assert made == ["a", "b", "other key", "held"]


def test_bounded_cleared_when_full() -> None:
    memo = IdentityMemo(limit=3)
    objects = [object() for _ in range(5)]
    for o in objects:
        memo.get((o,), lambda: 1)
    assert len(memo._values) <= 3


def test_of_one_object_by_identity() -> None:
    memo, made = IdentityMemo(), []
    a, b = {"x": 1}, {"x": 1}

    def make(obj):
        made.append(obj)
        return [len(made)]

    first = memo.of(a, make)
    assert memo.of(a, make) is first and memo.of(b, make) == [2]  # equal, not the same: its own value
    assert made == [a, b]
