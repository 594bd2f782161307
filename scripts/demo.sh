#!/usr/bin/env bash
# Sets everything up, then segments the sample video with the bundled model (every frame) and writes
# out/megamind/{labels/,overlay.mp4,trace.jsonl}.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
bin/vseg plugins
bin/vseg run --config configs/selfie.conf --input samples/Megamind.avi --output out/megamind
