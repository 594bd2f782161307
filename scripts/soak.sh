#!/usr/bin/env bash
# Soak test: runs one pipeline over a long input (20,000 frames by default) with every output on (labels,
# overlay, trace) and samples the process's resident memory (VmRSS) every few seconds. Passes when resident
# memory after warm-up grows by at most 5%: what a leak of native memory per frame (OpenCV/JavaCPP, ONNX Runtime,
# DJL/libtorch) would break. Not a unit test: it takes about as long as the run (8-10 minutes on 2 cores, after
# 2-3 minutes linking the frames).
#
# Usage: scripts/soak.sh [--config FILE] [--frames N] [--warmup N] [--data DAVIS_ROOT] [--out DIR]
#   --config  pipeline (default configs/dvsnet-dff-netwarp.conf: ONNX Runtime, OpenCV and DJL in one run)
#   --frames  frames to run (default 20000)
#   --warmup  frames before the baseline is taken (default 2000)
#   --data    DAVIS 2016 root whose frames, all sequences in turn, repeat until --frames (default
#             ../shared/data/davis2016-dev): a folder of links, so the run sees one long video with scene cuts
#   --out     where the run's outputs and the report go (default out/soak)
# Writes DIR/memory.csv (seconds, frames, rss_mib; a sample every SOAK_SAMPLE_SECONDS, default 5) and
# DIR/soak.md. The Java heap is fixed and touched at start (VSEG_JAVA_OPTS, default -Xms384m -Xmx384m
# -XX:+AlwaysPreTouch), so that the JVM growing its heap towards its limit does not pass for a leak: what grows is
# native memory, metaspace or code.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="$ROOT/configs/dvsnet-dff-netwarp.conf"
FRAMES=20000
WARMUP=2000
DATA="$ROOT/../shared/data/davis2016-dev"
OUT="$ROOT/out/soak"
EVERY="${SOAK_SAMPLE_SECONDS:-5}"
while [ $# -gt 0 ]; do
  case "$1" in
    --config) CONFIG="$2"; shift 2 ;;
    --frames) FRAMES="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "soak: unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
if [ ! -d "$DATA/JPEGImages/480p" ]; then
  echo "soak: no DAVIS frames at $DATA/JPEGImages/480p (--data DAVIS_ROOT)" >&2
  exit 1
fi
# The links below name their targets: relative to the link, a relative --data would dangle.
DATA="$(CDPATH='' cd -- "$DATA" && pwd)"
if [ "$WARMUP" -ge "$FRAMES" ]; then
  echo "soak: --warmup ($WARMUP) must be below --frames ($FRAMES)" >&2
  exit 2
fi

rm -rf "$OUT"
mkdir -p "$OUT/input"
# The input: links to the DAVIS frames, sequence after sequence, repeated until FRAMES.
mapfile -t SOURCE < <(find "$DATA/JPEGImages/480p" -name '*.jpg' | sort)
n=0
while [ "$n" -lt "$FRAMES" ]; do
  for f in "${SOURCE[@]}"; do
    [ "$n" -ge "$FRAMES" ] && break
    ln -s "$f" "$(printf '%s/input/%06d.jpg' "$OUT" "$n")"
    n=$((n + 1))
  done
done
echo "soak: $FRAMES frames (${#SOURCE[@]} DAVIS frames, repeated), $(basename "$CONFIG"), warm-up $WARMUP frames"

export VSEG_JAVA_OPTS="${VSEG_JAVA_OPTS:--Xms384m -Xmx384m -XX:+AlwaysPreTouch}"
"$ROOT/bin/vseg" run --config "$CONFIG" --input "$OUT/input" --output "$OUT/run" > "$OUT/run.log" 2>&1 &
PID=$!
CSV="$OUT/memory.csv"
echo "seconds,frames,rss_mib" > "$CSV"
START=$(date +%s)
while kill -0 "$PID" 2>/dev/null; do
  RSS=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$PID/status" 2>/dev/null || true)
  DONE=$(wc -l 2>/dev/null < "$OUT/run/trace.jsonl" || echo 0)
  [ -n "$RSS" ] && echo "$(( $(date +%s) - START )),$DONE,$RSS" >> "$CSV"
  sleep "$EVERY"
done
if ! wait "$PID"; then
  echo "soak: the run failed; see $OUT/run.log" >&2
  tail -n 3 "$OUT/run.log" >&2
  exit 1
fi

# Baseline: the mean over the 1,000 frames after warm-up; end: the mean over the last 10% of the frames.
awk -F, -v warm="$WARMUP" -v total="$FRAMES" -v config="$(basename "$CONFIG")" -v opts="$VSEG_JAVA_OPTS" -v every="$EVERY" '
  NR == 1 { next }
  $2 >= warm && $2 < warm + 1000 { bs += $3; bn++ }
  $2 >= total * 0.9 { es += $3; en++ }
  $2 >= warm { if ($3 > peak) peak = $3; if (min == 0 || $3 < min) min = $3 }
  { secs = $1 }
  END {
    if (bn == 0 || en == 0) { print "soak: too few samples to judge" > "/dev/stderr"; exit 1 }
    base = bs / bn; end = es / en
    growth = 100 * (end - base) / base; peakGrowth = 100 * (peak - base) / base
    printf "# Soak: %d frames of %s\n\n", total, config
    printf "All outputs on; heap %s; resident memory sampled every %s s (memory.csv).\n\n", opts, every
    printf "| after warm-up (%d-%d frames) | min after | peak after | last 10%% of frames | growth | peak growth | run |\n", warm, warm + 1000
    printf "|---|---|---|---|---|---|---|\n"
    printf "| %.0f MiB | %d MiB | %d MiB | %.0f MiB | %+.1f%% | %+.1f%% | %d s |\n\n", base, min, peak, end, growth, peakGrowth, secs
    verdict = growth <= 5 ? "PASS" : "FAIL"
    printf "%s: resident memory grew %.1f%% after warm-up (at most 5%%).\n", verdict, growth
    exit growth <= 5 ? 0 : 3
  }' "$CSV" > "$OUT/soak.md" && rc=0 || rc=$?
cat "$OUT/soak.md"
grep -E -m1 "^[0-9]+ frames," "$OUT/run.log" || true
exit "$rc"
