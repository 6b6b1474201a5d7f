"""Documentation page -> rows, one module per format family.

The family is recognised from the content, never the file name: HTML tables,
pipe tables and reStructuredText tables are all looked for in every page and
their rows kept in page order; only a page with no markup error table is read
as plain text, one cell per paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from catalog.model import Entry, Skip, code_prefix
from catalog.parse import html, pipe, plaintext, rst
from catalog.parse.page import Page
from catalog.parse.table import RawTable, Row, read_table

NO_TABLE = "no error table found"
_CJK = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile("[A-Za-z]")


@dataclass(frozen=True)
class PageMeta:
    """What the manifest says about a page; empty fields are worked out from the page."""

    service: str = ""
    language: str = ""
    url: str = ""


@dataclass
class PageResult:
    entries: list[Entry] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """The page as a whole could not be read (reported by name, build exits non-zero)."""
        return any(skip.row is None for skip in self.skips)


def parse_page(text: str, source: str, meta: PageMeta | None = None) -> PageResult:
    """Every error-table row of one page, in page order, plus the rows that held no code.

    `row` numbers the data rows of the page's error tables from 1, in page order,
    counting the rows that are skipped, so a skip's row can be found on the page.
    """
    meta = meta or PageMeta()
    rows = error_rows(Page(text.replace("\r\n", "\n").replace("\r", "\n")))
    if rows is None:
        return PageResult(skips=[Skip(source, None, NO_TABLE)])
    result = PageResult()
    language = meta.language or detect_language(rows, text)
    service = meta.service or page_service(rows, source)
    for number, row in enumerate(rows, start=1):
        if row.code is None:
            result.skips.append(Skip(source, number, _why_not(row)))
            continue
        result.entries.append(
            Entry(
                code=row.code,
                service=service,
                http_status=row.http_status,
                status_text=row.status_text,
                message=row.message,
                description=row.description,
                solution=row.solution,
                group=row.group,
                language=language,
                source=source,
                row=number,
                url=meta.url,
            )
        )
    return result


def error_rows(page: Page) -> list[Row] | None:
    """Rows of every error table on the page in page order; None when it has no error table."""
    tables: list[RawTable] = [
        *html.find_tables(page),
        *pipe.find_tables(page),
        *rst.find_tables(page),
    ]
    tables.sort(key=lambda table: table.line)
    found = [rows for rows in map(read_table, tables) if rows is not None]
    if not found:
        found = [rows for rows in map(read_table, plaintext.find_tables(page)) if rows is not None]
    if not found:
        return None
    return [row for rows in found for row in rows]


def _why_not(row: Row) -> str:
    if not row.code_cell:
        return "empty code cell"
    shown = " ".join(row.code_cell.split())
    return f"{shown!r} is not an error code"


def page_service(rows: list[Row], source: str) -> str:
    """With no manifest line: the page's most common code prefix, else the file's stem."""
    prefixes = Counter(code_prefix(row.code) for row in rows if row.code and code_prefix(row.code))
    if prefixes:
        return prefixes.most_common(1)[0][0]
    return PurePath(source).stem


def detect_language(rows: list[Row], text: str) -> str:
    """ "zh" when the table text (else the page) is CJK-heavy, else "en"."""
    sample = "".join(row.message + row.description + row.solution for row in rows) or text
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    return "zh" if cjk and cjk * 5 >= latin else "en"
