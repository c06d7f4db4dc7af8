#!/bin/sh
# plugin-csmith.sh - random C programs from csmith, with fixed seeds: each compiles with the
# plugin at -O0 and -O2 as it does without (no crash, no error), the objects are byte-identical,
# and no subject gets another verdict at -O2 than at -O0 (facts only at -O0 are allowed: they
# are in functions GCC removes before the plugin runs at -O2).  TAP.
# CSMITH_COUNT programs (default 12) from seed CSMITH_FIRST_SEED (default 1); a long run, e.g.
# CSMITH_COUNT=2000, is a benchmark-sized check (bench/README.md).
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN"
need_command csmith "apt-get install csmith libcsmith-dev"
csmith_include=/usr/include/csmith
[ -f "$csmith_include/csmith.h" ] || skip_all "csmith's runtime headers are missing (apt-get install libcsmith-dev)"
count=${CSMITH_COUNT:-12}
first=${CSMITH_FIRST_SEED:-1}
LC_ALL=C
export LC_ALL

# verdicts FILE: "line:column name code" per fact, frame sizes and flow steps left out
verdicts() {
  grep '\[escinfo:' "$1" | grep -v '\[escinfo:frame.size\]' | grep -v ': note:   ' |
    sed -n "s/^[^:]*:\([0-9]*:[0-9]*\): note: \(.*\) \[escinfo:\([a-z.-]*\)\]$/\1 \3 \2/p" |
    sed "s/^\([^ ]* [^ ]*\) [^']*'\([^']*\)'.*/\1 \2/" | sort -u
}

# program SEED: the four compiles of one program and their comparison
program() {
  seed=$1
  c=$tap_tmp/p$seed.c
  # (in the scratch directory: csmith leaves a platform.info where it runs)
  (cd "$tap_tmp" && csmith --seed "$seed" -o "$c") > /dev/null 2>&1 ||
    { echo "csmith failed for seed $seed" | diag; return 1; }
  for lvl in -O0 -O2; do
    "$ESC_GCC" -w -I"$csmith_include" -c "$lvl" "$c" -o "$tap_tmp/plain$lvl.o" 2> "$err" ||
      { echo "seed $seed $lvl: does not compile without the plugin" | diag; diag < "$err"; return 1; }
    "$ESC_GCC" -w -I"$csmith_include" -c "$lvl" -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-no-cache \
      -fplugin-arg-escinfo-remarks=2 -fno-diagnostics-show-caret "$c" -o "$tap_tmp/plugin$lvl.o" \
      2> "$tap_tmp/remarks$lvl" ||
      { echo "seed $seed $lvl: the compile with the plugin failed" | diag; tail -20 "$tap_tmp/remarks$lvl" | diag; return 1; }
    cmp -s "$tap_tmp/plain$lvl.o" "$tap_tmp/plugin$lvl.o" ||
      { echo "seed $seed $lvl: the objects differ" | diag; return 1; }
    verdicts "$tap_tmp/remarks$lvl" > "$tap_tmp/v$lvl"
  done
  # a subject at -O2 must have the verdict it has at -O0
  cut -d' ' -f1,3 "$tap_tmp/v-O0" | sort -u > "$tap_tmp/subjects-O0"
  missing=$(cut -d' ' -f1,3 "$tap_tmp/v-O2" | sort -u | comm -23 - "$tap_tmp/subjects-O0")
  differ=$(comm -13 "$tap_tmp/v-O0" "$tap_tmp/v-O2")
  [ -z "$missing" ] && [ -z "$differ" ] && return 0
  echo "seed $seed: verdicts at -O2 that -O0 does not give:" | diag
  printf '%s\n' "$differ" | head -10 | diag
  return 1
}

seed=$first
while [ "$seed" -lt $((first + count)) ]; do
  ok "csmith seed $seed: compiles with the plugin, same objects, same verdicts at -O0 and -O2" program "$seed"
  seed=$((seed + 1))
done
done_testing
