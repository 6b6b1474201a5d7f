"""The use case every surface shares: a query or a pasted text -> an Answer.

No Slack here: the command, mentions, DMs, the shortcut, auto-replies and the
console all ask this module, then render the Answer with `bot.blocks`.
Two ways in:
- `answer_query`: what someone typed to the bot (`/hwerr …`, a mention, a DM):
  the lookup grammar (codes, `CODE STATUS`, a service, free text), or, when
  it reads as pasted output holding codes, those codes.
- `answer_text`: a pasted text (a channel message, a shortcut's message): the
  codes found in it, each with the request id and status found beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from catalog.codes import Mention, find_codes
from catalog.lookup import CodeAnswer, Hit, Lookup, Result, Suggestion
from catalog.model import Catalog, Entry, code_key

COMMAND_WORDS = ("help", "stats", "digest")


@dataclass(frozen=True)
class Page:
    """A code's variants from one source page, ordered by status."""

    service: str
    source: str
    url: str
    variants: tuple[Entry, ...]


@dataclass(frozen=True)
class Explanation:
    """One code asked or found, and everything the catalog says about it."""

    code: str
    pages: tuple[Page, ...] = ()
    status: int | None = None
    status_asked: bool = False
    request_id: str | None = None
    suggestions: tuple[Suggestion, ...] = ()
    service_hint: str | None = None

    @property
    def known(self) -> bool:
        return bool(self.pages)

    @property
    def variant_count(self) -> int:
        return sum(len(page.variants) for page in self.pages)

    @property
    def status_matched(self) -> bool:
        """A status was found in the text (not asked) and, of several variants, one has it:
        it comes first. With a single variant there is nothing to reorder or to say."""
        first = self.pages[0].variants[0] if self.pages else None
        return (
            not self.status_asked
            and self.status is not None
            and self.variant_count > 1
            and first is not None
            and first.http_status == self.status
        )


@dataclass(frozen=True)
class Answer:
    """What to tell the reader. `kind`: codes, service, search, nothing, help, stats, digest."""

    kind: str
    query: str = ""
    explanations: tuple[Explanation, ...] = ()
    unexplained: tuple[str, ...] = ()
    service: str | None = None
    listing: tuple[Entry, ...] = ()
    hits: tuple[Hit, ...] = ()
    total_hits: int = 0
    closest: tuple[Suggestion, ...] = ()
    message: str | None = None  # a pasted error's message, searched in place of the paste

    @property
    def known(self) -> list[Explanation]:
        return [e for e in self.explanations if e.known]

    def only(self, codes: Iterable[str]) -> Answer:
        """The same answer limited to `codes` (those not yet explained in a thread)."""
        keep = {code_key(code) for code in codes}
        return replace(
            self,
            explanations=tuple(e for e in self.explanations if code_key(e.code) in keep),
            unexplained=tuple(c for c in self.unexplained if code_key(c) in keep),
        )


def command_word(query: str) -> str | None:
    """`help`, `stats` or `digest` when the query is one of those words, else None."""
    word = query.strip().casefold()
    return word if word in COMMAND_WORDS else None


def answer_query(query: str, catalog: Catalog, lookup: Lookup) -> Answer:
    """Answer what someone typed to the bot.

    The lookup grammar reads codes, `CODE STATUS`, services and free text. When
    it finds no code but the text holds some (pasted SDK output), those codes
    are explained with their request ids and statuses instead.
    """
    query = query.strip()
    if not query or command_word(query) == "help":
        return Answer(kind="help", query=query)
    result = lookup.answer(query)
    if result.kind in ("search", "nothing"):
        mentions = find_codes(query, catalog)
        if mentions:
            return _from_mentions(query, mentions, lookup, known_only=False)
    return _from_result(result, lookup)


def answer_text(text: str, catalog: Catalog, lookup: Lookup, *, known_only: bool) -> Answer:
    """Explain the codes found in `text`, in the order they first appear.

    `known_only` (auto-replies): unknown codes are listed in `unexplained`,
    never explained, and no suggestion is computed for them.
    """
    return _from_mentions(text, find_codes(text, catalog), lookup, known_only=known_only)


# -- building ----------------------------------------------------------------


def _from_result(result: Result, lookup: Lookup) -> Answer:
    return Answer(
        kind=result.kind,
        query=result.query,
        explanations=tuple(_explain_answer(answer, lookup) for answer in result.codes),
        service=result.service,
        listing=tuple(result.listing),
        hits=tuple(result.hits),
        total_hits=result.total_hits,
        closest=tuple(result.closest),
        message=result.message,
    )


def _explain_answer(code_answer: CodeAnswer, lookup: Lookup) -> Explanation:
    """A code asked for; a status no variant has shows every variant (and says so)."""
    if code_answer.code is None:
        return Explanation(
            code=code_answer.asked,
            status=code_answer.status,
            status_asked=code_answer.status is not None,
            suggestions=tuple(code_answer.suggestions),
            service_hint=code_answer.service_hint,
        )
    variants = code_answer.variants or lookup.variants(code_answer.code)
    return Explanation(
        code=code_answer.code,
        pages=group_pages(variants, None),
        status=code_answer.status,
        status_asked=code_answer.status is not None,
    )


def _from_mentions(
    text: str, mentions: Sequence[Mention], lookup: Lookup, *, known_only: bool
) -> Answer:
    explanations: list[Explanation] = []
    unexplained: list[str] = []
    for mention in _first_of_each(mentions):
        if mention.known:
            variants = lookup.variants(mention.code)
            explanations.append(
                Explanation(
                    code=mention.code,
                    pages=group_pages(variants, mention.status),
                    status=mention.status,
                    request_id=mention.request_id,
                )
            )
        elif known_only:
            unexplained.append(mention.code)
        else:
            explanations.append(_explain_unknown(mention, lookup))
    return Answer(
        kind="codes" if explanations else "nothing",
        query=text,
        explanations=tuple(explanations),
        unexplained=tuple(unexplained),
    )


def _explain_unknown(mention: Mention, lookup: Lookup) -> Explanation:
    """Suggestions and the prefix's service, as the lookup gives them for the code alone."""
    asked = [answer for answer in lookup.answer(mention.code).codes if answer.code is None]
    return Explanation(
        code=mention.code,
        request_id=mention.request_id,
        status=mention.status,
        suggestions=tuple(asked[0].suggestions if asked else lookup.suggest(mention.code)),
        service_hint=asked[0].service_hint if asked else None,
    )


def _first_of_each(mentions: Sequence[Mention]) -> list[Mention]:
    """Each code once, where it first appears, with any request id or status seen beside it."""
    firsts: dict[str, Mention] = {}
    for mention in mentions:
        key = code_key(mention.code)
        seen = firsts.get(key)
        if seen is None:
            firsts[key] = mention
        else:
            firsts[key] = replace(
                seen,
                request_id=seen.request_id or mention.request_id,
                status=seen.status if seen.status is not None else mention.status,
            )
    return list(firsts.values())


def group_pages(variants: Iterable[Entry], status_first: int | None) -> tuple[Page, ...]:
    """Variants grouped by source page (page order), each page by status.

    A status found in pasted text moves the page and the variant with that
    status to the front; nothing is dropped.
    """
    pages: dict[str, list[Entry]] = {}
    for entry in variants:
        pages.setdefault(entry.source, []).append(entry)

    def status_order(entry: Entry) -> tuple[int, int]:
        matches = status_first is not None and entry.http_status == status_first
        return (0 if matches else 1, entry.http_status if entry.http_status is not None else 1000)

    grouped = [
        Page(
            service=entries[0].service,
            source=source,
            url=entries[0].url,
            variants=tuple(sorted(entries, key=status_order)),
        )
        for source, entries in pages.items()
    ]
    grouped.sort(key=lambda page: status_order(page.variants[0])[0])
    return tuple(grouped)
