"""Log lines: one per event handled, never a token or a message's text."""

from __future__ import annotations

import logging
from collections.abc import Iterable

EVENTS = logging.getLogger("hwerr.events")


def log_event(
    kind: str, channel: str, codes: Iterable[str], latency_ms: float, outcome: str
) -> None:
    """One line per event handled: what kind, where, which codes, how long, how it ended."""
    fields = {
        "kind": kind,
        "channel": channel,
        "codes": list(codes),
        "latency_ms": round(latency_ms, 1),
        "outcome": outcome,
    }
    EVENTS.info(
        "%s channel=%s codes=%s latency_ms=%s outcome=%s",
        kind,
        channel,
        ",".join(fields["codes"]) or "-",
        fields["latency_ms"],
        outcome,
        extra={"event": fields},
    )
