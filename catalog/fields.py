"""Labelled values in pasted text: code, status and request-id fields, and which belong together.

Error bodies label what they carry (`"error_code": …`, `status_code:400`, `<RequestId>…`,
`X-Request-Id: …`), in JSON, escaped JSON, SDK `key:value` dumps, query strings and XML (raw or
as Slack's `&lt;`/`&gt;` entities). A field is found from its key word: each key is a literal that
the regular-expression engine searches for at C speed on a lower-cased copy of the text, and
what stands before the key (`error_`, `http`, `status_`) is read only where the key was found.
Statuses and request ids are labels for the codes found: `Labels` reads them only when there are
codes to pair, and pairs each code with the nearest in its line, body or paragraph (`Layout`).
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Callable, Iterator
from functools import cached_property, lru_cache
from typing import NamedTuple

from catalog.repeats import first_few

# Between a key and its value: closing quotes (escaped any number of times), a separator, opening
# quotes. Every repetition is bounded and a value cannot start with a quote: nothing backtracks.
_VALUE = (
    r"(?:\\{0,8}[\"'])?[ \t]{0,8}(?:[:=>：]|&gt;)[ \t]{0,8}(?:\\{0,8}[\"'])?"
    r"(?P<value>[a-z0-9][a-z0-9_\-]{0,63}(?:\.[a-z0-9_\-]{1,63}){0,5})(?![a-z0-9_\-])"
)
_CODE_KEY = re.compile("code" + _VALUE)
_VALUE_GROUP = _CODE_KEY.groupindex["value"]  # the same in every key's pattern
_STATUS_KEY = re.compile("status" + _VALUE)
_REQUEST_KEY = re.compile(r"request[ _-]?id" + _VALUE)

# What may stand right before `code`: a status key (`status_code`, `httpStatusCode`, `http_code`,
# `response code`) or an error key (`error_code`, `errorCode`, `err-code`, `error code`).
# Matched on the reversed text before `code`, so that one match at one place reads it.
_BEFORE_CODE_REVERSED = re.compile(
    r"(?P<status>[ _-]?(?:sutats|esnopser)(?:[ _-]?ptth)?|[ _-]?ptth)|[ _-]?(?:ro)?rre"
)
# The longest key before `code`, and the two characters before it that say whether it stands alone.
_KEY_WINDOW = len("http_response_") + 2
_BEFORE_STATUS = re.compile(r"(?:http[ _-]?)?\Z")
# What may lead `status`, and the character before it that says whether it stands alone.
_STATUS_WINDOW = len("http_") + 1
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_KEY_TAIL = _WORD | {" ", "-"}
# A bare `code` key: nothing labels it.
_BARE = (0, False)
# What a key's reading tells apart, one byte each: letters, a digit (as `0`), the punctuation of
# a key, and anything else (as `,`).
_FOLD = bytes(
    byte
    if chr(byte) in _LETTERS or chr(byte) in " _-"
    else ord("0" if chr(byte) in "0123456789" else ",")
    for byte in range(256)
)

_SHORT_PARAGRAPH = 2_000
# Status labels read at once: enough to read in bulk, few enough to stop early.
_CHUNK = 64
# Fields of one code value kept, to pair it with a request id and status; later ones are dropped.
_FIELDS_PER_CODE = 8
# A label: where its key starts, and its value.
Label = tuple[int, str]
_KEY = operator.itemgetter(0)
_VALUE_OF = operator.itemgetter(1)

HTTP_STATUSES = frozenset(
    (*range(100, 104), *range(200, 209), 226, *range(300, 309), *range(400, 432), 451)
).union(range(500, 512))
_STATUS_OF: dict[str | None, int] = {str(status): status for status in HTTP_STATUSES}


class CodeFields(NamedTuple):
    """Code fields as columns: each one's value and where the value starts and ends."""

    values: list[str]
    starts: list[int]
    ends: list[int]


def http_status(value: str | None) -> int | None:
    """The HTTP status a field value states, if it is one (`400`, not `4000` nor `137`)."""
    return _STATUS_OF.get(value)


class Fields:
    """The labelled fields of one text, each kind found only when asked for: a paste with no code
    never pays for its status and request-id labels, and a code field whose value is neither a
    code nor a status is dropped before its key is read."""

    def __init__(self, text: str, judge: Callable[[list[str]], list[bool]]) -> None:
        self.text = text
        # str.lower() keeps offsets except for one character, which lower-cases to two.
        self.low = text.replace("\u0130", "I").lower()
        self._judge = judge  # whether each of some distinct values (none a status) is a code

    def codes(self) -> CodeFields:
        """Code fields (not `status_code`) whose value `judge` accepts: the first few of each
        value, enough to pair it with a request id and status (a log of the same error a thousand
        times gives a few)."""
        return self._code_keys.codes

    def statuses(self, start: int = 0, end: int | None = None) -> Iterator[Label]:
        """The HTTP statuses fields state, `error_code:409` among them, keyed in [start, end)
        (not in order), read as they are asked for, in bulk a few dozen at a time: whether a
        long log holds any is known from its first few."""
        end = len(self.low) if end is None else end
        code_keys = self._code_keys
        first = bisect.bisect_left(code_keys.status_codes, start)
        last = bisect.bisect_left(code_keys.status_codes, end)
        for chunk in range(first, last, _CHUNK):
            codes = code_keys.status_codes[chunk : min(chunk + _CHUNK, last)]
            values = code_keys.status_values[chunk : chunk + len(codes)]
            yield from _labels(codes, self._keys_before(codes), values)
        matches = _STATUS_KEY.finditer(self.low, start, end)
        while chunk := list(itertools.islice(matches, _CHUNK)):
            values = list(map(re.Match.group, chunk, itertools.repeat(_VALUE_GROUP)))  # of `low`
            is_status = list(map(_STATUS_OF.__contains__, values))  # digits, as the text has them
            values = list(itertools.compress(values, is_status))
            starts = list(map(re.Match.start, itertools.compress(chunk, is_status)))
            keys = map(_status_key_before, self._windows(starts, _STATUS_WINDOW))
            yield from _labels(starts, list(keys), values)

    def request_ids(self, start: int = 0, end: int | None = None) -> Iterator[Label]:
        """The request ids fields state, keyed in [start, end), in order, read as asked for."""
        low, text = self.low, self.text
        for match in _REQUEST_KEY.finditer(low, start, len(low) if end is None else end):
            key = match.start()
            if key == 0 or low[key - 1] not in _WORD:
                yield key, text[match.start("value") : match.end("value")]

    @cached_property
    def _code_keys(self) -> _CodeKeys:
        """One pass over the `code` keys (`error_code`, `status_code`, `"code"`), as columns: the
        code fields, each distinct value judged once and the first few of each kept; and the
        matches whose value is a status, their keys left to read until statuses are asked for."""
        matches = list(_CODE_KEY.finditer(self.low))
        starts = list(map(re.Match.start, matches, itertools.repeat(_VALUE_GROUP)))
        ends = list(map(re.Match.end, matches, itertools.repeat(_VALUE_GROUP)))
        values = list(map(self.text.__getitem__, map(slice, starts, ends)))
        is_status = list(map(_STATUS_OF.__contains__, values))
        statuses = list(map(re.Match.start, itertools.compress(matches, is_status)))
        judged = [value for value in dict.fromkeys(values) if value not in _STATUS_OF]
        codes = set(itertools.compress(judged, self._judge(judged))) if judged else set()
        is_code = map(codes.__contains__, values) if codes else ()  # none: not even a pass
        places = list(itertools.compress(range(len(values)), is_code))
        keys = self._keys_before(list(map(re.Match.start, map(matches.__getitem__, places))))
        places = [place for place, key in zip(places, keys, strict=True) if key and not key[1]]
        kept = first_few(list(map(values.__getitem__, places)), _FIELDS_PER_CODE)
        if kept is not None:
            places = list(map(places.__getitem__, kept))
        fields = CodeFields(
            *(list(map(column.__getitem__, places)) for column in (values, starts, ends))
        )
        return _CodeKeys(fields, statuses, list(itertools.compress(values, is_status)))

    def _windows(self, places: list[int], size: int) -> list[str]:
        """The `size` characters of folded text before each of these places."""
        ends = list(map(operator.add, places, itertools.repeat(_KEY_WINDOW)))
        starts = map(operator.sub, ends, itertools.repeat(size))
        return list(map(self._folded.__getitem__, map(slice, starts, ends)))

    def _keys_before(self, codes: list[int]) -> list[tuple[int, bool] | None]:
        """`_key_before` the `code` at each of these places, all at once. A `code` after a quote
        or other punctuation (`"code":`, `<Code>`, `&code=`) is a bare key: only the others have
        their window read."""
        if not codes:  # no key to read: the text is not folded
            return []
        folded = self._folded
        befores = map(
            folded.__getitem__, map(operator.add, codes, itertools.repeat(_KEY_WINDOW - 1))
        )
        labelled = list(map(_KEY_TAIL.__contains__, befores))
        windows = self._windows(list(itertools.compress(codes, labelled)), _KEY_WINDOW)
        read = map(_key_before, windows)
        return [next(read) if tail else _BARE for tail in labelled]

    @cached_property
    def _folded(self) -> str:
        """The lower-cased text with its digits as `0` and what is neither a letter nor a key's
        punctuation as `,`, one character each. A key is read from the few characters before its
        `code`; folded, they repeat from one field to the next (`1000,error_`, `1001,error_`), so
        each distinct run of them is read once. It starts with a window of `,`, as the text's
        start reads, so that the window before each `code` is `_KEY_WINDOW` long and at its
        place plus that: `folded[code : code + _KEY_WINDOW]`."""
        folded = self.low.encode("latin-1", "replace").translate(_FOLD).decode("ascii")
        return "," * _KEY_WINDOW + folded


class _CodeKeys(NamedTuple):
    codes: CodeFields
    status_codes: list[int]  # where each `code` key whose value is a status starts
    status_values: list[str]


@lru_cache(maxsize=1024)
def _key_before(window: str) -> tuple[int, bool] | None:
    """The key that ends in a `code` after this `_KEY_WINDOW` of folded text, which ends in a
    letter, digit, `_`, `-` or space (what labels the key: `error_`, `status_`), unless it is the
    tail of a word or prose: the length of the key before `code`, and whether it states a status.
    The longest label leaves two characters before it to read."""
    before = _BEFORE_CODE_REVERSED.match(window[::-1])
    start = _KEY_WINDOW - before.end() if before else _KEY_WINDOW
    # Not the tail of a longer word (`zipcode`, `barcode`); a bare `code` after a word and a
    # space is prose (`exit code: 1`, `my code: This`).
    previous = window[start - 1]
    if previous in _WORD or (not before and previous == " " and window[start - 2] in _LETTERS):
        return None
    return _KEY_WINDOW - start, before is not None and before["status"] is not None


@lru_cache(maxsize=256)
def _status_key_before(window: str) -> tuple[int, bool] | None:
    """The `status` key after this `_STATUS_WINDOW` of folded text, with the `http` that may lead
    it (`http_status`): the length of what leads it, unless it is the tail of a word."""
    key = _BEFORE_STATUS.search(window, 1).start()
    return None if window[key - 1] in _WORD else (_STATUS_WINDOW - key, True)


def _labels(
    places: list[int], keys: list[tuple[int, bool] | None], values: list[str]
) -> list[Label]:
    """The labels of the keys read (each starting as long as what leads it before its place)."""
    read = zip(places, keys, values, strict=True)
    return [(place - key[0], value) for place, key, value in read if key is not None]


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
        str.split finds the braces at memory speed; each brace is a number, twice its position
        plus one for a closing brace, so that one sort of numbers puts them in order."""
        braces = [position * 2 for position in _positions(self.text, "{")]
        braces += [position * 2 + 1 for position in _positions(self.text, "}")]
        braces.sort()
        starts: list[int] = []
        ends: list[int] = []
        depth = 0
        for brace in braces:
            if not brace & 1:
                if not depth:
                    starts.append(brace >> 1)
                depth += 1
            elif depth:
                depth -= 1
                if not depth:
                    ends.append((brace >> 1) + 1)
        if len(ends) < len(starts):
            ends.append(len(self.text))
        return starts, ends

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        gaps = re.finditer(r"\n[ \t\r]*\n", self.text)
        return [gap.end() for gap in gaps] + [len(self.text) + 1]

    def line(self, position: int) -> tuple[int, int]:
        """The span of the line around `position`: the innermost region."""
        return _between(self._line_starts, position)

    def lines(self, positions: list[int]) -> list[tuple[int, int]]:
        """`line` for each position, at C speed."""
        ends = self._line_starts
        indexes = list(map(bisect.bisect_right, itertools.repeat(ends), positions))
        starts = map([0, *ends].__getitem__, indexes)
        return list(zip(starts, map(ends.__getitem__, indexes), strict=False))

    def outer_regions(self, position: int) -> Iterator[tuple[int, int]]:
        """The spans around `position` beyond its line, innermost first: its error body (which
        may span lines: a Java SDK block, pretty-printed JSON), its paragraph if short (an XML
        error pasted in a chat, not a whole log). Each is computed only when asked for."""
        starts, ends = self._bodies
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and position < ends[index]:
            yield starts[index], ends[index]
        start, end = _between(self._paragraph_starts, position)
        if end - start <= _SHORT_PARAGRAPH:
            yield start, end


def _nearest(
    keys: list[int], values: list[str], split: int, region: tuple[int, int], position: int
) -> str | None:
    """The value of the label (of these sorted `keys`) nearest `position` within `region`, `split`
    being where `position` falls among the keys: only its two neighbours can be the nearest."""
    start, end = region
    before = split > 0 and keys[split - 1] >= start
    after = split < len(keys) and keys[split] < end
    if after and (not before or keys[split] - position < position - keys[split - 1]):
        return values[split]
    return values[split - 1] if before else None


def _positions(text: str, char: str) -> list[int]:
    """Where `char` occurs in `text`."""
    ends = itertools.accumulate(len(part) + 1 for part in text.split(char)[:-1])
    return [end - 1 for end in ends]


def _between(bounds: list[int], position: int) -> tuple[int, int]:
    index = bisect.bisect_right(bounds, position)
    return (bounds[index - 1] if index else 0), bounds[index]


class Labels:
    """The labels of one kind, to pair with mentions. For a few mentions they are read region by
    region as mentions ask (each region once): a log of a thousand copies of one error body reads
    the bodies around that code. For many mentions, all at once: a region costs more to read
    alone than its share of one pass."""

    def __init__(
        self, find: Callable[[int, int], Iterator[Label]], layout: Layout, *, by_region: bool
    ) -> None:
        self._find = find  # the labels keyed in [start, end)
        self._layout = layout
        self._by_region = by_region
        self._regions: dict[tuple[int, int], tuple[list[int], list[str]]] = {}

    @cached_property
    def exist(self) -> bool:
        """Whether the text holds any such label: read up to the first, or all of them when all
        are to be read at once anyway."""
        if not self._by_region:
            return bool(self._all[0])
        return next(self._find(0, len(self._layout.text)), None) is not None

    def nearest(self, position: int) -> str | None:
        """The value of the label nearest `position` in its innermost region that holds any (its
        line, its error body, its paragraph), else of the only one of the text."""
        found = self._nearest_in(self._layout.line(position), position)
        return self._beyond_line(position) if found is None else found

    def nearest_each(self, positions: list[int]) -> list[str | None]:
        """`nearest` for each position, their lines found at once (and, when all labels are read
        at once, where each position falls among them)."""
        lines = self._layout.lines(positions)
        if self._by_region:
            found = list(map(self._nearest_in, lines, positions))
        else:
            keys, values = self._all
            splits = map(bisect.bisect_right, itertools.repeat(keys), positions)
            labels = itertools.repeat(keys), itertools.repeat(values)
            found = list(map(_nearest, *labels, splits, lines, positions))
        return [
            self._beyond_line(position) if value is None else value
            for value, position in zip(found, positions, strict=True)
        ]

    def _beyond_line(self, position: int) -> str | None:
        for region in self._layout.outer_regions(position):
            found = self._nearest_in(region, position)
            if found is not None:
                return found
        _, values = self._read(0, len(self._layout.text))
        return values[0] if len(values) == 1 else None

    def _nearest_in(self, region: tuple[int, int], position: int) -> str | None:
        keys, values = self._read(*region) if self._by_region else self._all
        return _nearest(keys, values, bisect.bisect_right(keys, position), region, position)

    @cached_property
    def _all(self) -> tuple[list[int], list[str]]:
        return self._read(0, len(self._layout.text))

    def _read(self, start: int, end: int) -> tuple[list[int], list[str]]:
        found = self._regions.get((start, end))
        if found is None:
            labels = sorted(self._find(start, end))
            found = self._regions[start, end] = (
                list(map(_KEY, labels)),
                list(map(_VALUE_OF, labels)),
            )
        return found
