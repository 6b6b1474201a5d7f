"""Labelled values in pasted text: code, status and request-id fields, and which belong together.

Error bodies label what they carry (`"error_code": …`, `status_code:400`, `<RequestId>…`,
`X-Request-Id: …`), in JSON, escaped JSON, SDK `key:value` dumps, query strings and XML (raw or
as Slack's `&lt;`/`&gt;` entities). A field is found from its key word: each key is a literal that
the regular-expression engine searches for at C speed on a lower-cased copy of the text, and
what stands before the key (`error_`, `http`, `status_`) is read only where the key was found.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from enum import Enum
from functools import cached_property
from typing import NamedTuple

# Between a key and its value: closing quotes (escaped any number of times), a separator, opening
# quotes. Every repetition is bounded and a value cannot start with a quote: nothing backtracks.
_VALUE = (
    r"(?:\\{0,8}[\"'])?[ \t]{0,8}(?:[:=>：]|&gt;)[ \t]{0,8}(?:\\{0,8}[\"'])?"
    r"(?P<value>[a-z0-9][a-z0-9_\-]{0,63}(?:\.[a-z0-9_\-]{1,63}){0,5})(?![a-z0-9_\-])"
)
_CODE_KEY = re.compile("code" + _VALUE)
_STATUS_KEY = re.compile("status" + _VALUE)
_REQUEST_KEY = re.compile(r"request[ _-]?id" + _VALUE)

# What may stand right before `code`: a status key (`status_code`, `httpStatusCode`, `http_code`,
# `response code`) or an error key (`error_code`, `errorCode`, `err-code`, `error code`).
_BEFORE_CODE = re.compile(
    r"(?:(?P<status>(?:http[ _-]?)?(?:status|response)[ _-]?|http[ _-]?)|err(?:or)?[ _-]?)?\Z"
)
_BEFORE_STATUS = re.compile(r"(?:http[ _-]?)?\Z")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_KEY_TAIL = _WORD | {" ", "-"}

_SHORT_PARAGRAPH = 2_000

HTTP_STATUSES = frozenset(
    (*range(100, 104), *range(200, 209), 226, *range(300, 309), *range(400, 432), 451)
).union(range(500, 512))


class Kind(Enum):
    CODE = "code"
    STATUS = "status"
    REQUEST_ID = "request_id"


class Field(NamedTuple):
    """One labelled value: `key` is where its key starts, `start`/`end` the value's span."""

    kind: Kind
    value: str
    key: int
    start: int
    end: int


def http_status(value: str) -> int | None:
    """The HTTP status a field value states, if it is one (`400`, not `4000` nor `137`)."""
    if len(value) == 3 and value.isdigit() and int(value) in HTTP_STATUSES:
        return int(value)
    return None


class Fields:
    """The labelled fields of one text, each kind found only when asked for: a paste with no code
    never pays for its status and request-id labels, and a code field whose value is neither a
    code nor a status is dropped before its key is read."""

    def __init__(self, text: str) -> None:
        self.text = text
        # str.lower() keeps offsets except for one character, which lower-cases to two.
        self.low = text.replace("\u0130", "I").lower()

    def codes(self, is_code: Callable[[str], bool]) -> list[Field]:
        """Code fields (not `status_code`) whose value `is_code` accepts, asked once per value."""
        return [field for field in self._code_key_fields(is_code) if field.kind is Kind.CODE]

    def statuses(self) -> list[Field]:
        """Fields that state an HTTP status, `error_code:409` among them, in order of their keys."""
        found = self._code_key_fields(lambda value: http_status(value) is not None)
        for match in _STATUS_KEY.finditer(self.low):
            if http_status(self.text[match.start("value") : match.end("value")]) is None:
                continue
            key = match.start()
            before = _BEFORE_STATUS.search(self.low, max(0, key - 5), key)
            if before is not None and _stands_alone(self.low, before.start(), labelled=True):
                found.append(_field(Kind.STATUS, self.text, before.start(), match))
        found.sort(key=lambda field: field.key)
        return found

    def request_ids(self) -> list[Field]:
        low = self.low
        return [
            _field(Kind.REQUEST_ID, self.text, match.start(), match)
            for match in _REQUEST_KEY.finditer(low)
            if match.start() == 0 or low[match.start() - 1] not in _WORD
        ]

    def _code_key_fields(self, wanted: Callable[[str], bool]) -> list[Field]:
        """Fields keyed by `code` whose value is `wanted`; the key of each is read only then."""
        text, low = self.text, self.low
        verdicts: dict[str, bool] = {}
        found = []
        for match in _CODE_KEY.finditer(low):
            value = text[match.start("value") : match.end("value")]
            keep = verdicts.get(value)
            if keep is None:
                keep = verdicts[value] = wanted(value)
            if not keep:
                continue
            key = match.start()
            if key and low[key - 1] not in _KEY_TAIL:
                # Quoted or punctuated: a bare `code` key (`"code":`, `{code=`, `<Code>`).
                found.append(_field(Kind.CODE, text, key, match))
                continue
            before = _BEFORE_CODE.search(low, max(0, key - 16), key)
            if before is None or not _stands_alone(
                low, before.start(), labelled=before.end() > key
            ):
                continue
            kind = Kind.STATUS if before["status"] else Kind.CODE
            found.append(_field(kind, text, before.start() if before.end() > key else key, match))
        return found


def _stands_alone(low: str, key: int, *, labelled: bool) -> bool:
    """A key is not the tail of a longer word (`zipcode`, `barcode`); a bare `code` after a
    word and a space is prose (`exit code: 1`, `my code: This`) unless a prefix labelled it."""
    if key == 0:
        return True
    before = low[key - 1]
    if before in _WORD:
        return False
    return labelled or before != " " or key < 2 or low[key - 2] not in _LETTERS


def _field(kind: Kind, text: str, key: int, match: re.Match[str]) -> Field:
    start, end = match.span("value")
    return Field(kind, text[start:end], key, start, end)


class Layout:
    """Where the lines, error bodies and paragraphs of a text begin and end, to pair each mention
    with the field that came with it rather than one printed for another error."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _line_starts(self) -> list[int]:
        """Where each line after the first starts, then one past the end."""
        return list(itertools.accumulate(len(line) + 1 for line in self.text.split("\n")))

    @cached_property
    def _bodies(self) -> tuple[list[int], list[int]]:
        """Top-level `{…}` groups (an unclosed one runs to the end), as sorted starts and ends.
        str.split finds the braces at memory speed, rather than a regex char by char."""
        braces = sorted(
            [(position, 1) for position in _positions(self.text, "{")]
            + [(position, -1) for position in _positions(self.text, "}")]
        )
        starts: list[int] = []
        ends: list[int] = []
        depth = 0
        for position, step in braces:
            if step > 0 and depth == 0:
                starts.append(position)
            depth = max(0, depth + step)
            if step < 0 and depth == 0 and len(ends) < len(starts):
                ends.append(position + 1)
        if len(ends) < len(starts):
            ends.append(len(self.text))
        return starts, ends

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        gaps = re.finditer(r"\n[ \t\r]*\n", self.text)
        return [gap.end() for gap in gaps] + [len(self.text) + 1]

    def regions(self, position: int) -> Iterator[tuple[int, int]]:
        """The spans around `position`, innermost first: its line, its error body (which may span
        lines: a Java SDK block, pretty-printed JSON), its paragraph if short (an XML error pasted
        in a chat, not a whole log). Each is computed only when the one before held nothing."""
        yield _between(self._line_starts, position)
        starts, ends = self._bodies
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and position < ends[index]:
            yield starts[index], ends[index]
        start, end = _between(self._paragraph_starts, position)
        if end - start <= _SHORT_PARAGRAPH:
            yield start, end


def _positions(text: str, char: str) -> list[int]:
    """Where `char` occurs in `text`."""
    ends = itertools.accumulate(len(part) + 1 for part in text.split(char)[:-1])
    return [end - 1 for end in ends]


def _between(bounds: list[int], position: int) -> tuple[int, int]:
    index = bisect.bisect_right(bounds, position)
    return (bounds[index - 1] if index else 0), bounds[index]


class Labels:
    """The fields of one kind in a text, sorted by key, to pair with mentions."""

    def __init__(self, fields: list[Field]) -> None:
        self.fields = fields
        self.keys = [field.key for field in fields]

    def nearest(self, position: int, layout: Layout) -> Field | None:
        """The field nearest `position` in its innermost region that holds any, else the only
        one. Within a region only the two neighbours of `position` can be the nearest."""
        if not self.fields:
            return None
        split = bisect.bisect_right(self.keys, position)
        for start, end in layout.regions(position):
            inside = [
                self.fields[index]
                for index in (split - 1, split)
                if 0 <= index < len(self.fields) and start <= self.keys[index] < end
            ]
            if inside:
                return min(inside, key=lambda field: abs(field.key - position))
        return self.fields[0] if len(self.fields) == 1 else None
