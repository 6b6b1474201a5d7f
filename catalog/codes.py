"""What a code looks like, and finding codes in pasted text.

Two passes, both linear in the text. Dotted codes (`SCM.0014`, `CCI.01.400101`) are found from a
dot with a letter before it and a digit after it, which the regular-expression engine searches for
at C speed; only there is the surrounding run of code characters read and judged as a whole, so a
code inside a longer token (`XSCM.0014`, `SCM.00145`, `scm.0014.example.com`) is never cut out of
it. Bare-number and name codes (`111400010`, `AccessDenied`) are found only where a field labels
them as codes (`catalog.fields`), and the same fields give each mention its status and request id.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
import weakref
from collections import Counter
from typing import NamedTuple

from catalog.fields import Fields, Labels, Layout, http_status
from catalog.model import Catalog, code_key


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


# A dotted code: a part led by a letter, up to four more parts, then the number.
_DOTTED = re.compile(
    r"[A-Za-z][A-Za-z0-9_\-]{0,39}(?:\.[A-Za-z0-9][A-Za-z0-9_\-]{0,39}){0,4}\.[0-9]{1,12}"
)
# Codes are read from words: runs of code characters, with the backslash and percent sign of an
# escape (`\nSCM.0014`, `\u0022SCM.0014`, `%2CSCM.0031`) kept in the word so that the letters of
# the escape are never read as the start of a code.
_WORD = string.ascii_letters + string.digits + "_.-\\%"
# Words that are a dotted code and nothing else, one to a line.
_PLAIN = re.compile(f"(?m)^(?:{_DOTTED.pattern})$")
# Marks a word `_judge_plain` left to `_judge_word`.
_UNJUDGED = ("", False, "")
# A word holds a code only where a dot has a letter before it (or two letters and at most three
# digits: `SVC7.0001`, not `v2.0`) and a digit after it; IPs, decimals and timestamps have none.
# The lookbehinds come after the literal dot so that the engine searches for the dot alone.
_ANCHOR = re.compile(
    r"\.(?=[0-9])"
    r"(?:(?<=[A-Za-z]\.)|(?<=[A-Za-z]{2}[0-9]\.)|(?<=[A-Za-z]{2}[0-9]{2}\.)"
    r"|(?<=[A-Za-z]{2}[0-9]{3}\.))"
    r"[A-Za-z0-9_.\-\\%]+"
)
# The same anchor read on the reversed text, then the rest of the word: where the word starts.
_ANCHOR_REVERSED = re.compile(
    r"\.(?<=[0-9]\.)(?=[A-Za-z]|[0-9]{1,3}[A-Za-z]{2})[A-Za-z0-9_.\-\\%]+"
)
_HAS_ANCHOR = re.compile(r"[A-Za-z]\.[0-9]|[A-Za-z]{2}[0-9]{1,3}\.[0-9]")
# The dot of each anchor, in text encoded one byte per character.
_ANCHOR_BYTES = re.compile(_ANCHOR.pattern.encode().partition(b"[A-Za-z0-9_")[0])
# A run of code characters in a word, after the escape that may lead it (or nothing: split keeps
# both groups, so every piece of a word is a string and its offset a sum of lengths).
_PART = re.compile(r"((?<=\\)(?:u[0-9A-Fa-f]{4}|[ntrbf])|(?<=%)[0-9A-Fa-f]{2}|)([A-Za-z0-9_.\-]+)")
# Every byte that is not a word character, as a space: a text encoded one byte per character.
_MASK = bytes(byte if chr(byte) in _WORD else 0x20 for byte in range(256))
# Above one dot in this many characters, words are cut out at C speed rather than one per dot.
_DENSE = 16
# Full-width letters, digits and `．＿－` as ASCII: one character each, so offsets hold.
_FULL_WIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ．＿－]")
_HALF_WIDTH = {code: code - 0xFEE0 for code in map(ord, "０１２３４５６７８９．＿－")} | {
    code: code - 0xFEE0 for code in range(ord("Ａ"), ord("ｚ") + 1) if chr(code - 0xFEE0).isalpha()
}
# An unknown code a code field holds by name: `NoSuchKey`, `UNKNOWN_ERROR`, `KMS.DisabledException`.
_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)*")
_NOT_NAMES = frozenset({"NULL", "NONE", "NIL", "TRUE", "FALSE", "OK", "SUCCESS", "HTTP", "NAN"})
_SHORTEST_UNKNOWN_NUMBER = 3
# A code pasted a thousand times is paired with a request id and status from its first few.
_OCCURRENCES_PAIRED = 8


class _Known(NamedTuple):
    """What the finder needs of a catalog, computed once per catalog."""

    codes: dict[str, str]  # code compared without case -> as its first variant writes it
    prefixes: frozenset[str]  # code prefixes without case (`scm`, `cci.01`)
    lengths: dict[str, tuple[int, ...]]  # prefix -> lengths of the last parts of its codes


_KNOWN: dict[int, tuple[weakref.ref[Catalog], _Known]] = {}


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
    fields = Fields(scan)
    found = _dotted_codes(scan, known) + _field_codes(fields, catalog)
    found.sort(key=lambda candidate: candidate.start)
    firsts: dict[str, list[_Candidate]] = {}
    for candidate in found:
        occurrences = firsts.setdefault(candidate.key, [])
        if len(occurrences) < _OCCURRENCES_PAIRED:
            occurrences.append(candidate)
    if not firsts:
        return []
    layout = Layout(scan)
    request_ids = Labels(fields.request_ids())
    statuses = Labels(fields.statuses())
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
    request_id = status = None
    if request_ids.fields:
        request_id = next(
            (found.value for at in occurrences if (found := request_ids.nearest(at[0], layout))),
            None,
        )
    if statuses.fields:
        status = next(
            (
                http_status(found.value)
                for at in occurrences
                if (found := statuses.nearest(at[0], layout))
            ),
            None,
        )
    start, end, code, known, _ = occurrences[0]
    written = text[start:end]
    if not known:
        code = "".join(written.split())
    return Mention(code, written, start, end, known, request_id, status)


def _dotted_codes(text: str, known: _Known) -> list[_Candidate]:
    """Each dotted code in the words of `text`, at its first few occurrences. Each distinct word
    is judged once, so a dense paste costs one judgement per distinct word."""
    dense = text.count(".") * _DENSE > len(text)
    occurrences = _dense_words(text) if dense else _anchored_words(text)
    found = []
    verdicts = _judge_plain(list(occurrences), known)
    for word, starts in occurrences.items():
        verdict = verdicts.get(word, _UNJUDGED)
        if verdict is None:
            continue
        judged = (
            _judge_word(word, known, verdicts)
            if verdict is _UNJUDGED
            else ((0, len(word), *verdict),)
        )
        for offset, length, code, is_known, key in judged:
            found.extend(
                _Candidate(start + offset, start + offset + length, code, is_known, key)
                for start in starts
            )
    return found


def _anchored_words(text: str) -> dict[str, list[int]]:
    """Words with an anchor -> where their first few occurrences start, found from each anchor:
    a word ends where the forward match from its first anchor ends, and starts where the match
    from its last anchor on the reversed text ends. One match each way per word: linear."""
    ends = [match.end() for match in _ANCHOR.finditer(text)]
    if not ends:
        return {}
    size = len(text)
    starts = [size - match.end() for match in _ANCHOR_REVERSED.finditer(text[::-1])]
    starts.reverse()
    occurrences: dict[str, list[int]] = {}
    for start, end in zip(starts, ends, strict=True):
        found = occurrences.setdefault(text[start:end], [])
        if len(found) < _OCCURRENCES_PAIRED:
            found.append(start)
    return occurrences


def _dense_words(text: str) -> dict[str, list[int]]:
    """The same as `_anchored_words`, for a text thick with dots: every word is cut out at once
    from the text encoded one byte per character, and only the distinct words with an anchor
    are then placed, walking the words in order until each has its first few occurrences."""
    masked = text.encode("latin-1", "replace").translate(_MASK)
    words = masked.split()
    counts = Counter(words)
    wanted = {word for word in counts if _ANCHOR_BYTES.search(word)}
    missing = sum(min(counts[word], _OCCURRENCES_PAIRED) for word in wanted)
    occurrences: dict[bytes, list[int]] = {}
    cursor = 0
    for word in words:
        if not missing:
            break
        cursor = masked.find(word, cursor)
        if word in wanted:
            found = occurrences.setdefault(word, [])
            if len(found) < _OCCURRENCES_PAIRED:
                found.append(cursor)
                missing -= 1
        cursor += len(word)
    return {word.decode("ascii"): starts for word, starts in occurrences.items()}


def _judge_plain(words: list[str], known: _Known) -> dict[str, tuple[str, bool, str] | None]:
    """The verdict on each word that is one code-shaped run and nothing else (no escape, no
    punctuation around it): the common case, judged in bulk. The shape is checked by one regex
    pass over the words joined by lines, the case folded once, the known codes looked up at once."""
    plain = _PLAIN.findall("\n".join(words))
    if not plain:
        return {}
    verdicts: dict[str, tuple[str, bool, str] | None] = {}
    codes = known.codes
    # Unknown runs by prefix and number length, the shape that decides whether they are codes.
    shapes: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for word, key in zip(plain, "\n".join(plain).lower().split("\n"), strict=True):
        code = codes.get(key)
        if code is not None:
            verdicts[word] = (code, True, key)
        else:
            head, _, number = key.rpartition(".")
            shapes.setdefault((head, len(number)), []).append((word, key))
    for (head, size), runs in shapes.items():
        verdicts.update(dict.fromkeys(word for word, _ in runs))
        if size < _SHORTEST_UNKNOWN_NUMBER:
            continue
        if head not in known.prefixes:
            runs = [(word, key) for word, key in runs if _looks_unknown(word, known)]
        glued = _glued(head, size, [key for _, key in runs], known)
        verdicts.update((word, (word, False, key)) for word, key in runs if key not in glued)
    return verdicts


def _glued(head: str, size: int, keys: list[str], known: _Known) -> set[str]:
    """The keys (all `head` and a number of `size` digits) that hold a known code glued into a
    longer token (`XSCM.0014`, `SCM.00145`), found a cut at a time for all keys at once: only
    cuts that leave a known prefix, or a number length that prefix has, are looked up."""
    codes = known.codes
    glued: set[str] = set()
    first_dot = head.find(".") % (len(head) + 1)
    for cut in range(1, first_dot):
        if head[cut:] in known.lengths:
            glued.update(key for key in keys if key[cut:] in codes)
    for length in known.lengths.get(head, ()):
        if length < size:
            cut = len(head) + 1 + length
            glued.update(key for key in keys if key[:cut] in codes)
    return glued


def _judge_word(
    word: str, known: _Known, verdicts: dict[str, tuple[str, bool, str] | None]
) -> list[tuple[int, int, str, bool, str]]:
    """(offset, length, code, known, key) of the first few occurrences of each code in a word,
    past the escapes in it. A pasted body can be one word of thousands of runs (`\\nSCM.0014` over
    and over): the word is cut into its runs and their offsets summed at C speed, and each
    distinct run is judged once (`verdicts`)."""
    pieces = _PART.split(word)  # text between runs, then each run's escape and the run itself
    runs = pieces[2::3]
    offsets = list(itertools.accumulate(map(len, pieces), initial=0))[2::3]
    counts = Counter(runs)
    missing = sum(min(count, _OCCURRENCES_PAIRED) for count in counts.values())
    firsts: dict[str, list[int]] = {}
    for run, offset in zip(runs, offsets, strict=True):
        if not missing:
            break
        found_at = firsts.setdefault(run, [])
        if len(found_at) < _OCCURRENCES_PAIRED:
            found_at.append(offset)
            missing -= 1
    found = []
    for run, found_at in firsts.items():
        # Drop what punctuates a run rather than belongs to it: Slack's `_italic_` marks and a
        # sentence's closing dots.
        start = 1 if run[0] == "_" else 0
        end = len(run)
        while end > start and run[end - 1] in "._-":
            end -= 1
        token = run[start:end]
        if token not in verdicts:
            verdicts[token] = _judge(token, known)
        verdict = verdicts[token]
        if verdict is not None:
            found.extend((offset + start, end - start, *verdict) for offset in found_at)
    return found


def _judge(token: str, known: _Known) -> tuple[str, bool, str] | None:
    """(code, known, key) for a run that is a code on its own, else None."""
    if not _DOTTED.fullmatch(token) or not _HAS_ANCHOR.search(token):
        return None
    key = token.lower()  # the run is ASCII: this is normalize(token)
    code = known.codes.get(key)
    if code is not None:
        return code, True, key
    if _looks_unknown(token, known) and not _holds_known_code(key, known):
        return token, False, key
    return None


def _holds_known_code(key: str, known: _Known) -> bool:
    """`XSCM.0014` and `SCM.00145` hold a known code glued into a longer token: not a code. Only
    the cuts that leave a known prefix, and numbers of a length that prefix has, are looked up."""
    head, _, number = key.rpartition(".")
    first_dot = key.index(".")
    if any(key[cut:] in known.codes for cut in range(1, first_dot) if head[cut:] in known.lengths):
        return True
    lengths = known.lengths.get(head, ())
    return any(key[: len(head) + 1 + size] in known.codes for size in lengths if size < len(number))


def _looks_unknown(token: str, known: _Known) -> bool:
    """A dotted code the catalog lacks, rather than a file name or version (`app.log.20241105`)."""
    head, _, number = token.rpartition(".")
    if len(number) < _SHORTEST_UNKNOWN_NUMBER:
        return False
    if head.lower() in known.prefixes:
        return True
    return token[0].isupper() and not any(part.islower() for part in head.split(".")[1:])


def _field_codes(fields: Fields, catalog: Catalog) -> list[_Candidate]:
    """Codes that code fields hold: known ones of any shape, and unknown ones that look like codes.
    A status standing in a code field (`error_code:409`, `"code": 400`) is not a code."""
    verdicts: dict[str, tuple[str, bool, str] | None] = {}

    def is_code(value: str) -> bool:
        verdicts[value] = _judge_field(value, catalog)
        return verdicts[value] is not None

    return [
        _Candidate(field.start, field.end, *verdicts[field.value])
        for field in fields.codes(is_code)
    ]


def _judge_field(value: str, catalog: Catalog) -> tuple[str, bool, str] | None:
    if http_status(value) is not None:
        return None
    if value in catalog:
        code = catalog.variants(value)[0].code
        return code, True, normalize(code)
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


def _known(catalog: Catalog) -> _Known:
    """The catalog's codes and prefixes without case, computed once per catalog."""
    cached = _KNOWN.get(id(catalog))
    if cached is not None and cached[0]() is catalog:
        return cached[1]
    codes = {code_key(code): code for code in catalog.codes()}
    lengths: dict[str, set[int]] = {}
    for code in codes:
        head, dot, tail = code.rpartition(".")
        if dot:
            lengths.setdefault(head, set()).add(len(tail))
    prefixes = frozenset(lengths)
    known = _Known(codes, prefixes, {head: tuple(sorted(found)) for head, found in lengths.items()})
    key = id(catalog)
    _KNOWN[key] = (weakref.ref(catalog, lambda _gone: _KNOWN.pop(key, None)), known)
    return known
