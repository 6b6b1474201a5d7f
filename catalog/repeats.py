"""The first few occurrences of each item of a column: a paste of one error a thousand times is
read for its first few, enough to pair each code with a request id and status."""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Hashable


def first_few(items: list[Hashable], few: int) -> list[int] | None:
    """Where the first `few` occurrences of each item are, in order, or None when that is all of
    them. Only an item repeated more often is searched for, at C speed."""
    counts = Counter(items)
    if max(counts.values(), default=0) <= few:
        return None
    repeated = {item for item, count in counts.items() if count > few}
    once = map(operator.not_, map(repeated.__contains__, items))
    kept = list(itertools.compress(range(len(items)), once))
    for item in repeated:
        at = -1
        for _ in range(few):
            at = items.index(item, at + 1)
            kept.append(at)
    return sorted(kept)
