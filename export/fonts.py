"""Find the Chinese TrueType fonts the PDF is set in, and prove they can print every character.

GB/T 9704 habits: 仿宋 body, 黑体 level-one headings, 楷体 level-two headings, 小标宋 or 宋体
title. Windows system fonts come first (the clerk's machine), then free fonts found on Linux
or macOS. reportlab embeds TrueType outlines only and never falls back to another font, so a
font is used for a role only if it has a glyph for every character of the document; a role
without such a font borrows the body font, and no body font at all is an ExportError.
"""
from __future__ import annotations

import itertools
import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from export.common import ExportError

FONT_DIRS_ENV = "NIANBAO_FONT_DIRS"  # os.pathsep-separated folders searched instead of the system's
MISSING_SHOWN = 10
_serial = itertools.count(1)

# (file name, subfont index) per role, best first. Names are matched case-insensitively.
CANDIDATES: dict[str, tuple[tuple[str, int], ...]] = {
    "body": (("simfang.ttf", 0), ("fs_gb2312.ttf", 0), ("simsun.ttc", 0), ("uming.ttc", 0),
             ("songti.ttc", 0), ("wqy-zenhei.ttc", 0), ("wqy-microhei.ttc", 0)),
    "heading": (("simhei.ttf", 0), ("wqy-zenhei.ttc", 0), ("wqy-microhei.ttc", 0),
                ("stheiti medium.ttc", 0)),
    "subheading": (("simkai.ttf", 0), ("kaiti_gb2312.ttf", 0), ("ukai.ttc", 0), ("kaiti.ttc", 0)),
    "title": (("fzxbsjw.ttf", 0), ("方正小标宋简体.ttf", 0), ("simsun.ttc", 0), ("uming.ttc", 0),
              ("songti.ttc", 0)),
}


@dataclass(frozen=True)
class FontChoice:
    """The registered reportlab font name and the file it came from, per role."""

    body: str
    heading: str
    subheading: str
    title: str
    files: tuple[str, ...]


def font_dirs() -> list[Path]:
    """Folders to search: Windows (system, then per-user), then Linux and macOS locations."""
    override = os.environ.get(FONT_DIRS_ENV)
    if override is not None:
        return [Path(p) for p in override.split(os.pathsep) if p]
    home = Path.home()
    dirs: list[Path] = []
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    dirs += [home / ".local" / "share" / "fonts", home / ".fonts", Path("/usr/local/share/fonts"),
             Path("/usr/share/fonts"), home / "Library" / "Fonts", Path("/Library/Fonts"),
             Path("/System/Library/Fonts")]
    return dirs


@cache
def _index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """Lower-case file name → first path found, over every folder (recursively)."""
    found: dict[str, Path] = {}
    for folder in dirs:
        for root, _, files in os.walk(folder):
            for name in files:
                found.setdefault(name.lower(), Path(root) / name)
    return found


@cache
def _load(path: Path, index: int):  # -> reportlab TTFont | None
    """Register a TrueType font once per process; None if reportlab cannot embed it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        font = TTFont(f"nianbao-font-{next(_serial)}", str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return None
    pdfmetrics.registerFont(font)
    return font


def choose_fonts(text: str) -> FontChoice:
    """Fonts for each role that cover every character of `text` (already through clean_text);
    ExportError if no body font does."""
    needed = {ord(ch) for ch in text if ch != "\n"}
    index = _index(tuple(font_dirs()))
    chosen: dict[str, str] = {}
    files: list[str] = []
    best_missing: set[int] | None = None
    for role, candidates in CANDIDATES.items():
        for name, subfont in candidates:
            path = index.get(name.lower())
            font = _load(path, subfont) if path else None
            if font is None:
                continue
            missing = needed - font.face.charToGlyph.keys()
            if not missing:
                chosen[role] = font.fontName
                files.append(str(path))
                break
            if best_missing is None or len(missing) < len(best_missing):
                best_missing = missing
    if "body" not in chosen:
        raise ExportError(_no_font_message(best_missing))
    return FontChoice(chosen["body"], chosen.get("heading", chosen["body"]),
                      chosen.get("subheading", chosen["body"]), chosen.get("title", chosen["body"]),
                      tuple(dict.fromkeys(files)))


def _no_font_message(missing: set[int] | None) -> str:
    if missing is None:
        return ("找不到可用的中文字体，无法导出 PDF。请安装仿宋、黑体、楷体、宋体等中文 TrueType 字体"
                "（Windows 自带；Linux 可安装 fonts-wqy-zenhei 或 fonts-arphic-uming）后重试，或改为导出 Excel。")
    shown = "、".join(f"“{chr(c)}”" for c in sorted(missing)[:MISSING_SHOWN])
    more = f"等 {len(missing)} 个字符" if len(missing) > MISSING_SHOWN else ""
    return (f"本机的中文字体无法显示报告中的 {shown}{more}，为免打印成方框，已停止导出 PDF。"
            "请修改这些字符，或安装包含它们的字体后重试。")
