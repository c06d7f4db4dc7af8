#!/bin/sh
# plugin-objcmp.sh - the plugin never changes generated code: objects built with and without it
# are byte-identical, at -O0 and -O2, for the corpus, the examples and one large real file.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
P=-fplugin=$ESCINFO_PLUGIN

same_object() { # COMPILER LEVEL SOURCE [FLAGS...]
  c=$1 lvl=$2 s=$3
  shift 3
  "$c" -c "$lvl" "$@" "$s" -o "$tap_tmp/plain.o" 2> /dev/null || return 1
  "$c" -c "$lvl" "$@" "$P" -fplugin-arg-escinfo-cache="$tap_tmp/cache" "$s" -o "$tap_tmp/plugin.o" 2> /dev/null || return 1
  cmp "$tap_tmp/plain.o" "$tap_tmp/plugin.o" | diag
}

for f in "$ESCINFO_SRCDIR"/tests/corpus/*.c "$ESCINFO_SRCDIR"/tests/corpus/*.cc "$ESCINFO_SRCDIR"/examples/*.c "$ESCINFO_SRCDIR"/examples/*.cc; do
  [ -f "$f" ] || continue
  case $f in *.cc) c=$ESC_GXX;; *) c=$ESC_GCC;; esac
  opts=$(sed -n 's/.*{ *escinfo-options *"\([^"]*\)" *}.*/\1/p' "$f" | head -1)
  for lvl in -O0 -O2; do
    # shellcheck disable=SC2086
    ok "$(basename "$f") $lvl: same object with and without the plugin" same_object "$c" "$lvl" "$f" $opts
  done
done

sqlite=$("$ESCINFO_SRCDIR/tools/fetch-sqlite3.sh" "${ESCINFO_BUILDDIR}/bench-data" 2> "$tap_tmp/fetch.err")
if [ -n "$sqlite" ] && [ -s "$sqlite" ]; then
  for lvl in -O0 -O2; do
    ok "sqlite3.c $lvl: same object with and without the plugin" same_object "$ESC_GCC" "$lvl" "$sqlite"
  done
else
  skip "sqlite3.c not available: $(cat "$tap_tmp/fetch.err")"
  skip "sqlite3.c not available"
fi
done_testing
