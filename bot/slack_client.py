"""The Web API client: Slack's base URL or `SLACK_API_URL`, with retries Slack asks for.

Slack answers 429 with a Retry-After header when a method's rate tier is
exceeded, and a dropped connection is worth a second try; both are retried
here so no listener has to. Response URLs get the same treatment.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    RetryHandler,
)
from slack_sdk.webhook import WebhookClient

from bot.config import Settings

RETRIES = 2
TIMEOUT_S = 10


def retry_handlers() -> list[RetryHandler]:
    """429s wait for Retry-After; connection resets and refusals are tried again."""
    return [
        RateLimitErrorRetryHandler(max_retry_count=RETRIES),
        ConnectionErrorRetryHandler(max_retry_count=RETRIES),
    ]


def web_client(settings: Settings) -> WebClient:
    """A WebClient for the bot token, at `settings.api_url` when one is set."""
    options = {"base_url": _with_slash(settings.api_url)} if settings.api_url else {}
    return WebClient(
        token=settings.bot_token or None,
        timeout=TIMEOUT_S,
        retry_handlers=retry_handlers(),
        **options,
    )


def webhook(url: str) -> WebhookClient:
    """A client for one response_url, retried like the Web API."""
    return WebhookClient(url=url, timeout=TIMEOUT_S, retry_handlers=retry_handlers())


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
