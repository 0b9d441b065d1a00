"""Text entering the report (loaded, typed, pasted, imported) must be writable as UTF-8.

Python strings can hold lone surrogates (half of an emoji cut in two, a ``\\ud800`` escape in a
JSON file, a clipboard from a careless program); UTF-8 cannot. Text that keeps one loads fine
and then fails every save, recovery copy and export. So text is cleaned once, where it enters:
each lone surrogate becomes U+FFFD (�), a complete surrogate pair becomes its character, and the
clerk gets a note naming the place.
"""
from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_user_text(text: str, place: str = "", notes: list[str] | None = None) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (pairs joined into their character).

    When something was replaced and `notes` is given, a Chinese note naming `place` (e.g.
    「一、总体情况」) is appended to it, for the clerk to see where text was damaged.
    """
    if _SURROGATE.search(text) is None:
        return text
    cleaned = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if notes is not None:
        count = cleaned.count(REPLACEMENT) - text.count(REPLACEMENT)
        if count:
            notes.append(cleaning_note(place, count))
    return cleaned


def cleaning_note(place: str, count: int) -> str:
    """「“一、总体情况”中有 2 个无效字符（如残缺的表情符号），已替换为“�”」."""
    where = f"“{place}”中" if place else ""
    return f"{where}有 {count} 个无效字符（如残缺的表情符号），已替换为“{REPLACEMENT}”"
