#!/bin/sh
# plugin-objcmp.sh - the plugin never changes generated code: objects built with and without it
# are byte-identical, at -O0 and -O2, for the corpus, the examples and one large real file; with
# -fplugin-arg-escinfo-embed the object has an .escinfo section, and without that section it is
# the object built without the plugin, byte for byte.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
P=-fplugin=$ESCINFO_PLUGIN

same_object() { # COMPILER LEVEL SOURCE [FLAGS...]
  c=$1 lvl=$2 s=$3
  shift 3
  "$c" -c "$lvl" "$@" "$s" -o "$tap_tmp/plain.o" 2> /dev/null || return 1
  "$c" -c "$lvl" "$@" "$P" -fplugin-arg-escinfo-cache="$tap_tmp/cache" "$s" -o "$tap_tmp/plugin.o" 2> /dev/null || return 1
  cmp "$tap_tmp/plain.o" "$tap_tmp/plugin.o" > "$tap_tmp/cmp" 2>&1 || { diag < "$tap_tmp/cmp"; return 1; }
}
# embedded_only COMPILER LEVEL SOURCE [FLAGS...]: with -fplugin-arg-escinfo-embed the object has
# an .escinfo section that escinfo reads, and objcopy --remove-section=.escinfo gives plain.o
# (made by same_object just before) byte for byte.  objcopy writes the table of section names in
# its own order when an object has COMDAT groups (C++), even copying it unchanged: then the
# object without the section is `objcopy plain.o`, byte for byte.
embedded_only() {
  c=$1 lvl=$2 s=$3
  shift 3
  "$c" -c "$lvl" "$@" "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-embed "$s" \
    -o "$tap_tmp/embed.o" 2> /dev/null || return 1
  "$ESCINFO_CLI" show "$tap_tmp/embed.o" > /dev/null 2> "$tap_tmp/show.err" &&
    ! grep -q . "$tap_tmp/show.err" || { diag < "$tap_tmp/show.err"; return 1; }
  objcopy --remove-section=.escinfo "$tap_tmp/embed.o" "$tap_tmp/removed.o" || return 1
  cmp -s "$tap_tmp/plain.o" "$tap_tmp/removed.o" && return 0
  objcopy "$tap_tmp/plain.o" "$tap_tmp/plain-copied.o" || return 1
  readelf -gW "$tap_tmp/plain.o" | grep -q "COMDAT group" ||
    { echo "differs from the plain object, which has no COMDAT group" | diag; return 1; }
  cmp "$tap_tmp/plain-copied.o" "$tap_tmp/removed.o" > "$tap_tmp/cmp" 2>&1 || { diag < "$tap_tmp/cmp"; return 1; }
}

for f in "$ESCINFO_SRCDIR"/tests/corpus/*.c "$ESCINFO_SRCDIR"/tests/corpus/*.cc "$ESCINFO_SRCDIR"/examples/*.c "$ESCINFO_SRCDIR"/examples/*.cc; do
  [ -f "$f" ] || continue
  case $f in *.cc) c=$ESC_GXX;; *) c=$ESC_GCC;; esac
  opts=$(sed -n 's/.*{ *escinfo-options *"\([^"]*\)" *}.*/\1/p' "$f" | head -1)
  for lvl in -O0 -O2; do
    # shellcheck disable=SC2086
    ok "$(basename "$f") $lvl: same object with and without the plugin" same_object "$c" "$lvl" "$f" $opts
    # shellcheck disable=SC2086
    ok "$(basename "$f") $lvl: embedded facts, and the same object without their section" embedded_only "$c" "$lvl" "$f" $opts
  done
done

sqlite=$("$ESCINFO_SRCDIR/tools/fetch-sqlite3.sh" "${ESCINFO_BUILDDIR}/bench-data" 2> "$tap_tmp/fetch.err")
if [ -n "$sqlite" ] && [ -s "$sqlite" ]; then
  for lvl in -O0 -O2; do
    ok "sqlite3.c $lvl: same object with and without the plugin" same_object "$ESC_GCC" "$lvl" "$sqlite"
    ok "sqlite3.c $lvl: embedded facts, and the same object without their section" embedded_only "$ESC_GCC" "$lvl" "$sqlite"
  done
  # with -g: GCC records its command line in the debug information (-grecord-gcc-switches), so
  # the plugin's options show there; without that record the objects agree
  ok "sqlite3.c -O2 -g -gno-record-gcc-switches: same object with and without the plugin" \
    same_object "$ESC_GCC" -O2 "$sqlite" -g -gno-record-gcc-switches
  ok "sqlite3.c -O2 -g -gno-record-gcc-switches: the same object without the section" \
    embedded_only "$ESC_GCC" -O2 "$sqlite" -g -gno-record-gcc-switches
else
  for i in 1 2 3 4 5 6; do skip "sqlite3.c not available: $(cat "$tap_tmp/fetch.err")"; done
fi
done_testing
