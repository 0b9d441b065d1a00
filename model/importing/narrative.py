"""The words of a report: its title (unit and year) and the texts of its narrative sections,
found by the format's section headings in runs of paragraphs."""
from __future__ import annotations

import re

from model.formats import Format
from model.importing.labels import label_key, loose_key, unify_width
from model.report import CHINESE_DATE, TITLE_SUFFIX
from model.text import clean_user_text

_YEAR = re.compile(r"((?:19|20)\d{2})年度?")
_TITLE_JOIN_LIMIT = 4  # a title spread over at most this many lines before the first heading
_SIGNATURE_UNIT_LINES = 2  # a 落款's unit name takes at most this many lines
_PUNCTUATION = set("。，、；：！？…“”‘’,.;:!?")


def clean_imported_text(text: str) -> str:
    """The one place where text from a foreign file enters a report.

    Lone surrogates (from a damaged file) become U+FFFD so the project file can always be
    saved (model.text.clean_user_text, as for loaded, typed and pasted text).
    """
    return clean_user_text(text)


def parse_title(text: str) -> tuple[str, int] | None:
    """(unit, year) from a title such as 「某某局2025年政府信息公开工作年度报告」 or
    「2025年度某某局政府信息公开工作年度报告」; None if `text` is not such a title."""
    flat = re.sub(r"\s+", "", unify_width(text))
    end = flat.find(TITLE_SUFFIX)
    if end < 0:
        return None
    head = flat[:end]
    match = None
    for match in _YEAR.finditer(head):
        pass
    if match is None:
        return None
    unit = (head[:match.start()] + head[match.end():]).strip("：:,，、 ")
    return unit, int(match.group(1))


def _heading_keys(fmt: Format) -> dict[str, str]:
    keys = {}
    for section in fmt.sections:
        keys[label_key(section.title)] = section.id
        keys[loose_key(section.title)] = section.id
    return keys


def section_of(paragraph: str, headings: dict[str, str]) -> str | None:
    """The section a heading line opens, None if the line is not a section heading."""
    if len(paragraph) > 40:
        return None
    return headings.get(label_key(paragraph)) or headings.get(loose_key(paragraph))


def without_signature(lines: list[str]) -> list[str]:
    """The last section's lines without the document's 落款: a date such as 「2026年1月20日」
    closing the document and the unit's name over it (a line or two of at least three
    characters and no punctuation, so a closing 「无」 stays)."""
    if not lines or not CHINESE_DATE.fullmatch(re.sub(r"\s+", "", unify_width(lines[-1]))):
        return lines
    end = len(lines) - 1
    while end > 0 and len(lines) - 1 - end < _SIGNATURE_UNIT_LINES and _unit_line(lines[end - 1]):
        end -= 1
    return lines[:end]


def _unit_line(line: str) -> bool:
    return len(line) >= 3 and not any(ch in _PUNCTUATION for ch in line)


def read_texts(fmt: Format, documents: list[list[str]]) -> tuple[dict[str, str], list[str]]:
    """The narrative sections' texts and the title candidates (the lines before the first
    heading of each run, joined, then each alone)."""
    headings = _heading_keys(fmt)
    text_sections = {s.id for s in fmt.text_sections()}
    texts: dict[str, list[str]] = {}
    titles: list[str] = []
    for paragraphs in documents:
        current: str | None = None
        before: list[str] = []
        seen_heading = False
        for paragraph in paragraphs:
            line = paragraph.strip().lstrip("\u3000").strip()
            if not line:
                continue
            opened = section_of(line, headings)
            if opened is not None:
                current, seen_heading = opened, True
                if opened in text_sections:
                    texts.setdefault(opened, [])
                continue
            if not seen_heading:
                before.append(line)
            elif current in text_sections:
                texts[current].append(line)
        if current in text_sections:
            texts[current] = without_signature(texts[current])
        if before:
            titles.append("".join(before[:_TITLE_JOIN_LIMIT]))
            titles.extend(before)
    return {k: clean_imported_text("\n".join(v)) for k, v in texts.items()}, titles
