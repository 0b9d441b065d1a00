"""One base for every refusal the clerk can cause; the operating system's refusals in Chinese."""
from __future__ import annotations

import errno
import importlib
import inspect
import pkgutil

import export
import model
from model.errors import NianbaoError
from model.merge import MergeCancelled
from model.os_errors import os_error_text

NOT_REFUSALS = {MergeCancelled}  # the clerk's own choice: nothing to report


def _exception_classes() -> list[type[BaseException]]:
    """Every public exception class of model/ and export/ (subpackages too), except carriers of
    an operating-system failure (OSError subclasses, worded where they are caught)."""
    found = []
    for package in (model, export):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            found += [cls for name, cls in inspect.getmembers(module, inspect.isclass)
                      if issubclass(cls, BaseException) and cls.__module__ == module.__name__
                      and not name.startswith("_") and not issubclass(cls, OSError)]
    return found


def test_every_refusal_of_the_model_and_the_exporters_is_a_nianbao_error() -> None:
    classes = _exception_classes()
    names = {cls.__name__ for cls in classes}
    assert {"ProjectError", "FormatError", "NumberError", "CarryError", "MergeError", "FileInUse",
            "ExportError"} <= names
    assert [cls.__name__ for cls in classes if not issubclass(cls, NianbaoError) and cls not in NOT_REFUSALS] == []
    assert not issubclass(MergeCancelled, NianbaoError)


def test_os_errors_are_told_in_chinese_without_the_systems_words() -> None:
    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    busy = OSError(errno.EACCES, "The process cannot access the file")
    busy.winerror = 32  # type: ignore[attr-defined]
    assert os_error_text(busy) == "文件正被其他程序占用"
    assert os_error_text(OSError(99999, "Unknown")) == "系统错误（代码 99999）"
    assert os_error_text(OSError("no code")) == "系统错误"
