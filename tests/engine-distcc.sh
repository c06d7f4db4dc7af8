#!/bin/sh
# engine-distcc.sh - facts from a build farm: lz4's objects built with make -j2 through distcc on
# loopback, CC="distcc escinfo-cc".  distccd runs as another user (nobody), who cannot read the
# sources (they live under a directory only root may enter), with escinfo-cc on its PATH: the
# compiles run there (distccd's log), the objects come back carrying their facts, the facts name
# the developer's files with the hashes of the text compiled (escinfo-cc's pragmas: esclsp says
# "fresh"), and nothing is written on the farm side.  distcc comes from Debian (tools/install-deps.sh
# --test): a test that cannot run it fails (TAP).
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/farm-facts.sh"
skip_group engines
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI" "$ESCLSP"

command -v distcc > /dev/null 2>&1 && command -v distccd > /dev/null 2>&1 ||
  fail_all "distcc and distccd are installed (apt-get install distcc)"
[ "$(id -u)" -eq 0 ] || fail_all "the test runs as root (distccd must run as another user)"
lz4=$("$srcdir/tools/fetch-lz4.sh" "$ESCINFO_BUILDDIR/bench-data" 2> "$tap_tmp/fetch.err") ||
  { diag < "$tap_tmp/fetch.err"; fail_all "lz4's sources are fetched (npm pack lz4)"; }

# The farm's side: escinfo (as escinfo-cc) and the plugin where nobody can run and read them.
farm=$(mktemp -d "${TMPDIR:-/tmp}/escinfo-farm.XXXXXX") || bail_out "mktemp failed"
at_exit "rm -rf '$farm'"
chmod 755 "$farm" && mkdir -p "$farm/bin" "$farm/lib" "$farm/cache" "$farm/home" &&
  cp "$ESCINFO_CLI" "$farm/bin/escinfo" && ln -s escinfo "$farm/bin/escinfo-cc" &&
  cp "$ESCINFO_PLUGIN" "$farm/lib/escinfo.so" && chmod -R a+rX "$farm" &&
  chown nobody "$farm/cache" "$farm/home" || bail_out "cannot set up the farm's directory"
touch "$farm/distccd.log" && chmod 666 "$farm/distccd.log"

# The developer's side: lz4 under a directory nobody may not enter.
dev=$tap_tmp/dev
mkdir -p "$dev" && chmod 700 "$tap_tmp" && cp -R "$lz4" "$dev/lz4" || bail_out "cannot copy lz4"
ok "the farm's user cannot read the developer's sources" sh -c '! runuser -u nobody -- cat "$1" > /dev/null 2>&1' - "$dev/lz4/lib/lz4.c"

port=$(free_ports 0) || bail_out "no free port on loopback"
PATH="$farm/bin:$PATH" ESCINFO_PLUGIN="$farm/lib/escinfo.so" ESCINFO_CACHE_DIR="$farm/cache" HOME="$farm/home" \
  distccd --daemon --user nobody --listen 127.0.0.1 --port "$port" --allow 127.0.0.1 \
  --enable-tcp-insecure --log-file "$farm/distccd.log" --log-level info --pid-file "$farm/distccd.pid" \
  --jobs 2 2> "$tap_tmp/distccd.err"
ok "distccd starts on loopback as nobody" [ $? -eq 0 ]
at_exit "pkill -f 'distccd --daemon --user nobody --listen 127.0.0.1 --port $port' 2>/dev/null"
i=0
while ! grep -q "listening\|allowed" "$farm/distccd.log" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done

units="lz4.o lz4frame.o lz4hc.o xxhash.o"
mkdir -p "$tap_tmp/distcc-state" "$tap_tmp/bin"
ln -s "$ESCINFO_CLI" "$tap_tmp/bin/escinfo-cc"
export ESCINFO_CACHE_DIR=$tap_tmp/facts
(cd "$dev/lz4/lib" &&
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="$tap_tmp/bin:$PATH" DISTCC_DIR="$tap_tmp/distcc-state" \
    DISTCC_HOSTS="127.0.0.1:$port/2" DISTCC_BACKOFF_PERIOD=0 DISTCC_FALLBACK=0 \
    make -j2 CC="distcc escinfo-cc" CFLAGS="-O2" $units) > "$tap_tmp/make.log" 2>&1
st=$?
ok "lz4 builds with make -j2 through distcc (CC=\"distcc escinfo-cc\", no local fallback)" [ $st -eq 0 ]
[ $st -eq 0 ] || { tail -20 "$tap_tmp/make.log" | diag; tail -20 "$farm/distccd.log" | diag; }
ok "no escinfo warning on either side" lacks "$tap_tmp/make.log" "escinfo:"
ok "the compiles ran on the farm: distccd's log has 4 jobs done" \
  sh -c '[ "$(grep -c "COMPILE_OK .*escinfo-cc" "$1")" = 4 ]' - "$farm/distccd.log"
ok "nothing was written on the farm's side (no cache)" sh -c '[ -z "$(ls -A "$1")" ]' - "$farm/cache"
ok "nothing was written to the developer's cache either (the compiler ran elsewhere)" [ ! -d "$ESCINFO_CACHE_DIR/v1/tu" ]
farm_facts_check "$dev/lz4/lib" distcc escinfo-cc

done_testing
