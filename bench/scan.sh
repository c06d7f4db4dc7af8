#!/bin/sh
# scan.sh - escinfo scan against the compiles it replaces, alternating runs:
#   1. sqlite3.c (269k lines) at -O0: `gcc -O0 -c` (no plugin) against `escinfo scan --force`
#      of a one-entry compile_commands.json with the same command;
#   2. lz4 (its CMake build, 12 units): `make -jN` of the CMake build from clean (no plugin)
#      against `escinfo scan --force -jN`;
#   3. a second scan with nothing changed, over 1,000 generated units (each a small C file).
# Reports wall times (median of RUNS, min, max) and ratios.
# Usage: bench/scan.sh [RUNS]   (from a build tree; RUNS per configuration, default 3)
set -eu
runs=${1:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ESCINFO_BUILDDIR:-$PWD}
plugin=${ESCINFO_PLUGIN:-$build/gccplugin/escinfo.so}
cli=${ESCINFO_CLI:-$build/escinfo}
cc=${ESC_GCC:-gcc}
jobs=$(nproc)
[ -f "$plugin" ] && [ -x "$cli" ] || { echo "build the plugin and escinfo first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
# timed LABEL COMMAND...: appends "LABEL seconds" to $work/results
timed() {
  label=$1
  shift
  t0=$(now)
  "$@" >/dev/null 2>&1
  echo "$label $(awk -v a="$(now)" -v b="$t0" 'BEGIN { print a - b }')" >>"$work/results"
}
# stats LABEL: "median (min, max)" of LABEL's times
stats() {
  awk -v l="$1" '$1 == l { print $2 }' "$work/results" | sort -n |
    awk '{ v[NR] = $1 } END { printf "%.2f s (%.2f, %.2f)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
median() {
  awk -v l="$1" '$1 == l { print $2 }' "$work/results" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", a / b }'; }

# ---- 1. sqlite3.c -----------------------------------------------------------------------------
sqlite=$("$top/tools/fetch-sqlite3.sh" "$build/bench-data")
mkdir -p "$work/sqlite"
printf '[{"directory": "%s", "file": "%s", "arguments": ["%s", "-O0", "-c", "%s", "-o", "%s/sqlite/sqlite3.o"]}]\n' \
  "$work/sqlite" "$sqlite" "$cc" "$sqlite" "$work" >"$work/sqlite/compile_commands.json"
i=0
while [ "$i" -lt "$runs" ]; do
  timed sqlite-compile "$cc" -O0 -c "$sqlite" -o "$work/sqlite/plain.o"
  timed sqlite-scan "$cli" scan --force --plugin="$plugin" --cache="$work/cache1" -p "$work/sqlite"
  i=$((i + 1))
done

# ---- 2. lz4 -----------------------------------------------------------------------------------
lz4=$("$top/tools/fetch-lz4.sh" "$build/bench-data")
cp -R "$lz4" "$work/lz4"
cmake -S "$work/lz4/contrib/cmake_unofficial" -B "$work/lz4/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCMAKE_C_COMPILER="$cc" >/dev/null
i=0
while [ "$i" -lt "$runs" ]; do
  make -C "$work/lz4/build" clean >/dev/null
  timed lz4-make make -C "$work/lz4/build" -j"$jobs"
  timed lz4-scan "$cli" scan --force -j"$jobs" --plugin="$plugin" --cache="$work/cache2" -p "$work/lz4/build"
  i=$((i + 1))
done

# ---- 3. 1,000 unchanged units -----------------------------------------------------------------
mkdir -p "$work/many"
printf '[' >"$work/many/compile_commands.json"
n=0
while [ "$n" -lt 1000 ]; do
  printf '#include <stdlib.h>\nstatic int *kept;\nint f%d(int x) { int l = x; kept = &l; return *kept; }\n' "$n" >"$work/many/u$n.c"
  printf '%s{"directory": "%s", "file": "u%d.c", "arguments": ["%s", "-c", "u%d.c"]}' \
    "$([ "$n" -gt 0 ] && echo ,)" "$work/many" "$n" "$cc" "$n" >>"$work/many/compile_commands.json"
  n=$((n + 1))
done
printf ']\n' >>"$work/many/compile_commands.json"
"$cli" scan -j"$jobs" --plugin="$plugin" --cache="$work/cache3" -p "$work/many" >/dev/null
i=0
while [ "$i" -lt "$runs" ]; do
  timed many-rescan "$cli" scan --plugin="$plugin" --cache="$work/cache3" -p "$work/many"
  i=$((i + 1))
done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $("$cc" --version | head -1); $(date -u +%Y-%m-%d)"
echo "runs: $runs of each, alternating"
echo "sqlite3.c -O0: gcc -c $(stats sqlite-compile); escinfo scan $(stats sqlite-scan); ratio $(ratio sqlite-scan sqlite-compile) (target <= 0.6)"
echo "lz4 (12 units, -j$jobs): make $(stats lz4-make); escinfo scan $(stats lz4-scan); ratio $(ratio lz4-scan lz4-make)"
echo "1,000 unchanged units: second scan $(stats many-rescan) (target < 1 s)"
