# Sourced by scripts/launch and scripts/test: a Python 3.11+ virtualenv in .venv with
# Clover Desk installed (editable) plus the extras named in $CLOVER_DESK_EXTRAS.
# On Debian/Ubuntu it also installs the few system libraries Qt needs to start.

set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

pick_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Clover Desk needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

# Qt's xcb/offscreen plugins link against these; a minimal Debian or Ubuntu lacks some.
QT_DEBIAN_LIBS="libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 fonts-dejavu-core"

# install_missing_debian_packages WHY PACKAGE...: apt-get install those not installed yet
# (with sudo when not root); nothing to do off Debian/Ubuntu.
install_missing_debian_packages() {
  local why="$1"
  shift
  [ "$(uname -s)" = Linux ] && command -v dpkg >/dev/null 2>&1 || return 0
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing $why: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_qt_system_libs() {
  # shellcheck disable=SC2086 # the list is meant to split into packages
  install_missing_debian_packages "system libraries Qt needs" $QT_DEBIAN_LIBS
}

ensure_venv() {
  local python
  python="$(pick_python)"
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    "$python" -m venv --clear .venv
  fi
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${CLOVER_DESK_EXTRAS:-}"
}

# The translations ship as .ts sources; the app loads the .qm files compiled from them.
compile_translations() {
  .venv/bin/python scripts/translations.py compile
}

# The real-browser OAuth test drives Debian's Chromium through its WebDriver; only the
# test setup (CLOVER_DESK_EXTRAS naming "test") installs them.
BROWSER_DEBIAN_PACKAGES="chromium chromium-driver"

install_test_browser() {
  case "${CLOVER_DESK_EXTRAS:-}" in *test*) ;; *) return 0 ;; esac
  # shellcheck disable=SC2086 # the list is meant to split into packages
  install_missing_debian_packages "the browser the OAuth test drives" $BROWSER_DEBIAN_PACKAGES
}

install_qt_system_libs
install_test_browser
ensure_venv
compile_translations
