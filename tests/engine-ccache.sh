#!/bin/sh
# engine-ccache.sh - facts through ccache, on a real code base (lz4's lib/, its own Makefile, make
# -j2): a rebuild that is all cache hits writes no facts, but its objects carry them
# (-fplugin-arg-escinfo-embed) and escinfo import brings back every one; a changed escinfo.so is a
# miss; ccache's file remote storage shared by two build directories; sccache's local cache the
# same way.  The engines come from Debian (tools/install-deps.sh --test): a test that cannot run
# its engine fails (TAP).
. "$(dirname "$0")/lib/tap.sh"
skip_group engines
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI" "$ESCLSP"

lz4=$("$srcdir/tools/fetch-lz4.sh" "$ESCINFO_BUILDDIR/bench-data" 2> "$tap_tmp/fetch.err")
if [ -z "$lz4" ]; then
  diag < "$tap_tmp/fetch.err"
  ok "lz4's sources are fetched (npm pack lz4)" false
  done_testing
  exit 0
fi
# the plugin at a path of the test's own, to change it later
mkdir -p "$tap_tmp/plugin" && cp "$ESCINFO_PLUGIN" "$tap_tmp/plugin/escinfo.so"
plugin=$tap_tmp/plugin/escinfo.so
units="lz4.o lz4frame.o lz4hc.o xxhash.o"
export ESCINFO_CACHE_DIR=$tap_tmp/facts

# build DIR CC: lz4's objects in DIR/lib with CC (its Makefile builds liblz4.a with one compiler
# call for all sources, which no build cache caches: its objects, one compile each, by make's
# rule), the plugin embedding the facts
build() {
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$1/lib" -j2 CC="$2" \
    CFLAGS="-O2 -w -fplugin=$plugin -fplugin-arg-escinfo-embed" $units > "$tap_tmp/make.log" 2>&1 ||
    { tail -20 "$tap_tmp/make.log" | diag; return 1; }
}
clean() { (cd "$1/lib" && rm -f $units); }
# facts_of DIR: escinfo show of lz4.c and lz4hc.c in DIR/lib, into $tap_tmp/facts-of
facts_of() {
  "$ESCINFO_CLI" show "$1/lib/lz4.c" "$1/lib/lz4hc.c" > "$tap_tmp/facts-of" 2> "$tap_tmp/facts-of.err"
}

# hits_are N STATS: ccache --print-stats output STATS counts N cache hits (direct or preprocessed)
hits_are() {
  h=$(awk -F'\t' '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { s += $2 } END { print s + 0 }' "$2")
  [ "$h" = "$1" ] || { echo "$h hits, expected $1" | diag; diag < "$2"; return 1; }
}

# ---- ccache, local -------------------------------------------------------------------------------
if command -v ccache > /dev/null 2>&1; then
  export CCACHE_DIR=$tap_tmp/ccache
  a=$tap_tmp/a
  cp -R "$lz4" "$a"
  ccache -z > /dev/null
  ok "[ccache] lz4 builds through ccache with the plugin" build "$a" "ccache $ESC_GCC"
  facts_of "$a" && cp "$tap_tmp/facts-of" "$tap_tmp/facts-built"
  ok "[ccache] the build wrote facts" test -s "$tap_tmp/facts-built"
  clean "$a"
  rm -rf "$ESCINFO_CACHE_DIR"
  ccache -z > /dev/null
  ok "[ccache] a rebuild after make clean" build "$a" "ccache $ESC_GCC"
  ccache --print-stats > "$tap_tmp/stats" 2>&1
  ok "[ccache] ... is all cache hits" hits_are 4 "$tap_tmp/stats"
  facts_of "$a"
  ok "[ccache] ... and wrote no facts (the compiler did not run)" contains "$tap_tmp/facts-of.err" "no facts for '$a/lib/lz4.c'"
  for u in $units; do
    ok "[ccache] the cached $u carries its facts" sh -c '"$1" show "$2" > /dev/null 2>&1' - "$ESCINFO_CLI" "$a/lib/$u"
  done
  # without an import: the server reads the objects compile_commands.json names
  python3 -c '
import json, sys
d = sys.argv[1]
json.dump([{"directory": d, "file": u[:-2] + ".c", "arguments": ["gcc", "-O2", "-c", u[:-2] + ".c", "-o", u]}
           for u in sys.argv[2:]], open(d + "/compile_commands.json", "w"))' "$a/lib" $units
  "$ESCLSP" --check "$a/lib/lz4.c" > "$out" 2>&1
  ok "[ccache] before any import, esclsp reads the facts from the object compile_commands.json names" \
    sh -c 'grep -q "esclsp: facts from the object .*lz4.o" "$1" && grep -q "escape\|leak" "$1"' - "$out"
  "$ESCINFO_CLI" import "$a/lib" > "$out" 2> "$err"
  ok "[ccache] escinfo import of the build directory" contains "$err" "escinfo: import: 4 units imported"
  facts_of "$a"
  ok "[ccache] the facts are back, the same as the build's" same_text "$tap_tmp/facts-built" "$tap_tmp/facts-of"
  "$ESCLSP" --check "$a/lib/lz4.c" > "$out" 2>&1
  ok "[ccache] esclsp --check shows them" sh -c 'grep -q "esclsp: entry: .*lz4.c -> .*lz4.o" "$1" && grep -q "warning\|information" "$1"' - "$out"

  printf '\n' >> "$plugin" # a new escinfo.so (the same code, another file)
  clean "$a"
  ccache -z > /dev/null
  ok "[ccache] a rebuild with a changed escinfo.so" build "$a" "ccache $ESC_GCC"
  ccache --print-stats > "$tap_tmp/stats" 2>&1
  ok "[ccache] ... misses: ccache hashes the plugin, so old facts never come back" hits_are 0 "$tap_tmp/stats"

  # two build directories sharing results through ccache's file remote storage
  export CCACHE_REMOTE_STORAGE="file:$tap_tmp/remote" CCACHE_BASEDIR=$tap_tmp
  b=$tap_tmp/b
  c=$tap_tmp/c
  cp -R "$lz4" "$b" && cp -R "$lz4" "$c"
  CCACHE_DIR=$tap_tmp/ccache-b build "$b" "ccache $ESC_GCC"
  ok "[ccache] build directory B fills the remote storage" test -n "$(ls -A "$tap_tmp/remote" 2>/dev/null)"
  rm -rf "$ESCINFO_CACHE_DIR"
  CCACHE_DIR=$tap_tmp/ccache-c ccache -z > /dev/null
  CCACHE_DIR=$tap_tmp/ccache-c
  ok "[ccache] build directory C, with an empty local cache, builds" build "$c" "ccache $ESC_GCC"
  CCACHE_DIR=$tap_tmp/ccache-c ccache --print-stats > "$tap_tmp/stats" 2>&1
  ok "[ccache] ... from the remote storage: 4 remote hits" sh -c 'awk -F"\t" "/^remote_storage_hit/ {print \$2}" "$1" | grep -qx 4' - "$tap_tmp/stats"
  "$ESCINFO_CLI" import --prefix-map="$b=$c" "$c/lib" > "$out" 2> "$err"
  ok "[ccache] C's objects carry B's paths; import --prefix-map B=C" contains "$err" "escinfo: import: 4 units imported"
  facts_of "$c"
  ok "[ccache] C's facts are shown for C's files" contains "$tap_tmp/facts-of" "$c/lib/lz4.c:"
  unset CCACHE_REMOTE_STORAGE CCACHE_BASEDIR
else
  ok "[ccache] ccache is installed (apt-get install ccache)" false
fi

# ---- sccache, local disk cache ---------------------------------------------------------------------
if command -v sccache > /dev/null 2>&1; then
  export SCCACHE_DIR=$tap_tmp/sccache SCCACHE_SERVER_PORT=$((20000 + $$ % 20000))
  sccache --stop-server > /dev/null 2>&1
  sccache --start-server > "$tap_tmp/sccache.log" 2>&1
  ok "[sccache] the sccache server starts" [ $? -eq 0 ]
  at_exit 'sccache --stop-server > /dev/null 2>&1'
  d=$tap_tmp/d
  cp -R "$lz4" "$d"
  rm -rf "$ESCINFO_CACHE_DIR"
  ok "[sccache] lz4 builds through sccache with the plugin" build "$d" "sccache $ESC_GCC"
  clean "$d"
  rm -rf "$ESCINFO_CACHE_DIR"
  sccache --zero-stats > /dev/null 2>&1
  ok "[sccache] a rebuild after make clean" build "$d" "sccache $ESC_GCC"
  sccache --show-stats > "$tap_tmp/stats" 2>&1
  ok "[sccache] ... is all cache hits" sh -c 'grep -qE "^Cache hits +4$" "$1"' - "$tap_tmp/stats"
  "$ESCINFO_CLI" import "$d/lib" > "$out" 2> "$err"
  ok "[sccache] escinfo import brings the facts back" contains "$err" "escinfo: import: 4 units imported"
  facts_of "$d"
  ok "[sccache] the facts are shown" contains "$tap_tmp/facts-of" "$d/lib/lz4.c:"
  # sccache hashes the command line, not the plugin: a new escinfo.so is a hit (old facts) unless
  # its identity is in the command line
  printf '\n' >> "$plugin"
  clean "$d"
  sccache --zero-stats > /dev/null 2>&1
  build "$d" "sccache $ESC_GCC"
  sccache --show-stats > "$tap_tmp/stats" 2>&1
  ok "[sccache] a changed escinfo.so is still a hit: sccache does not hash plugins" sh -c 'grep -qE "^Cache hits +4$" "$1"' - "$tap_tmp/stats"
  clean "$d"
  sccache --zero-stats > /dev/null 2>&1
  id=$(sha256sum "$plugin" | cut -c1-16)
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$d/lib" -j2 CC="sccache $ESC_GCC" \
    CFLAGS="-O2 -w -fplugin=$plugin -fplugin-arg-escinfo-embed -fplugin-arg-escinfo-id=$id" $units > "$tap_tmp/make.log" 2>&1
  sccache --show-stats > "$tap_tmp/stats" 2>&1
  ok "[sccache] with -fplugin-arg-escinfo-id=HASH it is a miss" sh -c 'grep -qE "^Cache misses +4$" "$1"' - "$tap_tmp/stats"
else
  ok "[sccache] sccache is installed (apt-get install sccache)" false
fi

done_testing
