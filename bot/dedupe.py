"""What the bot has answered: events (so a retry never posts twice) and codes per thread.

SQLite, through the query log, is the memory that survives a restart. A
bounded in-memory LRU sits in front of it: it holds events being answered
right now (a retry arriving mid-reply is dropped, and released again if the
reply fails, so the next retry still answers), and it is all there is while
the database is down.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.querylog import QueryLog, QueryLogDown
from catalog.model import code_key

LOG = logging.getLogger("hwerr.dedupe")
CAPACITY = 10_000


@dataclass(frozen=True)
class Claim:
    """An event reserved for answering, and the codes its thread has not seen yet."""

    event_id: str
    channel: str
    thread_ts: str
    codes: tuple[str, ...]


class Dedupe:
    def __init__(self, querylog: QueryLog, capacity: int = CAPACITY) -> None:
        self._querylog = querylog
        self._capacity = capacity
        self._lock = threading.Lock()
        self._events: OrderedDict[str, None] = OrderedDict()
        self._threads: OrderedDict[tuple[str, str], set[str]] = OrderedDict()

    def claim(
        self, event_id: str, channel: str, thread_ts: str, codes: Sequence[str]
    ) -> Claim | None:
        """Reserve `event_id`; None when it was answered (or is being answered) already.

        The claim's codes are those of `codes` not yet explained in the thread;
        they are reserved too, so two messages at once in one thread share them.
        """
        thread = (channel, thread_ts)
        with self._lock:
            if event_id in self._events or self._answered_in_db(event_id):
                return None
            explained = self._threads.get(thread, set()) | self._thread_codes_in_db(thread)
            fresh = tuple(dict.fromkeys(c for c in codes if code_key(c) not in explained))
            self._remember(self._events, event_id, None)
            self._remember(self._threads, thread, explained | {code_key(c) for c in fresh})
            return Claim(event_id, channel, thread_ts, fresh)

    def done(self, claim: Claim) -> None:
        """The reply was posted: write it down where a restart can read it."""
        try:
            self._querylog.mark_answered(
                claim.event_id, claim.channel, claim.thread_ts, list(claim.codes)
            )
        except QueryLogDown:
            LOG.warning("query log down: event %s remembered in memory only", claim.event_id)

    def release(self, claim: Claim) -> None:
        """The reply failed: forget the claim so Slack's retry can answer."""
        with self._lock:
            self._events.pop(claim.event_id, None)
            codes = self._threads.get((claim.channel, claim.thread_ts))
            if codes is not None:
                codes.difference_update(code_key(c) for c in claim.codes)

    # -- the two memories ------------------------------------------------------

    def _answered_in_db(self, event_id: str) -> bool:
        try:
            return self._querylog.event_answered(event_id)
        except QueryLogDown:
            return False

    def _thread_codes_in_db(self, thread: tuple[str, str]) -> set[str]:
        try:
            return {code_key(c) for c in self._querylog.thread_codes(*thread)}
        except QueryLogDown:
            return set()

    def _remember(self, memory: OrderedDict, key: object, value: object) -> None:
        memory[key] = value
        memory.move_to_end(key)
        while len(memory) > self._capacity:
            memory.popitem(last=False)
