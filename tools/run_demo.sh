#!/usr/bin/env bash
# The built-in fine-grained demo: generate the synthetic dataset, build its text
# bank with the offline sentence encoder, train and validate the tiny UniFormerV2
# baseline and its tiny ART twin (same backbone, data, schedule and seed).
# Usage: bash tools/run_demo.sh   (after tools/setup_env.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DATA=data/synthetic
echo "== 1/4 synthetic fine-grained dataset -> $DATA"
[ -f "$DATA/val.txt" ] || "$PY" tools/make_synthetic_dataset.py "$DATA" --difficulty 0.3
echo "== 2/4 text bank (offline all-MiniLM-L6-v2) -> $DATA/text_bank.pth"
[ -f "$DATA/text_bank.pth" ] || "$PY" tools/build_text_bank.py "$DATA/classnames.txt" "$DATA/text_bank.pth" --encoder minilm
mkdir -p work_dirs/demo
for config in uniformerv2-tiny_synthetic art_uniformerv2-tiny_synthetic; do
  echo "== train + validate $config (log: work_dirs/demo/$config)"
  start=$(date +%s)
  "$PY" tools/train.py "configs/$config.py" --work-dir "work_dirs/demo/$config" > "work_dirs/demo/$config.log" 2>&1 \
    || { tail -30 "work_dirs/demo/$config.log"; exit 1; }
  echo "   $(grep 'Epoch(val)' "work_dirs/demo/$config.log" | tail -1 | sed 's/.*Epoch(val)/final val epoch/; s/data_time.*//') | $(( $(date +%s) - start )) s"
done
