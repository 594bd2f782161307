#!/bin/bash
# How zoo/grfp-student's hyperparameters were chosen, on the DVSNet training half of the DAVIS dev sequences only:
# train `vseg train grfp.stgru` on three of its six sequences and evaluate on the other three (`vseg eval`, J and TC
# against every-frame), both ways round.
#   scripts/grfp-folds.sh NAME [K=V,K=V]     (trainer settings as for --set; outputs under ${TMPDIR:-/tmp})
# GRFP_CONFIG=FILE runs another pipeline file (its student, flow and fuser settings) instead of configs/grfp.conf.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
set=${2:-}
tmp=${TMPDIR:-/tmp}
data=../shared/data/davis2016-dev
config=$(realpath "${GRFP_CONFIG:-configs/grfp.conf}")
EVAL=bmx-trees,cows,dog,goat,kite-surf,paragliding-launch
A=blackswan,car-shadow,dance-twirl
B=drift-chicane,horsejump-high,libby
for fold in A B; do
  if [ $fold = A ]; then train=$A; test=$B; else train=$B; test=$A; fi
  out=$tmp/grfp-fold-$name-$fold
  args=()
  [ -n "$set" ] && args=(--set "$set")
  bin/vseg train grfp.stgru --config "$config" --data $data --exclude $EVAL,$test --out "$out" --seed 42 \
      "${args[@]}" > "$out.train.log" 2>&1
  printf 'include file("%s")\nvseg.pipeline.fuser.model = "%s"\n' "$config" "$out" > "$out.conf"
  bin/vseg eval --config "$out.conf" --dataset $data --sequences $test --output "$out.ev" > "$out.eval.log" 2>&1
  echo "== $name fold $fold (trained on $train) $set: $(grep 'vseg train: best ' "$out.train.log" | sed 's/.*vseg train: best/best/')"
  grep -E '^\| every-frame' "$out.ev/eval.md" | head -2 | awk -F'|' '{print "   ", $2, "TC", $15, "J", $16}'
done
