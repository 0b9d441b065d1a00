"""帮助 ▸ 使用说明 (F1), 颜色和标记说明 and 关于: help inside the program, offline.

The guide is a resource (resources/help/guide.html, read through model.bundled, so it ships in
the wheel and the frozen program); the program fills in what it knows better than any text
could: the colour legend drawn with the window's own colours (gui.legend) and the shortcuts of
the menus as they are. 关于 says which version this is and where the program keeps its files
(the folders a technician asks for). What a help window draws with (the legend: the table's
own cell delegate and model) and the package metadata load when a help window is first shown.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMenu, QTextBrowser, QVBoxLayout, QWidget

from gui import palette
from gui.error_hook import log_path
from gui.features import Window
from model import appdirs
from model.bundled import bundled
from model.history import history_root
from model.recovery import recovery_dir

GUIDE = ("help", "guide.html")
LEGEND_MARK = "<!--LEGEND-->"
SHORTCUTS_MARK = "<!--SHORTCUTS-->"
MENUS = ("file", "edit", "view", "help")
GUIDE_SIZE = (820, 680)
LEGEND_SIZE = (720, 560)


def program_version() -> str:
    """The installed package's version (the wheel and the frozen program carry its metadata)."""
    from importlib.metadata import PackageNotFoundError, version  # 8 ms of imports: only for 关于
    try:
        return version("nianbao")
    except PackageNotFoundError:
        return "（未安装的开发版本）"


def guide_text() -> str:
    """The guide as shipped (UTF-8 HTML with the two marks the program fills). Its line breaks
    are for editing only: HTML would show each as a space, which Chinese text does not have."""
    return re.sub(r"\n\s*", "", bundled(*GUIDE).read_text(encoding="utf-8"))


def plain_menu_text(text: str) -> str:
    """「新建…」 of 「新建(&N)…」: a menu entry's words without its access key."""
    return re.sub(r"\(&.\)", "", text).replace("&", "")


def menu_shortcuts(menus: list[QMenu]) -> list[tuple[str, str]]:
    """(「文件 ▸ 保存」, 「Ctrl+S」) for every menu entry with a shortcut, submenus included."""
    found: list[tuple[str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            name = plain_menu_text(action.text())
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} ▸ {name}")
            elif action.isVisible() and not action.shortcut().isEmpty():
                keys = " 或 ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
                found.append((f"{path} ▸ {name}", keys))

    for menu in menus:
        walk(menu, plain_menu_text(menu.title()))
    return found


def shortcuts_html(menus: list[QMenu]) -> str:
    from html import escape
    rows = "".join(f"<tr><td>{escape(keys)}</td><td>{escape(entry)}</td></tr>"
                   for entry, keys in menu_shortcuts(menus))
    return f'<table cellpadding="3"><tr><td><b>菜单命令</b></td><td></td></tr>{rows}</table>'


class HelpBrowser(QDialog):
    """A window with a page of help, rebuilt when the colours change (the samples are pictures)."""

    def __init__(self, title: str, size: tuple[int, int], build: Callable[[QTextBrowser], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.build = build
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(*size)
        self.refresh()

    def refresh(self) -> None:
        self.browser.setHtml(self.build(self.browser))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            palette.follow_application()
            self.refresh()
        super().changeEvent(event)


def guide_html(browser: QTextBrowser, menus: list[QMenu]) -> str:
    from gui.legend import legend_html
    return (guide_text().replace(LEGEND_MARK, legend_html(browser.document()))
            .replace(SHORTCUTS_MARK, shortcuts_html(menus)))


def _show(parent: QWidget, name: str, make: Callable[[QWidget], HelpBrowser]) -> HelpBrowser:
    """One help window of each kind per main window: shown again (and raised), not opened twice."""
    owner = parent.window()
    dialog = owner.findChild(HelpBrowser, name)
    if dialog is None:
        dialog = make(owner)
        dialog.setObjectName(name)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def show_legend(parent: QWidget) -> HelpBrowser:
    """The colour legend on its own (from the findings panel and the help menu)."""
    from gui.legend import legend_html
    return _show(parent, "legend", lambda owner: HelpBrowser(
        "颜色和标记说明", LEGEND_SIZE, lambda browser: "<h3>颜色和标记说明</h3>" + legend_html(browser.document()),
        owner))


def show_guide(parent: QWidget, menus: list[QMenu]) -> HelpBrowser:
    return _show(parent, "guide", lambda owner: HelpBrowser(
        "使用说明", GUIDE_SIZE, lambda browser: guide_html(browser, menus), owner))


def locations() -> list[tuple[str, Path]]:
    """The folders and files a technician may ask for, in the clerk's words."""
    return [("报告文件、示例报告的副本（“文档”文件夹）", appdirs.documents_dir()),
            ("恢复副本（程序意外退出后用来恢复）", recovery_dir()),
            ("历史版本（每次保存前的上一版本）", history_root()),
            ("最近打开的文件列表等", appdirs.data_dir()),
            ("窗口设置（大小、位置、缩放）", appdirs.config_dir()),
            ("缓存（字体和打印预览，可随时删除）", appdirs.cache_dir()),
            ("日志（程序出错时请发给技术人员）", log_path())]


def about_html() -> str:
    from html import escape
    rows = "".join(f'<tr><td>{escape(what)}</td><td><a href="{QUrl.fromLocalFile(str(path)).toString()}">'
                   f"{escape(str(path))}</a></td></tr>" for what, path in locations())
    return (f"<h3>年报助手 {escape(program_version())}</h3>"
            "<p>编写、校验和导出《政府信息公开工作年度报告》。所有文件都保存在您自己的电脑上，无需联网。</p>"
            f'<p><b>文件位置</b>（单击打开）：</p><table cellpadding="3">{rows}</table>')


def show_about(parent: QWidget) -> None:
    dialog = QDialog(parent)
    dialog.setWindowTitle("关于年报助手")
    text = QLabel(about_html())
    text.setOpenExternalLinks(True)
    text.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.exec()
    dialog.deleteLater()


def install(window: Window) -> None:
    parent = window.window()
    window.add_action("guide", "使用说明(&U)", lambda: show_guide(parent, [window.menu(m) for m in MENUS]), "F1",
                      "颜色和标记的含义、合计怎样计算、快捷键", menu="help", group="help")
    window.add_action("legend", "颜色和标记说明(&L)", lambda: show_legend(parent), None,
                      "单元格颜色、角标和校验结果各表示什么", menu="help", group="help")
    window.add_action("about", "关于年报助手(&A)", lambda: show_about(parent), None,
                      "版本和文件位置", menu="help", group="about")
