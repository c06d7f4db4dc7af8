#!/bin/sh
# reports.sh - the readers for teams on sqlite3.c (269k lines, every fact: about 5,400):
#   1. escinfo report -o DIR, escinfo sarif --codes='*', escinfo check and escinfo baseline,
#      each against `escinfo show --json` of the same file (the one-file reader, as a baseline),
#      alternating runs; wall time (median of RUNS) and peak memory (/usr/bin/time -v);
#   2. the report's page for sqlite3.c in headless Chromium (playwright-core, as the tests
#      install it): time from navigation to the page drawn, and the frame times of a scripted
#      scroll through the file (300 frames of 700 px).
# Usage: bench/reports.sh [RUNS]   (from a build tree; RUNS per command, default 5)
set -eu
runs=${1:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ESCINFO_BUILDDIR:-$PWD}
plugin=${ESCINFO_PLUGIN:-$build/gccplugin/escinfo.so}
cli=${ESCINFO_CLI:-$build/escinfo}
cc=${ESC_GCC:-gcc}
[ -f "$plugin" ] && [ -x "$cli" ] || { echo "build the plugin and escinfo first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sqlite=$("$top/tools/fetch-sqlite3.sh" "$build/bench-data")
mkdir -p "$work/src" && cp "$sqlite" "$work/src/sqlite3.c"
export ESCINFO_CACHE_DIR=$work/cache
(cd "$work/src" && "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-analysis-only sqlite3.c -o /dev/null)
(cd "$work/src" && "$cli" baseline -o "$work/base.json" 2>/dev/null)

# measure LABEL COMMAND: wall seconds and peak KiB, appended to $work/results
measure() {
  label=$1
  shift
  (cd "$work/src" && /usr/bin/time -f "%e %M" -o "$work/t" sh -c "$*" >/dev/null 2>&1) || true
  echo "$label $(cat "$work/t")" >> "$work/results"
}
: > "$work/results"
i=0
while [ $i -lt "$runs" ]; do
  measure show "'$cli' show --json sqlite3.c"
  measure report "rm -rf '$work/site' && '$cli' report -o '$work/site'"
  measure sarif "'$cli' sarif --codes='*' -o '$work/all.sarif'"
  measure check "'$cli' check --baseline='$work/base.json'"
  measure baseline "'$cli' baseline -o '$work/b2.json'"
  i=$((i + 1))
done
echo "# $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), sqlite3.c, $runs runs each, median"
awk '{ t[$1] = t[$1] " " $2; m[$1] = m[$1] " " $3 }
     END { for (k in t) print k, t[k], "|", m[k] }' "$work/results" |
  while read -r label rest; do
    times=$(echo "$rest" | cut -d'|' -f1 | tr ' ' '\n' | sed '/^$/d' | sort -n)
    mems=$(echo "$rest" | cut -d'|' -f2 | tr ' ' '\n' | sed '/^$/d' | sort -n)
    n=$(echo "$times" | wc -l)
    echo "$label $(echo "$times" | sed -n "$(( (n + 1) / 2 ))p") $(echo "$mems" | tail -1)"
  done | sort > "$work/summary"
base=$(awk '$1 == "show" { print $2 }' "$work/summary")
awk -v base="$base" '{ printf "%-9s %6.2f s  %5.2fx of show --json   peak %6.1f MB\n", $1, $2, (base > 0 ? $2 / base : 0), $3 / 1024 }' "$work/summary"
du -sh "$work/site" "$work/all.sarif" | sed 's/^/# size: /'

# the page in Chromium
tools=$(sh "$top/tests/vscode/install-tools.sh" "${ESCINFO_TEST_CACHE:-$HOME/.cache/escinfo-test}" 2>/dev/null) || {
  echo "# no playwright-core (npm): page not measured"; exit 0; }
eval "$tools"
echo '{"byCode": {}, "dangling": 0, "flowFact": "", "file": "sqlite3.c", "hiddenCode": "escape.call"}' > "$work/expected.json"
PLAYWRIGHT_DIR=$PLAYWRIGHT_DIR LARGE_PAGE=$work/site/files/0.html MEASURE=1 \
  "$NODE_BIN/node" "$top/tests/report/browser.js" "$work/site" "$work/expected.json" "$work/shots" | grep '^MEASURE' || true
