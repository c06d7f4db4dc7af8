#!/bin/sh
# objects.sh - facts that travel in object files (-fplugin-arg-escinfo-embed): what linkers,
# archivers, strip and objcopy do to the .escinfo section, escinfo show on objects and binaries,
# escinfo import (objects, archives, executables, shared libraries, directories; idempotent;
# --prefix-map with the plugin's -ffile-prefix-map), and bad input: files that are no objects,
# truncated or hostile ELF files, corrupt, truncated, oversized and foreign records (TAP).
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
need_command objcopy "apt-get install binutils"
need_command python3 "apt-get install python3"

proj=$tap_tmp/proj
mkdir -p "$proj" && cp "$srcdir/examples/dangling.c" "$srcdir/examples/ringbuf.c" "$proj/" && chmod u+w "$proj"/*.c
cat > "$proj/main.c" <<'EOF'
#include <stddef.h>
char *format_id(int id);
int main(void) { return format_id(1) != NULL; }
EOF
P=-fplugin=$ESCINFO_PLUGIN
EMBED="-fplugin-arg-escinfo-embed"
# cc ARGS...: the C compiler in the project, quiet
cc() { (cd "$proj" && "$ESC_GCC" -w "$@") > "$tap_tmp/cc.log" 2>&1 || { diag < "$tap_tmp/cc.log"; return 1; }; }
# units FILE: the number of units escinfo show --json finds in FILE
units() { "$ESCINFO_CLI" show --json "$1" 2> /dev/null | python3 -c 'import json,sys; print(sum(len(f.get("units", [])) for f in json.load(sys.stdin)["files"]))' 2> /dev/null || echo error; }
# has_units N FILE: FILE carries N units
has_units() { n=$(units "$2"); [ "$n" = "$1" ] || { echo "$2: $n units, expected $1" | diag; return 1; }; }
export ESCINFO_CACHE_DIR=$tap_tmp/build-cache

for f in main dangling ringbuf; do
  ok "$f.c compiles with facts embedded (and the cache written)" cc -O2 -c $P $EMBED $f.c -o $f.o
done

# ---- what the object carries ------------------------------------------------------------------
"$ESCINFO_CLI" show "$proj/dangling.o" > "$tap_tmp/from-object" 2> "$err"
"$ESCINFO_CLI" show "$proj/dangling.c" > "$tap_tmp/from-cache" 2>> "$err"
ok "show OBJECT: the facts the compile wrote to the cache, the same" same_text "$tap_tmp/from-cache" "$tap_tmp/from-object"
"$ESCINFO_CLI" show --json "$proj/dangling.o" > "$out"
ok "show --json OBJECT: the unit with its main file, output and facts" python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["files"][0]
assert f["object"] and len(f["units"]) == 1, f
u = f["units"][0]
assert u["main"] == sys.argv[2] + "/dangling.c" and u["output"] == sys.argv[2] + "/dangling.o", u
assert any(x["code"] == "escape.return" and x["name"] == "buf" for x in u["facts"]), u
' "$out" "$(cd "$proj" && pwd -P)"

# ---- linkers, archivers, strip ------------------------------------------------------------------
ok "an executable links" cc -O2 main.o dangling.o ringbuf.o -o app
ok "the executable carries the records of its 3 units" has_units 3 "$proj/app"
ok "ld -r output: 3 units" sh -c 'cd "$1" && ld -r main.o dangling.o ringbuf.o -o all.o' - "$proj"
ok "... carried" has_units 3 "$proj/all.o"
ok "an archive" sh -c 'cd "$1" && ar rcs libx.a dangling.o ringbuf.o' - "$proj"
ok "... carries 2 units" has_units 2 "$proj/libx.a"
for f in dangling ringbuf; do cc -O2 -fPIC -c $P $EMBED -fplugin-arg-escinfo-no-cache $f.c -o $f.pic.o; done
ok "a shared library" cc -shared dangling.pic.o ringbuf.pic.o -o libx.so
ok "... carries 2 units" has_units 2 "$proj/libx.so"
ok "-Wl,--gc-sections keeps the section (not allocated, never collected)" cc -O2 -Wl,--gc-sections main.o dangling.o ringbuf.o -o app-gc
ok "... 3 units" has_units 3 "$proj/app-gc"
cp "$proj/app" "$proj/app-stripped" && strip "$proj/app-stripped"
ok "strip keeps the section: 3 units" has_units 3 "$proj/app-stripped"
cp "$proj/app" "$proj/app-nodebug" && strip --strip-debug "$proj/app-nodebug"
ok "strip --strip-debug keeps it: 3 units" has_units 3 "$proj/app-nodebug"
objcopy --only-keep-debug "$proj/app" "$proj/app.debug"
ok "objcopy --only-keep-debug keeps it (not allocated): the debug file carries 3 units" has_units 3 "$proj/app.debug"
objcopy --remove-section=.escinfo "$proj/app" "$proj/app-removed"
"$ESCINFO_CLI" show "$proj/app-removed" > "$out" 2> "$err"
ok "a binary without the section: show says how to get facts into it" contains "$err" "no facts in '$proj/app-removed' (compile it with -fplugin-arg-escinfo-embed)"
ok "-flto: the compile's object carries the facts" cc -O2 -flto -c $P $EMBED -fplugin-arg-escinfo-no-cache dangling.c -o dangling.lto.o
ok "... 1 unit" has_units 1 "$proj/dangling.lto.o"
cc -O2 -flto -c main.c -o main.lto.o && cc -O2 -flto main.lto.o dangling.lto.o -o app-lto
ok "-flto: the linked program does not (the LTO link rewrites the code; import the objects)" has_units 0 "$proj/app-lto"

# ---- import ---------------------------------------------------------------------------------------
imported=$tap_tmp/imported
"$ESCINFO_CLI" import --cache="$imported" "$proj/app" > "$out" 2> "$err"
ok "import EXECUTABLE exits 0" [ $? -eq 0 ]
ok "... and says what it imported" contains "$err" "escinfo: import: 3 units imported, 0 already in the cache, from 1 file"
"$ESCINFO_CLI" show --cache="$imported" "$proj/dangling.c" > "$tap_tmp/imported-facts" 2> "$err"
ok "the imported facts are the compile's" same_text "$tap_tmp/from-cache" "$tap_tmp/imported-facts"
"$ESCINFO_CLI" import --cache="$imported" "$proj/app" > "$out" 2> "$err"
ok "import again: nothing new (idempotent)" contains "$err" "escinfo: import: 0 units imported, 3 already in the cache, from 1 file"
"$ESCINFO_CLI" import --cache="$tap_tmp/from-dir" "$proj" > "$out" 2> "$err"
ok "import DIRECTORY: every object, archive and binary under it" sh -c '[ $1 -eq 0 ] && grep -q "libx.a: 2 units" "$2" && grep -q "libx.so: 2 units" "$2" && grep -q "main.o: 1 unit" "$2"' - $? "$out"
ok "... skipping the sources quietly, counted" contains "$err" "not objects"
"$ESCINFO_CLI" stats --cache="$tap_tmp/from-dir" > "$out" 2>&1
ok "... the cache reads back" [ $? -eq 0 ]

# an object moved after its compile (fetched from a build cache, a farm, CI) is keyed by where it is
mkdir -p "$tap_tmp/fetched" && cp "$proj/ringbuf.o" "$tap_tmp/fetched/ringbuf-copy.o"
"$ESCINFO_CLI" import --cache="$tap_tmp/moved" "$tap_tmp/fetched/ringbuf-copy.o" > "$out" 2> "$err"
"$ESCINFO_CLI" show --json --cache="$tap_tmp/moved" "$proj/ringbuf.c" > "$out" 2> "$err"
ok "an imported object is the unit's output, where it is now" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["files"][0]["entries"]
assert [x["output"] for x in e] == [sys.argv[2]], e
' "$out" "$(cd "$tap_tmp/fetched" && pwd -P)/ringbuf-copy.o"
"$ESCINFO_CLI" import --cache="$tap_tmp/moved" "$proj/app" > "$out" 2> "$err"
"$ESCINFO_CLI" show --json --cache="$tap_tmp/moved" "$proj/ringbuf.c" > "$out" 2> "$err"
ok "a program's units keep the outputs their compiles recorded" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["files"][0]["entries"]
assert sorted(x["output"] for x in e) == sorted([sys.argv[2], sys.argv[3]]), e
' "$out" "$(cd "$tap_tmp/fetched" && pwd -P)/ringbuf-copy.o" "$(cd "$proj" && pwd -P)/ringbuf.o"

# prefix maps: a build elsewhere (a CI machine, a farm host) spelling its paths through
# -ffile-prefix-map, imported here with --prefix-map
ci=$tap_tmp/ci/build
mkdir -p "$ci" && cp "$proj/dangling.c" "$ci/"
(cd "$ci" && "$ESC_GCC" -w -O2 -c $P $EMBED -fplugin-arg-escinfo-no-cache -ffile-prefix-map="$ci=/ci/build" dangling.c -o dangling.o)
"$ESCINFO_CLI" show "$ci/dangling.o" > "$out" 2>&1
ok "-ffile-prefix-map: the object spells its paths as the debug information does" contains "$out" "/ci/build/dangling.c:10:8: note: 'buf' escapes"
"$ESCINFO_CLI" import --cache="$tap_tmp/mapped" --prefix-map=/ci/build="$proj" "$ci/dangling.o" > "$out" 2> "$err"
"$ESCINFO_CLI" show --cache="$tap_tmp/mapped" "$proj/dangling.c" > "$out" 2> "$err"
ok "import --prefix-map OLD=NEW: the facts are found under NEW" contains "$out" "$proj/dangling.c:10:8: note: 'buf' escapes"

# ---- bad input --------------------------------------------------------------------------------------
"$ESCINFO_CLI" import --cache="$tap_tmp/bad" "$proj/dangling.c" > "$out" 2> "$err"
ok "import of a source file: says it is not an object" contains "$err" "dangling.c: not an object file, archive, executable or shared library"
: > "$tap_tmp/empty.o"
"$ESCINFO_CLI" import --cache="$tap_tmp/bad" "$tap_tmp/empty.o" > "$out" 2> "$err"
ok "an empty file: exit 1, saying so" sh -c '[ $1 -eq 1 ] && grep -q "is empty" "$2"' - $? "$err"
"$ESCINFO_CLI" import --cache="$tap_tmp/bad" "$tap_tmp/nonexistent.o" > "$out" 2> "$err"
ok "a missing file: exit 1, saying so" sh -c '[ $1 -eq 1 ] && grep -q "cannot read" "$2"' - $? "$err"
"$ESCINFO_CLI" import --cache="$tap_tmp/bad" --prefix-map=nothing "$proj/app" > "$out" 2> "$err"
ok "a --prefix-map without '=': usage error (2)" [ $? -eq 2 ]

objcopy --dump-section .escinfo="$tap_tmp/record" "$proj/dangling.o"
# damaged KIND: dangling.o with its record damaged as KIND says, as damaged-KIND.o
damaged() {
  python3 - "$tap_tmp/record" "$tap_tmp/bad-$1" "$1" <<'PY' && objcopy --update-section .escinfo="$tap_tmp/bad-$1" "$proj/dangling.o" "$tap_tmp/damaged-$1.o"
import struct, sys
rec = bytearray(open(sys.argv[1], "rb").read())
kind = sys.argv[3]
h, p = struct.unpack_from("<II", rec, 12)
if kind == "truncated": rec = rec[: len(rec) // 2]
elif kind == "zlib": rec[24 + h + 10 : 24 + h + 30] = b"\xff" * 20
elif kind == "huge": struct.pack_into("<I", rec, 20, 0xFFFFFFF0)
elif kind == "length": struct.pack_into("<I", rec, 16, 0xFFFFFFF0)
elif kind == "version": struct.pack_into("<H", rec, 8, 7)
elif kind == "garbage": rec = bytearray(b"hello, world" * 10)
elif kind == "header": rec[24 : 24 + h] = b"{" * h
elif kind == "then-good": rec = rec[: len(rec) // 2] + rec   # a broken record, then a good one
open(sys.argv[2], "wb").write(rec)
PY
}
for kind in truncated zlib huge length version garbage header then-good; do
  damaged $kind || bail_out "cannot make a damaged record ($kind)"
done
check_damaged() { # KIND EXPECTED-MESSAGE
  "$ESCINFO_CLI" import --cache="$tap_tmp/bad" "$tap_tmp/damaged-$1.o" > "$out" 2> "$err"
  st=$?
  grep -qF -- "$2" "$err" && [ $st -eq 1 ] || { echo "exit $st" | diag; diag < "$err"; return 1; }
}
ok "a truncated record: exit 1, said" check_damaged truncated "truncated record"
ok "bad compressed data: exit 1, said" check_damaged zlib "bad compressed payload"
ok "a payload said to be 4 GB: refused before inflating" check_damaged huge "bad record: payload of 4294967280 bytes uncompressed"
ok "a length past the section's end: refused" check_damaged length "truncated record: it says"
ok "a record of another format version: skipped, said" check_damaged version "a record of format version 7 (this escinfo reads version 1): skipped"
ok "bytes that are no record: said" check_damaged garbage "bytes that are no escinfo record"
ok "a bad header: said" check_damaged header "bad header"
check_damaged then-good "bad compressed payload"
ok "a broken record, then a good one: the good one is imported" contains "$err" "escinfo: import: 1 unit imported"
"$ESCINFO_CLI" stats --cache="$tap_tmp/bad" > "$out" 2>&1
ok "after all that, the cache reads back whole" sh -c '[ $1 -eq 0 ] && grep -q "corrupt entries: 0" "$2"' - $? "$out"

# hostile ELF files: truncated, section headers outside the file, absurd counts
python3 - "$proj/dangling.o" "$tap_tmp" <<'PY'
import struct, sys
elf = bytearray(open(sys.argv[1], "rb").read())
out = sys.argv[2]
open(out + "/elf-cut.o", "wb").write(elf[:200])
e = bytearray(elf); struct.pack_into("<Q", e, 40, len(elf) * 4); open(out + "/elf-shoff.o", "wb").write(e)
e = bytearray(elf); struct.pack_into("<H", e, 60, 0xFFFE); open(out + "/elf-shnum.o", "wb").write(e)
e = bytearray(elf); struct.pack_into("<H", e, 62, 0xFFF0); open(out + "/elf-shstrndx.o", "wb").write(e)
shoff, = struct.unpack_from("<Q", elf, 40)
e = bytearray(elf)
shnum, = struct.unpack_from("<H", elf, 60)
for i in range(1, shnum):   # every section's offset far away
    struct.pack_into("<Q", e, shoff + i * 64 + 24, 1 << 40)
open(out + "/elf-offsets.o", "wb").write(e)
ar = bytearray(open(sys.argv[1].replace("dangling.o", "libx.a"), "rb").read())
open(out + "/ar-cut.a", "wb").write(ar[: len(ar) - 100])
a = bytearray(ar); a[8 + 48 : 8 + 58] = b"9999999999"; open(out + "/ar-size.a", "wb").write(a)
PY
for f in elf-cut.o elf-shoff.o elf-shnum.o elf-shstrndx.o elf-offsets.o ar-cut.a ar-size.a; do
  "$ESCINFO_CLI" import --cache="$tap_tmp/bad" "$tap_tmp/$f" > "$out" 2> "$err"
  st=$?
  ok "a hostile file ($f): no crash, a reason" sh -c '[ $1 -lt 128 ] && grep -q "escinfo: " "$2"' - $st "$err"
done

# ---- esclsp --check: the cache's compile is of another text, the object of this one --------------
need_built "$ESCLSP"
br=$tap_tmp/branch
mkdir -p "$br"
printf 'int *g;\nvoid f(void) { int x = 1; g = &x; }\n' > "$br/b.c"
(cd "$br" && "$ESC_GCC" -c -w -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-cache="$br/cache" b.c -o other.o)
printf 'int *g;\nint *h(void) { static int s; int y = 2; g = &s; return &y; }\n' > "$br/b.c"
(cd "$br" && "$ESC_GCC" -c -w -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-no-cache \
  -fplugin-arg-escinfo-embed b.c -o b.o)
printf '[{"directory": "%s", "file": "b.c", "arguments": ["gcc", "-c", "b.c", "-o", "b.o"]}]\n' "$br" \
  > "$br/compile_commands.json"
"$ESCLSP" --check "$br/b.c" --cache="$br/cache" > "$out" 2>&1
ok "esclsp --check: the cache's compile of another text gives way to the object's" \
  contains "$out" "esclsp: the cache's compiles are of another text; facts from the object '$br/b.o'"
ok "... whose facts are fresh" grep -q "b.c -> $br/b.o, compiled .*, fresh$" "$out"
ok "... and of this text ('y', not 'x')" sh -c 'grep -q "'"'"'y'"'"'" "$1" && ! grep -q "'"'"'x'"'"'" "$1"' - "$out"
printf 'int *g;\n/* a third text */\n' >> "$br/b.c"
"$ESCLSP" --check "$br/b.c" --cache="$br/cache" > "$out" 2>&1
ok "when the object is of another text too, the cache's facts stay, stale" \
  sh -c 'grep -q "not the object .* names either" "$1" && grep -q ", STALE$" "$1"' - "$out"

done_testing
