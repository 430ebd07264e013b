#!/usr/bin/env bash
# Create .venv (if missing) and install art_mmaction with everything it needs.
# Usage: bash tools/setup_env.sh      (VENV=path to use another location)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade "pip" "setuptools<82" wheel
"$VENV/bin/python" -m pip install -q -r requirements.txt
"$VENV/bin/python" -m pip install -q -e ".[offline-text]"
"$VENV/bin/python" -c "import art_mmaction, torch, mmaction; print('art_mmaction', art_mmaction.__version__, '| torch', torch.__version__, '| mmaction2', mmaction.__version__, '| fixes:', ', '.join(art_mmaction.compat.APPLIED) or 'none')"
