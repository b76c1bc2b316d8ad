#!/usr/bin/env bash
# The project's entry point on a fresh Debian 12 machine (Python 3.11 and nothing else).
#   ./run.sh demo    install what is missing, then ingest sample_scans/ into ./archive
#   ./run.sh test    install what is missing, then run the whole test suite
#   ./run.sh check   lint (ruff), type-check (mypy) and test
#   ./run.sh setup   only install
# Every step checks before it installs, so running it again is cheap and changes nothing.
set -euo pipefail
cd "$(dirname "$0")"

VENV=${GUJI_VENV:-.venv}
PY=${PYTHON:-python3}
RUNTIME_APT=(python3-venv libvips42 tesseract-ocr tesseract-ocr-chi-tra tesseract-ocr-chi-tra-vert
             fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai)
# The tests and benchmarks render with more faces: those the OCR may be trained and tuned
# on, and the reserved ones that are only ever evaluated on (guji/sample/fonts.py).
TEST_APT=(postgresql chromium
          fonts-cns11643-sung fonts-cns11643-kai fonts-lxgw-wenkai fonts-babelstone-han
          fonts-ipamj-mincho fonts-cwtex-fs fonts-cwtex-yen fonts-wqy-zenhei fonts-seto
          fonts-cwtex-ming fonts-cwtex-kai fonts-hanazono fonts-arphic-bsmi00lp
          fonts-arphic-bkai00mp)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

python_env() {
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtual environment $VENV"
    "$PY" -m venv "$VENV"
  fi
  # Reinstall only when the dependency list changed.
  local stamp="$VENV/.guji-installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "installing guji and its dependencies into $VENV"
    "$VENV/bin/pip" install -q --upgrade pip
    "$VENV/bin/pip" install -q -e '.[dev,train]'
    touch "$stamp"
  fi
}

viewer_assets() {
  # Mirador and Universal Viewer come from the npm registry at setup time and are served
  # locally by `guji serve`.
  [ -f package.json ] || return 0
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ] \
     || [ ! -f guji/serve/static/vendor/mirador/mirador.min.js ] \
     || [ ! -f guji/serve/static/vendor/uv/umd/UV.js ]; then
    say "installing the viewer (npm ci)"
    npm ci --omit=peer --no-audit --no-fund --loglevel=error
    touch node_modules
  fi
}

case "${1:-}" in
  setup)
    apt_install "${RUNTIME_APT[@]}" "${TEST_APT[@]}"; python_env; viewer_assets ;;
  demo)
    apt_install "${RUNTIME_APT[@]}"; python_env; viewer_assets
    say "ingesting sample_scans/ into ./archive"
    "$VENV/bin/guji" ingest sample_scans --store ./archive
    "$VENV/bin/guji" status --store ./archive ;;
  test)
    apt_install "${RUNTIME_APT[@]}" "${TEST_APT[@]}"; python_env; viewer_assets
    shift; "$VENV/bin/python" -m pytest -q "$@" ;;
  check)
    apt_install "${RUNTIME_APT[@]}" "${TEST_APT[@]}"; python_env; viewer_assets
    "$VENV/bin/ruff" check guji tests benchmarks
    "$VENV/bin/mypy"
    shift; "$VENV/bin/python" -m pytest -q "$@" ;;
  *)
    echo "usage: ./run.sh demo|test|check|setup" >&2; exit 2 ;;
esac
