"""What a code looks like, and finding codes in pasted text.

Two passes, both linear in the text. Dotted codes (`SCM.0014`, `CCI.01.400101`) are found from a
dot with a letter before it and a digit after it, which the regular-expression engine searches for
at C speed; only there is the surrounding run of code characters read and judged as a whole, so a
code inside a longer token (`XSCM.0014`, `SCM.00145`, `scm.0014.example.com`) is never cut out of
it. Bare-number and name codes (`111400010`, `AccessDenied`) are found only where a field labels
them as codes (`catalog.fields`), and the same fields give each mention its status and request id.
"""

from __future__ import annotations

import re
import string
import unicodedata
import weakref
from dataclasses import dataclass
from typing import NamedTuple

from catalog.fields import Field, Kind, Labels, Layout, find_fields, http_status
from catalog.model import Catalog, code_key, code_prefix


@dataclass(frozen=True, slots=True)
class Mention:
    """One code a text mentions, where it first appears, and what came with it."""

    code: str  # known: as the catalog's first variant writes it; unknown: as the text wrote it
    written: str  # exactly as it appears in the text (text[start:end])
    start: int
    end: int
    known: bool
    request_id: str | None
    status: int | None


def normalize(text: str) -> str:
    """A code as compared: NFKC (full-width `．` and digits become ASCII), no space, no case.

    Dropping a space or folding case can leave a sequence NFKC composes further (`R¸` is R,
    space, combining cedilla), so the steps repeat until nothing changes: normalize is idempotent.
    """
    for _ in range(_NORMALIZE_ROUNDS):
        folded = code_key(unicodedata.normalize("NFKC", text))
        if folded == text:
            break
        text = folded
    return text


_NORMALIZE_ROUNDS = 8


# A dotted code: a part led by a letter, up to four more parts, then the number.
_DOTTED = re.compile(
    r"[A-Za-z][A-Za-z0-9_\-]{0,39}(?:\.[A-Za-z0-9][A-Za-z0-9_\-]{0,39}){0,4}\.[0-9]{1,12}"
)
_LONGEST_HEAD = 5 * 40 + 4
# A dot with a letter before it (or two letters and at most three digits: `SVC7.0001`, not `v2.0`)
# and a digit after it, then the rest of its run of code characters. The lookbehinds come after the
# literal dot so that the engine searches for the dot alone; IPs, decimals and timestamps never get
# past them.
_ANCHOR = re.compile(
    r"\.(?=[0-9])"
    r"(?:(?<=[A-Za-z]\.)|(?<=[A-Za-z]{2}[0-9]\.)|(?<=[A-Za-z]{2}[0-9]{2}\.)"
    r"|(?<=[A-Za-z]{2}[0-9]{3}\.))"
    r"[A-Za-z0-9_.\-]+"
)
_RUN = frozenset(string.ascii_letters + string.digits + "_.-")
_RUN_BACKWARDS = re.compile(rf"[A-Za-z0-9_.\-]{{0,{_LONGEST_HEAD}}}")
# An unknown code a code field holds by name: `NoSuchKey`, `UNKNOWN_ERROR`, `KMS.DisabledException`.
_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)*")
_NOT_NAMES = frozenset({"NULL", "NONE", "NIL", "TRUE", "FALSE", "OK", "SUCCESS", "HTTP", "NAN"})
_SHORTEST_UNKNOWN_NUMBER = 3
# A code pasted a thousand times is paired with a request id and status from its first few.
_OCCURRENCES_PAIRED = 8

_PREFIXES: dict[int, tuple[weakref.ref[Catalog], frozenset[str]]] = {}


def find_codes(text: str, catalog: Catalog) -> list[Mention]:
    """Every code `text` mentions, each once (compared without case), in order of first appearance.

    Known codes come back as the catalog writes them. A code-shaped token the catalog lacks is
    reported as unknown (never swapped for a near neighbour) when a code field holds it, its
    prefix is a catalog prefix, or it starts with a capital letter (`APIGW.0301`).
    """
    # The full-width dot is one character like ".", so offsets into `scan` are offsets into `text`.
    scan = text.replace("．", ".") if "．" in text else text
    fields = find_fields(scan)
    found = _dotted_codes(scan, catalog) + _field_codes(fields, catalog)
    found.sort(key=lambda candidate: candidate.start)
    firsts: dict[str, list[_Candidate]] = {}
    for candidate in found:
        occurrences = firsts.setdefault(candidate.key, [])
        if len(occurrences) < _OCCURRENCES_PAIRED:
            occurrences.append(candidate)
    if not firsts:
        return []
    layout = Layout(scan)
    request_ids = Labels([field for field in fields if field.kind is Kind.REQUEST_ID])
    statuses = Labels([field for field in fields if _status_of(field) is not None])
    return [
        _mention(text, occurrences, layout, request_ids, statuses)
        for occurrences in firsts.values()
    ]


class _Candidate(NamedTuple):
    start: int
    end: int
    code: str
    known: bool
    key: str  # how mentions compare: normalize(code)


def _mention(
    text: str,
    occurrences: list[_Candidate],
    layout: Layout,
    request_ids: Labels,
    statuses: Labels,
) -> Mention:
    """The first occurrence, with the request id and status of the first that has them."""
    request_id = next(
        (found.value for at in occurrences if (found := request_ids.nearest(at[0], layout))), None
    )
    status = next(
        (_status_of(found) for at in occurrences if (found := statuses.nearest(at[0], layout))),
        None,
    )
    start, end, code, known, _ = occurrences[0]
    written = text[start:end]
    if not known:
        code = "".join(written.split())
    return Mention(code, written, start, end, known, request_id, status)


def _status_of(field: Field) -> int | None:
    """A status field's number, or a code field that holds a status (`error_code:409`)."""
    return http_status(field.value) if field.kind is not Kind.REQUEST_ID else None


def _dotted_codes(text: str, catalog: Catalog) -> list[_Candidate]:
    found = []
    verdicts: dict[str, tuple[str, bool, str] | None] = {}
    seen: dict[str, int] = {}
    backwards = ""
    for anchor in _ANCHOR.finditer(text):
        # The run starts where a match on the reversed text stops (a bounded stretch: a longer
        # run holds no code); the reversal is made once, and only for a text with an anchor.
        dot, end = anchor.span()
        backwards = backwards or text[::-1]
        start = len(text) - _RUN_BACKWARDS.match(backwards, len(text) - dot).end()
        if start == dot - _LONGEST_HEAD and start > 0 and text[start - 1] in _RUN:
            continue
        # Drop what punctuates a run rather than belongs to it: Slack's `_italic_` marks and a
        # sentence's closing dots.
        if text[start] == "_":
            start += 1
        while text[end - 1] in "._-":
            end -= 1
        token = text[start:end]
        count = seen.get(token, 0)
        if count == _OCCURRENCES_PAIRED:
            continue
        seen[token] = count + 1
        if token not in verdicts:
            verdicts[token] = _judge(token, catalog)
        verdict = verdicts[token]
        if verdict is not None:
            found.append(_Candidate(start, end, *verdict))
    return found


def _judge(token: str, catalog: Catalog) -> tuple[str, bool, str] | None:
    """(code, known, key) for a run that is a code on its own, else None."""
    if not _DOTTED.fullmatch(token):
        return None
    if token in catalog:
        return _known(token, catalog)
    if _holds_known_code(token, catalog):
        return None
    if _looks_unknown(token, catalog):
        return token, False, normalize(token)
    return None


def _known(token: str, catalog: Catalog) -> tuple[str, bool, str]:
    code = catalog.variants(token)[0].code
    return code, True, normalize(code)


def _holds_known_code(token: str, catalog: Catalog) -> bool:
    """`XSCM.0014` and `SCM.00145` hold a known code glued into a longer token: not a code."""
    first_dot = token.index(".")
    last_dot = token.rindex(".")
    return any(token[cut:] in catalog for cut in range(1, first_dot)) or any(
        token[:cut] in catalog for cut in range(last_dot + 2, len(token))
    )


def _looks_unknown(token: str, catalog: Catalog) -> bool:
    """A dotted code the catalog lacks, rather than a file name or version (`app.log.20241105`)."""
    head, _, number = token.rpartition(".")
    if len(number) < _SHORTEST_UNKNOWN_NUMBER:
        return False
    if head.casefold() in _prefixes(catalog):
        return True
    return token[0].isupper() and not any(part.islower() for part in head.split(".")[1:])


def _field_codes(fields: list[Field], catalog: Catalog) -> list[_Candidate]:
    """Codes that code fields hold: known ones of any shape, and unknown ones that look like codes.
    A status standing in a code field (`error_code:409`, `"code": 400`) is not a code."""
    found = []
    verdicts: dict[str, tuple[str, bool, str] | None] = {}
    for field in fields:
        if field.kind is Kind.CODE:
            if field.value not in verdicts:
                verdicts[field.value] = _judge_field(field.value, catalog)
            verdict = verdicts[field.value]
            if verdict is not None:
                found.append(_Candidate(field.start, field.end, *verdict))
    return found


def _judge_field(value: str, catalog: Catalog) -> tuple[str, bool, str] | None:
    if http_status(value) is not None:
        return None
    if value in catalog:
        return _known(value, catalog)
    if _unknown_field_code(value):
        return value, False, normalize(value)
    return None


def _unknown_field_code(value: str) -> bool:
    if value.isdigit():
        return len(value) > 3
    if _DOTTED.fullmatch(value):
        return len(value.rpartition(".")[2]) >= _SHORTEST_UNKNOWN_NUMBER
    return (
        _NAME.fullmatch(value) is not None
        and sum(char.isupper() for char in value) >= 2
        and value.upper() not in _NOT_NAMES
    )


def _prefixes(catalog: Catalog) -> frozenset[str]:
    """The catalog's code prefixes without case (`scm`, `cci.01`), computed once per catalog."""
    cached = _PREFIXES.get(id(catalog))
    if cached is not None and cached[0]() is catalog:
        return cached[1]
    prefixes = frozenset(code_prefix(code).casefold() for code in catalog.codes()) - {""}
    key = id(catalog)
    _PREFIXES[key] = (weakref.ref(catalog, lambda _gone: _PREFIXES.pop(key, None)), prefixes)
    return prefixes
