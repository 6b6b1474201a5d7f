"""The digest as a Slack message: Block Kit blocks within Slack's limits, and fallback text.

Every piece of text that came from a person or a page (codes, messages) is
escaped for mrkdwn here; channel IDs become channel links only when they look
like channel IDs.
"""

from __future__ import annotations

import re

from bot.digest import (
    NO_LINES,
    Digest,
    digest_text,
    footer_text,
    gaps_text,
    line_figures,
    quiet_text,
)

MAX_BLOCKS = 50
SECTION_CHARS = 3000
HEADER_CHARS = 150
CONTEXT_CHARS = 2000
FALLBACK_CHARS = 3000
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")


def escape(text: str) -> str:
    """Slack mrkdwn's three control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def digest_message(digest: Digest) -> tuple[str, list[dict]]:
    """(fallback text, blocks) ready for chat.postMessage."""
    return _clip(escape(digest_text(digest)), FALLBACK_CHARS), digest_blocks(digest)


def digest_blocks(digest: Digest) -> list[dict]:
    blocks: list[dict] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _clip(digest.title, HEADER_CHARS)},
        }
    ]
    if digest.quiet:
        return [*blocks, _section(escape(quiet_text(digest)))]
    lines = [
        "  ".join([f"{number}. *{escape(line.code)}*", *line_figures(line), escape(line.message)])
        for number, line in enumerate(digest.lines, 1)
    ] or [escape(NO_LINES)]
    blocks += [_section(text) for text in _pack(lines, SECTION_CHARS)]
    context = [escape(gaps_text(digest, limit=10)), footer_text(digest, 5, _channel_link)]
    blocks.append(
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": _clip(text, CONTEXT_CHARS)} for text in context if text
            ],
        }
    )
    return blocks[:MAX_BLOCKS]


def _channel_link(channel: str) -> str:
    return f"<#{channel}>" if CHANNEL_ID.fullmatch(channel) else f"#{escape(channel)}"


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _pack(lines: list[str], limit: int) -> list[str]:
    """Join lines into as few texts as fit under `limit` characters each."""
    texts: list[str] = []
    for line in lines:
        line = _clip(line, limit)
        if texts and len(texts[-1]) + 1 + len(line) <= limit:
            texts[-1] += "\n" + line
        else:
            texts.append(line)
    return texts


def _clip(text: str, limit: int) -> str:
    """Cut at `limit` characters without leaving half an escape such as '&am'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"
