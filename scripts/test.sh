#!/usr/bin/env bash
# Install everything the tests need (system packages, then Python packages) and run them.
# As root or as a user with sudo. Where pip may not install into the system Python (Debian's
# and Ubuntu's python3 are "externally managed"), the Python packages go into .venv here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
python=$(bash scripts/python.sh)
if "$python" -c 'import sys, sysconfig, pathlib
managed = (pathlib.Path(sysconfig.get_path("stdlib")) / "EXTERNALLY-MANAGED").exists()
sys.exit(0 if managed and sys.prefix == sys.base_prefix else 1)'; then
    [ -x .venv/bin/python ] || "$python" -m venv .venv
    python=.venv/bin/python
fi
"$python" -m pip install -q -e ".[test,build]"
"$python" -m mypy
"$python" -m mypy --platform win32  # the Windows branches too, as the Windows CI job checks them
export QT_QPA_PLATFORM=offscreen
"$python" -m pytest "$@"
