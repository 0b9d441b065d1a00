"""`nianbao selftest`: prove that an installed or frozen program is complete.

What a wheel or a PyInstaller build can silently leave out is found at run time only: the
format files, the examples, Qt's platform plugin, Qt's Chinese translation, the icon. The
self-test touches each and opens the window on an example once, so the build's own test and
a clerk's IT staff see at once what is missing. It writes no file (the example is opened
untitled; the window's settings are written back as it found them) and prints every line in
Chinese.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTabWidget

Check = Callable[[], str]


def _formats() -> str:
    from model.formats import available_formats, load_format
    ids = available_formats()
    if not ids:
        raise RuntimeError("找不到任何报告格式文件")
    for format_id in ids:
        load_format(format_id)
    return "、".join(ids)


def _examples() -> str:
    from model.examples import example_names, example_path
    from model.storage import load_report
    names = example_names()
    if not names:
        raise RuntimeError("找不到示例报告")
    for name in names:
        load_report(example_path(name))
    return "、".join(names)


def _platform() -> str:
    return QGuiApplication.platformName()


def _translation() -> str:
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel != "取消":
        raise RuntimeError(f"Qt 的中文翻译（qtbase_zh_CN）未加载，按钮显示为“{cancel}”")
    return "已加载（“Cancel”显示为“取消”）"


def _icon() -> str:
    app = QGuiApplication.instance()
    sizes = app.windowIcon().availableSizes() if isinstance(app, QGuiApplication) else []
    if not sizes:
        raise RuntimeError("程序图标未找到")
    return "、".join(str(s.width()) for s in sorted(sizes, key=lambda s: s.width()))


def _guide() -> str:
    from gui.help import LEGEND_MARK, guide_text, program_version
    if LEGEND_MARK not in guide_text():
        raise RuntimeError("使用说明不完整")
    return f"可以打开（年报助手 {program_version()}）"


def _window() -> str:
    from gui.document import ReportDocument
    from gui.main_window import MainWindow
    from model.examples import example_names, example_path
    from model.storage import load_report
    window = MainWindow(ReportDocument(load_report(example_path(example_names()[0]))))
    window.show()
    for tabs in window.findChildren(QTabWidget):  # tables are built when first shown
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QCoreApplication.processEvents()
    shown = window.isVisible() and not window.grab().isNull()
    window.close()
    QCoreApplication.processEvents()
    if not shown:
        raise RuntimeError("窗口未能显示")
    return f"已打开并关闭（{window.windowTitle().replace('[*]', '')}）"


CHECKS: tuple[tuple[str, Check], ...] = (
    ("报告格式", _formats), ("示例报告", _examples), ("Qt 平台插件", _platform),
    ("Qt 中文翻译", _translation), ("程序图标", _icon), ("使用说明", _guide), ("主窗口", _window))


def run_selftest(out: Callable[[str], None] = print) -> int:
    """Run every check, print one line each; 0 when all pass, 1 otherwise."""
    from gui.app import create_app
    create_app()
    failed = 0
    for name, check in CHECKS:
        try:
            out(f"[通过] {name}：{check()}")
        except Exception as exc:  # each failure is reported, and the others still run
            failed += 1
            out(f"[失败] {name}：{exc}")
    out("自检通过。" if not failed else f"自检发现 {failed} 处问题。")
    return 0 if not failed else 1
