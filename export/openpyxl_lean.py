"""Import openpyxl without numpy and Pillow.

openpyxl imports numpy, when it is installed, only to recognise numpy's number types among
the values it writes, and Pillow only to embed or read pictures; the program gives it neither
and reads only cells. Importing numpy costs a command-line export a sixth of its time, Pillow
another 5 ms. So openpyxl is imported once while both read as not installed; they stay
importable for anything else in the process (reportlab needs Pillow).
"""
from __future__ import annotations

import sys

_LEFT_OUT = ("numpy", "PIL")

if "openpyxl" not in sys.modules:
    _absent = [name for name in _LEFT_OUT if name not in sys.modules]  # one already loaded is used
    for name in _absent:
        sys.modules[name] = None  # type: ignore[assignment]  # import numpy: ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        for name in _absent:
            del sys.modules[name]
