#!/bin/sh
# engine-icecc.sh - facts from an icecream farm: lz4's objects built with make -j2 through icecc on
# loopback, CC="icecc gcc" and the plugin in CFLAGS as for a local build.  A scheduler and two
# daemons run here: the developer's (--no-remote, so its jobs go elsewhere) and the farm's, both as
# icecream's own user.  icecream ships the plugin to the farm inside the compiler's environment
# (-fplugin= is one of its extra files), the farm compiles in a chroot of that environment where
# the developer's files are not, and the objects come back carrying the facts, which name the
# developer's files with the hashes the plugin appended to the preprocessed text on the
# developer's side (gccplugin/preprocess.cc).  icecream comes from Debian (tools/install-deps.sh
# --test): a test that cannot run it fails (TAP).
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/farm-facts.sh"
skip_group engines
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI" "$ESCLSP"

for tool in icecc icecc-scheduler iceccd; do
  command -v "$tool" > /dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
    fail_all "icecream is installed (apt-get install icecc): no $tool"
done
PATH=$PATH:/usr/sbin
[ "$(id -u)" -eq 0 ] || fail_all "the test runs as root (iceccd chroots into its environments)"
lz4=$("$srcdir/tools/fetch-lz4.sh" "$ESCINFO_BUILDDIR/bench-data" 2> "$tap_tmp/fetch.err") ||
  { diag < "$tap_tmp/fetch.err"; fail_all "lz4's sources are fetched (npm pack lz4)"; }
# iceccd drops to this user, which must own the directories it writes
user=icecc
id "$user" > /dev/null 2>&1 || user=nobody

# The farm: the plugin where the daemons can read it, their environments, sockets and logs.
farm=$(mktemp -d "${TMPDIR:-/tmp}/escinfo-icecc.XXXXXX") || bail_out "mktemp failed"
at_exit "rm -rf '$farm'"
chmod 755 "$farm" && mkdir -p "$farm/lib" "$farm/run" "$farm/envs-dev" "$farm/envs-farm" &&
  cp "$ESCINFO_PLUGIN" "$farm/lib/escinfo.so" && chmod -R a+rX "$farm/lib" &&
  chown "$user" "$farm/run" "$farm/envs-dev" "$farm/envs-farm" ||
  bail_out "cannot set up the farm's directory"
plugin=$farm/lib/escinfo.so

# The developer's side: lz4 under a directory the daemons' user may not enter.
dev=$tap_tmp/dev
mkdir -p "$dev" && chmod 700 "$tap_tmp" && cp -R "$lz4" "$dev/lz4" || bail_out "cannot copy lz4"
ok "the farm's user cannot read the developer's sources" \
  sh -c '! runuser -u "$1" -- cat "$2" > /dev/null 2>&1' - "$user" "$dev/lz4/lib/lz4.c"

# A network of its own name, a scheduler and two daemons on loopback ports of this test's own.
net=escinfo$$
port=$(free_ports 0 1 10 11) || bail_out "no free port on loopback"
at_exit "pkill -f 'icecc-scheduler.* -n $net ' 2>/dev/null; pkill -f 'iceccd.* -n $net ' 2>/dev/null"
icecc-scheduler -d -l "$farm/run/scheduler.log" -n "$net" -p "$port" 2> "$tap_tmp/scheduler.err"
ok "icecc-scheduler starts on loopback" [ $? -eq 0 ]
daemon() { # NAME PORT ARGS...: a daemon of this network, in the background
  name=$1 dport=$2
  shift 2
  ICECC_TEST_SOCKET=$farm/run/$name.socket setsid iceccd -vvv -l "$farm/run/$name.log" -n "$net" \
    -N "$name" -s "127.0.0.1:$port" -u "$user" -b "$farm/envs-$name" -p "$dport" "$@" \
    > "$tap_tmp/$name.err" 2>&1 &
}
daemon dev $((port + 10)) --no-remote -m 2
daemon farm $((port + 11)) -m 2
connected() { grep -q "Connected to scheduler" "$farm/run/dev.log" "$farm/run/farm.log" 2>/dev/null &&
  [ "$(grep -l "Connected to scheduler" "$farm/run/dev.log" "$farm/run/farm.log" | wc -l)" = 2 ]; }
ok "both daemons (the developer's and the farm's) join the scheduler" wait_for 90 "the daemons" connected
connected || { tail -5 "$farm/run/dev.log" "$farm/run/farm.log" "$tap_tmp"/*.err 2>&1 | diag; }

units="lz4.o lz4frame.o lz4hc.o xxhash.o"
export ESCINFO_CACHE_DIR=$tap_tmp/facts
(cd "$dev/lz4/lib" &&
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ICECC_TEST_SOCKET="$farm/run/dev.socket" \
    ICECC_TEST_REMOTEBUILD=1 ICECC_PREFERRED_HOST=farm ICECC_DEBUG=debug \
    ICECC_LOGFILE="$tap_tmp/icecc.log" \
    make -j2 CC="icecc $ESC_GCC" \
    CFLAGS="-O2 -fplugin=$plugin -fplugin-arg-escinfo-embed -fplugin-arg-escinfo-no-cache" \
    $units) > "$tap_tmp/make.log" 2>&1
st=$?
ok "lz4 builds with make -j2 through icecc, the plugin in CFLAGS" [ $st -eq 0 ]
[ $st -eq 0 ] || tail -20 "$tap_tmp/make.log" | diag
ok "no escinfo warning on either side" lacks "$tap_tmp/make.log" "escinfo:"
ok "the compiles ran on the farm: 4 jobs done there" \
  sh -c '[ "$(grep -c "Remote compilation completed with exit code 0" "$1")" = 4 ]' - "$farm/run/farm.log"
ok "... none of them again on the developer's machine" lacks "$tap_tmp/icecc.log" "building_local"
grep -E "building locally|recompiling locally|local build forced" "$tap_tmp/icecc.log" | head -5 | diag
ok "... with the plugin in the environment icecream sent" \
  sh -c 'grep -q "remote compile arguments: .*-fplugin=$2 .*-fplugin-arg-escinfo-embed" "$1"' - \
  "$farm/run/farm.log" "$plugin"
ok "nothing was written to the developer's cache (the compiler ran elsewhere)" [ ! -d "$ESCINFO_CACHE_DIR/v1/tu" ]
ok "nor any cache on the farm" sh -c '[ -z "$(find "$1" -type d -name escinfo -path "*cache*")" ]' - "$farm"
farm_facts_check "$dev/lz4/lib" icecc gcc

done_testing
