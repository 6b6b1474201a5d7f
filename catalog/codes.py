"""What a code looks like, and finding codes in pasted text.

Dotted codes (`SCM.0014`, `CCI.01.400101`) are read from the words of the text (`catalog.words`):
each distinct word is judged once, the known codes all at once, the rest by shape (`AAA.9999`),
which alone says whether a word can be a code. Bare-number and name codes (`111400010`,
`AccessDenied`) are found only where a field labels them as codes (`catalog.fields`), and the
fields nearest each mention give it its status and request id. Results are built column by column
with zip, so that a paste of thousands of codes costs little more than its results: every step is
linear in the text.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import unicodedata
import weakref
from collections import Counter
from typing import NamedTuple

from catalog.fields import Fields, Labels, Layout, http_status
from catalog.model import Catalog, code_key
from catalog.repeats import first_few
from catalog.shapes import (
    DOTTED,
    NOTHING,
    SHORTEST_UNKNOWN_NUMBER,
    Check,
    Shapes,
    signatures,
)
from catalog.words import HAS_ANCHOR, Words, escaped_runs, read_words


class Mention(NamedTuple):
    """One code a text mentions, where it first appears, and what came with it. A NamedTuple:
    immutable, and cheap to build when a paste holds thousands of codes."""

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


# Full-width letters, digits and `．＿－` as ASCII: one character each, so offsets hold. A table
# indexed by code point translates faster than a dict; a character past its end is kept.
_FULL_WIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ．＿－]")
_HALF = {ord(char): ord(char) - 0xFEE0 for char in "０１２３４５６７８９．＿－"} | {
    code: code - 0xFEE0 for code in range(ord("Ａ"), ord("ｚ") + 1) if chr(code - 0xFEE0).isalpha()
}
_HALF_WIDTH = "".join(map(chr, map(_HALF.get, range(ord("ｚ") + 1), range(ord("ｚ") + 1))))
# An unknown code a code field holds by name: `NoSuchKey`, `UNKNOWN_ERROR`, `KMS.DisabledException`.
# Two capitals at least (`NoSuchKey`, not `Success`): the lookahead finds the second.
_NAME = re.compile(r"[A-Z](?=[A-Za-z0-9._]*[A-Z])[A-Za-z0-9]*(?:[._][A-Za-z0-9]+)*")
_NOT_NAMES = frozenset({"NULL", "NONE", "NIL", "TRUE", "FALSE", "OK", "SUCCESS", "HTTP", "NAN"})
# A code key a word can be whole: code characters from a letter to a letter or digit.
_WORD_KEY = re.compile(r"[a-z][a-z0-9_.\-]*[a-z0-9]")
# A code pasted a thousand times is paired with a request id and status from its first few.
_OCCURRENCES_PAIRED = 8
# Up to this many mentions, labels are read around each rather than all at once.
_MENTIONS_PAIRED_BY_REGION = 32


class _Known(NamedTuple):
    """What the finder needs of a catalog, computed once per catalog."""

    codes: dict[str, str]  # code compared without case -> as its first variant writes it
    dotted: dict[str, str]  # the same, for the codes a word alone can be (with an anchor)
    prefixes: frozenset[str]  # code prefixes without case (`scm`, `cci.01`)
    shapes: Shapes


_KNOWN: dict[int, tuple[weakref.ref[Catalog], _Known]] = {}

# A code found at one place: (start, end, code, known, key), key being normalize(code). A plain
# tuple, built in bulk by zip: a dense paste holds thousands.
_Candidate = tuple[int, int, str, bool, str]


def find_codes(text: str, catalog: Catalog) -> list[Mention]:
    """Every code `text` mentions, each once (compared without case), in order of first appearance.

    Known codes come back as the catalog writes them. A code-shaped token the catalog lacks is
    reported as unknown (never swapped for a near neighbour) when a code field holds it, its
    prefix is a catalog prefix, or it starts with a capital letter (`APIGW.0301`).
    """
    # Full-width letters, digits and dots are one character like ASCII ones, so offsets into
    # `scan` are offsets into `text`.
    scan = text if text.isascii() or not _FULL_WIDTH.search(text) else text.translate(_HALF_WIDTH)
    known = _known(catalog)
    words = read_words(scan)
    judged = _judge_words(words, known)
    fields, in_fields = _field_codes(scan, known, judged.words)
    firsts = _firsts(scan, words, judged, in_fields)
    if not firsts.starts:
        return []
    layout = Layout(scan)
    by_region = len(firsts.starts) <= _MENTIONS_PAIRED_BY_REGION
    request_ids = Labels(fields.request_ids, layout, by_region=by_region)
    statuses = Labels(fields.statuses, layout, by_region=by_region)
    mentions = _mentions(text, firsts, request_ids, statuses, unknown_as_written=scan is not text)
    if not request_ids.exist and not statuses.exist:
        return mentions
    lacking = {
        firsts.keys[index]: index
        for index, mention in enumerate(mentions)
        if (mention.request_id is None and request_ids.exist)
        or (mention.status is None and statuses.exist)
    }
    for key, later in _occurrences(words, judged, in_fields, set(lacking)).items():
        index = lacking[key]
        mentions[index] = _paired_later(mentions[index], later, request_ids, statuses)
    return mentions


class _Runs(NamedTuple):
    """The codes in words with escapes (`\\nSCM.0014`), as columns: the word each is in, where
    in it, its length, and the code as written with its verdict."""

    words: list[str]
    offsets: list[int]
    lengths: list[int]
    written: list[str]
    codes: list[str]
    known: list[bool]
    keys: list[str]


_NO_RUNS = _Runs([], [], [], [], [], [], [])


class _Judged(NamedTuple):
    """The verdict on each distinct word: the plain ones that are a code (in order, with code,
    known, key and where each first appears side by side, for building results with zip), and
    the runs of code in words with escapes."""

    words: list[str]
    codes: list[str]  # an unknown code as the word writes it
    known: list[bool]
    keys: list[str]
    starts: list[int]
    runs: _Runs


class _Verdicts(NamedTuple):
    """The verdict on each of some distinct words, as columns: a word is a code where `is_code`
    is true, and then `codes` holds it (a known one as the catalog writes it, an unknown one as
    the word does)."""

    codes: list[str | None] | list[str]
    is_code: list[str | None] | list[bool]
    known: list[bool]
    keys: list[str]
    rest: list[str]  # the words that are no known code
    holds_runs: list[bool]  # for each of `rest`, whether it holds runs (empty when none does)

    def of_codes(self, words: list[str]) -> tuple[list[str], list[str], list[bool], list[str]]:
        """The words that are a code, with code, known and key side by side."""
        columns = (words, self.codes, self.known, self.keys)
        found = [list(itertools.compress(column, self.is_code)) for column in columns]
        return found[0], found[1], found[2], found[3]


def _judge_words(words: Words, known: _Known) -> _Judged:
    """Judge each distinct word once: the known codes all at once, then the rest by shape (which
    characters are upper or lower-case letters, digits or punctuation), which alone says whether
    a word is shaped like a code, so the regular expressions run once per distinct shape."""
    verdicts = _judge_plain(words.distinct, known)
    starts = list(itertools.compress(words.first_starts, verdicts.is_code))
    runs = _judge_runs(list(itertools.compress(verdicts.rest, verdicts.holds_runs)), known)
    return _Judged(*verdicts.of_codes(words.distinct), starts, runs)


def _judge_plain(words: list[str], known: _Known) -> _Verdicts:
    """The verdict on each of these distinct words, each taken whole."""
    keys = list(map(str.lower, words))  # a plain word is ASCII: this is normalize(word)
    codes = list(map(known.dotted.get, keys))
    if not any(codes):  # no known code: each word is named in place, as it writes itself
        checks, holds_runs = known.shapes.read(signatures(words))
        named = _unknown_codes(keys, checks, known)
        return _Verdicts(words, named, [False] * len(words), keys, words, holds_runs)
    unjudged = list(map(operator.not_, codes))
    rest = list(itertools.compress(words, unjudged))
    checks, holds_runs = known.shapes.read(signatures(rest))
    named = _unknown_codes(list(itertools.compress(keys, unjudged)), checks, known)
    is_known = list(map(bool, codes))
    for index in itertools.compress(itertools.compress(range(len(codes)), unjudged), named):
        codes[index] = words[index]
    return _Verdicts(codes, codes, is_known, keys, rest, holds_runs)


def _judge_runs(words: list[str], known: _Known) -> _Runs:
    """The codes in words with escapes (`\\nSCM.0014`, `%2CSCM.0031`), past them: the runs of
    code characters of all the words at once, each distinct run judged once as a word is."""
    if not words:
        return _NO_RUNS
    holders, runs, offsets = _escaped_runs(words)
    distinct = list(dict.fromkeys(runs))
    verdicts = _judge_plain(distinct, known)
    if len(distinct) < len(runs):  # a run repeats: each takes the verdict of its first
        first = {run: place for place, run in enumerate(distinct)}
        places = list(map(first.__getitem__, runs))
        columns = (list(map(column.__getitem__, places)) for column in verdicts[:4])
        verdicts = _Verdicts(*columns, rest=[], holds_runs=[])
    holders, offsets, lengths = (
        list(itertools.compress(column, verdicts.is_code))
        for column in (holders, offsets, map(len, runs))
    )
    return _Runs(holders, offsets, lengths, *verdicts.of_codes(runs))


def _escaped_runs(words: list[str]) -> tuple[list[str], list[str], list[int]]:
    """The runs of code characters in words with escapes: the word each is in, the run, and where
    in the word it starts. The words are cut at once, joined; a pasted body can be one word of
    thousands of runs (`\\nSCM.0014` over and over), of which the first few of each are kept."""
    runs, places = escaped_runs("\n".join(words))
    # Where each word starts in the joined text (its length and newline summed), and whose
    # each run is.
    starts = list(itertools.accumulate(map(len, words), initial=0))
    starts = list(map(operator.add, starts, range(len(starts))))
    held = [0] * len(runs)
    if len(words) > 1:
        after = map(bisect.bisect_right, itertools.repeat(starts), places)
        held = list(map(operator.sub, after, itertools.repeat(1)))
    kept = first_few(list(zip(held, runs, strict=True)) if any(held) else runs, _OCCURRENCES_PAIRED)
    if kept is not None:
        runs, places, held = (
            list(map(column.__getitem__, kept)) for column in (runs, places, held)
        )
    offsets = list(map(operator.sub, places, map(starts.__getitem__, held)))
    return list(map(words.__getitem__, held)), runs, offsets


def _unknown_codes(keys: list[str], checks: list[Check | None], known: _Known) -> list[bool]:
    """Whether each key (of a word with this check) names an unknown code. The keys are grouped
    by check, whose slices they share. A paste mostly has one: then all the keys are judged at
    once, and those of words without it (not shaped like a code) are dropped after."""
    distinct = set(checks)
    distinct.discard(None)
    if len(distinct) == 1:
        check = distinct.pop()
        named = _named(check, keys, known)
        if None in checks:
            has_check = map(operator.is_, checks, itertools.repeat(check))
            named = list(map(operator.and_, named, has_check))
        return named
    named = [False] * len(keys)
    for check, places in _by_check(checks).items():
        group = list(map(keys.__getitem__, places))
        for place in itertools.compress(places, _named(check, group, known)):
            named[place] = True
    return named


def _named(check: Check, keys: list[str], known: _Known) -> list[bool]:
    """Whether each key of one check names an unknown code: a capital shape or a catalog prefix,
    and no known code cut out of it. Each slice is taken of all the keys at once."""
    if check.head == NOTHING:  # capitalised: any prefix will do
        named = [True] * len(keys)
    else:
        heads = map(operator.getitem, keys, itertools.repeat(check.head))
        named = list(map(known.prefixes.__contains__, heads))
    for cut in check.cuts:
        cut_out = map(operator.getitem, keys, itertools.repeat(cut))
        named = list(map(operator.gt, named, map(known.codes.__contains__, cut_out)))
    return named


def _by_check(checks: list[Check | None]) -> dict[Check, list[int]]:
    """Where the words of each check are."""
    groups: dict[Check, list[int]] = {}
    places = itertools.compress(range(len(checks)), checks)
    for place, check in zip(places, filter(None, checks), strict=True):
        groups.setdefault(check, []).append(place)
    return groups


class _Found(NamedTuple):
    """Codes where they first appear, as columns, to build mentions with zip."""

    starts: list[int]
    ends: list[int]
    written: list[str]  # as the scanned text writes it
    codes: list[str]
    known: list[bool]
    keys: list[str]


def _firsts(scan: str, words: Words, judged: _Judged, in_fields: _Found) -> _Found:
    """Where each code first appears, in order. Each source (code fields, plain words, runs) is
    in order of first appearance already; only several sources or two spellings of one code
    call for sorting and merging."""
    ends = list(map(operator.add, judged.starts, map(len, judged.words)))
    plain = _Found(judged.starts, ends, judged.words, judged.codes, judged.known, judged.keys)
    sources = [source for source in (in_fields, plain) if source.starts]
    runs = judged.runs
    if runs.words:  # in order too: the words are, and the runs in each
        firsts = dict(zip(words.distinct, words.first_starts, strict=True))
        starts = list(map(operator.add, map(firsts.__getitem__, runs.words), runs.offsets))
        run_ends = list(map(operator.add, starts, runs.lengths))
        sources.append(_Found(starts, run_ends, runs.written, runs.codes, runs.known, runs.keys))
    if len(sources) <= 1:
        only = sources[0] if sources else plain
        if len(set(only.keys)) == len(only.keys):
            return only
    found: list[_Candidate] = []
    for source in sources:  # code fields first: at one place, a field's verdict wins
        found.extend(zip(source.starts, source.ends, *source[3:], strict=True))
    found.sort(key=_START)
    first = dict(zip(map(_KEY, reversed(found)), reversed(found), strict=True))  # first wins
    columns = zip(*sorted(first.values(), key=_START), strict=True)
    starts, ends, codes, is_known, keys = map(list, columns)
    written = list(map(scan.__getitem__, map(slice, starts, ends)))
    return _Found(starts, ends, written, codes, is_known, keys)


def _mentions(
    text: str, found: _Found, request_ids: Labels, statuses: Labels, *, unknown_as_written: bool
) -> list[Mention]:
    """Mentions with the request id and status nearest where each first appears, built at C
    speed: a paste of thousands of distinct codes costs little more than the tuples."""
    written, codes = found.written, found.codes
    if unknown_as_written:  # the text has full-width characters the scan made ASCII
        written = list(map(text.__getitem__, map(slice, found.starts, found.ends)))
        codes = [
            code if known else as_written
            for code, known, as_written in zip(codes, found.known, written, strict=True)
        ]
    none = [None] * len(codes)
    request_id = request_ids.nearest_each(found.starts) if request_ids.exist else none
    status = list(map(http_status, statuses.nearest_each(found.starts))) if statuses.exist else none
    columns = (codes, written, found.starts, found.ends, found.known, request_id, status)
    rows = zip(*columns, strict=True)
    return list(map(tuple.__new__, itertools.repeat(Mention), rows))


def _paired_later(
    mention: Mention, later: list[_Candidate], request_ids: Labels, statuses: Labels
) -> Mention:
    """A mention that lacked a request id or status, with those of the first later occurrence of
    its code that has them (`SCM.0014 again?` in chat, then the log line that carried it)."""
    request_id, status = mention.request_id, mention.status
    for start, *_ in later:
        if request_id is None:
            request_id = request_ids.nearest(start)
        if status is None and (found := statuses.nearest(start)):
            status = http_status(found)
        if request_id is not None and status is not None:
            break
    return mention._replace(request_id=request_id, status=status)


def _occurrences(
    words: Words, judged: _Judged, in_fields: _Found, keys: set[str]
) -> dict[str, list[_Candidate]]:
    """The occurrences after the first of each code of `keys`, up to a few. Only the words that
    hold one are visited, and only until each has its first few."""
    if not keys:
        return {}
    verdicts: dict[str, list[_Candidate]] = {}  # word -> (offset, length, code, known, key)
    runs = judged.runs
    in_runs = zip(runs.offsets, runs.lengths, runs.codes, runs.known, runs.keys, strict=True)
    for word, run in zip(runs.words, in_runs, strict=True):
        if run[4] in keys:
            verdicts.setdefault(word, []).append(run)
    verdicts.update(
        (word, [(0, len(word), code, is_known, key)])
        for word, code, is_known, key in zip(
            judged.words, judged.codes, judged.known, judged.keys, strict=True
        )
        if key in keys
    )
    wanted = list(map(verdicts.__contains__, words.every))
    counts = Counter(itertools.compress(words.every, wanted))
    missing = sum(min(count, _OCCURRENCES_PAIRED) for count in counts.values())
    seen: Counter[str] = Counter()
    in_fields_each = zip(in_fields.starts, in_fields.ends, *in_fields[3:], strict=True)
    found = [candidate for candidate in in_fields_each if candidate[4] in keys]
    for word, start in itertools.compress(zip(words.every, words.starts, strict=True), wanted):
        if not missing:
            break
        if seen[word] < _OCCURRENCES_PAIRED:
            seen[word] += 1
            missing -= 1
            found.extend(
                (start + offset, start + offset + size, *rest)
                for offset, size, *rest in verdicts[word]
            )
    found.sort(key=_START)
    by_key: dict[str, list[_Candidate]] = {}
    for candidate in found:
        occurrences = by_key.setdefault(candidate[4], [])
        if len(occurrences) < _OCCURRENCES_PAIRED:
            occurrences.append(candidate)
    return {key: occurrences[1:] for key, occurrences in by_key.items()}


_NOTHING_FOUND = _Found([], [], [], [], [], [])
_START = operator.itemgetter(0)
_KEY = operator.itemgetter(4)


def _field_codes(text: str, known: _Known, words: list[str]) -> tuple[Fields, _Found]:
    """The labelled fields of `text`, and the codes its code fields hold that its `words` (those
    that are codes) do not give: known codes of any other shape (`111400010`, `AccessDenied`),
    and unknown ones that look like codes. A dotted code is left to the words, which find it at
    the same place: a known one always, an unknown one where its words name it."""
    verdicts: dict[str, tuple[str, bool, str]] = {}

    def judge(values: list[str]) -> list[bool]:
        verdicts.update(_judge_fields(values, known, set(words)))
        return list(map(verdicts.__contains__, values))

    fields = Fields(text, judge)
    found = fields.codes()
    if not found.values:
        return fields, _NOTHING_FOUND
    codes, is_known, keys = map(list, zip(*map(verdicts.__getitem__, found.values), strict=True))
    return fields, _Found(found.starts, found.ends, found.values, codes, is_known, keys)


def _judge_fields(
    values: list[str], known: _Known, named: set[str]
) -> dict[str, tuple[str, bool, str]]:
    """The verdict (code, known, key) on each of these distinct field values that is a code the
    words do not name: a known code no word can be, or an unknown one that looks like a code."""
    values = list(itertools.compress(values, map(operator.not_, map(named.__contains__, values))))
    keys = list(map(str.lower if "".join(values).isascii() else normalize, values))
    undotted = list(map(operator.not_, map(known.dotted.__contains__, keys)))
    values, keys = (list(itertools.compress(column, undotted)) for column in (values, keys))
    codes = list(map(known.codes.get, keys))
    verdicts = {
        value: (code, True, normalize(code))
        for value, code in zip(values, codes, strict=True)
        if code is not None
    }
    unknown = list(map(operator.not_, codes))
    values, keys = (list(itertools.compress(column, unknown)) for column in (values, keys))
    named_unknown = _look_like_codes(values)
    values, keys = (list(itertools.compress(column, named_unknown)) for column in (values, keys))
    verdicts.update(zip(values, zip(values, itertools.repeat(False), keys), strict=True))
    return verdicts


def _look_like_codes(values: list[str]) -> list[bool]:
    """Whether each field value the catalog lacks looks like a code: a number of four digits or
    more, a dotted code with a number, or a name of two capitals (`NoSuchKey`, not `Success`).
    Its signature alone says so, but for a few words (`NULL`): each distinct one is read once."""
    shapes = signatures(values)
    looks = {shape: _looks_like_code(shape.decode("ascii")) for shape in set(shapes)}
    words = map(_NOT_NAMES.__contains__, map(str.upper, values))
    return list(map(operator.gt, map(looks.__getitem__, shapes), words))


def _looks_like_code(shape: str) -> bool:
    if shape.isdigit():
        return len(shape) > 3
    if DOTTED.fullmatch(shape):
        return len(shape.rpartition(".")[2]) >= SHORTEST_UNKNOWN_NUMBER
    return _NAME.fullmatch(shape) is not None


def _known(catalog: Catalog) -> _Known:
    """The catalog's codes and prefixes without case, computed once per catalog."""
    cached = _KNOWN.get(id(catalog))
    if cached is not None and cached[0]() is catalog:
        return cached[1]
    codes = {code_key(code): code for code in catalog.codes()}
    dotted = {
        key: code
        for key, code in codes.items()
        if _WORD_KEY.fullmatch(key) and HAS_ANCHOR.search(key)  # read as a word: `drs.m00002`
    }
    prefixes = {key.rpartition(".")[0] for key in codes if "." in key}
    known = _Known(codes, dotted, frozenset(prefixes), Shapes(codes))
    key = id(catalog)
    _KNOWN[key] = (weakref.ref(catalog, lambda _gone: _KNOWN.pop(key, None)), known)
    return known
