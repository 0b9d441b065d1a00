"""Draw the page images in docs/export/: both bundled examples and the hard case (a
40-character unit, 3,000 characters with 「」“”〔〕, a URL, Q&A, 7-digit figures), each as PDF,
Excel and Word, every page side by side at a modest resolution; and the last page of the
2021 example's 报送版 PDF, its 审核情况说明.

The PDF is drawn as the program writes it; the workbook and the Word document as LibreOffice
prints them (its fonts stand in for 仿宋 and the others where they are missing). Needs
poppler-utils (pdftoppm), LibreOffice and Pillow. Run by hand: python scripts/export_pages.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "export")]

from PIL import Image  # noqa: E402

from export.docx import write_docx  # noqa: E402
from export.pdf import write_pdf, write_submission_pdf  # noqa: E402
from export.xlsx import write_xlsx  # noqa: E402
from hard_case import hard_report  # noqa: E402
from model.report import Report  # noqa: E402
from model.storage import load_report  # noqa: E402

OUT = ROOT / "docs" / "export"
DPI = 40
DETAIL_DPI = 70
PER_ROW = 5


def _pages(pdf: Path, folder: Path, dpi: int, first: int | None = None) -> list[Path]:
    prefix = folder / pdf.stem
    span = ["-f", str(first), "-l", str(first)] if first else []
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *span, str(pdf), str(prefix)], check=True)
    return sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _sheet(pages: list[Path], target: Path) -> None:
    """The pages side by side, PER_ROW to a row, on white with a grey edge round each."""
    images = [Image.open(p).convert("RGB") for p in pages]
    width, height = max(i.width for i in images), max(i.height for i in images)
    rows = (len(images) + PER_ROW - 1) // PER_ROW
    columns = min(PER_ROW, len(images))
    gap = 8
    sheet = Image.new("RGB", (columns * (width + gap) + gap, rows * (height + gap) + gap), "#d0d0d0")
    for index, image in enumerate(images):
        sheet.paste(image, (gap + (index % PER_ROW) * (width + gap), gap + (index // PER_ROW) * (height + gap)))
    sheet.save(target, optimize=True)


def _libreoffice(document: Path, folder: Path) -> Path:
    """The document printed to PDF by LibreOffice, into a folder of its own."""
    printed = folder / f"printed-{document.suffix[1:]}"
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(printed), str(document)],
                   check=True, capture_output=True)
    return printed / f"{document.stem}.pdf"


def draw(name: str, report: Report, folder: Path) -> None:
    """docs/export/{pdf,xlsx,docx}-NAME.png, and pdf-NAME-page1.png in more detail."""
    work = folder / name
    work.mkdir()
    pdf, xlsx, docx = work / f"{name}.pdf", work / f"{name}.xlsx", work / f"{name}.docx"
    write_pdf(report, pdf)
    write_xlsx(report, xlsx)
    write_docx(report, docx)
    for kind, printed in (("pdf", pdf), ("xlsx", _libreoffice(xlsx, work)), ("docx", _libreoffice(docx, work))):
        pages = work / kind
        pages.mkdir()
        _sheet(_pages(printed, pages, DPI), OUT / f"{kind}-{name}.png")
    detail = work / "detail"
    detail.mkdir()
    _pages(pdf, detail, DETAIL_DPI, first=1)[0].replace(OUT / f"pdf-{name}-page1.png")


def draw_appendix(name: str, report: Report, folder: Path) -> None:
    """docs/export/pdf-NAME-appendix.png: the 报送版's last page, the 审核情况说明."""
    work = folder / f"{name}-submission"
    work.mkdir()
    pdf = work / f"{name}-submission.pdf"
    write_submission_pdf(report, pdf)
    _pages(pdf, work, DETAIL_DPI)[-1].replace(OUT / f"pdf-{name}-appendix.png")


def main() -> None:
    if not (shutil.which("pdftoppm") and shutil.which("soffice")):
        sys.exit("需要 poppler-utils（pdftoppm）和 LibreOffice")
    for old in OUT.glob("*.png"):
        old.unlink()
    examples = {"2019": ROOT / "resources/examples/nankai-2020.json", "2021": ROOT / "resources/examples/demo-2025.json"}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for format_id, path in examples.items():
            report = load_report(path)
            report.issued = date(2026, 1, 20)  # the same pages whatever the day they are drawn
            if format_id == "2021":
                report.intro = report.default_intro()
            draw(format_id, report, folder)
            if report.explanations:
                draw_appendix(format_id, report, folder)
        draw("hard", hard_report(), folder)
    for image in sorted(OUT.glob("*.png")):
        print(f"{image.relative_to(ROOT)}  {image.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
