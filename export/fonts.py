"""Find the TrueType fonts the PDF is set in, and prove together they can print every character.

GB/T 9704 habits: 仿宋 body, 黑体 level-one headings, 楷体 level-two headings, 小标宋 or 宋体
title. Windows system fonts come first (the clerk's machine), then free fonts found on Linux
or macOS. reportlab embeds TrueType outlines only and never falls back to another font by
itself, so each role's font gets a fallback chain: the other Chinese fonts, then symbol and
emoji fonts (FALLBACKS). A character its role font lacks is set in the first font of the chain
that has it (see FontChoice.runs); a character no font has stops the export with an
ExportError rather than printing a box, and no Chinese font at all is an ExportError too.

Latin letters and digits are set in a Latin serif (Times New Roman on Windows) where the
Chinese face's own are poor (UMing's 「l」 reads as 「1」 in a URL). When a role's own face
(仿宋, 黑体, 楷体, 小标宋) is missing, FontChoice.notes says which face stands in for it, so
the clerk learns it from the window or the command line rather than from the printout.
"""
from __future__ import annotations

import itertools
import os
import re
import struct
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Mapping

from export.common import ExportError

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

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
# The face each role is meant to have (GB/T 9704), and the files that are that face.
# Notes name them in this order: 仿宋 and 小标宋 first, the ones a clerk's PC most often lacks.
OWN_FACES: dict[str, tuple[str, tuple[str, ...]]] = {
    "body": ("仿宋", ("simfang.ttf", "fs_gb2312.ttf")),
    "title": ("小标宋", ("fzxbsjw.ttf", "方正小标宋简体.ttf")),
    "heading": ("黑体", ("simhei.ttf",)),
    "subheading": ("楷体", ("simkai.ttf", "kaiti_gb2312.ttf")),
}
ROLE_NAMES = {"body": "正文", "heading": "一级标题", "subheading": "二级标题", "title": "标题"}
# Latin letters and digits of the serif roles, best first: Windows, LibreOffice, Linux, macOS.
LATIN: tuple[tuple[str, int], ...] = (
    ("times.ttf", 0), ("liberationserif-regular.ttf", 0), ("dejavuserif.ttf", 0),
    ("times new roman.ttf", 0))
LATIN_ROLES = ("body", "subheading", "title")  # 黑体 keeps its own sans-serif Latin
# Tried after every Chinese font, best first: Windows Segoe UI Symbol and Segoe UI Emoji (its
# monochrome outlines), SimSun-ExtB for rare characters, then Symbola (Debian fonts-symbola
# ships it as Symbola_hint.ttf) and DejaVu Sans on Linux.
FALLBACKS: tuple[tuple[str, int], ...] = (
    ("seguisym.ttf", 0), ("seguiemj.ttf", 0), ("simsunb.ttf", 0), ("symbola.ttf", 0),
    ("symbola_hint.ttf", 0), ("dejavusans.ttf", 0))
# Joiners and variation selectors only steer how their neighbours are drawn; reportlab draws
# glyph by glyph, so where no font has one (a zero-width glyph) it is left out, not refused.
_JOINERS = ((0x034F, 0x034F), (0x200C, 0x200D), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
# Emoji skin tones colour the emoji before them, which reportlab cannot do; on their own every
# font draws a colour swatch that reads as a box, so they are always left out.
_SKIN_TONES = ((0x1F3FB, 0x1F3FF),)


def _within(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= ord(ch) <= high for low, high in ranges)


def is_modifier(ch: str) -> bool:
    """A joiner, variation selector or skin tone: a character that only changes its neighbour,
    which the PDF may leave out (see _JOINERS and _SKIN_TONES)."""
    return _within(ch, _JOINERS) or _within(ch, _SKIN_TONES)


@dataclass(frozen=True)
class FontChoice:
    """The registered reportlab font name per role, the files in use, and for each of these
    fonts the characters of the document it lacks with the font that prints them instead."""

    body: str
    heading: str
    subheading: str
    title: str
    files: tuple[str, ...]
    borrowed: Mapping[str, Mapping[str, str]]  # font name → {character: font name}
    dropped: frozenset[str]  # skin tones, and joiners no font has
    printable: frozenset[str]  # every character the choice was made for
    latin: Mapping[str, str] = field(default_factory=dict)  # font name → its Latin serif
    notes: tuple[str, ...] = ()  # which faces stand in for missing ones, for the clerk

    def font_of(self, ch: str, font: str) -> str:
        """The font that prints `ch` in a paragraph set in `font`."""
        borrowed = self.borrowed[font].get(ch)
        if borrowed is not None:
            return borrowed
        if "!" <= ch <= "~" and font in self.latin:
            return self.latin[font]
        return font

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """`text` as (font name, characters) runs for a paragraph set in `font`. ValueError for
        a character the fonts were not chosen for (a programming error: it might print a box)."""
        unchecked = set(text) - self.printable - {"\n"}
        if unchecked:
            raise ValueError(f"font coverage not checked for {sorted(unchecked)!r}")
        kept = (ch for ch in text if ch not in self.dropped)
        return [(name, "".join(chars))
                for name, chars in itertools.groupby(kept, key=lambda ch: self.font_of(ch, font))]


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


_ASTRAL_ENTRY = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.MULTILINE)


@cache
def _fix_reportlab_to_unicode() -> None:
    """reportlab writes a character beyond U+FFFF (most emoji, CJK extension B) into a font's
    ToUnicode map as five hex digits, which PDF readers reject, so such characters would not
    copy or search. PDF wants the UTF-16 surrogate pair; rewrite those entries."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap

    def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        return _ASTRAL_ENTRY.sub(
            lambda m: f"{m[1]} <{chr(int(m[2], 16)).encode('utf-16-be').hex().upper()}>",
            original(fontname, subset))

    ttfonts.makeToUnicodeCMap = to_unicode_cmap


@cache
def _load(path: Path, index: int) -> TTFont | None:
    """Register a TrueType font once per process (parsed from the font cache where it can
    be); None if reportlab cannot embed it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from export.font_cache import load_font

    _fix_reportlab_to_unicode()
    try:
        font = load_font(f"nianbao-font-{next(_serial)}", path, index)
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error):
        return None
    pdfmetrics.registerFont(font)
    return font


def _fonts(index: dict[str, Path], candidates: tuple[tuple[str, int], ...]) -> Iterator[tuple[TTFont, Path]]:
    """The candidates present and embeddable, in order, loaded only as far as they are used."""
    for name, subfont in candidates:
        path = index.get(name.lower())
        if path is None:
            continue
        font = _load(path, subfont)
        if font is not None:
            yield font, path


def choose_fonts(text: str) -> FontChoice:
    """Fonts for each role, with fallbacks, that print every character of `text` (already
    through clean_text); ExportError if there is no Chinese font or a character no font has."""
    needed = frozenset(text) - {"\n"}
    skin_tones = {ch for ch in needed if _within(ch, _SKIN_TONES)}
    index = _index(tuple(font_dirs()))
    roles: dict[str, tuple[TTFont, Path]] = {}
    for role, candidates in CANDIDATES.items():
        found = next(_fonts(index, candidates), None)
        if found is not None:
            roles[role] = found
    if not roles:
        raise ExportError(_no_font_message(None))
    body = roles.get("body") or next(iter(roles.values()))
    role_font = {role: roles.get(role, body)[0].fontName for role in CANDIDATES}
    used = {font.fontName: (font, path) for font, path in (roles.get(r, body) for r in CANDIDATES)}
    lacking = {name: {ch for ch in needed - skin_tones if ord(ch) not in font.face.charToGlyph}
               for name, (font, _) in used.items()}
    substitutes, unprintable = _substitutes(index, set().union(*lacking.values()))
    missing = {ch for ch in unprintable if not is_modifier(ch)}
    if missing:
        raise ExportError(_no_font_message(missing))
    latin = next(_fonts(index, LATIN), None)
    files = [str(path) for _, path in used.values()] + [path for _, path in substitutes.values()]
    if latin is not None:
        files.append(str(latin[1]))
    return FontChoice(
        role_font["body"], role_font["heading"], role_font["subheading"], role_font["title"],
        files=tuple(dict.fromkeys(files)),
        borrowed={name: {ch: substitutes[ch][0] for ch in chars if ch in substitutes}
                  for name, chars in lacking.items()},
        dropped=frozenset(unprintable | skin_tones), printable=needed,
        latin={} if latin is None else {role_font[r]: latin[0].fontName for r in LATIN_ROLES},
        notes=_substitution_notes({r: roles.get(r, body) for r in CANDIDATES}))


def face_name(font: TTFont) -> str:
    """The face's family name as the font names it (「AR PL UMing CN」)."""
    family = font.face.familyName
    return str(getattr(family, "ustr", family))


def _substitution_notes(roles: dict[str, tuple[TTFont, Path]]) -> tuple[str, ...]:
    """One sentence per role whose own face is missing: which face prints it instead."""
    notes = []
    for role, (own, files) in OWN_FACES.items():
        font, path = roles[role]
        if path.name.lower() not in files:
            notes.append(f"本机没有{own}字体，{ROLE_NAMES[role]}改用“{face_name(font)}”")
    return tuple(notes)


def _substitutes(index: dict[str, Path], chars: set[str]) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """For each character, (font name, file) of the first Chinese or fallback font that has it;
    and the characters none has. Fonts are loaded only while characters remain."""
    chain = tuple(dict.fromkeys(itertools.chain(*CANDIDATES.values()))) + FALLBACKS
    found: dict[str, tuple[str, str]] = {}
    todo = set(chars)
    for font, path in _fonts(index, chain):
        if not todo:
            break
        have = {ch for ch in todo if ord(ch) in font.face.charToGlyph}
        found.update(dict.fromkeys(have, (font.fontName, str(path))))
        todo -= have
    return found, todo


def _no_font_message(missing: set[str] | None) -> str:
    if missing is None:
        return ("找不到可用的中文字体，无法导出 PDF。请安装仿宋、黑体、楷体、宋体等中文 TrueType 字体"
                "（Windows 自带；Linux 可安装 fonts-wqy-zenhei 或 fonts-arphic-uming）后重试，或改为导出 Excel。")
    shown = "、".join(f"“{ch}”" for ch in sorted(missing)[:MISSING_SHOWN])
    more = f"等 {len(missing)} 个字符" if len(missing) > MISSING_SHOWN else ""
    return (f"本机已安装的字体都无法显示报告中的 {shown}{more}，为免打印成方框，已停止导出 PDF。"
            "请修改这些字符，或安装包含它们的字体后重试。")


def own_face_installed(role: str) -> bool:
    """Whether this machine has the role's own face (仿宋, 黑体, 楷体, 小标宋), by file name."""
    index = _index(tuple(font_dirs()))
    return any(name in index for name in OWN_FACES[role][1])
