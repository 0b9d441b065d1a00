"""Which official format a document uses, told by the labels only one format has.

The published layout, not the year, decides (a 2022 report in the 2019 layout exists): the
2019 and 2021 formats differ in 二's columns and in 三's （六） rows, so each format's labels
that the other formats lack are counted in the document, and the format with most wins.
"""
from __future__ import annotations

from functools import cache

from model.formats import Format, Node, available_formats, load_format
from model.importing.labels import label_key, loose_key


@cache
def format_keys(format_id: str) -> frozenset[str]:
    """Every label of the format (tables' headings, rows and columns) in comparable form."""
    fmt: Format = load_format(format_id)
    keys: set[str] = set()

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            keys.update((label_key(node.label), loose_key(node.label)))
            walk(node.children)

    for table in fmt.tables.values():
        if table.heading:
            keys.update((label_key(table.heading), loose_key(table.heading)))
        walk(table.rows)
        walk(table.columns)
    keys.discard("")
    return frozenset(keys)


def own_labels(format_id: str) -> frozenset[str]:
    """The labels of `format_id` that no other shipped format has."""
    others = set().union(*(format_keys(f) for f in available_formats() if f != format_id))
    return format_keys(format_id) - others


def detect_format(document_keys: set[str]) -> tuple[str | None, dict[str, int]]:
    """The format whose own labels the document shows most (None if it shows none of any
    format's own labels, or a tie), with each format's count."""
    counts = {f: len(own_labels(f) & document_keys) for f in available_formats()}
    best = max(counts.values(), default=0)
    winners = [f for f, n in counts.items() if n == best]
    return (winners[0] if best and len(winners) == 1 else None), counts
