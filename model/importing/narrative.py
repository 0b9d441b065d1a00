"""The words of a report: its title (unit and year) and the texts of its narrative sections,
found by the format's section headings in runs of paragraphs."""
from __future__ import annotations

import re

from model.formats import Format
from model.importing.labels import label_key, loose_key, unify_width
from model.report import TITLE_SUFFIX
from model.text import clean_user_text

_YEAR = re.compile(r"((?:19|20)\d{2})年度?")
_TITLE_JOIN_LIMIT = 4  # a title spread over at most this many lines before the first heading


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
        if before:
            titles.append("".join(before[:_TITLE_JOIN_LIMIT]))
            titles.extend(before)
    return {k: clean_imported_text("\n".join(v)) for k, v in texts.items()}, titles
