#!/bin/sh
# plugin-preprocess.sh - the plugin in a preprocessing run (-E), as icecream and ccache run it with
# the compile's own arguments: with embed, the text ends with `#pragma escinfo source(...)` lines
# naming the hashes of the sources it came from and says where it was made; without embed, for
# dependency lists (-M) and macro dumps (-dM), the output is GCC's own.  Then the other half: a
# compile of that text elsewhere records those hashes, not those of the files it finds there.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
P=-fplugin=$ESCINFO_PLUGIN
E=-fplugin-arg-escinfo-embed
LC_ALL=C; export LC_ALL
hashes=$ESCINFO_SRCDIR/tests/lib/source-hashes.py

dev=$tap_tmp/dev
mkdir -p "$dev/inc" "$tap_tmp/farm"
cat > "$dev/inc/h.h" << 'EOF'
static inline int *id(int *p) { return p; }
EOF
cat > "$dev/a.c" << 'EOF'
#include <stdio.h>
#include "inc/h.h"
int *g;
void f(void) { int x = 1; g = id(&x); }
EOF
cp "$dev/a.c" "$dev/a.cc"
cd "$dev" || bail_out "cannot enter $dev"

# fnv FILE: the file's hash as the plugin writes it
fnv() {
  python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import importlib; m = importlib.import_module("source-hashes"); print(m.fnv1a64(open(sys.argv[2], "rb").read()))' \
    "$(dirname "$hashes")" "$1"
}
want_a="#pragma escinfo source(\"a.c\", \"$(fnv a.c)\", $(wc -c < a.c))"
want_h="#pragma escinfo source(\"inc/h.h\", \"$(fnv inc/h.h)\", $(wc -c < inc/h.h))"

"$ESC_GCC" -E "$P" "$E" a.c > "$tap_tmp/stdout.i" 2> "$tap_tmp/err"
ok "-E with embed to standard output: the compile succeeds quietly" [ $? -eq 0 -a ! -s "$tap_tmp/err" ]
ok "... the text ends with the main file's pragma" grep -qxF "$want_a" "$tap_tmp/stdout.i"
ok "... and the header's" grep -qxF "$want_h" "$tap_tmp/stdout.i"
ok "... after the text" sh -c 'tail -2 "$1" | grep -c "^#pragma escinfo source" | grep -qx 2' - "$tap_tmp/stdout.i"
ok "... system headers are left out" lacks "$tap_tmp/stdout.i" 'source("/usr/include'
ok "... and it says where it was made (-fworking-directory)" grep -qF "# 1 \"$(pwd)//\"" "$tap_tmp/stdout.i"
"$ESC_GCC" -E "$P" "$E" a.c -o "$tap_tmp/file.i"
ok "-E -o FILE: the same text" same_text "$tap_tmp/stdout.i" "$tap_tmp/file.i"
"$ESC_GCC" -E "$P" "$E" -fdirectives-only a.c > "$tap_tmp/dirs.i"
ok "-fdirectives-only (icecream's): the pragmas too" grep -qxF "$want_h" "$tap_tmp/dirs.i"
"$ESC_GCC" -E "$P" "$E" -fplugin-arg-escinfo-system-headers a.c > "$tap_tmp/sys.i"
ok "with system-headers, system headers are named too" grep -q 'source("/usr/include/stdio.h", "fnv1a64:' "$tap_tmp/sys.i"
"$ESC_GXX" -E "$P" "$E" a.cc > "$tap_tmp/cxx.i"
ok "C++: the pragmas too" grep -qF "source(\"a.cc\", \"$(fnv a.cc)\"" "$tap_tmp/cxx.i"

printf '#define ONE 1\n.text\n.globl one\none: movl $ONE, %%eax\nret\n' > t.S
"$ESC_GCC" -c "$P" "$E" -fplugin-arg-escinfo-no-cache t.S -o "$tap_tmp/t.o" 2> "$tap_tmp/err"
st=$?
"$ESC_GCC" -c t.S -o "$tap_tmp/t-plain.o"
ok "assembler through the preprocessor (.S) with embed: it assembles quietly (the pragma lines are comments to as)" \
  [ $st -eq 0 -a ! -s "$tap_tmp/err" ]
ok "... into the object it makes without the plugin" cmp -s "$tap_tmp/t.o" "$tap_tmp/t-plain.o"

"$ESC_GCC" -E a.c > "$tap_tmp/plain.i"
"$ESC_GCC" -E "$P" a.c > "$tap_tmp/noembed.i"
ok "without embed: GCC's own text" same_text "$tap_tmp/plain.i" "$tap_tmp/noembed.i"
"$ESC_GCC" -M a.c > "$tap_tmp/plain.d"
"$ESC_GCC" -M "$P" "$E" a.c > "$tap_tmp/embed.d"
ok "-M with embed: GCC's own dependency list" same_text "$tap_tmp/plain.d" "$tap_tmp/embed.d"
"$ESC_GCC" -E -dM a.c > "$tap_tmp/plain.h"
"$ESC_GCC" -E -dM "$P" "$E" a.c > "$tap_tmp/embed.h"
ok "-dM with embed: GCC's own macro dump" same_text "$tap_tmp/plain.h" "$tap_tmp/embed.h"
"$ESC_GCC" -E "$P" "$E" -MD -MF "$tap_tmp/side.d" a.c > /dev/null
"$ESC_GCC" -E -MD -MF "$tap_tmp/plain-side.d" a.c > /dev/null
ok "-MD beside -E: the dependency file is GCC's own" same_text "$tap_tmp/plain-side.d" "$tap_tmp/side.d"

# The farm's half: the text compiled where the files differ from those it was made from.
cp "$tap_tmp/dirs.i" "$tap_tmp/farm/a.i"
echo "/* edited after preprocessing */" >> inc/h.h
(cd "$tap_tmp/farm" && "$ESC_GCC" -O2 -c "$P" "$E" -fplugin-arg-escinfo-no-cache -fdirectives-only \
  -fpreprocessed -x c a.i -o a.o 2> "$tap_tmp/err")
ok "the text compiles elsewhere, quietly" [ $? -eq 0 -a ! -s "$tap_tmp/err" ]
ESCINFO_CACHE_DIR=$tap_tmp/facts "$ESCINFO_CLI" import "$tap_tmp/farm/a.o" > /dev/null 2>&1
python3 "$hashes" "$tap_tmp/facts" > "$tap_tmp/out"
ok "the unit names the developer's files" contains "$tap_tmp/out" "$dev/inc/h.h: recorded"
ok "... with the hashes of the text it compiled, not of the files as they are now" \
  grep -qF "$dev/inc/h.h: recorded $(printf '%s' "$want_h" | sed 's/.*", "\(fnv1a64:[0-9a-f]*\)".*/\1/')" "$tap_tmp/out"
ok "... the main file unchanged, its hash matches" lacks "$tap_tmp/out" "$dev/a.c:"

printf '#pragma escinfo source("a.c" "fnv1a64:0000000000000000", 3)\nint x;\n' > "$tap_tmp/bad.c"
status_is 0 "$ESC_GCC" -c "$P" -fplugin-arg-escinfo-no-cache "$tap_tmp/bad.c" -o "$tap_tmp/bad.o" 2> "$tap_tmp/err"
ok "a malformed pragma: the compile goes on" [ $? -eq 0 ]
ok "... with a warning that says so" contains "$tap_tmp/err" "malformed '#pragma escinfo source': ignored"
status_is 0 "$ESC_GCC" -c "$tap_tmp/stdout.i" -o "$tap_tmp/noplugin.o" 2> "$tap_tmp/err"
ok "the text compiles without the plugin (GCC ignores the pragmas; -Wall warns of them)" [ $? -eq 0 ]

done_testing
