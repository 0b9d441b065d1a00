"""The one base of every refusal the clerk can cause, and the operating system's in Chinese.

The model and the exporters refuse with exceptions whose text is already the clerk's message
(a file that cannot be read, a figure that is no number, reports that cannot be added up, a
file another window holds, an export that cannot be written). They all derive from
`NianbaoError`, so the command line and the window show any of them the same way: `str(exc)`,
nothing added, nothing rewrapped.
"""
from __future__ import annotations

import errno


class NianbaoError(Exception):
    """A refusal the clerk can cause and act on; str() is the complete Chinese message."""


_REASONS = {
    errno.ENOENT: "找不到该文件或文件夹",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EEXIST: "文件已存在",
}
_WINDOWS_REASONS = {32: "文件正被其他程序占用", 33: "文件正被其他程序占用", 112: "磁盘空间不足"}


def os_error_reason(exc: OSError) -> str:
    """Why the operating system refused, in Chinese: never its own (English) strerror text."""
    reason = _WINDOWS_REASONS.get(getattr(exc, "winerror", None) or 0) or _REASONS.get(exc.errno or 0)
    if reason:
        return reason
    return f"系统错误（代码 {exc.errno}）" if exc.errno else "系统错误"


def os_error_message(exc: OSError) -> str:
    """「无法访问文件 X：没有权限」 for an operating-system refusal nothing more specific explains."""
    name = f" {exc.filename}" if exc.filename else ""
    return f"无法访问文件{name}：{os_error_reason(exc)}"
