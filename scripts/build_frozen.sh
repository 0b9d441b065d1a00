#!/usr/bin/env bash
# Build the frozen program into dist/年报助手/ (年报助手 + nianbao executables and _internal/)
# from packaging/nianbao.spec. Needs the build extra: pip install -e ".[build]".
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(bash scripts/python.sh)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/nianbao.spec
echo "dist/年报助手"
