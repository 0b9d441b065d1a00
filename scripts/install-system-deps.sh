#!/usr/bin/env bash
# Debian packages the tests need: free Chinese TrueType fonts and Symbola, the PDF's fallback
# font for emoji and symbols (PDF export, screenshots), poppler (reading PDFs back) and the
# libraries Qt's platform plugins load.
set -euo pipefail
packages=(fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai fonts-symbola poppler-utils
          libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
          libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0
          libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1)
# Debian's own python3 refuses pip outside a virtual environment (scripts/test.sh makes one),
# and makes one only with python3-venv; a machine without python3 gets Debian's.
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))' 2>/dev/null || true)
if [ -z "$stdlib" ] || [ -e "$stdlib/EXTERNALLY-MANAGED" ]; then
    packages+=(python3 python3-venv)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
    echo "缺少系统软件包：${missing[*]}（本机没有 apt-get，请用本机的软件包管理器安装对应的软件包，见 README 的「运行测试」）" >&2
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
