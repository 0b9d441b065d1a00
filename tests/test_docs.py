"""The plan lives in the project: the docs name every rule with its severity and every key of a
project file, and the README links only inside the project."""
from __future__ import annotations

import re

from model.formats import load_format
from model.rules import BLANK_RULE
from model.storage import TOP_LEVEL_KEYS

from conftest import FORMATS, ROOT

FORMATS_MD = (ROOT / "docs" / "FORMATS.md").read_text(encoding="utf-8")


def test_every_rule_of_every_format_is_documented_with_its_severity() -> None:
    documented = dict(re.findall(r"^\| `([a-z_]+)` \| (error|warning|hint) \|", FORMATS_MD, re.MULTILINE))
    shipped = {r.rule: r.severity for f in FORMATS for r in load_format(f).relations}
    shipped[BLANK_RULE] = "hint"
    assert {rule: documented.get(rule) for rule in shipped} == shipped


def test_links_stay_inside_the_project() -> None:
    for doc in (ROOT / "README.md", ROOT / "docs" / "DESIGN.md", ROOT / "docs" / "FORMATS.md"):
        text = doc.read_text(encoding="utf-8")
        assert "../shared" not in text, doc
        for target in re.findall(r"\]\(([^)#]+)", text):
            if not re.match(r"[a-z]+://", target):
                assert (doc.parent / target).exists(), (doc, target)


def test_every_key_of_a_project_file_is_documented() -> None:
    """FORMATS.md is the file contract: a key the loader accepts and the notes do not name would
    be a contract nobody can read."""
    assert [key for key in sorted(TOP_LEVEL_KEYS) if f"`{key}`" not in FORMATS_MD] == []
    assert "{rule}@{anchor}" in FORMATS_MD  # how explanations are keyed (one per finding)
