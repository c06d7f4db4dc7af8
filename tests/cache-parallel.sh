#!/bin/sh
# cache-parallel.sh - many writers and readers on one cache at once: no reader sees a partial entry, every write lands whole.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_CLI" "$WRITE_ENTRY" "$READ_ENTRY"

writers=32
repeat=20 # each writer rewrites its entry, so readers also meet entries being replaced
facts=300
printf '/* shared header */\n' > "$src/common.h"

# run_all COUNT DONE-FILE FUNCTION: runs FUNCTION 0 ... FUNCTION COUNT-1 all at once, in the
# background; DONE-FILE appears once all have ended.  $! is the pid to wait for.
run_all() {
  (
    tap_i=0
    while [ "$tap_i" -lt "$1" ]; do
      ("$3" "$tap_i" > "$tap_tmp/$3.$tap_i.out" 2>&1; echo $? > "$tap_tmp/$3.$tap_i.status") &
      tap_i=$((tap_i + 1))
    done
    wait
    : > "$2"
  ) &
}

# all_succeeded COUNT FUNCTION: every run of FUNCTION by run_all exited 0 (else its output is shown).
all_succeeded() {
  tap_i=0
  while [ "$tap_i" -lt "$1" ]; do
    [ "$(cat "$tap_tmp/$2.$tap_i.status")" = 0 ] || { diag < "$tap_tmp/$2.$tap_i.out"; return 1; }
    tap_i=$((tap_i + 1))
  done
}

# poll_until DONE-FILE COMMAND...: runs COMMAND (a check) over and over until DONE-FILE exists,
# then once more.  Prints "ROUNDS FAILURES"; the output of the last failure stays in $tap_tmp/failed.
poll_until() {
  tap_done=$1
  shift
  tap_rounds=0
  tap_failures=0
  while :; do
    tap_last=no
    [ -e "$tap_done" ] && tap_last=yes
    "$@" > "$tap_tmp/poll" 2>&1 || { tap_failures=$((tap_failures + 1)); cp "$tap_tmp/poll" "$tap_tmp/failed"; }
    tap_rounds=$((tap_rounds + 1))
    [ $tap_last = yes ] && break
  done
  echo "$tap_rounds $tap_failures"
}

no_failed_reads() {
  [ "$1" -eq 0 ] && return 0
  echo "$1 failed reads; the last:" | diag
  diag < "$tap_tmp/failed"
  return 1
}

# ---- (a) 32 writers through esc_cache_write, readers through the API and the CLI ----
i=0
while [ $i -lt $writers ]; do
  printf 'int f%d;\n' $i > "$src/w$i.c"
  {
    line main "$src/w$i.c"
    line source "$src/w$i.c"
    line source "$src/common.h"
    line synthetic $facts
    line fact local escape.global "shared$i" "f$i" "$src/common.h" 1 $((i + 1)) "address of 'shared$i' is stored in a global"
  } > "$tap_tmp/w$i.spec"
  i=$((i + 1))
done
write_one() {
  "$WRITE_ENTRY" --repeat=$repeat "$cache" < "$tap_tmp/w$1.spec"
}

# escinfo show --json parses whole, has one common.h fact per entry (each writer puts one
# there) and meets no corrupt entry.
show_round() {
  "$ESCINFO_CLI" show --json --cache="$cache" "$src/common.h" > "$tap_tmp/show.json" 2> "$tap_tmp/show.err"
  [ $? -le 1 ] && lacks "$tap_tmp/show.err" "warning" && python3 - "$tap_tmp/show.json" <<'EOT'
import json, sys
j = json.load(open(sys.argv[1]))
for f in j["files"]:
    assert len(f["facts"]) == len(f["entries"]), (len(f["facts"]), len(f["entries"]))
EOT
}

run_all $writers "$tap_tmp/writers.done" write_one
writers_pid=$!
# One reader polls through the API in a tight loop, another through escinfo show --json.
"$READ_ENTRY" --poll "$tap_tmp/writers.done" "$cache" "$src/common.h" $((facts + 1)) > "$tap_tmp/api.out" 2>&1 &
api_pid=$!
set -- $(poll_until "$tap_tmp/writers.done" show_round)
wait $writers_pid
wait $api_pid
api_status=$?
grep -v ' entries$' "$tap_tmp/api.out" | diag
echo "$1 show --json rounds while $writers writers wrote $repeat times each" | diag

ok "$writers parallel writers all succeed" all_succeeded $writers write_one
ok "every lookup during the writes found complete entries" [ "$api_status" -eq 0 ]
ok "every show --json during the writes parsed completely" no_failed_reads "$2"

"$READ_ENTRY" --lookup "$cache" "$src/common.h" $((facts + 1)) > "$out" 2>&1
ok "afterwards the shared header's lookup finds $writers complete entries" contains "$out" "$writers entries"
"$ESCINFO_CLI" stats --cache="$cache" > "$out" 2>&1
ok "afterwards the cache holds exactly $writers entries" contains "$out" "entries: $writers"
ok "... none corrupt" contains "$out" "corrupt entries: 0"
ok "... with every fact" contains "$out" "facts: $((writers * (facts + 1)))"
ok "... indexed under each source and the shared header" contains "$out" "index markers: $((writers * 2))"
ok "... and no temp file left" no_temp_files "$cache"

# ---- (b) 16 compiles with the plugin, show --json polling meanwhile ----
compiles=16
if [ ! -f "$ESCINFO_PLUGIN" ]; then
  for t in 1 2 3 4 5; do
    skip "plugin not built"
  done
  done_testing
  exit 0
fi
pcache=$tap_tmp/plugin-cache
i=0
files=
while [ $i -lt $compiles ]; do
  cat > "$src/g$i.c" <<EOT
#include <stdlib.h>
int *saved$i;
static int read_only(const int *p) { return *p; }
int f$i(int n)
{
  int kept = n, local = n;
  int *heap = malloc(sizeof *heap);
  saved$i = &kept;
  free(heap);
  return read_only(&local);
}
EOT
  files="$files $src/g$i.c"
  i=$((i + 1))
done
compile_one() {
  "$ESC_GCC" -O2 -c -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-cache="$pcache" \
    "$src/g$1.c" -o "$src/g$1.o"
}
poll_show() {
  "$ESCINFO_CLI" show --json --cache="$pcache" $files > "$tap_tmp/show.json" 2> "$tap_tmp/show.err"
  [ $? -le 1 ] && lacks "$tap_tmp/show.err" "warning" &&
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tap_tmp/show.json"
}

run_all $compiles "$tap_tmp/compiles.done" compile_one
compiles_pid=$!
set -- $(poll_until "$tap_tmp/compiles.done" poll_show)
wait $compiles_pid
echo "$1 show --json rounds while $compiles compiles ran" | diag

ok "$compiles parallel compiles with the plugin succeed" all_succeeded $compiles compile_one
ok "every show --json during the compiles parsed and met no corrupt entry" no_failed_reads "$2"
"$ESCINFO_CLI" stats --cache="$pcache" > "$out" 2>&1
ok "the cache holds $compiles entries" contains "$out" "entries: $compiles"
ok "... none corrupt" contains "$out" "corrupt entries: 0"
all_have_facts() {
  for f in $files; do
    "$ESCINFO_CLI" show --cache="$pcache" "$f" > "$out" 2>&1 || { diag < "$out"; return 1; }
  done
}
ok "each compiled file has its facts" all_have_facts

done_testing
