#!/bin/sh
# Debian/Ubuntu packages that the Python wheels cannot bring: venv support, the libraries
# Qt's offscreen and xcb platforms load, and a font (without one Qt draws empty boxes).
# Installs only what is missing, and only where it can (root or passwordless sudo).
#
#   sh packaging/system-deps.sh               what `make run` and `make test` need
#   sh packaging/system-deps.sh e2e           and a virtual X screen with xdotool, for the
#                                             real-window tests (tests/e2e)
#   sh packaging/system-deps.sh packaging     and the tools that build and check the bundle
set -eu
command -v dpkg-query >/dev/null 2>&1 || exit 0
pkgs="python3-venv fonts-dejavu-core fontconfig libegl1 libgl1 libglib2.0-0 libdbus-1-3 \
libxkbcommon0 libfontconfig1 libfreetype6 poppler-utils"
for group in "$@"; do
  case $group in
    # Qt's xcb platform names xcb-cursor0 when any of these is missing.
    e2e) pkgs="$pkgs xvfb xauth xdotool libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0" ;;
    packaging) pkgs="$pkgs binutils appstream desktop-file-utils" ;;
    *) echo "system-deps.sh: unknown group '$group' (e2e, packaging)" >&2; exit 2 ;;
  esac
done
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# python3-venv is only needed when the interpreter lacks ensurepip.
if python3 -c "import ensurepip" >/dev/null 2>&1; then
  missing=$(echo "$missing" | sed 's/python3-venv//')
fi
[ -z "$(echo "$missing" | tr -d ' ')" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "bodymap: please install:$missing" >&2; exit 0
fi
echo "bodymap: installing system packages:$missing" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
