#!/usr/bin/env bash
# Sets everything up, segments the sample video with the bundled model (every frame) into
# out/megamind/{labels/,overlay.mp4,trace.jsonl}, then benchmarks Deep Feature Flow against every-frame
# inference on the same video (out/bench/bench.{md,json}).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
bin/vseg plugins
bin/vseg run --config configs/selfie.conf --input samples/Megamind.avi --output out/megamind
bin/vseg bench --config configs/dff.conf --input samples/Megamind.avi --output out/bench
