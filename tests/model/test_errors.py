"""One base for every refusal the clerk can cause; the operating system's refusals in Chinese."""
from __future__ import annotations

import errno
import importlib
import inspect
import pkgutil

import pytest

import export
import model
from model.errors import NianbaoError, os_error_message, os_error_reason
from model.merge import MergeCancelled

NOT_REFUSALS = {MergeCancelled}  # the clerk's own choice: nothing to report


def _exception_classes() -> list[type[BaseException]]:
    found = []
    for package in (model, export):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                      if issubclass(cls, BaseException) and cls.__module__ == module.__name__]
    return found


def test_every_refusal_of_the_model_and_the_exporters_is_a_nianbao_error() -> None:
    classes = _exception_classes()
    names = {cls.__name__ for cls in classes}
    assert {"ProjectError", "FormatError", "NumberError", "CarryError", "MergeError", "FileInUse",
            "ExportError"} <= names
    assert [cls.__name__ for cls in classes if not issubclass(cls, NianbaoError) and cls not in NOT_REFUSALS] == []
    assert not issubclass(MergeCancelled, NianbaoError)


@pytest.mark.parametrize("code, reason", [
    (errno.ENOENT, "找不到该文件或文件夹"), (errno.EACCES, "没有权限"), (errno.EROFS, "磁盘或文件夹是只读的"),
    (errno.ENOSPC, "磁盘空间不足"), (errno.EISDIR, "这是一个文件夹，不是文件"), (errno.ENAMETOOLONG, "文件名或路径过长"),
    (errno.EIO, f"系统错误（代码 {errno.EIO}）"),
])
def test_os_errors_are_told_in_chinese_without_the_systems_words(code: int, reason: str) -> None:
    exc = OSError(code, "Some English strerror", "/x/报告.json")
    assert os_error_reason(exc) == reason
    assert os_error_message(exc) == f"无法访问文件 /x/报告.json：{reason}"
    assert "English" not in os_error_message(exc)


def test_windows_sharing_violations_and_errors_without_a_code() -> None:
    busy = OSError(errno.EACCES, "The process cannot access the file")
    busy.winerror = 32  # type: ignore[attr-defined]
    assert os_error_reason(busy) == "文件正被其他程序占用"
    assert os_error_message(OSError("no code")) == "无法访问文件：系统错误"
