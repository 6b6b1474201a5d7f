"""The catalog model: one Entry per documented row, a Catalog of every variant.

A code can be documented several times (one page with several statuses, or
several pages with different meanings); every row is kept, in page order, so a
lookup shows each variant rather than the last one read.
"""

from __future__ import annotations

import gc
import json
import operator
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

FORMAT_VERSION = 1


class Entry(NamedTuple):
    """One row of an error table, as the documentation page wrote it.

    A NamedTuple rather than a frozen dataclass: just as immutable, and four
    times cheaper to build, which is most of loading a large catalog.
    """

    code: str
    service: str
    http_status: int | None
    status_text: str | None
    message: str
    description: str
    solution: str
    group: str | None
    language: str
    source: str
    row: int
    url: str = ""

    @property
    def key(self) -> str:
        return code_key(self.code)

    @property
    def prefix(self) -> str:
        """The code's service prefix: everything before the last dot ('' for bare codes)."""
        return code_prefix(self.code)

    def to_dict(self) -> dict:
        return self._asdict()

    @classmethod
    def from_dict(cls, data: dict) -> Entry:
        try:
            return cls._make(_entry_values(data))  # every field present: the fast path
        except KeyError:
            return cls(**{name: data[name] for name in cls._fields if name in data})


_entry_values = operator.itemgetter(*Entry._fields)


@dataclass(frozen=True, slots=True)
class Skip:
    """A row or page the build could not read, kept so it is reported, never silent."""

    source: str
    row: int | None
    reason: str

    def __str__(self) -> str:
        where = self.source if self.row is None else f"{self.source} row {self.row}"
        return f"{where}: {self.reason}"


def code_key(code: str) -> str:
    """How codes compare: without case and without white space."""
    return "".join(code.split()).casefold()


def code_prefix(code: str) -> str:
    head, dot, _ = code.rpartition(".")
    return head if dot else ""


@dataclass
class Catalog:
    """Every entry in page order, indexed by code compared without case."""

    entries: list[Entry]
    skipped: list[Skip] = field(default_factory=list)
    _by_key: dict[str, list[Entry]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key = by_key = {}
        for entry in self.entries:
            key = entry.code.casefold()  # an Entry's code holds no white space: code_key, cheaper
            if key in by_key:
                by_key[key].append(entry)
            else:
                by_key[key] = [entry]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __contains__(self, code: str) -> bool:
        return code_key(code) in self._by_key

    def variants(self, code: str) -> list[Entry]:
        """Every row documenting `code`, in page order; [] when unknown."""
        return list(self._by_key.get(code_key(code), ()))

    def codes(self) -> list[str]:
        """Each distinct code once, as its first variant writes it."""
        return [variants[0].code for variants in self._by_key.values()]

    def services(self) -> list[str]:
        return sorted({entry.service for entry in self.entries})

    def prefixes(self) -> dict[str, str]:
        """Code prefix (lower case) -> the service that documents it most often."""
        counts: dict[str, dict[str, int]] = {}
        for entry in self.entries:
            if entry.prefix:
                per = counts.setdefault(entry.prefix.casefold(), {})
                per[entry.service] = per.get(entry.service, 0) + 1
        return {prefix: max(per, key=per.__getitem__) for prefix, per in counts.items()}

    # -- the built file ----------------------------------------------------

    def to_json(self) -> str:
        """One entry per line: compact enough to load fast, still readable in a diff."""

        def lines(items: list[dict]) -> str:
            return ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)

        entries = lines([entry.to_dict() for entry in self.entries])
        skipped = lines([asdict(skip) for skip in self.skipped])
        return (
            f'{{"version": {FORMAT_VERSION},\n"entries": [\n{entries}\n],\n'
            f'"skipped": [\n{skipped}\n]}}\n'
        )

    @classmethod
    def from_json(cls, text: str) -> Catalog:
        with _collector_paused():  # ~15% of a large load is the GC scanning fresh objects
            document = json.loads(text)
            return cls(
                entries=[Entry.from_dict(item) for item in document["entries"]],
                skipped=[Skip(**item) for item in document.get("skipped", ())],
            )

    @classmethod
    def load(cls, path: str | os.PathLike) -> Catalog:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def save(self, path: str | os.PathLike) -> None:
        """Write atomically: a reader never sees half a file, a failed write keeps the old one."""
        write_atomically(Path(path), self.to_json())

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> Catalog:
        return cls(entries=list(entries))


SHIPPED = Path(__file__).with_name("catalog.json")
SOURCES = Path(__file__).with_name("sources")


def load_default() -> Catalog:
    """The catalog every command uses: $HWERR_CATALOG when set, else the shipped build."""
    return Catalog.load(os.environ.get("HWERR_CATALOG") or SHIPPED)


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
