"""Pages on disk -> a Catalog: read files and folders, apply their manifests, parse each page.

A folder's `manifest.toml` gives each page (keyed by file name) its service,
language and documentation URL; a page with no manifest line still builds
(service from its codes, language from its text). A page that cannot be read
is reported as a page-level Skip (row None) and the other pages still build.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from catalog.model import Catalog, Entry, Skip
from catalog.parse import PageMeta, parse_page

MANIFEST = "manifest.toml"
PAGES_PER_WORKER = 8  # below this many pages a process costs more than it saves


def build(paths: Iterable[str | Path]) -> tuple[Catalog, list[Skip]]:
    """Parse every page under `paths` (files, or folders read in sorted name order).

    Returns the catalog (its `skipped` holds every skip too) and the skips: rows
    that held no code (with their row) and pages that failed (row None). Pages
    are independent, so a large build parses them on every core; the result is
    the same, in the same order, as parsing them one by one.
    """
    skips: list[Skip] = []
    manifests: dict[Path, dict] = {}
    jobs: list[tuple[Path, dict]] = []
    for page in page_files(paths):
        if page.parent not in manifests:
            manifests[page.parent], problem = read_manifest(page.parent)
            skips.extend([problem] if problem else [])
        jobs.append((page, manifests[page.parent].get(page.name, {})))
    entries: list[Entry] = []
    for page_entries, page_skips in _parse_all(jobs):
        entries.extend(page_entries)
        skips.extend(page_skips)
    return Catalog(entries=entries, skipped=list(skips)), skips


def _parse_all(jobs: list[tuple[Path, dict]]) -> list[tuple[list[Entry], list[Skip]]]:
    workers = min(os.cpu_count() or 1, len(jobs) // PAGES_PER_WORKER)
    if workers > 1:
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(_parse_job, jobs, chunksize=2))
        except (OSError, BrokenProcessPool):
            pass  # no processes here (a sandbox): parse in this one
    return [_parse_job(job) for job in jobs]


def _parse_job(job: tuple[Path, dict]) -> tuple[list[Entry], list[Skip]]:
    return parse_file(*job)


def page_files(paths: Iterable[str | Path]) -> list[Path]:
    """The pages to read: files as given, folders' files in name order; each page once."""
    pages: list[Path] = []
    seen: set[Path] = set()
    for path in map(Path, paths):
        found = sorted(p for p in path.iterdir() if is_page(p)) if path.is_dir() else [path]
        for page in found:
            if page.resolve() not in seen:
                seen.add(page.resolve())
                pages.append(page)
    return pages


def is_page(path: Path) -> bool:
    name = path.name
    return (
        path.is_file()
        and name != MANIFEST
        and not name.startswith(".")
        and not name.upper().startswith("README")
    )


def read_manifest(folder: Path) -> tuple[dict, Skip | None]:
    """The folder's manifest ({} when there is none); a broken one is reported, not fatal."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}, None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {}, Skip(MANIFEST, None, f"manifest not read, pages build without it: {error}")


def parse_file(path: Path, meta: dict) -> tuple[list[Entry], list[Skip]]:
    text, problem = read_page(path)
    if text is None:
        return [], [Skip(path.name, None, problem)]
    page_meta = PageMeta(
        service=str(meta.get("service", "")),
        language=str(meta.get("language", "")),
        url=str(meta.get("url", "")),
    )
    result = parse_page(text, path.name, page_meta)
    return result.entries, result.skips


def read_page(path: Path) -> tuple[str | None, str]:
    """(text, "") or (None, why it cannot be read): missing, a folder error, not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, f"cannot read the page: {error.strerror or error}"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        return None, f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
