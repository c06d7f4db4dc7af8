#!/bin/sh
# lsp-cli.sh - esclsp's command line: --version, --help, usage errors, and --check FILE for people debugging their set-up (TAP).
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCLSP"

ok "--version prints the version" sh -c '"$1" --version > "$2" && [ "$(cat "$2")" = "esclsp $ESCINFO_VERSION" ]' - "$ESCLSP" "$out"
"$ESCLSP" --help > "$out" 2>&1
ok "--help exits 0" [ $? -eq 0 ]
ok "--help lists --check" contains "$out" "--check FILE"
ok "--help lists the log options" contains "$out" "--log-level=LEVEL"
ok "an unknown option is a usage error (2)" status_is 2 "$ESCLSP" --frobnicate 2> /dev/null
ok "an option missing its value is a usage error (2)" status_is 2 "$ESCLSP" --log 2> /dev/null
ok "a bad log level is a usage error (2)" status_is 2 "$ESCLSP" --log-level=loud 2> /dev/null
ok "a stray argument is a usage error (2)" status_is 2 "$ESCLSP" file.c 2> /dev/null
ok "an unwritable log file is an error (1)" status_is 1 "$ESCLSP" --log=/nonexistent/dir/log --check /dev/null 2> /dev/null

# ---- odd standard descriptors: no crash, the end of the input ends the server ---------------
# exits_1 REDIRECTIONS: esclsp run with those redirections exits with status 1
exits_1() {
  sh -c "\"\$0\" $1; [ \$? -eq 1 ]" "$ESCLSP" 2> /dev/null
}
ok "stdin /dev/null: exits 1 (no shutdown)" exits_1 "< /dev/null"
ok "stdin closed: exits 1, no crash" exits_1 "<&-"
ok "stdout closed: exits 1, no crash" exits_1 "< /dev/null >&-"
ok "stderr closed: exits 1, no crash" exits_1 "< /dev/null 2>&-"

# ---- --check -------------------------------------------------------------------------------
cp "$ESCINFO_SRCDIR/tests/lsp/src/sample.c" "$ESCINFO_SRCDIR/tests/lsp/src/nofacts.c" "$src/" && chmod u+w "$src"/*.c
if [ -f "$ESCINFO_PLUGIN" ]; then
  (cd "$src" && "$ESC_GCC" -c -w -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-cache="$cache" sample.c -o sample.o)
  ok "sample.c compiles with the plugin" [ $? -eq 0 ]
  "$ESCLSP" --check "$src/sample.c" --cache="$cache" > "$out" 2> "$err"
  ok "--check exits 0 for a file with facts" [ $? -eq 0 ]
  ok "--check names the cache searched" contains "$out" "esclsp: cache: $cache (from --cache)"
  ok "--check names the file's index directory" contains "$out" "esclsp: index of '$src/sample.c': $cache/v1/src/"
  ok "--check lists the entry, fresh" contains "$out" "esclsp: entry: $src/sample.c -> $src/sample.o, compiled "
  ok "--check says the entry is fresh" grep -q ", 8 facts for this file, fresh$" "$out"
  ok "--check counts shown and hidden facts" contains "$out" "esclsp: 8 facts: 2 shown, 6 hidden by the settings"
  ok "--check prints a warning like a compiler" contains "$out" "$src/sample.c:9:7: warning: 'local' escapes: address stored in global 'saved'; the pointer dangles once 'remember' returns [escape.global]"
  ok "--check prints the flow as notes" contains "$out" "$src/sample.c:10:8: note:   1. address of 'local' taken"
  ok "--check leaves out a leak in a callee (a wrapper handing its argument on)" lacks "$out" "leaking param 'param'"
  ok "--check prints hints" contains "$out" "$src/sample.c:30:16: hint: allocation by 'malloc' of 64 bytes"
  ok "--check says nothing on stderr" same_text /dev/null "$err"

  # the environment's cache, and a file changed since its compile
  printf '// one more line\n' | cat - "$src/sample.c" > "$src/tmp.c" && mv "$src/tmp.c" "$src/sample.c"
  ESCINFO_CACHE_DIR=$cache "$ESCLSP" --check "$src/sample.c" > "$out" 2> "$err"
  ok "--check takes the cache from ESCINFO_CACHE_DIR" contains "$out" "esclsp: cache: $cache (from \$ESCINFO_CACHE_DIR)"
  ok "--check says the entry is stale" contains "$out" ", 8 facts for this file, STALE"
  ok "--check says the facts were relocated" contains "$out" "changed since it was compiled at "
  ok "--check shows relocated facts at their new line" contains "$out" "$src/sample.c:10:7: warning: 'local' escapes"
else
  skip "the plugin is not built: no --check of compiled files"
fi

"$ESCLSP" --check "$src/nofacts.c" --cache="$cache" > "$out" 2> "$err"
ok "--check exits 1 for a file without facts" [ $? -eq 1 ]
ok "--check shows the no-facts notice" contains "$out" "$src/nofacts.c:1:1: information: No escape facts for this file yet"
ok "--check's notice names the cache" contains "$out" "(searched cache: $cache) [escinfo.no-facts]"

"$ESCLSP" --check "$src/missing.c" > "$out" 2> "$err"
ok "--check of a missing file exits 1" [ $? -eq 1 ]
ok "--check of a missing file says why" contains "$err" "esclsp: cannot read '$src/missing.c': No such file or directory"

# a corrupt entry in the file's index is reported and skipped
if [ -f "$ESCINFO_PLUGIN" ]; then
  for d in "$cache"/v1/src/*; do touch "$d/00000000000000b1"; done
  printf 'not json' > "$cache/v1/tu/00000000000000b1.json"
  "$ESCLSP" --check "$src/sample.c" --cache="$cache" > "$out" 2> "$err"
  ok "--check still exits 0 with a corrupt entry beside a good one" [ $? -eq 0 ]
  ok "--check reports the corrupt entry" contains "$err" "esclsp: warning: skipping cache entry '$cache/v1/tu/00000000000000b1.json'"
fi

HOME= ESCINFO_CACHE_DIR= XDG_CACHE_HOME= "$ESCLSP" --check "$src/nofacts.c" > "$out" 2> "$err"
ok "--check without any cache directory says so" contains "$out" "esclsp: cache: none (no cache directory: none of ESCINFO_CACHE_DIR, XDG_CACHE_HOME and HOME is set)"
done_testing
