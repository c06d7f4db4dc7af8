#!/bin/sh
# plugin-instructions.sh - the plugin's cost on sqlite3.c counted in instructions instead of
# seconds: compiles it under valgrind's callgrind with and without escinfo.so and reports the
# instructions the compiler proper (cc1) executed, and their ratio.  The count hardly moves with
# how busy the machine is, so a change of a fraction of a percent shows where the timings of
# bench/plugin-overhead.sh cannot; but it is not time (cache misses, page faults and system time
# are not in it): quote it beside plugin-overhead.sh, not instead of it.
# Usage: bench/plugin-instructions.sh [LEVEL...]   (from a build tree; default -O0; each level
#        takes a few minutes: callgrind runs the compiler about 50 times slower)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ESCINFO_BUILDDIR:-$PWD}
plugin=${ESCINFO_PLUGIN:-$build/gccplugin/escinfo.so}
cc=${ESC_GCC:-gcc}
[ -f "$plugin" ] || { echo "plugin not built: $plugin" >&2; exit 1; }
command -v valgrind > /dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ $# -gt 0 ] || set -- -O0
src=$("$top/tools/fetch-sqlite3.sh" "$build/bench-data")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() { # NAME ARGS... -> prints the instructions cc1 executed
  name=$1
  shift
  mkdir "$work/$name"
  # Children are followed (the driver starts cc1), but not the assembler.
  valgrind --tool=callgrind --trace-children=yes --trace-children-skip='*/as,*-as' \
    --callgrind-out-file=/dev/null --log-file="$work/$name/log.%p" \
    "$cc" -c "$@" "$src" -o "$work/$name/out.o" > /dev/null 2>&1
  # The compiler proper is the process that executed the most.
  cat "$work/$name"/log.* | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | sort -n | tail -1
}

echo "sqlite3.c, $(wc -l < "$src") lines; $($cc --version | head -1); $(valgrind --version)"
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d)"
echo
echo "| level | instructions without | with escinfo | ratio |"
echo "|---|---|---|---|"
for lvl in "$@"; do
  without=$(count "base$lvl" "$lvl")
  with=$(count "plugin$lvl" "$lvl" "-fplugin=$plugin" "-fplugin-arg-escinfo-cache=$work/cache")
  awk -v l="$lvl" -v a="$without" -v b="$with" \
    'BEGIN { printf "| %s | %.3f G | %.3f G | %.4fx |\n", l, a / 1e9, b / 1e9, b / a }'
done
