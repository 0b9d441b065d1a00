"""The hard case every exporter must set well: a 40-character unit, 3,000 characters of text
with 「」“”〔〕, a URL, Q&A and R&D, and 7-digit figures in the tables."""
from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from model.report import Report

UNIT = "某某自治区某某市某某县人民政府办公室政务公开和数字政府建设管理服务中心综合业务科"
URL = "https://www.example.gov.cn/zwgk/xxgkml/index.html"
SENTENCES = (
    "全年通过政府门户网站主动公开政府信息1234567条，其中“政策解读”栏目发布图解、短视频等形式的解读材料356篇。",
    "依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《关于全面推进政务公开工作的意见》（中办发〔2016〕8号）要求，持续完善公开目录。",
    "在「政务服务」专栏开设Q&A问答板块，针对R&D经费、科技项目申报等热点问题逐条答复，累计答复2345条。",
    f"公众可通过{URL}查阅全部公开目录，也可拨打12345热线咨询。",
    "严格落实信息发布“三审三校”制度，坚持“先审查、后公开”和“一事一审”原则，未发生泄密事件。",
    "对照〔2021〕30号文件要求，逐项梳理本年度主动公开事项，数量较上年增长12.5%，答复质量明显提升！",
    "下一步，我们将继续加大公开力度——进一步提高公开质量……切实保障人民群众的知情权、参与权、表达权和监督权。",
    "关于“a<b且c>d”之类的技术说明，均按原文公开。",
)


def hard_text(length: int = 3000) -> str:
    """About `length` characters in paragraphs of three to four sentences."""
    sentences = itertools.cycle(SENTENCES)
    paragraphs: list[str] = []
    total = 0
    while total < length:
        paragraph = "".join(next(sentences) for _ in range(3 + len(paragraphs) % 2))
        paragraphs.append(paragraph)
        total += len(paragraph)
    return "\n".join(paragraphs)


assert len(UNIT) == 40


def hard_report() -> Report:
    """The 2021 format filled with the hard case: long unit, long text, 7-digit figures."""
    report = Report.blank("2021", UNIT, 2025)
    report.texts["overview"] = hard_text()
    report.texts["problems"] = "（一）存在的问题\n" + hard_text(400) + "\n（二）改进情况。" + hard_text(300)
    report.intro = report.default_intro()
    report.issued = date(2026, 1, 20)
    for table in report.format.tables.values():
        first = table.row_leaves()[0].id
        for key in table.cell_keys():
            kind = report.format.cell_kinds()[key]
            if not report.is_computed(key):
                big = key.split(".")[1] == first
                report.set_value(key, Decimal("1234567.5") if kind == "amount" else 1234567 if big else 3)
    report.recompute_totals()
    return report
