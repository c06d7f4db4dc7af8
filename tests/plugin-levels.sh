#!/bin/sh
# plugin-levels.sh - the same facts at every -O level: each corpus file at -Og, -O1, -O3 and -Os
# gives the verdicts it gives at -O0, and so does sqlite3.c (269k lines) at -O2.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
LC_ALL=C
export LC_ALL

# The unit's verdicts: every remark but frame sizes (which depend on the level by nature).
verdicts() { # COMPILER LEVEL SOURCE OUT [FLAGS...]
  c=$1 lvl=$2 s=$3 out=$4
  shift 4
  "$c" -c "$lvl" "$@" -w -fno-diagnostics-show-caret -fplugin="$ESCINFO_PLUGIN" \
    -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 "$s" -o /dev/null 2>&1 |
    grep '\[escinfo:' | grep -v '\[escinfo:frame.size\]' | grep -v '^[^:]*:[0-9]*:[0-9]*: note:   [0-9]' |
    sort > "$out"
}

agree() { # COMPILER SOURCE LEVEL [FLAGS...]
  c=$1 s=$2 lvl=$3
  shift 3
  verdicts "$c" -O0 "$s" "$tap_tmp/a" "$@"
  verdicts "$c" "$lvl" "$s" "$tap_tmp/b" "$@"
  [ -s "$tap_tmp/a" ] || { echo "no facts at -O0" | diag; return 1; }
  same_text "$tap_tmp/a" "$tap_tmp/b"
}

for f in "$ESCINFO_SRCDIR"/tests/corpus/*.c "$ESCINFO_SRCDIR"/tests/corpus/*.cc; do
  case $f in *.cc) c=$ESC_GXX;; *) c=$ESC_GCC;; esac
  opts=$(sed -n 's/.*{ *escinfo-options *"\([^"]*\)" *}.*/\1/p' "$f" | head -1)
  for lvl in -Og -O1 -O3 -Os; do
    # shellcheck disable=SC2086
    ok "$(basename "$f"): $lvl gives the verdicts of -O0" agree "$c" "$f" "$lvl" $opts
  done
done

sqlite=$("$ESCINFO_SRCDIR/tools/fetch-sqlite3.sh" "${ESCINFO_BUILDDIR}/bench-data" 2> "$tap_tmp/fetch.err")
if [ -n "$sqlite" ] && [ -s "$sqlite" ]; then
  ok "sqlite3.c: -O2 gives the verdicts of -O0" agree "$ESC_GCC" "$sqlite" -O2
else
  skip "sqlite3.c not available: $(cat "$tap_tmp/fetch.err")"
fi
done_testing
