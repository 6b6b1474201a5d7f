"""How `hwerr lookup` prints a lookup Result: readable text, or one JSON object."""

from __future__ import annotations

import json

from catalog.lookup import CodeAnswer, Result
from catalog.model import Entry
from catalog.suggest import Suggestion

INDENT = "  "


def as_json(result: Result) -> str:
    """One line: the query, what kind of answer, every entry shown, and what helps when
    nothing was (suggestions, closest codes)."""
    document = {
        "query": result.query,
        "message": result.message,
        "kind": result.kind,
        "found": result.found,
        "entries": [entry.to_dict() for entry in shown_entries(result)],
        "codes": [
            {
                "asked": answer.asked,
                "code": answer.code,
                "status": answer.status,
                "variants": len(answer.variants),
                "suggestions": [_suggestion(s) for s in answer.suggestions],
                "service_hint": answer.service_hint,
            }
            for answer in result.codes
        ],
        "service": result.service,
        "hits": [{"code": hit.entry.code, "score": hit.score} for hit in result.hits],
        "total_hits": result.total_hits,
        "closest": [_suggestion(s) for s in result.closest],
    }
    return json.dumps(document, ensure_ascii=False)


def shown_entries(result: Result) -> list[Entry]:
    if result.codes:
        return [entry for answer in result.codes for entry in answer.variants]
    return list(result.listing) or [hit.entry for hit in result.hits]


def as_text(result: Result) -> str:
    if result.codes:
        return "\n\n".join(_code_text(answer) for answer in result.codes)
    if result.service is not None:
        return _listing_text(result)
    if result.hits:
        return _hits_text(result)
    return _nothing_text(result)


def _code_text(answer: CodeAnswer) -> str:
    if answer.variants:
        return "\n\n".join(_entry_text(entry) for entry in answer.variants)
    if answer.code is not None:
        return f"{answer.code} has no variant with HTTP status {answer.status}."
    hint = f" (its prefix is {answer.service_hint}'s)" if answer.service_hint else ""
    headline = f"No code {answer.asked} in the catalog{hint}."
    return _offering(headline, "Did you mean:", answer.suggestions)


def _entry_text(entry: Entry) -> str:
    status = " ".join(str(part) for part in (entry.http_status, entry.status_text) if part)
    lines = [f"{entry.code} · {entry.service}"]
    lines.append(_field("HTTP", status or "-"))
    lines.append(_field("Message", entry.message))
    if entry.description.strip() and entry.description.strip() != entry.message.strip():
        lines.append(_field("Why", entry.description))
    if entry.solution.strip():
        lines.append(_field("What to do", entry.solution))
    source = f"{entry.source} row {entry.row}" + (f" · {entry.url}" if entry.url else "")
    lines.append(_field("Source", source))
    return "\n".join(lines)


def _field(label: str, value: str) -> str:
    head = f"{INDENT}{label + ':':<12}"
    return head + value.strip().replace("\n", "\n" + " " * len(head))


def _listing_text(result: Result) -> str:
    lines = [f"{result.service}: {len(result.listing)} codes"]
    for entry in result.listing:
        status = entry.http_status if entry.http_status is not None else "-"
        lines.append(f"{INDENT}{entry.code}  {status}  {_one_line(entry.message)}")
    return "\n".join(lines)


def _hits_text(result: Result) -> str:
    shown = len(result.hits)
    lines = [f"{shown} of {result.total_hits} matches for {_searched(result)}:", ""]
    lines.append("\n\n".join(_entry_text(hit.entry) for hit in result.hits))
    if result.total_hits > shown:
        lines += ["", f"more: hwerr lookup {result.query} --all"]
    return "\n".join(lines)


def _nothing_text(result: Result) -> str:
    return _offering(f"Nothing found for {_searched(result)}.", "Closest codes:", result.closest)


def _searched(result: Result) -> str:
    """The words searched, or the message of the error pasted."""
    return f"the error message {result.message!r}" if result.message else repr(result.query)


def _offering(headline: str, label: str, suggestions: tuple[Suggestion, ...]) -> str:
    """A headline, then the codes offered instead (one a line), if any."""
    lines = [headline]
    if suggestions:
        lines.append(label)
        for suggestion in suggestions:
            why = " (swapped characters)" if suggestion.transposition else ""
            lines.append(f"{INDENT}{suggestion.code}  {suggestion.message}{why}")
    return "\n".join(lines)


def _suggestion(suggestion: Suggestion) -> dict:
    return {
        "code": suggestion.code,
        "distance": suggestion.distance,
        "transposition": suggestion.transposition,
        "message": suggestion.message,
    }


def _one_line(text: str) -> str:
    return " ".join(text.split())
