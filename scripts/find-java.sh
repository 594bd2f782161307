# Sourced by the project's scripts: sets JAVA_HOME to a JDK >= 21 and puts it first on PATH.
# Order: $JAVA_HOME if it is new enough, then the JDKs under /usr/lib/jvm (newest first), then `java` on PATH.

vseg_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

vseg_find_java() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(vseg_java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! VSEG_JAVA_HOME=$(vseg_find_java); then
  echo "vseg: needs a JDK 21 or newer (java and javac); none found in JAVA_HOME, /usr/lib/jvm or PATH" >&2
  exit 1
fi
export JAVA_HOME="$VSEG_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
