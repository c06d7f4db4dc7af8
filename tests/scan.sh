#!/bin/sh
# scan.sh - escinfo scan over compile_commands.json as users get one: CMake's export, Meson's own
# file, Bear over make, and one written by hand for the edge cases (command strings with quotes,
# response files, dependency and other side outputs, wrappers, other compilers, a failing compile,
# Ctrl-C); a real code base (lz4, from npm) when the registry is reachable.  Facts must equal a
# plugin build's (but frame sizes), nothing but the cache may be written, and a second scan of
# unchanged files analyses nothing.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
need_command python3 "apt-get install python3"
LC_ALL=C; export LC_ALL
# the builds below are the projects' own, not part of this make's: not its jobserver either
unset MAKEFLAGS MFLAGS MAKELEVEL
scan() { "$ESCINFO_CLI" scan --cache="$cache" "$@"; }
proj=$tap_tmp/project
cp -R "$srcdir/tests/scan/project" "$proj" && chmod -R u+w "$proj"

# files_written DIR: DIR holds nothing but what it held before (FILES.before), the database and
# the build system's own files
nothing_written() {
  (cd "$1" && find . -type f \( -name '*.o' -o -name '*.d' -o -name '*.su' -o -name '*.s' -o -name '*.i' \
     -o -name '*.gcno' -o -name '*.dwo' \) | sort) >"$tap_tmp/written"
  [ ! -s "$tap_tmp/written" ] && return 0
  echo "files written:" | diag
  diag <"$tap_tmp/written"
  return 1
}
same_facts_as_build() { # FULL-CACHE
  python3 "$srcdir/tests/lib/compare-entries.py" "$1" "$cache" >"$tap_tmp/cmp" 2>&1 && return 0
  diag <"$tap_tmp/cmp"
  return 1
}

# ---- CMake ------------------------------------------------------------------------------------
if command -v cmake >/dev/null 2>&1; then
  ok "cmake exports compile_commands.json" logged cmake -S "$proj" -B "$proj/build" \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_C_COMPILER="$ESC_GCC"
  (cd "$proj" && scan >"$out" 2>"$err")
  ok "[cmake] scan finds build/compile_commands.json from the project's top and succeeds" [ $? -eq 0 ]
  ok "[cmake] the summary counts both units analysed" contains "$out" "2 units: 2 analysed, 0 up to date, 0 skipped, 0 failed"
  ok "[cmake] one line per unit when the output is not a terminal" contains "$out" "src/names.c: analysed in"
  "$ESCINFO_CLI" show --cache="$cache" "$proj/src/names.c" >"$out" 2>&1
  ok "[cmake] the dangling return is in the cache" contains "$out" "'buf' escapes: address returned from 'name_of'"
  ok "[cmake] no object, dependency or other file is written" nothing_written "$proj"
  (cd "$proj" && scan >"$out" 2>"$err")
  ok "[cmake] a second scan analyses nothing" contains "$out" "2 units: 0 analysed, 2 up to date"
  echo "/* edited */" >>"$proj/src/names.h"
  (cd "$proj/build" && scan >"$out" 2>"$err")
  ok "[cmake] after a header edit, the units that read it are analysed again" contains "$out" "2 units: 2 analysed, 0 up to date"
  (cd "$proj/src" && scan -p ../build --force main.c >"$out" 2>"$err")
  ok "[cmake] a named FILE (relative, with -p) with --force: that unit alone" contains "$out" "1 units: 1 analysed"
  # the same project built with the plugin in CFLAGS: the facts must be the scan's
  ok "[cmake] a plugin build of the project" logged sh -c "cmake -S '$proj' -B '$proj/build-plugin' -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_C_COMPILER='$ESC_GCC' \
    -DCMAKE_C_FLAGS='-fplugin=$ESCINFO_PLUGIN -fplugin-arg-escinfo-cache=$tap_tmp/built' && cmake --build '$proj/build-plugin'"
  rm -rf "$cache"
  scan -p "$proj/build-plugin" >"$out" 2>"$err"
  ok "[cmake] scanning the plugin build's database (its -fplugin options left out) succeeds" [ $? -eq 0 ]
  ok "[cmake] the scan's entries are the build's, the same facts but frame sizes" same_facts_as_build "$tap_tmp/built"
  rm -rf "$proj/build" "$proj/build-plugin" "$cache" "$tap_tmp/built"
else
  skip "cmake is not installed (apt-get install cmake)"
fi

# ---- Meson ------------------------------------------------------------------------------------
if command -v meson >/dev/null 2>&1 && command -v ninja >/dev/null 2>&1; then
  ok "meson setup writes compile_commands.json" logged env CC="$ESC_GCC" meson setup "$proj/mbuild" "$proj"
  scan -p "$proj/mbuild" >"$out" 2>"$err"
  ok "[meson] scan succeeds" [ $? -eq 0 ]
  ok "[meson] both units analysed" contains "$out" "2 units: 2 analysed"
  "$ESCINFO_CLI" show --cache="$cache" "$proj/src/main.c" >"$out" 2>&1
  ok "[meson] the facts of main.c are in the cache" contains "$out" "'label' escapes"
  ok "[meson] no object is written" nothing_written "$proj"
  rm -rf "$proj/mbuild" "$cache"
else
  skip "meson or ninja is not installed (apt-get install meson ninja-build)"
fi

# ---- Bear over make ---------------------------------------------------------------------------
if command -v bear >/dev/null 2>&1; then
  ok "bear -- make writes compile_commands.json" logged sh -c "cd '$proj' && bear -- make -f project.mk CC='$ESC_GCC'"
  ok "[bear] make -MMD wrote its dependency files" [ -f "$proj/src/names.d" ]
  make -s -C "$proj" -f project.mk clean >/dev/null
  (cd "$proj" && scan >"$out" 2>"$err")
  ok "[bear] scan succeeds" [ $? -eq 0 ]
  ok "[bear] both units analysed" contains "$out" "2 units: 2 analysed"
  ok "[bear] -MMD and -o are left out: no object or dependency file" nothing_written "$proj"
  rm -f "$proj/compile_commands.json" "$cache" -r
else
  skip "bear is not installed (apt-get install bear)"
fi

# ---- a database written by hand ---------------------------------------------------------------
hand=$tap_tmp/hand
mkdir -p "$hand/obj"
cp "$proj/src/names.c" "$proj/src/names.h" "$proj/src/main.c" "$hand/"
printf 'int broken(void) { return }\n' >"$hand/broken.c"
printf '%s\n' '-DGREETING="\"hello world\"" -I.' >"$hand/flags.rsp"
cat >"$hand/compile_commands.json" <<EOF
[
  { "directory": "$hand", "file": "names.c",
    "command": "ccache $ESC_GCC -O2 '-DTAG=\"a b\"' @flags.rsp -MD -MF obj/names.d -save-temps -fstack-usage -c names.c -o obj/names.o" },
  { "directory": "$hand", "file": "main.c",
    "arguments": ["$ESC_GCC", "-c", "-o", "obj/main.o", "-fdump-tree-all", "main.c"] },
  { "directory": "$hand", "file": "broken.c", "arguments": ["$ESC_GCC", "-c", "broken.c"] },
  { "directory": "$hand", "file": "names.c", "arguments": ["clang", "-c", "names.c", "-o", "obj/clang.o"] },
  { "directory": "$hand", "file": "main.c", "arguments": ["/nonexistent/cc", "-c", "main.c", "-o", "obj/x.o"] },
  { "directory": "$hand" }
]
EOF
scan -p "$hand" -j 2 >"$out" 2>"$err"
ok "[hand] a failed compile makes the status 1" [ $? -eq 1 ]
ok "[hand] an entry without file or command is skipped with a warning naming it" contains "$err" "entry 5 skipped"
ok "[hand] the failed compile is named, with the compiler's error" contains "$err" "broken.c: the compile failed"
ok "[hand] ... and its error line" contains "$err" "error: expected expression"
ok "[hand] the other units are analysed (wrapper, quotes, response file, side outputs)" contains "$out" "2 analysed, 0 up to date, 2 skipped, 1 failed"
ok "[hand] clang is skipped, said once with the reason" contains "$out" "compiled by 'clang': "
ok "[hand] a compiler that cannot run is skipped with the reason" contains "$out" "'/nonexistent/cc' cannot be run"
ok "[hand] -MD -MF, -save-temps, -fstack-usage, -fdump-*, -o: nothing is written" nothing_written "$hand"
ok "[hand] ... not even a dump file" [ -z "$(find "$hand" -name '*.t.*' -o -name '*.ii')" ]
"$ESCINFO_CLI" show --cache="$cache" "$hand/names.c" >"$tap_tmp/show" 2>&1
ok "[hand] the facts of names.c are in the cache" contains "$tap_tmp/show" "'buf' escapes"
python3 - "$cache" "$hand" >"$tap_tmp/keys" 2>&1 <<'PY'
import glob, json, sys
cache, hand = sys.argv[1:]
outs = sorted(json.load(open(p))['tu']['output'] for p in glob.glob(cache + '/v1/tu/*.json'))
want = sorted([hand + '/obj/names.o', hand + '/obj/main.o'])
if outs != want:
    sys.exit(f'entries record the outputs {outs}, expected {want}')
PY
ok "[hand] entries record the build's objects (-o), so a build replaces them" same_text /dev/null "$tap_tmp/keys"
# another GCC version: gcc-11 beside GCC 12, gcc (12) beside gcc-11
mine=$("$ESC_GCC" -dumpfullversion)
other=
for c in gcc-11 gcc-12 gcc; do
  if command -v "$c" >/dev/null 2>&1 && [ "$("$c" -dumpfullversion)" != "$mine" ]; then other=$c; break; fi
done
if [ -n "$other" ]; then
  mkdir -p "$hand/other"
  printf '[{"directory": "%s", "file": "main.c", "arguments": ["%s", "-c", "main.c"]}]\n' "$hand" "$other" >"$hand/other/compile_commands.json"
  scan -p "$hand/other" >"$out" 2>"$err"
  ok "[hand] another GCC version ($other) is skipped, naming both versions" contains "$out" "the plugin is for GCC $mine"
else
  skip "no GCC of another version than $mine (apt-get install gcc-11)"
fi

# ---- errors -----------------------------------------------------------------------------------
mkdir -p "$tap_tmp/empty"
(cd "$tap_tmp/empty" && "$ESCINFO_CLI" scan --cache="$cache" >"$out" 2>"$err")
ok "no compile_commands.json: status 1" [ $? -eq 1 ]
ok "... and how to make one" contains "$err" "CMAKE_EXPORT_COMPILE_COMMANDS"
printf '{"not": "an array"}' >"$tap_tmp/empty/compile_commands.json"
(cd "$tap_tmp/empty" && "$ESCINFO_CLI" scan --cache="$cache" >"$out" 2>"$err")
ok "a database that is no JSON array: status 1, said so" contains "$err" "is not a compilation database"
printf '[{"directory": "/", "file": "x.c", "command": "gcc -c x.c' >"$tap_tmp/empty/compile_commands.json"
(cd "$tap_tmp/empty" && "$ESCINFO_CLI" scan --cache="$cache" >"$out" 2>"$err")
ok "a database that is not JSON: its line and column" contains "$err" "(line 1, column"
scan -p "$hand" nowhere.c >"$out" 2>"$err"
ok "a FILE no entry compiles: status 1, named" contains "$err" "'nowhere.c' is not compiled by any entry"
status_is 2 "$ESCINFO_CLI" scan -j 0 2>"$err"
ok "-j 0 is a usage error" [ $? -eq 0 ]
status_is 1 "$ESCINFO_CLI" scan --plugin=/nonexistent/escinfo.so -p "$hand" 2>"$err"
ok "a missing plugin: status 1, named" contains "$err" "cannot read the plugin '/nonexistent/escinfo.so'"

# ---- Ctrl-C -----------------------------------------------------------------------------------
# a compiler that takes its time: the real one behind a script that sleeps before each compile
slow=$tap_tmp/slow
mkdir -p "$slow/bin"
real_gcc=$(command -v "$ESC_GCC")
cat >"$slow/bin/gcc" <<EOF
#!/bin/sh
case "\$*" in *-fplugin=*) sleep 30 ;; esac
exec "$real_gcc" "\$@"
EOF
chmod +x "$slow/bin/gcc"
printf '[' >"$slow/compile_commands.json"
for i in 1 2 3 4; do
  cp "$hand/names.c" "$slow/u$i.c"
  cp "$hand/names.h" "$slow/"
  printf '%s{"directory": "%s", "file": "u%s.c", "arguments": ["%s", "-c", "u%s.c"]}' \
    "$([ "$i" -gt 1 ] && echo ,)" "$slow" "$i" "$slow/bin/gcc" "$i" >>"$slow/compile_commands.json"
done
printf ']\n' >>"$slow/compile_commands.json"
"$ESCINFO_CLI" scan --cache="$tap_tmp/slowcache" -p "$slow" -j 2 >"$out" 2>"$err" &
scan_pid=$!
running_compiles() { [ "$(pgrep -f "sleep 30" | wc -l)" -ge 2 ]; }
ok "[ctrl-c] two compiles are running" wait_for 20 "for the compiles to start" running_compiles
kill -INT "$scan_pid"
wait "$scan_pid"
status=$?
ok "[ctrl-c] escinfo scan stops with status 130" [ "$status" -eq 130 ]
ok "[ctrl-c] the summary says what was not run" contains "$out" "4 not run (interrupted)"
no_compiles() { ! pgrep -f "$slow/bin/gcc" >/dev/null; }
ok "[ctrl-c] no compile is left running" wait_for 10 "for the compiles to end" no_compiles
ok "[ctrl-c] no temp file is left in the cache" no_temp_files "$tap_tmp/slowcache"

# ---- a real code base -------------------------------------------------------------------------
if command -v cmake >/dev/null 2>&1 && lz4=$("$srcdir/tools/fetch-lz4.sh" "$ESCINFO_BUILDDIR/bench-data" 2>"$tap_tmp/fetch.err"); then
  cp -R "$lz4" "$tap_tmp/lz4"
  ok "[lz4] cmake exports its database" logged cmake -S "$tap_tmp/lz4/contrib/cmake_unofficial" -B "$tap_tmp/lz4/build" \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_C_COMPILER="$ESC_GCC"
  rm -rf "$cache"
  scan -p "$tap_tmp/lz4/build" >"$out" 2>"$err"
  ok "[lz4] every unit is analysed" [ $? -eq 0 ]
  ok "[lz4] none failed" contains "$out" "0 skipped, 0 failed"
  ok "[lz4] a plugin build of lz4" logged sh -c "cmake -S '$tap_tmp/lz4/contrib/cmake_unofficial' -B '$tap_tmp/lz4/pbuild' -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_C_COMPILER='$ESC_GCC' -DCMAKE_C_FLAGS='-fplugin=$ESCINFO_PLUGIN -fplugin-arg-escinfo-cache=$tap_tmp/lz4built' &&
    cmake --build '$tap_tmp/lz4/pbuild' -j2"
  rm -rf "$cache"
  scan -p "$tap_tmp/lz4/pbuild" >"$out" 2>"$err"
  ok "[lz4] the scan's facts are the build's, but frame sizes" same_facts_as_build "$tap_tmp/lz4built"
else
  skip "lz4 (npm pack lz4) or cmake not available: $(tail -1 "$tap_tmp/fetch.err" 2>/dev/null)"
fi
done_testing
