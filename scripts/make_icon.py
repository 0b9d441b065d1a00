"""Draw the application icon (a red-headed report sheet with a table and a green tick) with
QPainter, and write resources/icons/nianbao-<size>.png plus nianbao.ico for Windows.

Run after changing the drawing: `QT_QPA_PLATFORM=offscreen python scripts/make_icon.py`.
The outputs are committed; the wheel, the window, the frozen program and the installer use them.
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED_TOP, RED_BOTTOM = QColor("#d4272e"), QColor("#a3141c")
HEAD_RED, GRID, PAPER, FOLD = QColor("#c8161d"), QColor("#8a98a8"), QColor("#ffffff"), QColor("#dfe3e8")
TICK_GREEN = QColor("#1e9e4a")


def draw(size: int) -> QImage:
    """The icon at `size` pixels, drawn on a 256-unit canvas; small sizes leave out the grid."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    detailed = size >= 48
    margin = 8 if size >= 32 else 4
    background = QRectF(margin, margin, 256 - 2 * margin, 256 - 2 * margin)
    gradient = QLinearGradient(background.topLeft(), background.bottomLeft())
    gradient.setColorAt(0, RED_TOP)
    gradient.setColorAt(1, RED_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    p.drawRoundedRect(background, 52, 52)

    left, top, right, bottom, fold = 62.0, 38.0, 194.0, 220.0, 38.0
    sheet = QPainterPath(QPointF(left, top))
    sheet.lineTo(right - fold, top)
    sheet.lineTo(right, top + fold)
    sheet.lineTo(right, bottom)
    sheet.lineTo(left, bottom)
    sheet.closeSubpath()
    p.setBrush(PAPER)
    p.drawPath(sheet)
    corner = QPainterPath(QPointF(right - fold, top))
    corner.lineTo(right - fold, top + fold)
    corner.lineTo(right, top + fold)
    corner.closeSubpath()
    p.setBrush(FOLD)
    p.drawPath(corner)

    p.setBrush(HEAD_RED)  # the red masthead and rule of an official document (红头)
    p.drawRect(QRectF(left + 18, top + 20, right - left - fold - 30, 20 if detailed else 28))
    p.drawRect(QRectF(left + 14, top + 56, right - left - 28, 5 if detailed else 9))

    if detailed:  # a small statistical table
        p.setPen(QPen(GRID, 5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        table = QRectF(left + 18, top + 78, right - left - 36, 72)
        p.drawRect(table)
        for i in (1, 2):
            y = table.top() + table.height() * i / 3
            p.drawLine(QPointF(table.left(), y), QPointF(table.right(), y))
        x = table.left() + table.width() * 0.42
        p.drawLine(QPointF(x, table.top()), QPointF(x, table.bottom()))
        p.drawLine(QPointF(x + (table.right() - x) / 2, table.top()),
                   QPointF(x + (table.right() - x) / 2, table.bottom()))

    radius = 46 if detailed else 56
    centre = QPointF(186, 186) if detailed else QPointF(178, 178)
    p.setPen(QPen(PAPER, 10 if detailed else 14))
    p.setBrush(TICK_GREEN)
    p.drawEllipse(centre, radius, radius)
    tick = QPainterPath(QPointF(centre.x() - radius * 0.48, centre.y() + radius * 0.02))
    tick.lineTo(centre.x() - radius * 0.12, centre.y() + radius * 0.38)
    tick.lineTo(centre.x() + radius * 0.5, centre.y() - radius * 0.34)
    pen = QPen(PAPER, 16 if detailed else 22)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(tick)
    p.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """An icon entry as a 32-bit bitmap (what every Windows tool reads): BITMAPINFOHEADER with
    double height, bottom-up BGRA rows, then the 1-bit transparency mask."""
    w, h = image.width(), image.height()
    raw = bytes(image.constBits())  # ARGB32 in memory: B, G, R, A per pixel
    stride = image.bytesPerLine()
    rows = [raw[y * stride: y * stride + 4 * w] for y in range(h)]
    mask_stride = ((w + 31) // 32) * 4
    mask = bytearray()
    for row in reversed(rows):
        bits = bytearray(mask_stride)
        for x in range(w):
            if row[4 * x + 3] == 0:
                bits[x // 8] |= 0x80 >> (x % 8)
        mask += bits
    pixels = b"".join(reversed(rows))
    header = struct.pack("<IiiHHIIiiII", 40, w, 2 * h, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + bytes(mask)


def ico_bytes(images: list[QImage]) -> bytes:
    """A Windows .ico holding every size: bitmaps below 256 pixels, PNG at 256 (as Windows does)."""
    entries = [png_bytes(i) if i.width() >= 256 else dib_bytes(i) for i in images]
    offset = 6 + 16 * len(images)
    directory = b""
    for image, data in zip(images, entries):
        side = image.width() % 256  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return struct.pack("<HHH", 0, 1, len(images)) + directory + b"".join(entries)


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    images = [draw(size) for size in SIZES]
    for size, image in zip(SIZES, images):
        (OUT / f"nianbao-{size}.png").write_bytes(png_bytes(image))
    (OUT / "nianbao.ico").write_bytes(ico_bytes(images))
    print(f"wrote {len(SIZES)} PNG sizes and nianbao.ico to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
