"""The 审核结果 page (the review on the record) and the 审核情况说明 appendix of the 报送版 PDF.

The page names the report (unit, year, format), the date, the project file and its SHA-256 (so
the reviewer can recompute the hash of the file they received), the counts by severity and each
remaining finding with its explanation. Set small, it fits one A4 page for any ordinary report;
a long list simply continues on the next page. Its text is set as the report's PDF sets its
own (export.pdf_text); the appendix is set by export.pdf itself, from `appendix_entries`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from export.common import clean_text, write_export
from export.fonts import FontChoice, choose_fonts
from export.pdf_layout import Block, Box, Cell, Info, Rules, Spacer, Table, build
from export.pdf_text import Align, text_block
from model.review import ZERO_ADVICE, ExplanationEntry, Review
from model.rules import STATE_NAMES, state_of

TITLE = "政府信息公开工作年度报告审核结果"
IN_TABLE = 200  # characters of an explanation shown in its row of the findings table
WHOLE_TEXTS = "说明全文"
APPENDIX_LABEL = "附件"
APPENDIX_TITLE = "审核情况说明"
SIZE = 9.5
MARGIN = 18 * mm
PADDING = 6.0  # around the text block, inside the margins
LINE = 0.5
RULES = Rules(LINE, left=6, right=6, top=2, bottom=2)
HEADER_RULES = Rules(LINE, left=6, right=6, top=2, bottom=2, header_fill="#eeeeee")
COUNT_KEYS = (("error", "错误"), ("warning", "警告"), ("hint", "提示"), ("explained", "已说明"),
              ("stale", "说明待复核"))
HASH_NOTE = ("SHA-256 为所审核项目文件的哈希值。复核方法：Windows 命令提示符运行 certutil -hashfile 文件名 SHA256，"
             "或 Linux/macOS 运行 sha256sum 文件名，结果应与上列一致。")


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
        rows.append((STATE_NAMES[state_of(finding)], finding.place, finding.message,
                     explanation.text if explanation else ""))
    return rows


@dataclass(frozen=True)
class _Style:
    """How a piece of the page is set: the role of its font (a FontChoice field), size,
    leading, alignment and the space around it."""

    role: str
    size: float
    leading: float
    align: Align = "left"
    before: float = 0.0
    after: float = 0.0


TITLE_STYLE = _Style("title", 16, 22, "center")
SUBTITLE_STYLE = _Style("body", 11, 15, "center", after=6)
HEADING_STYLE = _Style("heading", 11, 16, before=6, after=3)
CELL_STYLE = _Style("body", SIZE, SIZE * 1.3)
LABEL_STYLE = _Style("heading", SIZE, SIZE * 1.3)
NOTE_STYLE = _Style("body", SIZE - 1, (SIZE - 1) * 1.3)


class _Setter:
    """Sets the page's text as the report's PDF sets its own (export.pdf_text: GB/T 15834
    line breaking, text drawn glyph by glyph). Without fonts it only collects the text it
    would print (a first pass, so that the fonts are chosen for exactly that text)."""

    def __init__(self, fonts: FontChoice | None) -> None:
        self.fonts = fonts
        self.seen: list[str] = []

    def p(self, text: str, style: _Style) -> Block:
        text = clean_text(text)
        if self.fonts is None:
            self.seen.append(text)
            return Spacer(style.leading)
        font = getattr(self.fonts, style.role)
        return text_block(self.fonts, text, font, style.size, style.leading, style.align)

    def spaced(self, text: str, style: _Style) -> list[Block]:
        """A paragraph with the space its style keeps before and after it."""
        return [Spacer(style.before), self.p(text, style), Spacer(style.after)]


def _in_table(number: int, explanation: str) -> str:
    """An explanation as its cell shows it: whole, or its beginning where the whole would make
    the row taller than a page can hold (a table breaks only between rows); then it follows
    whole under WHOLE_TEXTS, where it may run over pages."""
    if len(explanation) <= IN_TABLE:
        return explanation or "—"
    return f"{explanation[:IN_TABLE]}……（全文见表后“{WHOLE_TEXTS}”第 {number} 项）"


def _table(rows: list[list[Block]], widths: list[float], header: bool = False) -> Table:
    cells = [Cell(r, c, block) for r, row in enumerate(rows) for c, block in enumerate(row)]
    return Table(cells, widths, HEADER_RULES if header else RULES, header_rows=1 if header else 0)


def _story(review: Review, file_name: str, sha256: str, day: str, s: _Setter, width: float) -> list[Block]:
    story: list[Block] = [s.p(TITLE, TITLE_STYLE), *s.spaced(review.report.title, SUBTITLE_STYLE)]
    story.append(_table([[s.p(a, LABEL_STYLE), s.p(b, CELL_STYLE)] for a, b in _rows(review, file_name, sha256, day)],
                        [24 * mm, width - 24 * mm]))
    counts = review.counts
    story += [*s.spaced("问题统计", HEADING_STYLE),
              _table([[s.p(name, LABEL_STYLE) for _, name in COUNT_KEYS] + [s.p("通过", LABEL_STYLE)],
                      [s.p(str(counts[key]), CELL_STYLE) for key, _ in COUNT_KEYS]
                      + [s.p(str(review.passed), CELL_STYLE)]],
                     [width / (len(COUNT_KEYS) + 1)] * (len(COUNT_KEYS) + 1))]
    story += s.spaced("需关注的问题", HEADING_STYLE)
    findings = _finding_rows(review)
    if findings:
        fixed = [12 * mm, 16 * mm, 30 * mm]
        rest = width - sum(fixed)
        widths = fixed + [rest * 0.56, rest * 0.44]
        rows = [[s.p(h, LABEL_STYLE) for h in ("序号", "状态", "位置", "问题", "说明")]]
        rows += [[s.p(str(i), CELL_STYLE), s.p(state, CELL_STYLE), s.p(place, CELL_STYLE),
                  s.p(message, CELL_STYLE), s.p(_in_table(i, explanation), CELL_STYLE)]
                 for i, (state, place, message, explanation) in enumerate(findings, start=1)]
        story.append(_table(rows, widths, header=True))
        long = [(i, explanation) for i, (_, _, _, explanation) in enumerate(findings, start=1)
                if len(explanation) > IN_TABLE]
        if long:
            story += s.spaced(WHOLE_TEXTS, HEADING_STYLE)
            story += [s.p(f"第 {i} 项：{explanation}", CELL_STYLE) for i, explanation in long]
    else:
        story.append(s.p("无", CELL_STYLE))
    if review.blank:
        story.append(Spacer(4))
        story.append(s.p(f"{ZERO_ADVICE}：三、四两部分尚有 {len(review.blank)} 个空白单元格。", CELL_STYLE))
    story += [Spacer(6), s.p(HASH_NOTE, NOTE_STYLE)]
    return story


def build_review_pdf(review: Review, file_name: str, sha256: str, day: str) -> bytes:
    width = A4[0] - 2 * MARGIN
    collecting = _Setter(None)
    _story(review, file_name, sha256, day, collecting, width)
    fonts = choose_fonts("".join(collecting.seen))
    inner = MARGIN + PADDING
    box = Box(inner, inner, A4[0] - 2 * inner, A4[1] - 2 * inner)
    info = Info(f"{clean_text(review.report.title)} · {TITLE}", clean_text(review.report.unit))
    return build(_story(review, file_name, sha256, day, _Setter(fonts), width), A4, box, info)


def write_review_pdf(review: Review, path: Path, file_name: str, sha256: str, day: str) -> None:
    """Write the 审核结果 PDF atomically; ExportError (Chinese) if it cannot be written."""
    write_export(path, build_review_pdf(review, file_name, sha256, day))


# --- the 审核情况说明 appendix of the 报送版 ------------------------------------------------------

def appendix_entries(entries: list[ExplanationEntry]) -> list[tuple[str, str]]:
    """Each explained finding as the appendix prints it: what was found, then its 说明. The
    report's PDF sets them (export.pdf), after 「附件」 and APPENDIX_TITLE on a page of their
    own: for the superior office (报送版), never in the published report (公开版)."""
    result = []
    for number, e in enumerate(entries, start=1):
        assert e.finding is not None
        result.append((clean_text(f"{number}.〔{e.state_name}〕{e.finding.place}：{e.finding.message}"),
                       clean_text(f"说明：{e.explanation.text}")))
    return result


def appendix_text(entries: list[tuple[str, str]]) -> str:
    """Every character the appendix of `appendix_entries` prints, for the font coverage check."""
    return APPENDIX_LABEL + APPENDIX_TITLE + "".join(a + b for a, b in entries)
