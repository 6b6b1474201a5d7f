"""What a code looks like, and finding codes in pasted text."""

from __future__ import annotations

import unicodedata

from catalog.model import code_key


def normalize(text: str) -> str:
    """A code as compared: NFKC (full-width `．` becomes `.`), no white space, no case."""
    return code_key(unicodedata.normalize("NFKC", text))
