"""What the operating system refused, in the clerk's words.

Python's own text for an OSError (strerror) is English, or the system's language on Windows;
every message the clerk reads is Chinese, so refusals are described from their codes here.
"""
from __future__ import annotations

import errno

_ERRNO_TEXT = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ELOOP: "文件链接形成了循环",
    errno.EIO: "磁盘读写出错",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "打开的文件过多",
    errno.EBUSY: "文件正被占用",
    errno.EEXIST: "文件已存在",
    errno.EINVAL: "文件名无效",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
    errno.EFBIG: "文件过大",
    errno.ETIMEDOUT: "网络连接超时",
    errno.EAGAIN: "资源暂时不可用",
}
for _name, _text in (("EDQUOT", "磁盘配额已用完"), ("ETXTBSY", "文件正被占用"),
                     ("ESTALE", "网络文件已失效"), ("EHOSTDOWN", "网络上的计算机无法访问")):
    if hasattr(errno, _name):
        _ERRNO_TEXT[getattr(errno, _name)] = _text

# Windows error codes (OSError.winerror), more precise than the errno Python derives from them.
SHARING_VIOLATION, LOCK_VIOLATION, ACCESS_DENIED = 32, 33, 5
DISK_FULL, FILENAME_TOO_LONG, INVALID_NAME = 112, 206, 123
_WINERROR_TEXT = {
    2: "文件不存在",
    3: "文件夹不存在",
    ACCESS_DENIED: "拒绝访问",
    SHARING_VIOLATION: "文件正被其他程序占用",
    LOCK_VIOLATION: "文件的一部分被其他程序锁定",
    19: "磁盘写保护",
    21: "设备未就绪",
    53: "找不到网络路径",
    64: "网络连接已断开",
    67: "找不到网络名",
    DISK_FULL: "磁盘空间不足",
    INVALID_NAME: "文件名、文件夹名或卷标语法不正确",
    FILENAME_TOO_LONG: "文件名或路径过长",
    1231: "网络位置无法访问",
}


def os_error_text(exc: OSError) -> str:
    """A short Chinese description of `exc`, e.g. 「磁盘空间不足」; never Python's English."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR_TEXT:
        return _WINERROR_TEXT[winerror]
    if exc.errno in _ERRNO_TEXT:
        return _ERRNO_TEXT[exc.errno]
    code = winerror or exc.errno
    return f"系统错误（代码 {code}）" if code else "系统错误"
