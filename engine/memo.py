"""Values worked out once from objects that never change once loaded (an engine's signals and
vocabulary, the read-only dicts every report of a process shares), keyed by those objects' identity.

Bounded: a process that loads engine after engine (a test run, a service) clears it when full instead
of keeping every engine alive. Callers never change what it hands back.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class IdentityMemo:
    """``make()`` remembered per (identity of ``objects``, ``key``); ``held``: other inputs, compared by value."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._values: dict[tuple | int, tuple] = {}

    def get(self, objects: tuple, make: Callable[[], T], key: tuple = (), held: tuple = ()) -> T:
        full = (*map(id, objects), *key)
        found = self._values.get(full)
        if found is not None and found[1] == held and len(found[0]) == len(objects) \
                and all(map(operator.is_, found[0], objects)):
            return found[2]  # type: ignore[return-value]
        value = make()
        if len(self._values) >= self.limit:
            self._values.clear()
        self._values[full] = (objects, held, value)  # the objects held: their ids can't be reused meanwhile
        return value

    def of(self, obj: object, make: Callable[[object], T]) -> T:
        """``make(obj)`` remembered per identity of ``obj``: :meth:`get` for one object without key or held
        inputs, without building a key tuple or a closure (called per signal and criterion of each document)."""
        found = self._values.get(id(obj))
        if found is not None and found[0] is obj:
            return found[1]
        value = make(obj)
        if len(self._values) >= self.limit:
            self._values.clear()
        self._values[id(obj)] = (obj, value)  # the object held: its id can't be reused meanwhile
        return value
