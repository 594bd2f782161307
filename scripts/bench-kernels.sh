#!/usr/bin/env bash
# JMH benchmarks of the framework's per-pixel kernels against OpenCV's own calls (vseg-jmh): writes
# out/kernels/kernels.csv and prints JMH's table. Needs a build (scripts/setup.sh); takes about three minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/find-java.sh
if [ ! -d vseg-jmh/target/jmh-classpath ]; then
  mvn -B -q -DskipTests package -pl vseg-jmh -am
fi
mkdir -p out/kernels
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "vseg-jmh/target/classes:vseg-jmh/target/jmh-classpath/*" \
  org.openjdk.jmh.Main -rf csv -rff out/kernels/kernels.csv "$@"
