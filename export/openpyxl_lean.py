"""Import openpyxl without numpy.

openpyxl imports numpy, when it is installed, only to recognise numpy's number types among
the values it writes; the program never gives it any, and importing numpy costs a command-
line export a sixth of its time. So openpyxl is imported once while numpy reads as not
installed; numpy itself stays importable for anything else in the process.
"""
from __future__ import annotations

import sys

if "openpyxl" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy: ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]
