"""The 审核结果 page (the review on the record) and the 审核情况说明 appendix of the 报送版 PDF.

The page names the report (unit, year, format), the date, the project file and its SHA-256 (so
the reviewer can recompute the hash of the file they received), the counts by severity and each
remaining finding with its explanation. Set small, it fits one A4 page for any ordinary report;
a long list simply continues on the next page.
"""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from export.common import clean_text, write_export
from export.fonts import FontChoice, choose_fonts
from model.findings import Finding
from model.review import STATUS_NAMES, ZERO_ADVICE, ExplanationEntry, Review
from model.rules import SEVERITY_NAMES

TITLE = "政府信息公开工作年度报告审核结果"
APPENDIX_TITLE = "审核情况说明"
SIZE = 9.5
MARGIN = 18 * mm
LINE = 0.5
COUNT_KEYS = (("error", "错误"), ("warning", "警告"), ("hint", "提示"), ("explained", "已说明"),
              ("stale", "说明待复核"))
HASH_NOTE = ("SHA-256 为所审核项目文件的哈希值。复核方法：Windows 命令提示符运行 certutil -hashfile 文件名 SHA256，"
             "或 Linux/macOS 运行 sha256sum 文件名，结果应与上列一致。")


def _state(finding: Finding) -> str:
    if finding.explained:
        return STATUS_NAMES["explained"]
    if finding.stale:
        return STATUS_NAMES["stale"]
    return SEVERITY_NAMES[finding.severity]


def _rows(review: Review, file_name: str, sha256: str, day: str) -> list[tuple[str, str]]:
    report = review.report
    return [("单位", report.unit or "（未填写）"), ("报告年度", f"{report.year} 年度"),
            ("报告格式", report.format.name), ("审核日期", day), ("项目文件", file_name),
            ("SHA-256", sha256), ("核对结果", review.headline())]


def _finding_rows(review: Review) -> list[tuple[str, str, str, str]]:
    explanations = review.report.explanations
    rows = []
    for finding in review.findings:
        explanation = explanations.get(finding.key)
        rows.append((_state(finding), finding.place, finding.message, explanation.text if explanation else ""))
    return rows


class _Styles:
    """The page's paragraph styles. Without fonts it only collects the text it would print (a
    first pass, so that the fonts are chosen for exactly that text)."""

    def __init__(self, fonts: FontChoice | None) -> None:
        self.fonts = fonts
        self.seen: list[str] = []
        placeholder = "Helvetica"  # any registered font: paragraphs of the first pass are never drawn
        names = fonts or FontChoice(placeholder, placeholder, placeholder, placeholder, (), {}, frozenset(), frozenset())
        self.title = ParagraphStyle("review-title", fontName=names.title, fontSize=16, leading=22,
                                    alignment=TA_CENTER, wordWrap="CJK")
        self.subtitle = ParagraphStyle("review-subtitle", fontName=names.body, fontSize=11, leading=15,
                                       alignment=TA_CENTER, wordWrap="CJK", spaceAfter=6)
        self.heading = ParagraphStyle("review-heading", fontName=names.heading, fontSize=11, leading=16,
                                      spaceBefore=6, spaceAfter=3, wordWrap="CJK")
        self.cell = ParagraphStyle("review-cell", fontName=names.body, fontSize=SIZE, leading=SIZE * 1.3,
                                   wordWrap="CJK")
        self.label = ParagraphStyle("review-label", parent=self.cell, fontName=names.heading)
        self.note = ParagraphStyle("review-note", parent=self.cell, fontSize=SIZE - 1, leading=(SIZE - 1) * 1.3)

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        text = clean_text(text)
        if self.fonts is None:
            self.seen.append(text)
            return Paragraph("", style)
        return Paragraph(self.fonts.markup(text, style.fontName), style)


def _table(rows: list[list[Paragraph]], widths: list[float], header: bool = False) -> Table:
    style = [("GRID", (0, 0), (-1, -1), LINE, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"))
    return Table(rows, colWidths=widths, repeatRows=1 if header else 0, style=TableStyle(style), hAlign="LEFT")


def _story(review: Review, file_name: str, sha256: str, day: str, s: _Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [s.p(TITLE, s.title), s.p(review.report.title, s.subtitle)]
    story.append(_table([[s.p(a, s.label), s.p(b, s.cell)] for a, b in _rows(review, file_name, sha256, day)],
                        [24 * mm, width - 24 * mm]))
    counts = review.counts
    story += [s.p("问题统计", s.heading),
              _table([[s.p(name, s.label) for _, name in COUNT_KEYS] + [s.p("通过", s.label)],
                      [s.p(str(counts[key]), s.cell) for key, _ in COUNT_KEYS] + [s.p(str(review.passed), s.cell)]],
                     [width / (len(COUNT_KEYS) + 1)] * (len(COUNT_KEYS) + 1))]
    story.append(s.p("需关注的问题", s.heading))
    findings = _finding_rows(review)
    if findings:
        fixed = [12 * mm, 16 * mm, 30 * mm]
        rest = width - sum(fixed)
        widths = fixed + [rest * 0.56, rest * 0.44]
        rows = [[s.p(h, s.label) for h in ("序号", "状态", "位置", "问题", "说明")]]
        rows += [[s.p(str(i), s.cell), s.p(state, s.cell), s.p(place, s.cell), s.p(message, s.cell),
                  s.p(explanation or "—", s.cell)]
                 for i, (state, place, message, explanation) in enumerate(findings, start=1)]
        story.append(_table(rows, widths, header=True))
    else:
        story.append(s.p("无", s.cell))
    if review.blank:
        story.append(Spacer(1, 4))
        story.append(s.p(f"{ZERO_ADVICE}：三、四两部分尚有 {len(review.blank)} 个空白单元格。", s.cell))
    story += [Spacer(1, 6), s.p(HASH_NOTE, s.note)]
    return story


def build_review_pdf(review: Review, file_name: str, sha256: str, day: str) -> bytes:
    width = A4[0] - 2 * MARGIN
    collecting = _Styles(None)
    _story(review, file_name, sha256, day, collecting, width)
    fonts = choose_fonts("".join(collecting.seen))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=f"{clean_text(review.report.title)} · {TITLE}",
                            author=clean_text(review.report.unit), creator="年报助手")
    doc.build(_story(review, file_name, sha256, day, _Styles(fonts), width))
    return buffer.getvalue()


def write_review_pdf(review: Review, path: Path, file_name: str, sha256: str, day: str) -> None:
    """Write the 审核结果 PDF atomically; ExportError (Chinese) if it cannot be written."""
    write_export(path, build_review_pdf(review, file_name, sha256, day))


# --- the 审核情况说明 appendix of the 报送版 ------------------------------------------------------

def appendix_text(entries: list[ExplanationEntry]) -> str:
    """Every character the appendix prints, for the font coverage check."""
    lines = [APPENDIX_TITLE, "附件0123456789.、：〔〕说明"]
    for e in entries:
        assert e.finding is not None
        lines += [e.state_name, e.finding.place, e.finding.message, e.explanation.text]
    return clean_text("".join(lines))


def appendix_story(entries: list[ExplanationEntry], fonts: FontChoice, heading: ParagraphStyle,
                   body: ParagraphStyle) -> list[Flowable]:
    """The explained findings on a page of their own, after the report: for the superior
    office (报送版), never in the published report (公开版)."""
    story: list[Flowable] = [PageBreak(), Paragraph(fonts.markup("附件", heading.fontName), heading),
                             Paragraph(fonts.markup(APPENDIX_TITLE, heading.fontName), heading)]
    for number, e in enumerate(entries, start=1):
        assert e.finding is not None
        about = clean_text(f"{number}.〔{e.state_name}〕{e.finding.place}：{e.finding.message}")
        story += [CondPageBreak(3 * body.leading), Paragraph(fonts.markup(about, body.fontName), body),
                  Paragraph(fonts.markup(clean_text(f"说明：{e.explanation.text}"), body.fontName), body)]
    return story
