"""The Chinese words Qt's own translation (qtbase_zh_CN) lacks, for the dialogs Qt draws itself.

Windows shows its own file dialogs; on 麒麟 and 统信 desktops the program uses Qt's (the
non-native QFileDialog), and there qtbase_zh_CN leaves some labels and questions in English
(「Files of type:」, 「… already exists. Do you want to replace it?」). This translator is
installed after Qt's, so it is asked first: it answers only the texts below and leaves the
rest to Qt's translation. It also puts 大小 for a file's size, where Qt says 体积.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "%1 already exists."): "“%1”已存在。",
    ("QFileDialog", "Do you want to replace it?"): "要替换它吗？",
    ("QFileDialog", "File not found."): "找不到文件。",
    ("QFileDialog", "Please verify the correct file name was given."): "请检查文件名是否正确。",
    ("QFileDialog", "Directory not found."): "找不到文件夹。",
    ("QFileDialog", "Please verify the correct directory name was given."): "请检查文件夹名称是否正确。",
    ("QFileDialog", "'%1' is write protected."): "“%1”有写保护。",
    ("QFileDialog", "Do you want to delete it anyway?"): "仍要删除吗？",
    ("QFileDialog", "Non-native QFileDialog supports only local files"): "只能选择本机上的文件",
    ("QSidebar", "Remove"): "移除",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
    ("QFileSystemModel", "Size"): "大小",
}


class ChineseGaps(QTranslator):
    """Answers the texts of GAPS; any other text is left to the translators installed before."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        """The text, or None (a null QString: Qt then asks the next translator; "" would be
        taken as a translation into nothing)."""
        return GAPS.get((context, source))

    def isEmpty(self) -> bool:
        return False
