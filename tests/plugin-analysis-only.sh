#!/bin/sh
# plugin-analysis-only.sh - -fplugin-arg-escinfo-analysis-only (what `escinfo scan` compiles with)
# gives the facts of a full compile without code generation: the same facts, notes and flows
# except frame.size, at -O0 and -O2, with -S -o /dev/null and the build's output recorded through
# -fplugin-arg-escinfo-output, for the corpus, the examples and sqlite3.c; with -g too.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN"
need_command python3 "apt-get install python3"
P=-fplugin=$ESCINFO_PLUGIN

same_facts() { # COMPILER LEVEL SOURCE [FLAGS...]
  c=$1 lvl=$2 s=$3
  shift 3
  rm -rf "$tap_tmp/full" "$tap_tmp/scan"
  (cd "$tap_tmp" && "$c" -c "$lvl" "$@" "$P" -fplugin-arg-escinfo-cache=full "$s" -o out.o) 2>"$tap_tmp/err" ||
    { diag <"$tap_tmp/err"; return 1; }
  (cd "$tap_tmp" && "$c" -S "$lvl" "$@" "$P" -fplugin-arg-escinfo-cache=scan -fplugin-arg-escinfo-analysis-only \
     -fplugin-arg-escinfo-output=out.o "$s" -o /dev/null) 2>"$tap_tmp/err" || { diag <"$tap_tmp/err"; return 1; }
  python3 "$srcdir/tests/lib/compare-entries.py" "$tap_tmp/full" "$tap_tmp/scan" | diag_all
}
# diag_all: every line to the TAP stream as a comment, and fail when there was any
diag_all() {
  out=$(cat)
  [ -z "$out" ] && return 0
  echo "$out" | diag
  return 1
}

for f in "$srcdir"/tests/corpus/*.c "$srcdir"/tests/corpus/*.cc "$srcdir"/examples/*.c "$srcdir"/examples/*.cc; do
  [ -f "$f" ] || continue
  case $f in *.cc) c=$ESC_GXX;; *) c=$ESC_GCC;; esac
  opts=$(sed -n 's/.*{ *escinfo-options *"\([^"]*\)" *}.*/\1/p' "$f" | head -1)
  for lvl in -O0 -O2; do
    # shellcheck disable=SC2086
    ok "$(basename "$f") $lvl: the same facts without code generation" same_facts "$c" "$lvl" "$f" $opts
  done
done
ok "dangling.c -O2 -g: the same facts without code generation" same_facts "$ESC_GCC" -O2 "$srcdir/examples/dangling.c" -g

sqlite=$("$srcdir/tools/fetch-sqlite3.sh" "${ESCINFO_BUILDDIR}/bench-data" 2> "$tap_tmp/fetch.err")
if [ -n "$sqlite" ] && [ -s "$sqlite" ]; then
  ok "sqlite3.c -O0: the same facts without code generation" same_facts "$ESC_GCC" -O0 "$sqlite"
else
  skip "sqlite3.c not available: $(cat "$tap_tmp/fetch.err")"
fi
done_testing
