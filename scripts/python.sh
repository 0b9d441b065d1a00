#!/usr/bin/env bash
# Print the Python interpreter to use: $PYTHON if set, else the active virtual environment's,
# else `python` if it is Python 3.11+, else `python3` (Debian and Ubuntu have only python3).
set -euo pipefail
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
for candidate in "${PYTHON:-}" "${VIRTUAL_ENV:+$VIRTUAL_ENV/bin/python}" python python3; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null && ok "$candidate"; then
        command -v "$candidate"
        exit 0
    fi
done
echo "需要 Python 3.11 或更高版本（找不到 python 或 python3，或版本太旧）" >&2
exit 1
