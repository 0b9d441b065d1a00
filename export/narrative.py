"""Split a narrative section into the blocks both exporters print: paragraphs and sub-headings.

Clerks type level-two headings as lines of their own, 「（一）强化组织领导」, or run them into
the paragraph, 「（一）强化组织领导。为加强……」. GB/T 9704 sets such headings in 楷体, so
both forms are recognised; anything else is an ordinary paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERED = r"[（(][一二三四五六七八九十]{1,3}[）)]"
_HEADING_LINE = re.compile(rf"^{_NUMBERED}[^。；！？，]{{1,30}}[。]?$")
_RUN_IN = re.compile(rf"^({_NUMBERED}[^。；！？，：]{{1,20}}。)(.+)$")


@dataclass(frozen=True)
class Block:
    """One printed paragraph; `lead` is a run-in heading printed before `text` (may be empty)."""

    text: str
    heading: bool = False
    lead: str = ""


def blocks(text: str) -> list[Block]:
    """The non-empty lines of a narrative text as headings or paragraphs, in order."""
    result: list[Block] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if _HEADING_LINE.match(line):
            result.append(Block(line, heading=True))
            continue
        run_in = _RUN_IN.match(line)
        if run_in:
            result.append(Block(run_in.group(2), lead=run_in.group(1)))
        else:
            result.append(Block(line))
    return result
