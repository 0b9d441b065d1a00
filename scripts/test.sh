#!/usr/bin/env bash
# Install everything the tests need (system packages, then Python packages) and run them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
python -m pip install -q -e ".[test]"
python -m mypy
export QT_QPA_PLATFORM=offscreen
python -m pytest "$@"
