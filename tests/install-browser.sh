#!/usr/bin/env bash
# Installs what the browser tests (tests/test_ui_browser.py) need, from Debian's packages only:
#   chromium        -> /usr/bin/chromium, driven by Playwright's Python package (never a downloaded browser)
#   fonts-noto-cjk  -> Chinese glyphs in the browser (and a fallback CJK font for matplotlib)
# Idempotent: does nothing when both are present. Needs root (CI runs as root) or sudo.
set -euo pipefail

have_font() {
  if command -v fc-list >/dev/null 2>&1; then
    fc-list 2>/dev/null | grep -qi "Noto Sans CJK"
  else
    ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1
  fi
}

if [ -x /usr/bin/chromium ] && have_font; then
  echo "install-browser: chromium and fonts-noto-cjk already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-browser: need root (or sudo) to apt-get install chromium fonts-noto-cjk" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk fontconfig >/dev/null
fc-cache -f >/dev/null 2>&1 || true
/usr/bin/chromium --version
