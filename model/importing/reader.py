"""Import a report from a workbook, a Word document or a PDF, and say what was read.

Format, year and unit come from the caller, else from the file: the format from the labels
only one format has (`detect`), year and unit from the title. Every table cell is looked for
by its labels (`grid`); the result lists each cell filled (with where it was found), each
official cell not found and each figure that could not be read, so nothing is silently lost.
A workbook this program exported carries the project itself (`embedded`): where its visible
tables still agree with it, the import restores the project exactly.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from model.formats import Format, format_for_year, latest_format_id, load_format
from model.importing import SUFFIXES
from model.importing.detect import detect_format
from model.importing.grid import Found, find_table
from model.importing.labels import loose_key, unify_width
from model.importing.narrative import clean_imported_text, parse_title, read_texts
from model.importing.source import ImportRefused, Source, read_bytes
from model.numbers import NumberError, Value, format_value, numeric, parse_value
from model.report import EMPTY_SECTION_TEXT, Report
from model.storage import ProjectError, load_report, report_from_json

EXIT_COMPLETE, EXIT_INCOMPLETE = 0, 1
_OLD_FORMATS = {".xls": "Excel", ".et": "WPS 表格", ".doc": "Word", ".wps": "WPS 文字"}


class YearUnknown(ImportRefused):
    """The file names no year the import could read; ask the clerk for it and try again."""


@dataclass(frozen=True)
class Unparsed:
    """A figure found in its place that is not a number the cell accepts."""

    key: str
    text: str
    reason: str
    place: str


@dataclass
class ImportResult:
    report: Report
    file: str
    kind: str
    exact: bool = False  # restored from the project a workbook of ours carries
    year_named: bool = True  # False: the file names no year, the report has the fallback year
    filled: list[Found] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)  # found, but empty in the file
    computed: list[str] = field(default_factory=list)  # totals not in the file, added up here
    missing: list[str] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # narrative sections read
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_INCOMPLETE if self.missing or self.unparsed else EXIT_COMPLETE

    @property
    def complete(self) -> bool:
        return self.exit_code == EXIT_COMPLETE

    def summary(self) -> str:
        """One line: what was read and what was not."""
        parts = [f"已填入 {len(self.filled)} 个单元格"]
        if self.missing:
            parts.append(f"未找到 {len(self.missing)} 个")
        if self.unparsed:
            parts.append(f"{len(self.unparsed)} 个数值无法识别")
        parts.append(f"文字部分 {len(self.texts)}/{len(self.report.format.text_sections())} 个")
        return "，".join(parts)

    def lines(self) -> list[str]:
        """The whole result as the command line prints it."""
        fmt, report = self.report.format, self.report
        out = [f"已读取 {self.file}（{self.kind}）：{report.title} · {fmt.name}", *self.notes,
               self.summary()]
        if self.unparsed:
            out.append("无法识别的数值（未填入）：")
            out += [f"  · {fmt.describe_cell(u.key, with_section=True)}：“{u.text}”，{u.reason}（{u.place}）" for u in self.unparsed]
        if self.missing:
            out.append("未找到的单元格：")
            out += [f"  · {fmt.describe_cell(key, with_section=True)}" for key in self.missing]
        missing_texts = [s.heading for s in fmt.text_sections() if s.id not in self.texts]
        if missing_texts:
            out.append(f"未找到的文字部分：{'、'.join(missing_texts)}")
        if self.computed:
            out.append(f"文件中没有、由程序合计的单元格：{'、'.join(fmt.describe_cell(k, with_section=True) for k in self.computed)}")
        out.append("已填入的单元格：")
        out += [f"  · {fmt.describe_cell(f.key, with_section=True)} = {format_value(report.value(f.key))}（{f.place}）"
                for f in self.filled]
        return out


def _reader(path: Path) -> Callable[[bytes, str], Source]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from model.importing.xlsx_source import read_xlsx
        return read_xlsx
    if suffix == ".docx":
        from model.importing.docx_source import read_docx
        return read_docx
    if suffix == ".pdf":
        from model.importing.pdf_source import read_pdf
        return read_pdf
    if suffix in _OLD_FORMATS:
        raise ImportRefused(f"不支持旧版 {_OLD_FORMATS[suffix]} 文件（{suffix}），请先在 Excel/Word/WPS 中"
                            f"另存为 {'.xlsx' if suffix in ('.xls', '.et') else '.docx'} 后再导入")
    raise ImportRefused(f"无法导入 {path.name}：只支持 Excel（.xlsx）、Word（.docx）和 PDF 文件")


def _embedded_report(source: Source, notes: list[str]) -> Report | None:
    if source.embedded is None:
        return None
    try:
        return report_from_json(source.embedded)
    except ProjectError as exc:
        notes.append(f"工作簿中保存的项目数据无法使用（{exc}），已按表格内容读取")
        return None


def _choose_format(source: Source, format_id: str | None, embedded: Report | None,
                   year: int | None, notes: list[str]) -> Format:
    if format_id:
        return load_format(format_id)
    if embedded is not None:
        return embedded.format
    detected, _counts = detect_format(source.label_keys())
    if detected is None:
        detected = format_for_year(year) if year else format_for_year(10**4)
        notes.append(f"无法从表格标签判断报告格式，按{'年度' if year else '最新格式'}采用{load_format(detected).name}")
    return load_format(detected)


def _find_cells(source: Source, fmt: Format, notes: list[str]) -> dict[str, Found]:
    """Each table from the grid where most of its cells are found (sheets in any order), or
    from a PDF's text where it is printed without lines."""
    found: dict[str, Found] = {}
    by_position: list[str] = []
    unplaced: list[str] = []
    for table in fmt.tables.values():
        best: dict[str, Found] = {}
        for grid in source.grids:
            here = find_table(grid, table)
            if len(here) > len(best):
                best = here
        for text in source.unruled:
            here = text.find_table(table)
            if len(here) > len(best):
                best = here
                by_position.append(table.id)
            elif not best and text.shows(table):
                unplaced.append(table.id)
        found.update(best)
    if by_position:
        notes.append(f"{_table_names(fmt, by_position)}的表格没有框线，已按文字的位置读取，请核对填入的数字"
                     "（无法确定位置的单元格列为未找到）")
    if unplaced:
        notes.append(f"{_table_names(fmt, unplaced)}的表格没有框线，无法按文字的位置确定数字所在的行和列"
                     "（列标题与官方表样不同），未读取：请改用该报告的 Word、Excel 版本，或手工填写")
    return found


def _table_names(fmt: Format, table_ids: list[str]) -> str:
    """「“三、收到和处理政府信息公开申请情况”、“二、主动公开政府信息情况 · 第二十条第（一）项”」."""
    names = []
    for table_id in table_ids:
        section, heading = fmt.section_of_table(table_id), fmt.tables[table_id].heading
        names.append(f"“{section.heading}{f' · {heading}' if heading and len(section.tables) > 1 else ''}”")
    return "、".join(names)


def _amount_unit(source: Source, fmt: Format) -> str | None:
    """The unit a header gives for amounts whose unit the format leaves open (2019
    「采购总金额（单位：元）」); None when no header names one."""
    choices = sorted(fmt.unit_choices(), key=len, reverse=True)  # 万元 before 元, which it contains
    labels = {loose_key(leaf.label) for table in fmt.tables.values()
              for leaf in table.column_leaves() if leaf.units}
    for text in source.label_texts():
        if loose_key(text) in labels:
            written = "".join(unify_width(text).split())
            unit = next((u for u in choices if f"单位:{u}" in written), None)
            if unit is not None:
                return unit
    return None


def _parse(fmt: Format, found: dict[str, Found], result: ImportResult) -> dict[str, Value]:
    kinds = fmt.cell_kinds()
    values: dict[str, Value] = {}
    for key in fmt.cell_keys():
        hit = found.get(key)
        if hit is None:
            continue
        try:
            value = parse_value(hit.text, kinds[key])
        except NumberError as exc:
            result.unparsed.append(Unparsed(key, hit.text, str(exc), hit.place))
            continue
        if value is None:
            result.blank.append(key)
        else:
            values[key] = value
            result.filled.append(hit)
    return values


def _add_missing_totals(report: Report, found: set[str], result: ImportResult) -> None:
    """Totals the file does not show (a sheet without 总计 column) are added up from their parts."""
    for instance in report.format.instances():
        target = instance.left[0][0]
        if not instance.relation.computes or target in found:
            continue
        parts = [report.values[k] for k, _ in instance.right if k in report.values]
        if parts and target not in report.values:
            report.values[target] = sum((numeric(v) for v in parts), start=0)
            result.computed.append(target)


def _comparable(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch.isprintable())


def _same_text(shown: str, stored: str) -> bool:
    """Whether a section reads as stored (an empty one is printed 「无。」)."""
    return _comparable(shown) in (_comparable(stored), _comparable(stored or EMPTY_SECTION_TEXT))


def _restore(embedded: Report, values: dict[str, Value], texts: dict[str, str],
             result: ImportResult) -> Report:
    """The embedded project, with whatever the visible workbook shows differently."""
    report = embedded
    changed = [f.key for f in result.filled if embedded.values.get(f.key) != values[f.key]]
    changed += [key for key in result.blank if key in embedded.values]
    changed += [u.key for u in result.unparsed]
    for key in changed:
        report.set_value(key, values.get(key))
    edited = [sid for sid, text in texts.items() if not _same_text(text, embedded.texts.get(sid, ""))]
    for section_id in edited:
        report.texts[section_id] = texts[section_id]
    if changed or edited:
        names = [report.format.describe_cell(k, with_section=True) for k in changed[:5]] + \
                [s.heading for s in report.format.text_sections() if s.id in edited]
        result.notes.append(f"工作簿在导出后被修改过（{'、'.join(names)}{' 等' if len(changed) > 5 else ''}），"
                            "已按工作簿中显示的内容读取")
    else:
        result.exact = True
        result.notes.append("这是本程序导出的工作簿，已按其中保存的项目完整还原（数值、文字和说明）")
    result.texts = [s.id for s in report.format.text_sections()]
    return report


def import_report(path: str | os.PathLike[str], format_id: str | None = None, year: int | None = None,
                  unit: str | None = None, fallback_year: int | None = None) -> ImportResult:
    """Read `path` into a new report; ImportRefused (Chinese) when nothing can be read.

    `format_id`, `year` and `unit` override what the file says. A file that names no year
    gets `fallback_year` (`year_named` is then False; the format is still told by the labels
    only, so it does not depend on the fallback); YearUnknown when there is none either.
    """
    path = Path(path)
    read = _reader(path)
    source = read(read_bytes(path), path.name)
    notes: list[str] = []
    embedded = _embedded_report(source, notes)
    _, titles = read_texts(load_format(format_id or latest_format_id()), source.documents)  # headings alike in every format
    titled = next((t for t in map(parse_title, titles + source.titles) if t), None)
    if embedded is not None and format_id in (None, embedded.format.id):
        titled = (embedded.unit, embedded.year)
    year = year or (titled[1] if titled else None)
    unit = clean_imported_text(unit if unit is not None else (titled[0] if titled else ""))
    fmt = _choose_format(source, format_id, embedded, year, notes)
    texts, _ = read_texts(fmt, source.documents)
    found = _find_cells(source, fmt, notes)
    if not found and not texts:
        raise ImportRefused(f"在 {path.name} 中没有找到年度报告的表格或文字部分（按{fmt.name}的标签查找），无法导入")
    named = year is not None
    if year is None:
        if fallback_year is None:
            raise YearUnknown(f"无法从 {path.name} 的标题中识别报告年度，请指定年度")
        year = fallback_year
    report = Report(fmt, unit, year, texts={s.id: texts.get(s.id, "") for s in fmt.text_sections()})
    result = ImportResult(report, path.name, source.kind, notes=notes, year_named=named)
    values = _parse(fmt, found, result)
    if embedded is not None and embedded.format.id == fmt.id:
        report = result.report = _restore(embedded, values, texts, result)
        report.year, report.unit = year, unit
    else:
        report.values = values
        report.amount_unit = _amount_unit(source, fmt) or report.amount_unit
        result.texts = [s.id for s in fmt.text_sections() if s.id in texts]
        _add_missing_totals(report, set(found), result)
    if not result.exact:
        result.missing = [k for k in fmt.cell_keys() if k not in found and k not in result.computed]
    if not unit:
        result.notes.append("未能从标题中识别单位名称，请在“报告属性”中填写")
    report.imported = {f.key: report.values[f.key] for f in result.filled if f.key in report.values}
    report.imported_from = path.name
    return result


def read_any(path: str | os.PathLike[str], fallback_year: int | None = None) -> tuple[Report, bool]:
    """A report from a project file or from anything importable (last year's published report,
    a sub-unit's workbook), and whether the file names its year (False: an imported file that
    names none got `fallback_year`); ProjectError (Chinese) when it cannot be read."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        return load_report(path), True
    try:
        result = import_report(path, fallback_year=fallback_year)
    except ImportRefused as exc:
        raise ProjectError(str(exc)) from None
    return result.report, result.year_named


def load_any(path: str | os.PathLike[str]) -> Report:
    """The report of `read_any`, for a file that must name its year."""
    return read_any(path)[0]
