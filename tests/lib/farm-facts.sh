# farm-facts.sh - what the engine tests share (sourced after tap.sh): free loopback ports, and
# the checks a build farm's objects must pass.

# free_ports OFFSET...: a port P such that P + each OFFSET is free on loopback now (the engine
# tests run side by side under make -j).
free_ports() {
  python3 -c '
import random, socket, sys
offsets = [int(a) for a in sys.argv[1:]]
for _ in range(200):
    base = random.randrange(20000, 60000 - max(offsets))
    try:
        for off in offsets:
            s = socket.socket()
            s.bind(("127.0.0.1", base + off))
            s.close()
    except OSError:
        continue
    print(base)
    sys.exit(0)
sys.exit(1)' "$@"
}

# fail_all WHAT: one failing point and the end, for a farm that cannot be set up.
fail_all() {
  ok "$1" false
  done_testing
  exit 0
}

# farm_facts_check LIB COMPILER...: the lz4 objects ($units) in LIB, compiled on a farm with
# COMPILER (as compile_commands.json would name it), carry facts that name the developer's files;
# esclsp reads them from the objects and calls them fresh; escinfo import takes them into
# $ESCINFO_CACHE_DIR with every source's hash as the developer's machine read it.
farm_facts_check() {
  ff_lib=$1
  shift
  for u in $units; do
    ok "$u came back carrying its facts" sh -c '"$1" show "$2" > /dev/null 2>&1' - "$ESCINFO_CLI" "$ff_lib/$u"
  done
  "$ESCINFO_CLI" show --json "$ff_lib/lz4.o" > "$tap_tmp/ff.out" 2>&1
  ok "the facts name the developer's files, not the farm's" python3 -c '
import json, sys
u = json.load(open(sys.argv[1]))["files"][0]["units"][0]
assert u["main"] == sys.argv[2] + "lz4.c", u["main"]
assert all(f["file"].startswith(sys.argv[2]) for f in u["facts"] if f["file"]), "a fact elsewhere"
' "$tap_tmp/ff.out" "$(cd "$ff_lib" && pwd -P)/"

  # without an import: esclsp reads the objects compile_commands.json names
  python3 -c '
import json, sys
d, cc, units = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
json.dump([{"directory": d, "file": u[:-2] + ".c", "arguments": cc + ["-O2", "-c", u[:-2] + ".c", "-o", u]}
           for u in units], open(d + "/compile_commands.json", "w"))' "$ff_lib" "$*" "$units"
  "$ESCLSP" --check "$ff_lib/lz4.c" > "$tap_tmp/ff.out" 2>&1
  ok "esclsp reads them from the object" contains "$tap_tmp/ff.out" "esclsp: facts from the object"
  ok "... fresh: the farm recorded the hashes of the developer's text" \
    grep -q "for this file, fresh$" "$tap_tmp/ff.out"
  "$ESCINFO_CLI" import "$ff_lib" > "$tap_tmp/ff.out" 2> "$tap_tmp/ff.err"
  ok "escinfo import takes the 4 units" contains "$tap_tmp/ff.err" "escinfo: import: 4 units imported"
  python3 "$srcdir/tests/lib/source-hashes.py" "$ESCINFO_CACHE_DIR" "$ff_lib/lz4.c" \
    "$ff_lib/lz4hc.h" > "$tap_tmp/ff.out" 2>&1
  ok "every source of the 4 units carries its hash as the developer's machine read it" [ $? -eq 0 ]
  diag < "$tap_tmp/ff.out"
  "$ESCLSP" --check "$ff_lib/lz4hc.c" > "$tap_tmp/ff.out" 2>&1
  ok "esclsp --check shows lz4hc.c's facts from the cache, fresh" sh -c \
    'grep -q "esclsp: entry: .*lz4hc.c -> .*lz4hc.o, .*fresh$" "$1" && grep -q "warning\|information" "$1"' \
    - "$tap_tmp/ff.out"
}
