"""Files the import tests read, made the way other offices make them.

- `official_workbook`: the official form in Excel as a superior office's template filled by
  a sub-unit: labels spelled in a dozen ways, merged or unmerged headers (text once or
  repeated), extra 合计/备注 columns, sheets in another order, figures typed as text.
- `published_docx` / `published_pdf`: a published report in Word / PDF (title, six headings,
  paragraphs, ruled tables), built with python-docx / reportlab, not by our exporters;
  `published_pdf(…, ruled=False)` draws the tables without any line, as a report converted
  without its table borders (labels broken over lines in their narrow columns, the table of
  三 running on to the next page without its header).
- `yearless_workbook`: the official form whose title names no year.
- `scanned_pdf`: a PDF that is only a picture of a page.
The grid of each table comes from `model.layout` (the official form); every spelling of a
label is derived from the official one by the transformations listed in `LABEL_VARIANTS`.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Callable, Literal
from xml.sax.saxutils import escape

from openpyxl import Workbook

from model.layout import Grid, GridCell, section_grid
from model.numbers import NOT_APPLICABLE, Value
from model.report import Report

MergeMode = Literal["merge", "once", "repeat"]
_FULL_DIGITS = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _numbering(text: str) -> str:
    """Another numbering style: （一）→ 一、, 一、→ (一), 1. → 1、."""
    if re.match(r"^（[一二三四五六七八九十]+）", text):
        return re.sub(r"^（([一二三四五六七八九十]+)）", r"\1、", text)
    if re.match(r"^[一二三四五六七八九十]+、", text):
        return re.sub(r"^([一二三四五六七八九十]+)、", r"(\1)", text)
    return re.sub(r"^(\d+)\.", r"\1、", text)


LABEL_VARIANTS: dict[str, Callable[[str], str]] = {
    "spaced": lambda t: " ".join(t) if len(t) <= 8 else t[:4] + " " + t[4:],
    "half-width brackets": lambda t: t.replace("（", "(").replace("）", ")"),
    "numbering": _numbering,
    "full-width digits": lambda t: t.translate(_FULL_DIGITS),
    "line break": lambda t: t[: len(t) // 2] + "\n" + t[len(t) // 2:],
    "straight quotes": lambda t: t.replace("“", '"').replace("”", '"'),
    "aside dropped": lambda t: re.sub(r"（[^（）]*）$", "", t) if not t.startswith("（") or t.count("（") > 1 else t,
    "padded": lambda t: "\u3000" + t + "  ",
    "unit in brackets": lambda t: t.replace("（单位：万元）", "(万元)"),
    "as is": lambda t: t,
}


def variant_label(text: str, index: int) -> str:
    """The `index`-th label spelled by one of the variants in turn (every variant is used)."""
    names = list(LABEL_VARIANTS)
    return LABEL_VARIANTS[names[index % len(names)]](text)


def value_text(value: Value | None, index: int) -> object:
    """A figure as sub-units type it: a number, 「12件」, full-width digits or plain text."""
    if value is None:
        return None
    if value == NOT_APPLICABLE:
        return "/"
    if isinstance(value, Decimal):
        return float(value) if index % 2 else f"{value}万元"
    return [value, f"{value}件", str(value).translate(_FULL_DIGITS), str(value)][index % 4]


def _write_grid(ws: object, grid: Grid, report: Report, top: int, merge: MergeMode,
                insert_at: int | None, extra: list[str], counter: list[int]) -> None:
    def col_of(c: int) -> int:
        return c + 1 + (1 if insert_at is not None and c >= insert_at else 0)

    for cell in grid.cells:
        row, col = top + cell.row, col_of(cell.col)
        if cell.is_value:
            ws.cell(row=row, column=col, value=value_text(report.value(cell.key), counter[0]))  # type: ignore[attr-defined]
            counter[0] += 1
            continue
        text = variant_label(cell.text, counter[0]) if cell.text else ""
        counter[0] += 1
        last_col = col_of(cell.col + cell.col_span - 1)
        if merge == "repeat":
            for r in range(row, row + cell.row_span):
                for c in range(col, last_col + 1):
                    ws.cell(row=r, column=c, value=text)  # type: ignore[attr-defined]
        else:
            ws.cell(row=row, column=col, value=text)  # type: ignore[attr-defined]
            if merge == "merge" and (cell.row_span > 1 or last_col > col):
                ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.row_span - 1,  # type: ignore[attr-defined]
                               end_column=last_col)
    header_rows = max(c.row + c.row_span for c in grid.cells if c.role in ("column", "note", "corner"))
    width = col_of(grid.cols - 1)
    if insert_at is not None:
        ws.cell(row=top + header_rows - 1, column=insert_at + 1, value="合计")  # type: ignore[attr-defined]
        for r in range(top + header_rows, top + grid.rows):
            ws.cell(row=r, column=insert_at + 1, value=999)  # type: ignore[attr-defined]
    for i, name in enumerate(extra, start=1):
        ws.cell(row=top, column=width + i, value=name)  # type: ignore[attr-defined]
        for r in range(top + header_rows, top + grid.rows):
            ws.cell(row=r, column=width + i, value="见说明")  # type: ignore[attr-defined]


def official_workbook(report: Report, path: Path) -> Path:
    """The report's tables in the official layout, as someone else's workbook (see module doc)."""
    workbook = Workbook()
    notes = workbook.active
    notes.title = "填报说明"
    notes["A1"] = f"{report.unit}{report.year}年度政府信息公开工作年度报告（统计表）"
    notes["A2"] = "请按官方表样填写，勿改动表头。"
    counter = [0]
    sections = report.format.table_sections()
    modes: list[MergeMode] = ["once", "merge", "repeat"]
    for number, section in enumerate(reversed(sections)):
        ws = workbook.create_sheet(f"Sheet{number + 2}")
        grid = section_grid(report.format, section.id)
        ws.cell(row=1, column=1, value=variant_label(section.heading, number))
        insert_at = grid.cols - 1 if section.id == "requests" else None  # 合计 before 总计
        _write_grid(ws, grid, report, 3, modes[number % len(modes)], insert_at,
                    ["备注"] if section.id != "appeals" else [], counter)
    workbook.save(path)
    return path


def yearless_workbook(report: Report, path: Path) -> Path:
    """`official_workbook` whose title names neither unit nor year (a sub-unit's plain sheet)."""
    from openpyxl import load_workbook
    official_workbook(report, path)
    workbook = load_workbook(path)
    workbook["填报说明"]["A1"] = "统计表"
    workbook.properties.title = None
    workbook.save(path)
    return path


# --- Word ---------------------------------------------------------------------------------

def _docx_table(document: object, grid: Grid, report: Report) -> None:
    table = document.add_table(rows=grid.rows, cols=grid.cols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell in grid.cells:
        if cell.row_span > 1 or cell.col_span > 1:
            table.cell(cell.row, cell.col).merge(
                table.cell(cell.row + cell.row_span - 1, cell.col + cell.col_span - 1))
    for cell in grid.cells:
        text = _shown(cell, report)
        table.cell(cell.row, cell.col).text = LABEL_VARIANTS["half-width brackets"](text) if not cell.is_value else text


def _shown(cell: GridCell, report: Report) -> str:
    if not cell.is_value:
        return cell.text
    value = report.value(cell.key)
    return "" if value is None else str(value)


def published_docx(report: Report, path: Path) -> Path:
    """A published report as Word: year-first title, the six headings, paragraphs, tables."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    document = docx.Document()
    title = document.add_paragraph(f"{report.year}年{report.unit}政府信息公开工作年度报告")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in report.format.sections:
        document.add_paragraph(section.heading)
        if section.kind == "text":
            for line in report.texts.get(section.id, "").split("\n"):
                document.add_paragraph("\u3000\u3000" + line)
        else:
            _docx_table(document, section_grid(report.format, section.id), report)
            document.add_paragraph("")
    document.save(str(path))
    return path


# --- PDF ----------------------------------------------------------------------------------

def _pdf_table(grid: Grid, report: Report, font: str, width: float, ruled: bool, align: int,
               relabel: Callable[[str], str]) -> object:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle
    style = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, alignment=align)
    data: list[list[object]] = [["" for _ in range(grid.cols)] for _ in range(grid.rows)]
    commands: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    for cell in grid.cells:
        data[cell.row][cell.col] = Paragraph(escape(_shown(cell, report) if cell.is_value else relabel(cell.text)), style)
        if cell.row_span > 1 or cell.col_span > 1:
            commands.append(("SPAN", (cell.col, cell.row),
                             (cell.col + cell.col_span - 1, cell.row + cell.row_span - 1)))
    label_width = min(width * 0.45, 60.0 * grid.label_cols)
    value_width = (width - label_width) / (grid.cols - grid.label_cols)
    widths = [label_width / max(1, grid.label_cols)] * grid.label_cols + [value_width] * (grid.cols - grid.label_cols)
    return Table(data, colWidths=widths, style=TableStyle(commands), repeatRows=0)


def published_pdf(report: Report, path: Path, ruled: bool = True, centred: bool = False,
                  relabel: Callable[[str], str] = lambda text: text) -> Path:
    """A published report as PDF: title over two lines, indented paragraphs, tables ruled or
    not, their cells' texts left-aligned or centred, their labels as `relabel` writes them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from export.fonts import choose_fonts
    grids = {s.id: section_grid(report.format, s.id) for s in report.format.table_sections()}
    text = report.title + "".join(report.texts.values()) + "".join(
        c.text + _shown(c, report) for g in grids.values() for c in g.cells) + "0123456789"
    fonts = choose_fonts("".join(sorted(set(text))) + "— ")
    title = ParagraphStyle("title", fontName=fonts.title, fontSize=20, leading=30, alignment=1)
    heading = ParagraphStyle("heading", fontName=fonts.heading, fontSize=14, leading=24)
    body = ParagraphStyle("body", fontName=fonts.body, fontSize=13, leading=22, firstLineIndent=26)
    story: list[object] = [Paragraph(escape(report.unit), title),
                           Paragraph(escape(f"{report.year}年政府信息公开工作年度报告"), title), Spacer(1, 12)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60, rightMargin=60)
    for section in report.format.sections:
        story.append(Paragraph(escape(section.heading), heading))
        if section.kind == "text":
            story += [Paragraph(escape(line), body) for line in report.texts.get(section.id, "").split("\n")]
        else:
            story.append(_pdf_table(grids[section.id], report, fonts.body, doc.width, ruled, 1 if centred else 0,
                                    relabel))
            story.append(Spacer(1, 12))
    doc.build(story)  # type: ignore[arg-type]
    return path


def scanned_pdf(path: Path, picture: Path) -> Path:
    """A PDF whose only content is a picture (`picture`, a PNG), as a scanner makes it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawImage(str(picture), 0, 0, width=A4[0], height=A4[1])
    canvas.showPage()
    canvas.save()
    return path


def workbook_with_problems(report: Report, path: Path) -> Path:
    """`report` as a sub-unit's workbook with 行政许可's figure written in words (「很多」) and
    the 行政强制 row relabelled out of recognition (「强制措施」)."""
    from openpyxl import load_workbook
    official_workbook(report, path)
    workbook = load_workbook(path)
    figure = report.values.get("art20_5.licensing.decisions")
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None and cell.value in {value_text(figure, i) for i in range(4)}:
                    cell.value = "很多"
                if isinstance(cell.value, str) and "行政强制" in cell.value:
                    cell.value = "强制措施"
    workbook.save(path)
    return path
