"""Fields of the program's own small records (lock files, recovery copies), checked when read.

These files come back from disk after crashes, copies between computers and other programs'
hands: a process id out of range, a time without a time zone or in year 9999 must not stop the
program. Each reader gets the field, or None when it is unusable.
"""
from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from typing import Any

MAX_PID = 2**32  # Windows process ids are 32-bit; POSIX ones smaller
YEARS = range(2000, 2101)
MAX_START_TIME = 2**40  # seconds since 1970: far beyond any real start


def pid_field(raw: Any) -> int | None:
    """A process id: a positive JSON integer the system could have given."""
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < MAX_PID:
        return None
    return raw


def time_field(raw: Any) -> datetime | None:
    """A moment written by isoformat(): with its time zone, in a year a report can have."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None and moment.year in YEARS else None


def start_time_field(raw: Any) -> float | None:
    """A process start time (seconds since the epoch), finite and plausible."""
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal)):
        return None
    started = float(raw)
    return started if math.isfinite(started) and 0 <= started < MAX_START_TIME else None
