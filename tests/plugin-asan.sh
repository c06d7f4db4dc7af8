#!/bin/sh
# plugin-asan.sh - the dangling verdicts checked at run time: each program of tests/plugin/uar
# uses a local's address after its frame is gone; built with the plugin and AddressSanitizer
# (detect_stack_use_after_return), it must stop on a stack-use-after-return, and the local ASan
# names must be one the plugin marks dangling.  TAP; SKIPs without ASan's runtime.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
LC_ALL=C
export LC_ALL
printf 'int main(void) { return 0; }\n' > "$src/probe.c"
"$ESC_GCC" -fsanitize=address "$src/probe.c" -o "$tap_tmp/probe" > /dev/null 2>&1 ||
  skip_all "$ESC_GCC cannot link with -fsanitize=address (libasan is missing)"

# checked PROGRAM: builds it, runs it, and compares ASan's report with the plugin's facts
checked() {
  prog=$1
  base=$(basename "$prog")
  case $prog in *.cc) cc=$ESC_GXX ;; *) cc=$ESC_GCC ;; esac
  cp "$prog" "$src/$base"
  "$cc" -O0 -g -fsanitize=address -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-cache="$cache" \
    "$src/$base" -o "$tap_tmp/prog" 2> "$err" || { echo "$base does not build" | diag; diag < "$err"; return 1; }
  ASAN_OPTIONS=detect_stack_use_after_return=1:halt_on_error=1:detect_leaks=0 "$tap_tmp/prog" \
    > /dev/null 2> "$tap_tmp/asan"
  if ! grep -q 'stack-use-after-return' "$tap_tmp/asan"; then
    echo "$base: ASan reported no stack-use-after-return:" | diag
    tail -5 "$tap_tmp/asan" | diag
    return 1
  fi
  # the local ASan names: "[32, 36) 'x' (line 3) <== Memory access at offset 32 is inside ..."
  var=$(sed -n "s/.*'\([^']*\)'.*<== Memory access.*/\1/p" "$tap_tmp/asan" | head -1)
  [ -n "$var" ] || { echo "$base: no variable in ASan's report" | diag; diag < "$tap_tmp/asan"; return 1; }
  "$ESCINFO_CLI" show --json --cache="$cache" "$src/$base" > "$out" 2> "$err"
  python3 - "$out" "$var" > "$exp" <<'PY' || { echo "$base: ASan names '$var'" | diag; diag < "$exp"; return 1; }
import json, sys
report = json.load(open(sys.argv[1]))
facts = [f for fi in report["files"] for f in fi["facts"] if f["subject"] == "local" and f["name"] == sys.argv[2]]
for f in facts:
    print("%s %s dangling=%s: %s" % (f["code"], f["name"], f["dangling"], f["message"]))
sys.exit(0 if facts and all(f["dangling"] for f in facts) else 1)
PY
}

for prog in "$srcdir"/tests/plugin/uar/*.c "$srcdir"/tests/plugin/uar/*.cc; do
  ok "$(basename "$prog"): the local ASan finds used after return is marked dangling" checked "$prog"
done
done_testing
