"""Explanations the clerk gives for warnings, each belonging to one finding.

A finding is named by its rule and an anchor (the cell, section or statement that identifies
it within its rule), so explaining the 规章 row leaves the 行政规范性文件 row unexplained and a
later warning of the same rule is not born explained. An explanation keeps the figures it was
written for; when the figures of its finding change it is 待复核 (stale) until the clerk
confirms it or writes it anew.

In the project file (key ``explanations``)::

    "explanations": {
      "in_force_continuity@art20_1.regulations.in_force": {
        "text": "上年数据有误，已更正", "figures": {"art20_1.regulations.in_force": "5", …}},
      "other_explained": "…"          (an older file: keyed by rule only, no figures)
    }

Older files keyed by rule alone are attached to the findings of that rule when the file is
opened (`adopt_rule_keys`); one that matches no finding then is kept under ``rule@*`` and
never attaches to a later finding.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Literal, Mapping, Protocol

from model.errors import NianbaoError
from model.formats import PREVIOUS_PREFIX, Format

SEPARATOR = "@"
UNATTACHED = "*"  # the anchor of an old rule-wide explanation that matched no finding
MAX_KEY_CHARS = 400

State = Literal["current", "stale", "unmatched"]
STATE_NAMES: dict[str, str] = {"current": "已说明", "stale": "待复核", "unmatched": "问题已消除"}


class ExplanationError(NianbaoError):
    """An ``explanations`` entry of a project file is malformed; str() is the Chinese message."""


@dataclass(frozen=True)
class Explanation:
    """The clerk's text and the figures it was written for (None: an old explanation that
    recorded none, taken as written for whatever the figures are)."""

    text: str
    figures: Mapping[str, str] | None = field(default=None, compare=True)

    def is_current_for(self, basis: Iterable[tuple[str, str]]) -> bool:
        return self.figures is None or dict(basis) == dict(self.figures)


class Explainable(Protocol):
    """What of a finding an explanation attaches to."""

    @property
    def rule(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def anchor(self) -> str: ...

    @property
    def basis(self) -> tuple[tuple[str, str], ...]: ...


def figures_text(fmt: Format, figures: Mapping[str, str]) -> str:
    """The figures an explanation was written for, as the clerk reads them:
    「二 · 自然人=0、上年 四 · 自然人=3」 (a blank cell as 空白)."""
    def name(key: str) -> str:
        last_year = key.startswith(PREVIOUS_PREFIX)
        cell = key.removeprefix(PREVIOUS_PREFIX)
        if cell not in fmt.cell_kinds():
            return key  # 文中, 表中, 字数 …
        return ("上年 " if last_year else "") + fmt.describe_cell(cell, with_table=False)
    return "、".join(f"{name(key)}={value or '空白'}" for key, value in figures.items())


def place_of(fmt: Format, key: str) -> str:
    """Where the finding of an explanation is, in words: its cell, its text section, or the
    report's properties (an old rule-wide explanation: the rule)."""
    rule, anchor = split_key(key)
    if anchor in fmt.cell_kinds():
        return f"{fmt.section_of_table(anchor.split('.')[0]).number}、{fmt.describe_cell(anchor)}"
    section = next((s for s in fmt.sections if anchor.split("/")[0] == s.id or anchor == s.id), None)
    if section is not None:
        return section.heading
    if anchor in fmt.tables:
        table = fmt.tables[anchor]
        return f"{fmt.section_of_table(anchor).heading}{' · ' + table.heading if table.heading else ''}"
    return "报告属性" if anchor in ("unit", "year") else f"原有说明（{rule}）"


def key_of(rule: str, anchor: str) -> str:
    return f"{rule}{SEPARATOR}{anchor}"


def split_key(key: str) -> tuple[str, str]:
    """(rule, anchor); the anchor is "" for an old key naming a rule only."""
    rule, _, anchor = key.partition(SEPARATOR)
    return rule, anchor


def lookup(explanations: Mapping[str, Explanation], rule: str, anchor: str,
           basis: tuple[tuple[str, str], ...]) -> tuple[bool, bool]:
    """(explained, stale) of the finding `rule@anchor` found with `basis`."""
    explanation = explanations.get(key_of(rule, anchor))
    if explanation is None or not explanation.text:
        return False, False
    current = explanation.is_current_for(basis)
    return current, not current


def written_for(finding: Explainable, text: str) -> Explanation:
    """A new (or rewritten, or confirmed) explanation of `finding` for its current figures."""
    return Explanation(text, dict(finding.basis))


def adopt_rule_keys(explanations: dict[str, Explanation],
                    findings: Callable[[], Iterable[Explainable]]) -> None:
    """Attach explanations keyed by rule alone (older files) to every warning of that rule, for
    the figures found now (`findings` is called only if there are such explanations); one that
    matches no warning is kept under ``rule@*``."""
    old = {key: e for key, e in explanations.items() if SEPARATOR not in key}
    if not old:
        return
    for key in old:
        del explanations[key]
    matched: set[str] = set()
    for finding in findings():
        explanation = old.get(finding.rule)
        if explanation is not None and finding.severity == "warning":
            explanations.setdefault(key_of(finding.rule, finding.anchor), written_for(finding, explanation.text))
            matched.add(finding.rule)
    for rule, explanation in old.items():
        if rule not in matched:
            explanations.setdefault(key_of(rule, UNATTACHED), explanation)


def state_of(explanation_key: str, explanation: Explanation,
             current: Mapping[str, Explainable]) -> State:
    """Whether an explanation belongs to a finding of now (`current`: key → finding) and was
    written for its figures."""
    finding = current.get(explanation_key)
    if finding is None:
        return "unmatched"
    return "current" if explanation.is_current_for(finding.basis) else "stale"


# --- project file -----------------------------------------------------------------------------

def from_json(raw: Any, rules: set[str]) -> dict[str, Explanation]:
    """The ``explanations`` object of a project file; ExplanationError names the first fault."""
    if not isinstance(raw, dict):
        raise ExplanationError("说明：内容的结构不对")
    result: dict[str, Explanation] = {}
    for key, value in raw.items():
        where = "说明"
        rule, anchor = split_key(key)
        if rule not in rules:
            raise ExplanationError(f"{where}：有本格式没有的校验规则")
        if len(key) > MAX_KEY_CHARS or (SEPARATOR in key and not anchor):
            raise ExplanationError(f"{where}：有一条说明的标识无效")
        result[key] = _entry(value, where)
    return result


def _entry(value: Any, where: str) -> Explanation:
    if isinstance(value, str):
        return Explanation(_lines(value))
    if not isinstance(value, dict) or set(value) - {"text", "figures"} or not isinstance(value.get("text"), str):
        raise ExplanationError(f"{where}：内容的结构不对")
    figures = value.get("figures")
    if figures is not None and not (isinstance(figures, dict)
                                    and all(isinstance(v, str) for v in figures.values())):
        raise ExplanationError(f"{where}：所依据的数字记录有误")
    return Explanation(_lines(value["text"]), None if figures is None else dict(figures))


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def to_json(explanations: Mapping[str, Explanation]) -> dict[str, Any]:
    """Figure-less explanations stay plain text (as older files wrote them)."""
    return {key: e.text if e.figures is None else {"text": e.text, "figures": dict(e.figures)}
            for key, e in explanations.items()}
