#!/bin/sh
# plugin-overhead.sh - the plugin's cost on a large real file: compiles sqlite3.c (269k lines)
# with and without escinfo.so at -O0 and -O2, alternating runs, and reports the ratios of user
# time and peak RSS, and the cache bytes written.
# Usage: bench/plugin-overhead.sh [RUNS]   (from a build tree; RUNS per configuration, default 3)
set -eu
runs=${1:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ESCINFO_BUILDDIR:-$PWD}
plugin=${ESCINFO_PLUGIN:-$build/gccplugin/escinfo.so}
cc=${ESC_GCC:-gcc}
[ -f "$plugin" ] || { echo "plugin not built: $plugin" >&2; exit 1; }
src=$("$top/tools/fetch-sqlite3.sh" "$build/bench-data")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time > /dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

measure() { # LABEL ARGS... -> appends "label user_s rss_kb" to $work/results
  label=$1
  shift
  /usr/bin/time -f "%U %M" -o "$work/t" "$cc" -c "$@" "$src" -o "$work/out.o" 2> /dev/null
  echo "$label $(cat "$work/t")" >> "$work/results"
}

for lvl in -O0 -O2; do
  i=0
  while [ "$i" -lt "$runs" ]; do
    measure "base$lvl" "$lvl"
    rm -rf "$work/cache"
    measure "plugin$lvl" "$lvl" "-fplugin=$plugin" "-fplugin-arg-escinfo-cache=$work/cache"
    i=$((i + 1))
  done
done
bytes=$(du -sb "$work/cache" | cut -f1)
facts=$(find "$work/cache" -name '*.json' -path '*/tu/*' -exec cat {} + | grep -o '"code"' | wc -l)

report() { # LEVEL
  awk -v lvl="$1" '
    $1 == "base" lvl   { bt += $2; bm = ($3 > bm ? $3 : bm); bn++; if (!bmin || $2 < bmin) bmin = $2 }
    $1 == "plugin" lvl { pt += $2; pm = ($3 > pm ? $3 : pm); pn++; if (!pmin || $2 < pmin) pmin = $2 }
    END {
      printf "| %s | %.2f s | %.2f s | %.3fx | %.3fx | %d MB | %d MB | %.3fx |\n",
        lvl, bt / bn, pt / pn, (pt / pn) / (bt / bn), pmin / bmin, bm / 1024, pm / 1024, pm / bm
    }' "$work/results"
}
echo "sqlite3.c, $(wc -l < "$src") lines; $runs alternating runs per configuration; $($cc --version | head -1)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $(uname -m); $(date -u +%Y-%m-%d)"
echo
echo "| level | user time without | with escinfo | ratio (mean) | ratio (best) | peak RSS without | with | ratio |"
echo "|---|---|---|---|---|---|---|---|"
report -O0
report -O2
echo
echo "cache written for the unit: $bytes bytes ($facts facts)"
