#!/usr/bin/env bash
# Everything vseg needs on a fresh machine, idempotent: a JDK >= 21 (found, not installed), the build,
# the bundled models (npm registry, pinned in models/package-lock.json) and the sample videos (Debian's
# opencv-doc package). Needs: bash, Maven 3.8+, Node.js/npm, and for the samples apt-get + dpkg.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/find-java.sh
echo "setup: JDK $JAVA_HOME"

# Models: MediaPipe selfie segmentation (Apache-2.0), fetched by npm, copied beside package.json.
if [ ! -f models/selfie_segmentation.tflite ] || [ ! -f models/selfie_segmentation_landscape.tflite ]; then
  echo "setup: fetching models (npm)"
  npm ci --prefix models --no-audit --no-fund --loglevel=error >/dev/null
  cp models/node_modules/@mediapipe/selfie_segmentation/selfie_segmentation.tflite \
     models/node_modules/@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite models/
fi

# Sample videos: Megamind.avi and vtest.avi from Debian's opencv-doc (only the .deb is downloaded).
if [ ! -f samples/Megamind.avi ]; then
  echo "setup: fetching sample videos (apt-get download opencv-doc)"
  tmp=$(mktemp -d)
  if ( cd "$tmp" && { apt-get download opencv-doc >/dev/null 2>&1 \
        || { [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 && apt-get download opencv-doc >/dev/null 2>&1; }; } ); then
    dpkg -x "$tmp"/opencv-doc_*.deb "$tmp/x"
    mkdir -p samples
    find "$tmp/x" \( -name Megamind.avi -o -name vtest.avi \) -exec cp {} samples/ \;
  else
    echo "setup: warning: could not download opencv-doc; put a video at samples/Megamind.avi yourself" >&2
  fi
  rm -rf "$tmp"
fi

if [ "${VSEG_SKIP_BUILD:-0}" != 1 ]; then
  echo "setup: building and installing the artifacts (mvn install, tests skipped)"
  mvn -B -q -DskipTests install
fi
echo "setup: done"
