#!/bin/sh
# cache-faults.sh - the cache under failure: unwritable places, failed writes, hostile or broken entries, no cache directory.
# Tests run as root, so permissions cannot make a write fail; paths through regular files, names
# taken by directories and a file-size limit do.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_CLI" "$WRITE_ENTRY" "$READ_ENTRY"

printf 'int main(void) { return 0; }\n' > "$src/m.c"
{
  line main "$src/m.c"
  line source "$src/m.c"
  line fact frame frame.size main main "$src/m.c" 1 5 "frame of 'main' is 0 bytes"
  line value 0
} > "$tap_tmp/small.spec"

# write_fails CACHE MESSAGE [SPEC]: write-entry into CACHE fails with MESSAGE, leaving no temp file.
write_fails() {
  "$WRITE_ENTRY" "$1" < "${3:-$tap_tmp/small.spec}" > "$out" 2> "$err"
  tap_got=$?
  [ "$tap_got" -eq 1 ] || { echo "exit status $tap_got" | diag; return 1; }
  echo "write-entry: $2" > "$exp"
  same_text "$exp" "$err" && no_temp_files "$tap_tmp"
}

# ---- unwritable places ----
echo data > "$tap_tmp/file.txt"
ok "cache directory below a regular file: clear reason" \
  write_fails "$tap_tmp/file.txt/sub" \
  "cannot create cache directory '$tap_tmp/file.txt/sub/v1/tu': Not a directory"

c=$tap_tmp/c-tu-file
mkdir -p "$c/v1"
echo data > "$c/v1/tu"
ok "entry directory is a regular file: clear reason" \
  write_fails "$c" "cannot write cache entry in '$c/v1/tu': Not a directory"

c=$tap_tmp/c-taken
"$WRITE_ENTRY" "$c" < "$tap_tmp/small.spec"
entry=$(ls "$c"/v1/tu/*.json)
rm "$entry"
mkdir -p "$entry/occupied"
ok "entry name taken by a directory: rename fails, temp file removed" \
  write_fails "$c" "cannot replace cache entry '$entry': Is a directory"

c=$tap_tmp/c-src-file
mkdir -p "$c/v1"
echo data > "$c/v1/src"
index=$("$READ_ENTRY" --index-dir "$c" "$src/m.c")
ok "index directory cannot be made: clear reason" \
  write_fails "$c" "cannot index cache entry in '$index': Not a directory"
ok "... and the entry the index cannot find is removed" [ -z "$(ls "$c/v1/tu")" ]

# ---- a write that fails half-way (file size limit; SIGXFSZ ignored, so write(2) fails) ----
c=$tap_tmp/c-fsize
{
  line main "$src/m.c"
  line source "$src/m.c"
  line synthetic 2000
} > "$tap_tmp/big.spec"
"$WRITE_ENTRY" "$c" < "$tap_tmp/small.spec"
if (ulimit -f 8) 2> /dev/null; then
  (trap '' XFSZ; ulimit -f 8; exec "$WRITE_ENTRY" "$c" < "$tap_tmp/big.spec") > "$out" 2> "$err"
  ok "a write that runs out of room fails with the reason" contains "$err" "write-entry: cannot write cache entry in '$c/v1/tu': File too large"
  ok "... leaves no temp file" no_temp_files "$c"
  "$READ_ENTRY" "$(ls "$c"/v1/tu/*.json)" > "$out"
  echo "ok: 1 facts, 1 sources" > "$exp"
  ok "... and the previous entry of the TU intact" same_text "$exp" "$out"
else
  skip "ulimit -f not available"
  skip "ulimit -f not available"
  skip "ulimit -f not available"
fi

# ---- where the cache is ----
home=$tap_tmp/home
mkdir -p "$tap_tmp/override" "$tap_tmp/env" "$tap_tmp/xdg/escinfo" "$home/.cache/escinfo"
cache_dir_is() { # cache_dir_is DIR OPTION VARIABLE=VALUE...: escinfo stats OPTION uses DIR
  tap_want=$1
  tap_option=$2
  shift 2
  env -u ESCINFO_CACHE_DIR -u XDG_CACHE_HOME -u HOME "$@" "$ESCINFO_CLI" stats $tap_option > "$out" 2> "$err" || { diag < "$err"; return 1; }
  contains "$out" "cache: $tap_want"
}
ok "--cache comes first" cache_dir_is "$tap_tmp/override" --cache="$tap_tmp/override" ESCINFO_CACHE_DIR="$tap_tmp/env" XDG_CACHE_HOME="$tap_tmp/xdg" HOME="$home"
ok "then \$ESCINFO_CACHE_DIR" cache_dir_is "$tap_tmp/env" "" ESCINFO_CACHE_DIR="$tap_tmp/env" XDG_CACHE_HOME="$tap_tmp/xdg" HOME="$home"
ok "then \$XDG_CACHE_HOME/escinfo" cache_dir_is "$tap_tmp/xdg/escinfo" "" ESCINFO_CACHE_DIR= XDG_CACHE_HOME="$tap_tmp/xdg" HOME="$home"
ok "then \$HOME/.cache/escinfo" cache_dir_is "$home/.cache/escinfo" "" XDG_CACHE_HOME= HOME="$home"
env -u ESCINFO_CACHE_DIR -u XDG_CACHE_HOME -u HOME "$ESCINFO_CLI" stats > "$out" 2> "$err"
ok "no cache directory at all: exit 1" [ $? -eq 1 ]
echo "escinfo: no cache directory: none of ESCINFO_CACHE_DIR, XDG_CACHE_HOME and HOME is set" > "$exp"
ok "... with the reason" same_text "$exp" "$err"

# ---- hostile or broken entries ----
{
  line main "$src/m.c"
  line cwd "$src"
  line arg "-O2"
  line source "$src/m.c"
  line source-hash "$src/gone.h" null -1
  line fact local escape.return x main "$src/m.c" 1 22 "address of 'x' is returned"
  line spelling "$src/m.h" 3 9
  line note "a note"
  line step "$src/m.c" 1 30 "returned"
  line route escape.call yes "address passed to 'keep'"
  line route-step "$src/m.c" 1 40 "passed to 'keep'"
  line fact alloc alloc.stack-candidate "malloc" main "m.c" 2 7 "could live on the stack"
  line value 64
} > "$tap_tmp/full.spec"
"$WRITE_ENTRY" --print < "$tap_tmp/full.spec" > "$tap_tmp/full.json"
"$READ_ENTRY" --mutate "$tap_tmp/full.json" > "$out" 2>&1
ok "every truncation and thousands of byte changes parse or fail cleanly" contains "$out" " 0 rejected without a reason"
diag < "$out"
roundtrip() { # roundtrip FILE: parsing, writing and parsing again gives the same JSON
  "$READ_ENTRY" --roundtrip "$1" > "$out" 2>&1 || { diag < "$out"; return 1; }
}
ok "what is written reads back to the same entry" roundtrip "$tap_tmp/full.json"

line main "$src/m.c" > "$tap_tmp/utf8.spec"
line fact local noescape "$(printf 'caf\351')" main "$src/m.c" 1 1 "not UTF-8" >> "$tap_tmp/utf8.spec"
"$WRITE_ENTRY" --print < "$tap_tmp/utf8.spec" > "$tap_tmp/utf8.json"
ok "a name that is not UTF-8 is written with U+FFFD" contains "$tap_tmp/utf8.json" "\"name\":\"$(printf 'caf\357\277\275')\""
ok "... and reads back" roundtrip "$tap_tmp/utf8.json"

reads_as() { # reads_as FILE TEXT: read-entry on FILE prints TEXT
  "$READ_ENTRY" "$1" > "$out" 2>&1
  contains "$out" "$2"
}
sed 's/"schema":1,/"schema":1,"future":{"x":[1]},/; s/"flow":\[/"later":true,"flow":[/' "$tap_tmp/full.json" > "$tap_tmp/extra.json"
ok "unknown members are ignored" reads_as "$tap_tmp/extra.json" "ok: 2 facts, 2 sources"
sed 's/"routes":\[{"code":"escape.call"/"routes":[{"code":"noescape"/' "$tap_tmp/full.json" > "$tap_tmp/route-code.json"
ok "a route's code must be an escape or a leak" reads_as "$tap_tmp/route-code.json" "error: 'facts[0].routes[0].code' is 'noescape', not an escape.* or leak.* code"
sed 's/"routes":\[{"code":"escape.call","dangling":true,/"routes":[{"code":"escape.call",/' "$tap_tmp/full.json" > "$tap_tmp/route-dangling.json"
ok "a route's missing dangling flag is named" reads_as "$tap_tmp/route-dangling.json" "error: 'facts[0].routes[0].dangling' is missing"
sed 's/"routes":\[/"routes":{"x":[/; s/"passed to '"'"'keep'"'"'"}\]}\]/&}/' "$tap_tmp/full.json" > "$tap_tmp/route-type.json"
ok "routes must be an array" reads_as "$tap_tmp/route-type.json" "error: 'facts[0].routes' should be an array, not an object"
sed 's/"dangling":true,//' "$tap_tmp/full.json" > "$tap_tmp/missing.json"
ok "a missing member is named" reads_as "$tap_tmp/missing.json" "error: 'facts[0].dangling' is missing"
sed 's/"line":2,/"line":-2,/' "$tap_tmp/full.json" > "$tap_tmp/range.json"
ok "a negative line is refused" reads_as "$tap_tmp/range.json" "error: 'facts[1].line' is -2, out of range (0 to 4294967295)"
sed 's/"column":30,/"column":30.5,/' "$tap_tmp/full.json" > "$tap_tmp/real.json"
ok "a real number where an integer belongs is refused" reads_as "$tap_tmp/real.json" "error: 'facts[0].flow[0].column' should be an integer, not a real number"
sed 's/"hash":null/"hash":7/' "$tap_tmp/full.json" > "$tap_tmp/hash.json"
ok "a source hash must be a string or null" reads_as "$tap_tmp/hash.json" "error: 'sources[1].hash' should be a string or null, not an integer"
sed 's/"subject":"alloc"/"subject":"heap"/' "$tap_tmp/full.json" > "$tap_tmp/subject.json"
ok "an unknown subject is named" reads_as "$tap_tmp/subject.json" "error: 'facts[1].subject' is 'heap', not a known subject"
sed 's/{"schema":1,/{"schema":1,"schema":1,/' "$tap_tmp/full.json" > "$tap_tmp/dup.json"
ok "duplicate members are refused" reads_as "$tap_tmp/dup.json" "duplicate object key"
echo '[1,2]' > "$tap_tmp/array.json"
ok "an entry must be an object" reads_as "$tap_tmp/array.json" "error: entry should be a JSON object, not an array"
awk 'BEGIN { printf "{\"schema\":1,\"extra\":"; for (i = 0; i < 100000; i++) printf "["; }' > "$tap_tmp/deep.json"
ok "deep nesting is refused without a crash" reads_as "$tap_tmp/deep.json" "error: invalid JSON at line 1, column 2068: maximum parsing depth reached"
awk 'BEGIN { printf "{\"schema\":1,\"extra\":"; for (i = 0; i < 1000; i++) printf "[{\"a\":"; printf "1"; for (i = 0; i < 1000; i++) printf "}]"; printf "}"; }' > "$tap_tmp/deep-ok.json"
ok "a deep unknown member is skipped whole (then the missing members are named)" reads_as "$tap_tmp/deep-ok.json" "error: 'producer' is missing"
printf '{"schema":1,"extra":{"a":[1,2}]}' > "$tap_tmp/mismatched.json"
ok "a bracket closing the wrong container is invalid JSON" reads_as "$tap_tmp/mismatched.json" "error: invalid JSON at line 1, column 30: expected ',' or ']'"
truncate -s 300M "$tap_tmp/huge.json"
ok "an entry over the size limit is refused unread" reads_as "$tap_tmp/huge.json" "error: too large: 314572800 bytes"
rm -f "$tap_tmp/huge.json"
mkdir "$tap_tmp/dir.json"
ok "a directory is no entry" reads_as "$tap_tmp/dir.json" "error: not a regular file"

# A FIFO where an entry should be must not hang a lookup.
c=$tap_tmp/c-fifo
"$WRITE_ENTRY" "$c" < "$tap_tmp/small.spec"
index=$("$READ_ENTRY" --index-dir "$c" "$src/m.c")
if mkfifo "$c/v1/tu/00000000000000aa.json" 2> /dev/null; then
  : > "$index/00000000000000aa"
  timeout 20 "$READ_ENTRY" --lookup "$c" "$src/m.c" > "$out" 2>&1
  ok "a FIFO in place of an entry is skipped with a warning, not waited on" contains "$out" "00000000000000aa.json: not a regular file"
  ok "... and the valid entry is still found" contains "$out" "1 entries"
else
  skip "mkfifo not available"
  skip "mkfifo not available"
fi

done_testing
