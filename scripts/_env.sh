# Sourced by scripts/demo and scripts/test: a virtual environment in .venv with the project
# installed (re-installed when pyproject.toml changes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "ATTT cần Python 3.11 trở lên / ATTT needs Python 3.11+ (found: $("$PY" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> Tạo môi trường ảo .venv / creating .venv"
  "$PY" -m venv .venv
fi
EXTRAS="${1:-}"
STAMP=".venv/.attt-installed${EXTRAS:+-$EXTRAS}"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "==> Cài đặt phụ thuộc / installing dependencies"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${EXTRAS:+[$EXTRAS]}"
  touch "$STAMP"
fi
