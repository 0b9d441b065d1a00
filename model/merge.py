"""Many units' reports compiled into one (汇总).

A district or city office adds up the reports of all its departments: every statistical cell
is the sum of the units' cells, so the sum of consistent reports is itself consistent and the
usual checks apply to the total. The merged report remembers each unit's figures
(`merged_from`) so that a unit's own mistakes can be traced and shown side by side.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from model.errors import NianbaoError
from model.explanations import Explanation, written_for
from model.formats import Format, load_format
from model.numbers import MAX_AMOUNT, MAX_COUNT, NOT_APPLICABLE, Value, format_value
from model.report import Contribution, Report
from model.rules import Finding, check
from model.storage import ProjectError

Progress = Callable[[int, int], bool]
"""Called with (done, total) before the first and after each report; False cancels."""

LIST_LIMIT = 10
NO_YEAR = "文件中没有写明报告年度，其他文件也没有可参照的年度"


class MergeError(NianbaoError):
    """The reports cannot be merged; str() is the Chinese message, `files` the culprits."""

    def __init__(self, message: str, files: Sequence[Path] = ()) -> None:
        super().__init__(message)
        self.files = tuple(files)


class MergeCancelled(Exception):
    """The progress callback asked to stop; nothing was produced.

    Not a NianbaoError: a cancel is the clerk's own choice, not a fault, and has no message to
    show; whoever reports NianbaoError must not report a cancel as one.
    """


def _names(paths: Sequence[Path]) -> str:
    listed = "、".join(p.name for p in paths[:LIST_LIMIT])
    return listed + (f" 等 {len(paths)} 个文件" if len(paths) > LIST_LIMIT else "")


class _CellSums:
    """Running sums of cell values: "/" counts as 0, a cell only ever "/" stays "/"."""

    def __init__(self) -> None:
        self.sums: dict[str, int | Decimal] = {}
        self.not_applicable: set[str] = set()

    def add(self, values: dict[str, Value]) -> None:
        sums = self.sums
        for key, value in values.items():
            if value == NOT_APPLICABLE:
                self.not_applicable.add(key)
            else:
                sums[key] = sums.get(key, 0) + value  # type: ignore[operator]

    def result(self, fmt: Format) -> dict[str, Value]:
        """The sums in the format's cell order."""
        merged: dict[str, Value] = {}
        for key in fmt.cell_keys():
            if key in self.sums:
                merged[key] = self.sums[key]
            elif key in self.not_applicable:
                merged[key] = NOT_APPLICABLE
        return merged


def sum_of_units(merged: Report) -> dict[str, Value]:
    """Each cell summed over the contributing units' own figures, by the merge's own rule
    (the 合计 a superior office checks the stored total against)."""
    sums = _CellSums()
    for contribution in merged.merged_from:
        sums.add(contribution.values)
    return sums.result(merged.format)


class _Merger:
    """Adds reports one at a time, so that files can be merged while they are read."""

    def __init__(self) -> None:
        self.listing = Listing()
        self.first: Report | None = None
        self.values = _CellSums()
        self.previous = _CellSums()
        self.contributions: list[Contribution] = []
        self.all_auto_totals = True
        self.all_have_previous = True
        self.places: set[str] = set()
        self.explained: list[tuple[str, dict[str, Explanation]]] = []  # each unit's explanations

    def add(self, path: Path, report: Report, year_named: bool = True) -> None:
        place = os.path.normcase(os.path.abspath(path))
        if place in self.places:
            raise MergeError(f"同一份报告被选择了两次：{path.name}", [path])
        self.places.add(place)
        self.listing.add(path, report.format.id, report.year if year_named else None, report.amount_unit)
        if self.first is None:
            self.first = report
        elif report.format.id != self.first.format.id:
            return  # refused in finish(), once every file has been seen
        self.values.add(report.values)
        self.previous.add(report.previous)
        self.all_auto_totals = self.all_auto_totals and report.auto_totals
        self.all_have_previous = self.all_have_previous and bool(report.previous)
        values = {sys.intern(key): value for key, value in report.values.items()}  # one key string per cell, not per file
        self.contributions.append(Contribution(report.unit, path.name, values))
        if report.explanations:
            self.explained.append((report.unit or path.stem, report.explanations))

    def add_broken(self, path: Path, message: str) -> None:
        self.listing.add_broken(path, message)

    def finish(self, unit: str) -> Report:
        refused = self.listing.refusal()
        if refused is not None:
            raise refused
        if self.first is None:
            raise MergeError("没有选择要汇总的报告")
        fmt = self.first.format
        year = self.listing.year()
        assert year is not None  # a listing without any year is refused
        merged = Report(fmt, unit, year, amount_unit=self.first.amount_unit,
                        texts={s.id: "" for s in fmt.text_sections()},
                        values=self.values.result(fmt),
                        previous=self.previous.result(fmt) if self.all_have_previous else {},
                        auto_totals=self.all_auto_totals,
                        merged_from=self.contributions)
        merged.explanations = carried_explanations(self.explained, check(merged))
        _refuse_overflow(merged)
        return merged


Group = tuple[str, int]  # format id, year


@dataclass
class Listing:
    """What a merge must know of its files before adding them up: which cannot be read, each
    file's format and year, and the unit of its open amounts (2019 采购总金额). The dialog
    builds one of the files it lists, so it refuses exactly what the merge would.

    A file that names no year (a sub-unit's workbook without a title) is taken as of the year
    the other files name (`year`: the one most of them name)."""

    broken: list[tuple[Path, str]] = field(default_factory=list)
    files: list[tuple[Path, str, int | None]] = field(default_factory=list)  # path, format id, year named
    amount_units: dict[str, list[Path]] = field(default_factory=dict)

    def add(self, path: Path, format_id: str, year: int | None, amount_unit: str) -> None:
        """A readable file: its format, the year it names (None: none) and its amount unit."""
        self.files.append((path, format_id, year))
        self.amount_units.setdefault(amount_unit, []).append(path)

    def add_broken(self, path: Path, message: str) -> None:
        self.broken.append((path, message))

    def year(self) -> int | None:
        """The year of the merge: the one most files name (None when none names one); a file
        naming none is taken as of it."""
        named = Counter(year for _, _, year in self.files if year is not None)
        return max(named, key=named.__getitem__) if named else None

    def unnamed(self) -> list[Path]:
        """The files that name no year."""
        return [path for path, _, year in self.files if year is None]

    @property
    def groups(self) -> dict[Group, list[Path]]:
        """The files by format and year (a file naming none in the merge's year)."""
        merge_year = self.year()
        groups: dict[Group, list[Path]] = {}
        for path, format_id, named in self.files:
            year = named if named is not None else merge_year
            if year is not None:
                groups.setdefault((format_id, year), []).append(path)
        return groups

    def refusals(self) -> dict[Path, str]:
        """Why each file cannot be merged with the others, by file: it cannot be read, or its
        format and year, or its amount unit, differ from most of the files', or neither it nor
        any other file names a year."""
        found: dict[Path, str] = {}
        usual_unit = _most(self.amount_units)
        for amount_unit, paths in self.amount_units.items():
            if amount_unit != usual_unit:
                found.update({path: f"金额单位（{amount_unit}）与其他文件不同" for path in paths})
        groups = self.groups
        usual = _most(groups)
        for group, paths in groups.items():
            if group != usual:
                found.update({path: f"格式或年度与其他文件不同（{load_format(group[0]).short_name} · {group[1]}年度）"
                              for path in paths})
        if self.year() is None:
            found.update({path: NO_YEAR for path in self.unnamed()})
        found.update({path: f"无法读取：{message}" for path, message in self.broken})
        return found

    def refusal(self) -> MergeError | None:
        """Every reason the files cannot be merged, all at once, naming the files at fault;
        None when there is none."""
        parts: list[str] = []
        if self.broken:
            lines = "\n".join(f"  {p.name}：{m}" for p, m in self.broken[:LIST_LIMIT])
            more = f"\n  另有 {len(self.broken) - LIST_LIMIT} 个文件无法读取" if len(self.broken) > LIST_LIMIT else ""
            parts.append(f"有 {len(self.broken)} 个文件无法读取：\n{lines}{more}")
        groups = self.groups
        if len(groups) > 1:
            parts.append("只能汇总同一格式、同一年度的报告，所选文件不一致：\n" + "\n".join(
                f"  {load_format(f).name} · {y}年度：{_names(paths)}" for (f, y), paths in _usual_first(groups)))
        if self.year() is None and self.unnamed():
            parts.append(f"{_names(self.unnamed())}：{NO_YEAR}，请用报告年度明确的文件一起汇总")
        if len(self.amount_units) > 1:
            parts.append("所选报告的金额单位不一致（报告属性中的“金额单位”），不能直接相加，请统一后再汇总：\n"
                         + "\n".join(f"  {unit}：{_names(paths)}" for unit, paths in _usual_first(self.amount_units)))
        if not parts:
            return None
        return MergeError("\n".join(parts), list(self.refusals()))


def _most(kinds: dict[Any, list[Path]]) -> Any:
    """The kind most files have (the first listed among equals): the others differ."""
    return max(kinds, key=lambda kind: len(kinds[kind]), default=None)


def _usual_first(kinds: dict[Any, list[Path]]) -> list[tuple[Any, list[Path]]]:
    usual = _most(kinds)
    return sorted(kinds.items(), key=lambda item: item[0] != usual)


def carried_explanations(explained: Sequence[tuple[str, dict[str, Explanation]]],
                         findings: Iterable[Finding]) -> dict[str, Explanation]:
    """The units' explanations in the total, each line headed by its unit (「甲局：…」), so a
    warning the units explained stays explained and says by whom; written for the total's
    figures where the total has that warning (`findings`), else kept as the units wrote them."""
    lines: dict[str, list[str]] = {}
    for unit, explanations in explained:
        for key, explanation in explanations.items():
            if explanation.text:
                lines.setdefault(key, []).append(f"{unit}：{explanation.text}")
    now = {finding.key: finding for finding in findings}
    return {key: written_for(now[key], "\n".join(texts)) if key in now else Explanation("\n".join(texts))
            for key, texts in lines.items()}


def share_text(report: Report, key: str, limit: int = LIST_LIMIT) -> str | None:
    """「各单位：甲局 3、乙局 空白、丙局 /」: who contributed what to a cell of a 汇总 (None when
    the report is no 汇总)."""
    if not report.merged_from:
        return None
    shares = [f"{c.unit} {format_value(c.values[key]) if key in c.values else '空白'}"
              for c in report.merged_from[:limit]]
    more = f" 等 {len(report.merged_from)} 个单位" if len(report.merged_from) > limit else ""
    return "各单位：" + "、".join(shares) + more


def _refuse_overflow(report: Report) -> None:
    """Sums beyond what a project file may hold would make the saved total unreadable."""
    kinds = report.format.cell_kinds()
    for key, value in report.values.items():
        if value == NOT_APPLICABLE:
            continue
        too_big = value >= MAX_AMOUNT if kinds[key] == "amount" else abs(value) > MAX_COUNT  # type: ignore[operator, arg-type]
        if too_big:
            raise MergeError(f"{report.format.describe_cell(key)} 的合计 {format_value(value)} "
                             f"超出本程序允许的最大值，无法汇总")


def _run(items: Iterable[tuple[Path, tuple[Report, bool] | str]], total: int, unit: str,
         progress: Progress | None) -> Report:
    """Add up the reports (each with whether its file names its year), or the reasons files
    cannot be read."""
    merger = _Merger()
    if progress is not None and progress(0, total) is False:
        raise MergeCancelled()
    for done, (path, read) in enumerate(items, start=1):
        if isinstance(read, str):
            merger.add_broken(path, read)
        else:
            merger.add(path, *read)
        if progress is not None and progress(done, total) is False:
            raise MergeCancelled()
    return merger.finish(unit)


def merge_reports(reports: Sequence[tuple[Path, Report]], unit: str,
                  progress: Progress | None = None) -> Report:
    """The total of `reports` (each with the file it came from) as a report of `unit`.

    Refuses (MergeError) reports of different formats or years, or one file given twice.
    Blank stays blank only where every report is blank; "/" counts as 0 (a cell that is "/"
    in every report that fills it stays "/"); amounts add exactly. `previous` (last year's
    figures) is summed too when every report has it, so the cross-year checks apply to the
    total; if any report lacks it, the total's last year is unknown and left empty.
    """
    return _run(((Path(p), (r, True)) for p, r in reports), len(reports), unit, progress)


def read_unit(path: Path) -> tuple[Report, bool]:
    """A unit's report as the merge (and its dialog) reads it, and whether its file names its
    year. A workbook naming none is read as of the current year for the while: the merge takes
    it as of the other files' year (`Listing.year`); its format is told by its labels alone."""
    from model.importing.reader import read_any  # the readers of other programs' files: only to merge files
    return read_any(path, fallback_year=date.today().year)


def merge_files(paths: Sequence[str | os.PathLike[str]], unit: str,
                progress: Progress | None = None) -> Report:
    """Load each project file (or sub-unit's workbook) and merge them; MergeError names every
    file that fails to load. A workbook that names no year is taken as of the others' year."""
    files = [Path(p) for p in paths]

    def loaded() -> Iterable[tuple[Path, tuple[Report, bool] | str]]:
        for path in files:
            try:
                yield path, read_unit(path)
            except ProjectError as exc:
                yield path, str(exc)

    return _run(loaded(), len(files), unit, progress)


def contributions_with_errors(merged: Report) -> list[tuple[Contribution, list[Finding]]]:
    """The contributing units whose own figures break an error rule, with those errors."""
    found = []
    for contribution in merged.merged_from:
        own = Report(merged.format, contribution.unit, merged.year, values=contribution.values)
        errors = [f for f in check(own) if f.severity == "error"]
        if errors:
            found.append((contribution, errors))
    return found


def repeated_units(merged: Report) -> dict[str, list[str]]:
    """Units that contribute more than once (usually one report saved twice), with their files."""
    return units_in_several_files((c.unit, c.file) for c in merged.merged_from)


def units_in_several_files(units: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Of (unit, file) pairs, the units named by more than one file, with those files."""
    files: dict[str, list[str]] = {}
    for unit, file in units:
        files.setdefault(unit, []).append(file)
    return {unit: names for unit, names in files.items() if len(names) > 1}
