#!/bin/sh
# plugin-args.sh - escinfo.so's arguments, remarks, cache placement and faults, driven through GCC.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
P=-fplugin=$ESCINFO_PLUGIN
src=$ESCINFO_SRCDIR/tests/plugin/sample.c
out=$tap_tmp/out
err=$tap_tmp/err
LC_ALL=C; export LC_ALL # GCC quotes with plain ' in the C locale
cc() { "$ESC_GCC" -fdiagnostics-column-unit=byte -fno-diagnostics-show-caret "$@"; }

# --- arguments ----------------------------------------------------------------------------
status_is 1 cc -c "$P" -fplugin-arg-escinfo-colour=yes "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "an unknown argument is an error" [ $? -eq 0 ]
ok "the error names the unknown key" contains "$err" "unknown argument '-fplugin-arg-escinfo-colour'"
ok "the error lists the valid keys" contains "$err" "valid keys are: cache, no-cache, remarks"
cc -c "$P" -fplugin-arg-escinfo-cache "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "cache without a directory is an error" contains "$err" "needs a directory"
cc -c "$P" -fplugin-arg-escinfo-remarks=7 "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "a bad remarks level is an error naming the value" contains "$err" "bad value '7'"
cc -c "$P" -fplugin-arg-escinfo-large-local=lots "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "a bad large-local value is an error" contains "$err" "use a number of bytes"
cc -c "$P" -fplugin-arg-escinfo-no-cache=1 "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "no-cache takes no value" contains "$err" "takes no value"
cc -S "$P" -fplugin-arg-escinfo-analysis-only=yes "$src" -o /dev/null 2> "$err"
ok "analysis-only takes no value" contains "$err" "'-fplugin-arg-escinfo-analysis-only' takes no value"
cc -S "$P" -fplugin-arg-escinfo-output "$src" -o /dev/null 2> "$err"
ok "output without a path is an error" contains "$err" "'-fplugin-arg-escinfo-output' needs a path"

# --- remarks ------------------------------------------------------------------------------
status_is 0 cc -c -O2 "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "remarks: the compile succeeds" [ $? -eq 0 ]
grep '\[escinfo:' "$err" > "$out"
codes='escape\.(return|global|store|call|asm|closure|unknown)|noescape|leak\.(return|global|store|call|unknown)|noleak|alloc\.stack-candidate|frame\.(size|dynamic|large-local)'
bad=$(grep -Ev "^[^:]+:[0-9]+:[0-9]+: note: .+ \[escinfo:($codes)\]\$" "$out")
ok "every remark is FILE:LINE:COL: note: MESSAGE [escinfo:CODE]" [ -s "$out" -a -z "$bad" ]
ok "level 1 shows an escape at the variable's name" contains "$out" "sample.c:7:7: note: 'local' escapes: address stored in global 'saved'"
ok "level 1 leaves out non-escaping facts" lacks "$out" "[escinfo:noescape]"
ok "level 1 leaves out flows" lacks "$err" "note:   1. "
cc -c -O2 "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "level 2 shows non-escaping facts" contains "$err" "sample.c:15:7: note: 'tmp' does not escape [escinfo:noescape]"
ok "level 2 shows the flow, step by step" contains "$err" "sample.c:9:9: note:   3. stored in global 'saved'"
ok "level 2 shows frame sizes" contains "$err" "[escinfo:frame.size]"
cc -c -O2 "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 -fno-diagnostics-show-caret \
  "$ESCINFO_SRCDIR/tests/plugin/placeless.c" -o "$tap_tmp/x.o" 2> "$err"
ok "a step without a place of its own (returns merged at -O2) is shown at its fact" \
  contains "$err" "placeless.c:5:20: note:   2. returned from 'resize'"
ok "... and no remark is placeless" lacks "$err" "cc1: note:"
ok "level 2 shows every other route of a fact, with its steps" \
  contains "$err" "placeless.c:5:20: note:   also passed as argument 1 to 'grow', which may keep it [escinfo:leak.call]"
cc -c -O2 -w "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "remarks are shown under -w" contains "$err" "[escinfo:escape.global]"
status_is 0 cc -c -O2 -Wall -Werror -Wno-dangling-pointer "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "remarks do not fail a -Werror build" [ $? -eq 0 ]

# --- the cache ----------------------------------------------------------------------------
mkdir -p "$tap_tmp/xdg" "$tap_tmp/env" "$tap_tmp/arg"
XDG_CACHE_HOME=$tap_tmp/xdg cc -c "$P" "$src" -o "$tap_tmp/x.o"
ok "by default facts go to \$XDG_CACHE_HOME/escinfo" [ -n "$(find "$tap_tmp/xdg/escinfo" -name '*.json' 2>/dev/null)" ]
XDG_CACHE_HOME=$tap_tmp/xdg ESCINFO_CACHE_DIR=$tap_tmp/env cc -c "$P" "$src" -o "$tap_tmp/x.o"
ok "ESCINFO_CACHE_DIR overrides it" [ -n "$(find "$tap_tmp/env" -name '*.json' 2>/dev/null)" ]
ESCINFO_CACHE_DIR=$tap_tmp/env cc -c "$P" -fplugin-arg-escinfo-cache="$tap_tmp/arg" "$src" -o "$tap_tmp/x.o"
ok "-fplugin-arg-escinfo-cache overrides both" [ -n "$(find "$tap_tmp/arg" -name '*.json' 2>/dev/null)" ]
cc -c "$P" -fplugin-arg-escinfo-cache="$tap_tmp/arg" "$src" -o "$tap_tmp/x.o"
ok "compiling the unit again replaces its entry" [ "$(find "$tap_tmp/arg" -name '*.json' | wc -l)" -eq 1 ]
"$ESCINFO_CLI" show --cache="$tap_tmp/arg" "$src" > "$out" 2> "$err"
cc -c "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 "$src" -o "$tap_tmp/x.o" 2>&1 | grep '\[escinfo:' > "$tap_tmp/remarks"
sed "s|^$src|sample.c|" "$out" | sed 's|^.*/sample.c|sample.c|' > "$tap_tmp/shown"
sed 's|^.*/sample.c|sample.c|' "$tap_tmp/remarks" > "$tap_tmp/remarked"
ok "escinfo show prints what the remarks print (level 2, without the flow)" same_text "$tap_tmp/remarked" "$tap_tmp/shown"
mkdir -p "$tap_tmp/objdir"
cc -c "$P" -fplugin-arg-escinfo-cache="$tap_tmp/out-cache" "$src" -o "$tap_tmp/objdir/sample.o"
ok "the entry records the object file compiled" contains "$(find "$tap_tmp/out-cache" -name '*.json' | head -1)" "\"output\":\"$tap_tmp/objdir/sample.o\""
status_is 0 cc -fsyntax-only "$P" -fplugin-arg-escinfo-cache="$tap_tmp/syn" "$src"
ok "-fsyntax-only works and writes nothing" [ ! -d "$tap_tmp/syn/v1/tu" ] || [ -z "$(ls "$tap_tmp/syn/v1/tu")" ]

# --- faults: the build carries on ---------------------------------------------------------
touch "$tap_tmp/a-file"
"$ESC_GCC" -c -O2 "$src" -o "$tap_tmp/plain.o"
status_is 0 cc -c -O2 "$P" -fplugin-arg-escinfo-cache="$tap_tmp/a-file/cache" "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "an unusable cache directory does not fail the compile" [ $? -eq 0 ]
ok "it gives one warning saying why" [ "$(grep -c 'warning: escinfo: facts not saved' "$err")" -eq 1 ]
ok "the object file is the same as without the plugin" cmp -s "$tap_tmp/plain.o" "$tap_tmp/x.o"
ESCINFO_TEST_FAIL_FUNCTION=remember status_is 0 cc -c -O2 "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "an internal failure in one function does not fail the compile" [ $? -eq 0 ]
ok "it is reported as a note on that function" contains "$err" "escinfo: internal failure analysing"
ok "the other functions' facts are still there" contains "$err" "'tmp' does not escape"
ok "the failed function's facts are left out" lacks "$err" "'local' escapes"
cat > "$tap_tmp/cycle.c" << 'EOF'
int *kept;
int odd(int n, int *p);
int even(int n, int *p) { int e = n; if (n == 3) kept = &e; return n ? odd(n - 1, p) : *p; }
int odd(int n, int *p) { int o = n; if (n == 5) kept = &o; return n ? even(n - 1, p) : 0; }
EOF
ESCINFO_TEST_FAIL_FUNCTION=odd status_is 0 cc -c -O2 "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 "$tap_tmp/cycle.c" -o "$tap_tmp/x.o" 2> "$err"
ok "a failure in a cycle of recursion does not fail the compile" [ $? -eq 0 ]
ok "... is told once, for that function" sh -c '[ "$(grep -c "internal failure analysing .odd." "$1")" -eq 1 ]' - "$err"
ok "... whose facts are left out" lacks "$err" "'o' escapes"
ok "... and the other member's facts are there, once" \
  sh -c '[ "$(grep -c "'"'"'e'"'"' escapes: address stored in global" "$1")" -eq 1 ]' - "$err"

# --- the note on what the optimizer makes of an escape --------------------------------------
cc -c -O2 "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 "$ESCINFO_SRCDIR/tests/plugin/optimised.c" -o "$tap_tmp/x.o" 2> "$err"
grep -A4 "'x' escapes" "$err" > "$out"
ok "-O2: an escape GCC folds away gets a note" contains "$out" "at -O2, GCC inlines or removes the code that takes the address"
ok "... which does not read as if the fact were wrong" lacks "$out" "does not escape"
grep -A4 "'s' escapes" "$err" | grep -v "'x'" > "$out"
ok "-O2: a parameter whose address the generated code still passes on gets none" lacks "$out" "with optimisation"

# --- system headers and macros --------------------------------------------------------------
cc -c -O2 "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 -isystem "$ESCINFO_SRCDIR/tests/plugin/sys" "$ESCINFO_SRCDIR/tests/plugin/uses-sys.c" -o "$tap_tmp/x.o" 2> "$err"
ok "facts inside system headers are left out" lacks "$err" "sys-helper.h:"
ok "facts in the user's file are kept" contains "$err" "uses-sys.c:"
cc -c -O2 "$P" -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks=2 -fplugin-arg-escinfo-system-headers -isystem "$ESCINFO_SRCDIR/tests/plugin/sys" "$ESCINFO_SRCDIR/tests/plugin/uses-sys.c" -o "$tap_tmp/x.o" 2> "$err"
ok "system-headers keeps them" contains "$err" "sys-helper.h:"
cc -c "$P" -fplugin-arg-escinfo-cache="$tap_tmp/mac" "$ESCINFO_SRCDIR/tests/plugin/macro.c" -o "$tap_tmp/x.o"
"$ESCINFO_CLI" show --json --cache="$tap_tmp/mac" "$ESCINFO_SRCDIR/tests/plugin/macro.c" > "$out"
# the files a compile read: its headers, not the names GCC makes up for the command line
printf 'int twice(int v);\n' > "$tap_tmp/read.h"
printf '#include "read.h"\nint twice(int v) { return v * WHAT; }\n' > "$tap_tmp/reads.c"
cc -c "$P" -DWHAT=2 -fplugin-arg-escinfo-cache="$tap_tmp/reads" "$tap_tmp/reads.c" -o "$tap_tmp/x.o"
sources=$(cat "$tap_tmp"/reads/v1/tu/*.json | python3 -c 'import json, sys; print("\n".join(s["path"] for s in json.load(sys.stdin)["sources"]))')
ok "the entry lists the headers the compile read" sh -c "printf '%s\n' \"\$1\" | grep -qx '$tap_tmp/read.h'" - "$sources"
ok "... and no '<command-line>' or '<built-in>'" sh -c "! printf '%s\n' \"\$1\" | grep -q '<'" - "$sources"
ok "... and no system header" sh -c "! printf '%s\n' \"\$1\" | grep -q '^/usr/'" - "$sources"

# leaks that happen in a callee (by_callee) and the function's own, at -O0 and -O2
cat > "$tap_tmp/bc.c" <<'EOC'
void keep(int *p);
static int *g;
void own(int **slot, int *p) { *slot = p; }
void wrap(int **slot, int *p) { own(slot, p); }
void pass(int *p) { keep(p); }
void glob(int *p) { g = p; }
EOC
for level in -O0 -O2; do
  rm -rf "$tap_tmp/bc"
  cc -c $level "$P" -fplugin-arg-escinfo-cache="$tap_tmp/bc" "$tap_tmp/bc.c" -o "$tap_tmp/x.o"
  "$ESCINFO_CLI" show --json --cache="$tap_tmp/bc" "$tap_tmp/bc.c" > "$tap_tmp/bc.json"
  by_callee=$(python3 -c '
import json, sys
facts = json.load(open(sys.argv[1]))["files"][0]["facts"]
print(" ".join(sorted("%s:%s:%s" % (f["function"], f["code"], "callee" if f.get("by_callee") else "own")
                      for f in facts if f["subject"] == "param" and f["name"] == "p")))' "$tap_tmp/bc.json")
  ok "$level: a leak in a callee is marked by_callee, the function's own is not" \
    [ "$by_callee" = "glob:leak.global:own own:leak.store:own pass:leak.call:callee wrap:leak.store:callee" ]
done

macro_fact_at() { # LINE SPELLING_LINE: the escape.global fact of macro.c is there
  python3 -c '
import json, sys
facts = json.load(open(sys.argv[1]))["files"][0]["facts"]
f = [f for f in facts if f["code"] == "escape.global"][0]
sys.exit(0 if f["line"] == int(sys.argv[2]) and f["spelling"]["line"] == int(sys.argv[3]) else 1)
' "$out" "$1" "$2"
}
ok "a fact from a macro expansion sits at the expansion point (its spelling in the macro)" macro_fact_at 9 4
ok "and keeps the macro's spelling location" contains "$out" '"spelling"'

# --- loading by name, as after an install into GCC's plugin directory --------------------------
status_is 0 cc -c -iplugindir="$(dirname "$ESCINFO_PLUGIN")" -fplugin=escinfo -fplugin-arg-escinfo-no-cache -fplugin-arg-escinfo-remarks "$src" -o "$tap_tmp/x.o" 2> "$err"
ok "-fplugin=escinfo loads escinfo.so from the plugin directory" contains "$err" "[escinfo:escape.global]"

# --- a plugin built for another GCC -----------------------------------------------------------
other=
for c in gcc-11 gcc-12; do
  command -v "$c" > /dev/null 2>&1 || continue
  [ "$("$c" -dumpversion)" != "$("$ESC_GCC" -dumpversion)" ] && other=$c
done
if [ -n "$other" ]; then
  status_is 1 "$other" -c "$P" "$src" -o "$tap_tmp/x.o" 2> "$err"
  ok "loaded into another GCC it fails with GCC's version error" [ $? -eq 0 ]
  # GCC's loader may refuse the library before escinfo's own check runs (symbols differ
  # between versions); either way the compile stops and the message names the plugin.
  ok "the error names the plugin" contains "$err" "escinfo.so"
else
  skip "no second GCC version installed"
  skip "no second GCC version installed"
fi
done_testing
