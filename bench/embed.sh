#!/bin/sh
# embed.sh - facts in objects (-fplugin-arg-escinfo-embed): on sqlite3.c at -O0 and -O2, compile
# time (user) and peak RSS without the plugin, with it, and with it embedding, alternating runs,
# and the object's size with and without the .escinfo section, the same for lz4's objects; then
# escinfo import throughput (records per second) from a tree of 1,000 objects, each a small unit
# compiled with embedding.
# Usage: bench/embed.sh [RUNS]   (from a build tree; RUNS per configuration, default 3)
set -eu
runs=${1:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ESCINFO_BUILDDIR:-$PWD}
plugin=${ESCINFO_PLUGIN:-$build/gccplugin/escinfo.so}
cli=${ESCINFO_CLI:-$build/escinfo}
cc=${ESC_GCC:-gcc}
[ -f "$plugin" ] && [ -x "$cli" ] || { echo "build the plugin and escinfo first" >&2; exit 1; }
command -v /usr/bin/time > /dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
src=$("$top/tools/fetch-sqlite3.sh" "$build/bench-data")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # LABEL OUT ARGS... -> appends "label user_s rss_kb" to $work/results
  label=$1 out=$2
  shift 2
  /usr/bin/time -f "%U %M" -o "$work/t" "$cc" -c "$@" "$src" -o "$out" 2> /dev/null
  echo "$label $(cat "$work/t")" >> "$work/results"
}
: > "$work/results"
for lvl in -O0 -O2; do
  i=0
  while [ "$i" -lt "$runs" ]; do
    measure "base$lvl" "$work/base$lvl.o" "$lvl"
    measure "plugin$lvl" "$work/plugin$lvl.o" "$lvl" "-fplugin=$plugin" "-fplugin-arg-escinfo-cache=$work/cache"
    measure "embed$lvl" "$work/embed$lvl.o" "$lvl" "-fplugin=$plugin" "-fplugin-arg-escinfo-cache=$work/cache" -fplugin-arg-escinfo-embed
    i=$((i + 1))
  done
done
echo "sqlite3.c, $(wc -l < "$src") lines; $runs alternating runs per configuration; $($cc --version | head -1)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $(uname -m); $(date -u +%Y-%m-%d)"
echo
echo "| level | user time without the plugin | with it | embedding | embedding / without | embedding / plugin | peak RSS without | embedding |"
echo "|---|---|---|---|---|---|---|---|"
for lvl in -O0 -O2; do
  awk -v lvl="$lvl" '
    { t[$1] += $2; n[$1]++; if ($3 > m[$1]) m[$1] = $3 }
    END {
      b = t["base" lvl] / n["base" lvl]; p = t["plugin" lvl] / n["plugin" lvl]; e = t["embed" lvl] / n["embed" lvl]
      printf "| %s | %.2f s | %.2f s | %.2f s | %.3fx | %.3fx | %d MB | %d MB |\n", lvl, b, p, e, e / b, e / p, m["base" lvl] / 1024, m["embed" lvl] / 1024
    }' "$work/results"
done
echo
for lvl in -O0 -O2; do
  section=$(objcopy --dump-section .escinfo="$work/sec" "$work/embed$lvl.o" && stat -c %s "$work/sec")
  echo "object at $lvl: $(stat -c %s "$work/base$lvl.o") bytes without the plugin, $(stat -c %s "$work/embed$lvl.o") with the section ($section bytes of record)"
done
entry=$(find "$work/cache" -path '*/tu/*.json' -exec stat -c %s {} + | head -1)
echo "the unit's cache entry: $entry bytes"

# a real project's objects: lz4's lib/, each unit at -O2 with embedding, and without the section
if lz4=$("$top/tools/fetch-lz4.sh" "$build/bench-data" 2> /dev/null); then
  echo
  echo "| lz4 lib/ at -O2 | object without the section | with it | record | growth |"
  echo "|---|---|---|---|---|"
  for c in "$lz4"/lib/*.c; do
    o=$work/lz4-$(basename "$c" .c).o
    "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-embed "$c" -o "$o"
    objcopy --remove-section=.escinfo "$o" "$o.bare"
    objcopy --dump-section .escinfo="$o.sec" "$o"
    echo "$(basename "$c") $(stat -c %s "$o.bare") $(stat -c %s "$o") $(stat -c %s "$o.sec")"
  done | awk '{ printf "| %s | %d | %d | %d | %.1f%% |\n", $1, $2, $3, $4, 100 * ($3 - $2) / $2; b += $2; w += $3; r += $4 }
    END { printf "| all | %d | %d | %d | %.1f%% |\n", b, w, r, 100 * (w - b) / b }'
fi

# import throughput: 1,000 small units
mkdir -p "$work/tree/src" "$work/tree/obj"
i=0
while [ $i -lt 1000 ]; do
  printf 'char *g%d;\nvoid keep%d(char *p);\nchar *f%d(int n) { char buf[16]; keep%d(buf); g%d = buf; return n ? buf : 0; }\n' \
    $i $i $i $i $i > "$work/tree/src/u$i.c"
  i=$((i + 1))
done
(cd "$work/tree/src" && ls u*.c | xargs -P "$(nproc)" -n 50 sh -c 'for f; do '"$cc"' -O0 -w -c -fplugin='"$plugin"' -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-embed "$f" -o ../obj/${f%.c}.o; done' sh)
t0=$(date +%s.%N)
"$cli" import --cache="$work/imported" "$work/tree/obj" > /dev/null 2> "$work/import.err"
t1=$(date +%s.%N)
"$cli" import --cache="$work/imported" "$work/tree/obj" > /dev/null 2>&1
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "import of 1,000 objects: %.2f s (%.0f records/s); again, all already there: %.2f s\n", b - a, 1000 / (b - a), c - b }'
tail -1 "$work/import.err"
