"""Post a digest to its channels exactly once per (channel, period).

The right to post is claimed in the query log before the post (a unique key,
so of two posters only one wins) and given back if the post fails, so a later
run retries. The scheduler, the start-up catch-up and `hwerr digest --post`
all go through `publish`, so none of them can repeat another's post. Each
channel's outcome is one `digest` event in the structured log, as every
answered query is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from bot.delivery import Stopwatch
from bot.digest import Digest
from bot.digest_blocks import digest_message
from bot.logs import log_event
from bot.querylog import QueryLog, QueryLogDown

log = logging.getLogger(__name__)

Poster = Callable[
    [str, str, list[dict]], None
]  # (channel, fallback text, blocks); raises on failure

POSTED, ALREADY, QUIET, FAILED = "posted", "already posted", "quiet, not posted", "failed"
# The same outcomes as the event log writes them: one word each, like Slack's error codes.
EVENT_OUTCOMES = {
    POSTED: "posted",
    ALREADY: "already_posted",
    QUIET: "skipped_quiet",
    FAILED: "failed",
}


def publish(
    querylog: QueryLog,
    digest: Digest,
    channels: Sequence[str],
    post: Poster,
    *,
    quiet: str = "post",
) -> dict[str, str]:
    """Post to each channel that has not had this period yet; channel -> outcome."""
    codes = [line.code for line in digest.lines]
    if digest.quiet and quiet == "skip":
        log.info("digest %s: quiet and HWERR_DIGEST_QUIET=skip, not posted", digest.period.key)
        for channel in channels:
            log_event("digest", channel, codes, 0.0, EVENT_OUTCOMES[QUIET])
        return dict.fromkeys(channels, QUIET)
    text, blocks = digest_message(digest)
    outcomes = {}
    for channel in channels:
        watch = Stopwatch()
        outcomes[channel] = _post_once(querylog, digest, channel, text, blocks, post)
        log_event("digest", channel, codes, watch.ms(), EVENT_OUTCOMES[outcomes[channel]])
    return outcomes


def _post_once(
    querylog: QueryLog, digest: Digest, channel: str, text: str, blocks: list[dict], post: Poster
) -> str:
    key = digest.period.key
    try:
        if not querylog.claim_digest(channel, key):
            log.info("digest %s for %s: already posted or being posted", key, channel)
            return ALREADY
    except QueryLogDown as error:
        # Without the claim, exactly-once cannot be promised: better late than twice.
        log.warning("digest %s for %s not posted: the query log is down (%s)", key, channel, error)
        return FAILED
    try:
        post(channel, text, blocks)
    except Exception as error:
        log.warning("digest %s for %s: posting failed (%s); will retry", key, channel, error)
        _release(querylog, channel, key)
        return FAILED
    try:
        querylog.confirm_digest(channel, key)
    except QueryLogDown as error:
        log.warning("digest %s for %s posted, but not recorded: %s", key, channel, error)
    log.info("digest %s posted to %s", key, channel)
    return POSTED


def _release(querylog: QueryLog, channel: str, key: str) -> None:
    try:
        querylog.release_digest(channel, key)
    except QueryLogDown as error:
        log.warning("digest %s for %s: claim not released (%s)", key, channel, error)


def slack_poster(client) -> Poster:
    """A Poster over a slack_sdk WebClient."""

    def post(channel: str, text: str, blocks: list[dict]) -> None:
        client.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False)

    return post
