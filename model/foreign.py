"""Files a clerk may take for a report's project file: exports, Excel, Word, PDF, WPS.

Opening the Excel table this program exported is the likeliest mistake (it carries the
report's title, the project file often only a short name). Such a file is told by its first
bytes, not its name, and the clerk is told what it is and which file to open instead, in
words of their own (never "JSON" or "UTF-8").
"""
from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from model.importing import SUFFIXES as IMPORTABLE_SUFFIXES  # what 导入报告 reads
from model.windows import system_path

PROJECT_SUFFIX = ".json"
OUR_NAME = "年报助手"  # our exports' last author (their author is the report's unit)
CORE_PROPERTIES = "docProps/core.xml"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
LAST_MODIFIED_BY = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, .et, .wps
PDF_MAGIC = b"%PDF-"
OLD_KINDS = {".xls": "旧版 Excel 表格", ".et": "WPS 表格", ".doc": "旧版 Word 文档", ".wps": "WPS 文字文档"}


@dataclass(frozen=True)
class ForeignFile:
    """What a file is, in the clerk's words, and whether 导入报告 can read it."""

    kind: str  # 「Excel 表格」, 「年报助手导出的 Excel 表格」 …
    ours: bool  # exported by this program
    importable: bool

    def message(self, path: Path) -> str:
        """Why it does not open as a report, and what to open instead."""
        if self.ours:
            sibling = path.with_suffix(PROJECT_SUFFIX)
            instead = (f"请打开同一文件夹中的“{sibling.name}”" if os.path.isfile(system_path(sibling)) else
                       "请打开保存报告时的项目文件（“打开”对话框中列出的年报项目文件）")
            return f"“{path.name}”是{self.kind}，用于打印和报送，不能作为报告打开或修改。{instead}。"
        space = " " if self.kind[0].isascii() else ""  # 「是 Excel 表格」
        return f"“{path.name}”是{space}{self.kind}，不是年报助手的项目文件。"


def _authors(core: bytes) -> set[str]:
    """The creator and the last author written in an Office file's core properties (none if
    unreadable): our exports name the unit as the author and this program as the last."""
    from xml.etree import ElementTree  # only for a zip file, not for every project file opened
    try:
        properties = ElementTree.fromstring(core)
    except ElementTree.ParseError:
        return set()
    return {element.text or "" for element in (properties.find(CREATOR), properties.find(LAST_MODIFIED_BY))
            if element is not None}


def _zip_kind(name: str, suffix: str) -> ForeignFile | None:
    try:
        with zipfile.ZipFile(name) as archive:
            names = set(archive.namelist())
            core = archive.read(CORE_PROPERTIES) if CORE_PROPERTIES in names else b""
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    ours = OUR_NAME in _authors(core)
    importable = suffix in IMPORTABLE_SUFFIXES
    if any(n.startswith("xl/") for n in names):
        return ForeignFile(f"{OUR_NAME}导出的 Excel 表格" if ours else "Excel 表格", ours, importable)
    if any(n.startswith("word/") for n in names):
        return ForeignFile(f"{OUR_NAME}导出的 Word 文档" if ours else "Word 文档", ours, importable)
    return ForeignFile("压缩文件", False, False)


def identify(path: Path) -> ForeignFile | None:
    """What `path` is if it is a document of another program; None for anything else (a project
    file, a damaged one, one that cannot be read: the project loader explains those)."""
    name = system_path(path)
    try:
        if not stat.S_ISREG(os.stat(name).st_mode):  # a pipe or a device would never answer
            return None
        with open(name, "rb") as stream:
            head = stream.read(len(OLE_MAGIC))
    except OSError:
        return None
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(name, path.suffix.lower())
    if head.startswith(OLE_MAGIC):
        return ForeignFile(OLD_KINDS.get(path.suffix.lower(), "Office 文档"), False, False)
    if head.startswith(PDF_MAGIC):
        return ForeignFile("PDF 文件", False, path.suffix.lower() in IMPORTABLE_SUFFIXES)
    return None
