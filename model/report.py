"""The report document: which format, whose report, which year, its texts and its figures."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from model.explanations import Explanation
from model.formats import Format, load_format
from model.numbers import AMOUNT_UNIT, Value, numeric

TITLE_SUFFIX = "政府信息公开工作年度报告"
EMPTY_SECTION_TEXT = "无。"  # what the exports print for a narrative section left empty
YEAR_RANGE = range(2000, 2101)
"""The report years this program accepts: in files, in new and in carried reports."""
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def year_refusal(year: int) -> str | None:
    """Why `year` cannot be a new report's year, in the clerk's words; None when it can."""
    if year in YEAR_RANGE:
        return None
    return f"年度 {year} 超出本程序支持的范围（{YEAR_RANGE.start}–{YEAR_RANGE.stop - 1}）"


# The longest unit name the program accepts: the longest real names have about 40 characters,
# and every export prints the name in titles and headers (a 60,000-character one took minutes).
UNIT_MAX_CHARS = 200


def unit_refusal(unit: str) -> str | None:
    """Why `unit` cannot be a unit name, in the clerk's words; None when it can."""
    if len(unit) > UNIT_MAX_CHARS:
        return f"单位名称过长（{len(unit)} 个字符，最多 {UNIT_MAX_CHARS} 个）"
    return None


@dataclass
class Contribution:
    """One unit's figures inside a merged (汇总) report."""

    unit: str
    file: str
    values: dict[str, Value]


@dataclass
class RegisterLink:
    """Where 三 (and 四) came from: the request register (台账) file, its SHA-256, for each
    cell filled from it the requests (or cases) that make it up (the drill-down; totals are
    not listed), and each request's dates (received, concluded or None)."""

    file: str
    sha256: str
    cells: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dates: dict[str, tuple[date, date | None]] = field(default_factory=dict)

    def requests_behind(self, fmt: Format, key: str) -> tuple[str, ...] | None:
        """The requests (or cases) of a cell, a computed total gathering its parts'; None for
        a cell the register did not fill."""
        if key in self.cells:
            return self.cells[key]
        summed = fmt.summed_by().get(key)
        if summed is None:
            return None
        parts = [self.requests_behind(fmt, k) for k in summed]
        if all(p is None for p in parts):
            return None
        return tuple(i for p in parts if p for i in p)


@dataclass
class Report:
    """One annual report. Blank cells are absent from `values`; `previous` holds last year's."""

    format: Format
    unit: str
    year: int
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, Value] = field(default_factory=dict)
    explanations: dict[str, Explanation] = field(default_factory=dict)  # "rule@anchor" → explanation
    previous: dict[str, Value] = field(default_factory=dict)
    auto_totals: bool = False
    carried: set[str] = field(default_factory=set)
    merged_from: list[Contribution] = field(default_factory=list)
    amount_unit: str = AMOUNT_UNIT  # the unit of amounts the format leaves open (2019 采购总金额)
    previous_texts: dict[str, str] = field(default_factory=dict)  # last year's narrative texts
    imported: dict[str, Value] = field(default_factory=dict)  # cell → the value an import put there
    imported_from: str = ""
    register: RegisterLink | None = None
    issued: date | None = None  # 成文日期 of the 落款; None: the day it is exported
    intro: str = ""  # 引言 printed before 一、; empty: none

    def issue_date(self) -> date:
        """The 成文日期 the exports print: the one set in 报告属性, else today."""
        return self.issued or date.today()

    def default_intro(self) -> str:
        """The format's usual 引言 wording filled in for this report (offered in 报告属性)."""
        return intro_wording(self.format, self.unit, self.year)

    @classmethod
    def blank(cls, format_id: str, unit: str, year: int, auto_totals: bool = True) -> "Report":
        """A new report: empty texts and cells, totals computed by the program."""
        fmt = load_format(format_id)
        report = cls(fmt, unit, year, texts={s.id: "" for s in fmt.text_sections()},
                     auto_totals=auto_totals)
        if auto_totals:
            report.recompute_totals()
        return report

    @property
    def title(self) -> str:
        """The official title, e.g. 「南开区文化和旅游局2020年政府信息公开工作年度报告」."""
        return f"{self.unit}{self.year}年{TITLE_SUFFIX}"

    def unit_of(self, key: str) -> str:
        """The unit of an amount cell: the clerk's choice where the format leaves it open."""
        return self.amount_unit if key in self.format.unit_chosen_keys() else AMOUNT_UNIT

    def file_name(self, suffix: str) -> str:
        """The name a file of this report is offered under: the official title, safe on
        Windows, e.g. 「南开区文化和旅游局2020年政府信息公开工作年度报告.pdf」."""
        name = _UNSAFE_IN_FILE_NAMES.sub("_", self.title).strip(" .") or "年度报告"
        return f"{name}{suffix}"

    def value(self, key: str) -> Value | None:
        return self.values.get(key)

    def set_value(self, key: str, value: Value | None) -> None:
        """Set or clear (None) one cell; unknown keys are a programming error."""
        if key not in self.format.cell_kinds():
            raise KeyError(key)
        if value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = value

    def register_requests(self, key: str) -> tuple[str, ...] | None:
        """The requests (or cases) behind a cell filled from the register, while it still holds
        the register's figure; None for a cell not (or no longer) from it."""
        ids = self.register.requests_behind(self.format, key) if self.register is not None else None
        return ids if ids is not None and self.values.get(key) == len(ids) else None

    def source_of(self, key: str) -> str | None:
        """The file the cell's figure came from while the cell still holds it: the register
        it was counted from, or the report it was imported from; None for the clerk's own."""
        if self.register is not None and self.register_requests(key) is not None:
            return self.register.file
        if key in self.imported and self.values.get(key) == self.imported[key]:
            return self.imported_from
        return None

    def is_imported(self, key: str) -> bool:
        """True while the cell still holds the figure an import or the register put there
        (edited → mark gone): one notion of 「came from a file」."""
        return self.source_of(key) is not None

    def is_computed(self, key: str) -> bool:
        """True when the program fills this cell (auto totals on and the cell is a total)."""
        return self.auto_totals and key in self.format.computed_keys()

    def recompute_totals(self) -> set[str]:
        """Fill every computable total from its parts; returns the keys whose value changed."""
        changed: set[str] = set()
        computing = [i for i in self.format.instances() if i.relation.computes]
        for _ in range(3):  # totals of totals settle in two passes; the third proves it
            changed_this_pass = False
            for instance in computing:
                total = sum((numeric(self.values.get(key)) for key, _ in instance.right), start=0)
                target = instance.left[0][0]
                if self.values.get(target) != total:
                    self.values[target] = total
                    changed.add(target)
                    changed_this_pass = True
            if not changed_this_pass:
                return changed
        raise AssertionError("total relations do not settle: the format has a cycle")


CHINESE_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")


def chinese_date(day: date) -> str:
    """A date as official documents print it (GB/T 9704): 「2026年1月20日」 (CHINESE_DATE reads it)."""
    return f"{day.year}年{day.month}月{day.day}日"


def intro_wording(fmt: Format, unit: str, year: int) -> str:
    """The format's usual 引言 with the unit, the year and the sections' titles filled in."""
    sections = "、".join(s.title for s in fmt.sections)
    return fmt.intro.replace("{unit}", unit).replace("{year}", str(year)).replace("{sections}", sections)
