#!/bin/sh
# cache-cli.sh - the escinfo command over a cache written by tests/lib/write-entry: show, stats, gc, corrupt entries, usage errors.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_CLI" "$WRITE_ENTRY" "$READ_ENTRY"

printf 'int *f(int *p)\n{\n  int x;\n  return &x;\n}\n' > "$src/a.c"
printf 'extern int *g;\nstatic inline void keep(int *q) { g = q; }\n' > "$src/b.h"
printf '#include "b.h"\nint c(void) { int v; keep(&v); return v; }\n' > "$src/c.c"

# a.c includes b.h; compiled at 1700000000 (2023-11-14T22:13:20Z).  Facts not in printing order.
{
  line main "$src/a.c"
  line output "$src/a.o"
  line time 1700000000
  line source "$src/a.c"
  line source "$src/b.h"
  line fact local escape.return x f "$src/a.c" 3 7 "address of local 'x' is returned"
  line step "$src/a.c" 4 10 "'&x' is taken here"
  line step "$src/a.c" 4 3 "and returned here"
  line route escape.call no "address passed to 'fill'"
  line route-step "$src/a.c" 3 20 "'&x' is passed here"
  line note "the returned pointer dangles"
  line fact frame frame.size f f "$src/a.c" 1 6 "frame of 'f' is 16 bytes"
  line value 16
  line fact frame frame.dynamic f f "$src/a.c" 1 6 "frame of 'f' grows at run time"
  line fact param noleak p f "$src/a.c" 1 13 "parameter 'p' does not leak"
  line fact param leak.global q keep "$src/b.h" 2 33 "parameter 'q' leaks into global 'g' (a.o)"
} > "$tap_tmp/a.spec"
# c.c includes b.h too; compiled 100 s later.  It holds the b.h fact again.
{
  line main "$src/c.c"
  line output "$src/c.o"
  line time 1700000100
  line source "$src/c.c"
  line source "$src/b.h"
  line fact param leak.global q keep "$src/b.h" 2 33 "parameter 'q' leaks into global 'g' (c.o)"
  line fact frame frame.size keep keep "$src/b.h" 2 20 "frame of 'keep' is 0 bytes"
  line value 0
  line fact local escape.call v c "$src/c.c" 2 19 "address of 'v' is passed to 'keep'"
  line spelling "$src/b.h" 2 1
} > "$tap_tmp/c.spec"

write_both() {
  "$WRITE_ENTRY" "$cache" < "$tap_tmp/a.spec" && "$WRITE_ENTRY" "$cache" < "$tap_tmp/c.spec"
}
ok "write-entry writes two entries" write_both

# ---- show, text ----
cat > "$tap_tmp/a.expected" <<EOT
$src/a.c:1:6: note: frame of 'f' grows at run time [escinfo:frame.dynamic]
$src/a.c:1:6: note: frame of 'f' is 16 bytes [escinfo:frame.size]
$src/a.c:1:13: note: parameter 'p' does not leak [escinfo:noleak]
$src/a.c:3:7: note: address of local 'x' is returned [escinfo:escape.return]
$src/a.c:3:7: note:   also address passed to 'fill' [escinfo:escape.call]
$src/a.c:3:7: note:   the returned pointer dangles
EOT
"$ESCINFO_CLI" show --cache="$cache" "$src/a.c" > "$out" 2> "$err"
show_status=$?
ok "show prints one sorted line per fact, its other routes and its note after it" same_text "$tap_tmp/a.expected" "$out"
ok "show exits 0 when FILE has facts" [ "$show_status" -eq 0 ]
ok "show prints nothing on stderr for fresh facts" same_text /dev/null "$err"

cat > "$exp" <<EOT
$src/a.c:1:6: note: frame of 'f' grows at run time [escinfo:frame.dynamic]
$src/a.c:1:6: note: frame of 'f' is 16 bytes [escinfo:frame.size]
$src/a.c:1:13: note: parameter 'p' does not leak [escinfo:noleak]
$src/a.c:3:7: note: address of local 'x' is returned [escinfo:escape.return]
$src/a.c:4:10: note:   1. '&x' is taken here
$src/a.c:4:3: note:   2. and returned here
$src/a.c:3:7: note:   also address passed to 'fill' [escinfo:escape.call]
$src/a.c:3:20: note:   1. '&x' is passed here
$src/a.c:3:7: note:   the returned pointer dangles
EOT
"$ESCINFO_CLI" show -v --cache="$cache" "$src/a.c" > "$out" 2>&1
ok "show -v prints the flow steps of every route, numbered from 1" same_text "$exp" "$out"
"$ESCINFO_CLI" show --flow --cache "$cache" "$src/a.c" > "$out" 2>&1
ok "--flow and --cache DIR are accepted too" same_text "$exp" "$out"

cat > "$exp" <<EOT
$src/b.h:2:20: note: frame of 'keep' is 0 bytes [escinfo:frame.size]
$src/b.h:2:33: note: parameter 'q' leaks into global 'g' (c.o) [escinfo:leak.global]
EOT
"$ESCINFO_CLI" show --cache="$cache" "$src/b.h" > "$out" 2>&1
ok "a fact two entries hold is shown once, from the newest entry" same_text "$exp" "$out"

(cd "$src" && ESCINFO_CACHE_DIR=$cache "$ESCINFO_CLI" show ./sub/../b.h) > "$out" 2>&1
ok "FILE may be relative and unnormalised; ESCINFO_CACHE_DIR is used" same_text "$exp" "$out"

cat > "$exp" <<EOT
$src/c.c:2:19: note: address of 'v' is passed to 'keep' [escinfo:escape.call]
$src/b.h:2:20: note: frame of 'keep' is 0 bytes [escinfo:frame.size]
$src/b.h:2:33: note: parameter 'q' leaks into global 'g' (c.o) [escinfo:leak.global]
EOT
"$ESCINFO_CLI" show --cache="$cache" "$src/c.c" "$src/b.h" > "$out" 2>&1
ok "several FILEs are shown in the order given" same_text "$exp" "$out"

# ---- show --json ----
check_json() { # check_json FILE PYTHON-ASSERTIONS (j is the parsed object)
  python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
$2
" "$1" 2>&1 | diag
  python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
$2
" "$1" > /dev/null 2>&1
}
"$ESCINFO_CLI" show --json --cache="$cache" "$src/b.h" > "$out" 2> "$err"
ok "show --json: path, covering entries newest first, stale flags" check_json "$out" "
f, = j['files']
assert f['path'] == '$src/b.h', f['path']
assert [(e['main'], e['output'], e['time'], e['stale']) for e in f['entries']] == [
  ('$src/c.c', '$src/c.o', 1700000100, False), ('$src/a.c', '$src/a.o', 1700000000, False)], f['entries']
"
ok "show --json: facts in the cache schema, deduplicated and sorted" check_json "$out" "
f = j['files'][0]['facts']
assert [(x['code'], x['line'], x['column']) for x in f] == [('frame.size', 2, 20), ('leak.global', 2, 33)], f
assert f[0] == {'subject': 'frame', 'code': 'frame.size', 'name': 'keep', 'function': 'keep',
  'file': '$src/b.h', 'line': 2, 'column': 20, 'dangling': False,
  'message': \"frame of 'keep' is 0 bytes\", 'value': 0, 'flow': []}, f[0]
assert f[1]['message'].endswith('(c.o)') and 'value' not in f[1] and 'note' not in f[1], f[1]
"
"$ESCINFO_CLI" show --json --cache="$cache" "$src/c.c" > "$out" 2> "$err"
ok "show --json: spelling location" check_json "$out" "
x, = j['files'][0]['facts']
assert x['spelling'] == {'file': '$src/b.h', 'line': 2, 'column': 1}, x
"

# ---- files without facts ----
"$ESCINFO_CLI" show --cache="$cache" "$src/none.c" > "$out" 2> "$err"
ok "show exits 1 when no FILE has facts" [ $? -eq 1 ]
echo "escinfo: no facts for '$src/none.c' in cache '$cache' (compile it with -fplugin=escinfo.so)" > "$exp"
ok "show says which FILE has no facts, in which cache" same_text "$exp" "$err"
"$ESCINFO_CLI" show --cache="$cache" "$src/none.c" "$src/a.c" > "$out" 2> "$err"
ok "show exits 0 when one FILE of several has facts" [ $? -eq 0 ]
ok "... and still names the FILE without facts" contains "$err" "no facts for '$src/none.c'"
"$ESCINFO_CLI" show --json --cache="$cache" "$src/none.c" > "$out" 2> "$err"
ok "show --json prints an empty report for a FILE without facts" check_json "$out" "
assert j == {'files': [{'path': '$src/none.c', 'entries': [], 'facts': [], 'suppressed': []}]}, j
"

# ---- staleness ----
echo '/* edited */' >> "$src/b.h"
"$ESCINFO_CLI" show --cache="$cache" "$src/b.h" > "$out" 2> "$err"
echo "escinfo: '$src/b.h' changed since it was compiled at 2023-11-14T22:15:00Z; facts may be out of date" > "$exp"
ok "show warns that FILE changed since the newest compile its facts come from" same_text "$exp" "$err"
ok "... and still shows the facts" contains "$out" "[escinfo:leak.global]"
"$ESCINFO_CLI" show --json --cache="$cache" "$src/b.h" > "$out" 2> /dev/null
ok "show --json marks both entries stale" check_json "$out" "
assert [e['stale'] for e in j['files'][0]['entries']] == [True, True], j
"
"$ESCINFO_CLI" show --cache="$cache" "$src/a.c" > /dev/null 2> "$err"
ok "an unchanged file gets no stale warning" same_text /dev/null "$err"

# ---- version, help, usage errors ----
echo "escinfo $ESCINFO_VERSION" > "$exp"
"$ESCINFO_CLI" --version > "$out" 2>&1
ok "--version" same_text "$exp" "$out"
"$ESCINFO_CLI" --help > "$out" 2>&1
ok "--help prints the usage on stdout and exits 0" contains "$out" "Usage: escinfo show"
usage_error() { # usage_error MESSAGE ARG...: exit status 2, MESSAGE and the hint on stderr
  tap_msg=$1
  shift
  "$ESCINFO_CLI" "$@" > "$out" 2> "$err"
  tap_got=$?
  [ "$tap_got" -eq 2 ] || { echo "exit status $tap_got" | diag; return 1; }
  contains "$err" "$tap_msg" && contains "$err" "Try 'escinfo --help'" && same_text /dev/null "$out"
}
ok "no command: usage error" usage_error "no command given"
ok "unknown command: usage error" usage_error "unknown command 'frob'" frob
ok "show without FILE: usage error" usage_error "'escinfo show' needs at least one FILE" show
ok "unknown option: usage error" usage_error "unknown option '--bogus'" show --bogus "$src/a.c"
ok "unknown short option: usage error" usage_error "unknown option '-x'" show -x "$src/a.c"
ok "--cache without a value: usage error" usage_error "option '--cache' needs a value" show "$src/a.c" --cache
ok "--json=1: usage error" usage_error "option '--json=1' takes no value" show --json=1 "$src/a.c"
ok "an option of another command: usage error" usage_error "'escinfo stats' has no option '--json'" stats --json
ok "stats with a FILE: usage error" usage_error "'escinfo stats' takes no FILE (got 'x.c')" stats x.c

# ---- unreadable caches ----
echo not a directory > "$tap_tmp/plain"
"$ESCINFO_CLI" show --cache="$tap_tmp/plain" "$src/a.c" > "$out" 2> "$err"
ok "show with a cache that is a file exits 1" [ $? -eq 1 ]
ok "... saying why" contains "$err" "escinfo: refusing cache directory '$tap_tmp/plain': not a directory"
"$ESCINFO_CLI" stats --cache="$tap_tmp/missing" > "$out" 2> "$err"
ok "stats with a missing cache exits 1" [ $? -eq 1 ]
ok "... saying so" contains "$err" "escinfo: no cache at '$tap_tmp/missing'"

# ---- stats ----
"$ESCINFO_CLI" stats --cache="$cache" > "$out" 2> "$err"
disk=$(du -s -B1 "$cache" | cut -f1)
cat > "$exp" <<EOT
cache: $cache
entries: 2
corrupt entries: 0
sources indexed: 3
index markers: 4
facts: 8
  escape.return: 1
  escape.call: 1
  leak.global: 2
  noleak: 1
  frame.size: 2
  frame.dynamic: 1
bytes on disk: $disk
EOT
ok "stats counts entries, indexed files, facts by code, bytes on disk (as du)" same_text "$exp" "$out"

# ---- corrupt entries ----
"$WRITE_ENTRY" --print < "$tap_tmp/a.spec" > "$tap_tmp/a.json"
index=$("$READ_ENTRY" --index-dir "$cache" "$src/a.c")
tu=$cache/v1/tu
plant() { # plant N: entry 000000000000000N.json (contents on stdin), indexed under a.c
  cat > "$tu/000000000000000$1.json"
  : > "$index/000000000000000$1"
}
head -c 100 "$tap_tmp/a.json" | plant 1
printf '\001\002garbage\377\376' | plant 2
sed 's/"schema":1,/"schema":2,/' "$tap_tmp/a.json" | plant 3
sed 's/"main":"[^"]*"/"main":42/' "$tap_tmp/a.json" | plant 4
: | plant 5
sed 's/"code":"noleak"/"code":"noleak.maybe"/' "$tap_tmp/a.json" | plant 6
"$ESCINFO_CLI" show --cache="$cache" "$src/a.c" > "$out" 2> "$err"
show_status=$?
ok "corrupt entries are skipped, the valid one still shown" same_text "$tap_tmp/a.expected" "$out"
ok "... with exit status 0" [ "$show_status" -eq 0 ]
warned() { # warned N REASON
  contains "$err" "escinfo: warning: skipping cache entry '$tu/000000000000000$1.json': $2"
}
ok "truncated JSON: warning names the file, line and column" warned 1 "invalid JSON at line 1, column 100"
ok "garbage bytes: warning" warned 2 "invalid JSON at line 1"
ok "schema version 2: warning" warned 3 "entry has schema version 2; this escinfo reads version 1"
ok "mistyped field: warning names the field" warned 4 "'tu.main' should be a string, not an integer"
ok "empty file: warning" warned 5 "empty file"
ok "unknown code: warning names the field and the code" warned 6 "'facts[3].code' is 'noleak.maybe', not a known fact code"
"$ESCINFO_CLI" stats --cache="$cache" > "$out" 2> "$err"
ok "stats counts the corrupt entries" contains "$out" "corrupt entries: 6"
ok "... and names them on stderr" [ "$(grep -c 'escinfo: warning: skipping cache entry' "$err")" -eq 6 ]

# ---- gc ----
rm "$src/c.c"
"$ESCINFO_CLI" gc --dry-run --cache="$cache" > "$out" 2> /dev/null
ok "gc --dry-run lists the entry whose main source is gone" contains "$out" "would remove entry '$tu/"
"$ESCINFO_CLI" stats --cache="$cache" 2> /dev/null | grep '^entries:' > "$out"
echo "entries: 2" > "$exp"
ok "gc --dry-run removes nothing" same_text "$exp" "$out"

stale_marker=$index/00000000000000ff
: > "$stale_marker"
: > "$tu/.tmp-0123456789abcdef-OLDOLD"
: > "$tu/.tmp-0123456789abcdef-NEWNEW"
touch -d '2 hours ago' "$tu/.tmp-0123456789abcdef-OLDOLD"
"$ESCINFO_CLI" gc --cache="$cache" > "$out" 2> "$err"
ok "gc exits 0" [ $? -eq 0 ]
ok "gc removes the entry whose main source is gone" contains "$out" "(main source '$src/c.c' no longer exists)"
ok "gc removes a marker whose entry is gone" contains "$out" "removed index marker '$stale_marker' (its entry is gone)"
ok "gc removes a temp file older than an hour" contains "$out" "removed temp file '$tu/.tmp-0123456789abcdef-OLDOLD'"
ok "gc keeps a fresh temp file" [ -e "$tu/.tmp-0123456789abcdef-NEWNEW" ]
ok "gc summarises" contains "$out" "removed 1 entry, 1 index marker, 1 temp file"
ok "gc keeps the markers of corrupt entries" [ -e "$index/0000000000000001" ]
ok "gc removes the index directory of a file no entry mentions" [ ! -e "$("$READ_ENTRY" --index-dir "$cache" "$src/c.c")" ]
"$ESCINFO_CLI" show --cache="$cache" "$src/b.h" > "$out" 2> /dev/null
ok "after gc, the older entry's copy of a fact is shown" contains "$out" "(a.o) [escinfo:leak.global]"
"$ESCINFO_CLI" gc --cache="$cache" > "$out" 2> /dev/null
echo "removed 0 entries, 0 index markers, 0 temp files" > "$exp"
ok "a second gc finds nothing to remove" same_text "$exp" "$out"

# ---- an entry rewritten without the header; a lost marker ----
{
  line main "$src/a.c"
  line output "$src/a.o"
  line time 1700000200
  line source "$src/a.c"
  line fact param noleak p f "$src/a.c" 1 13 "parameter 'p' does not leak"
} > "$tap_tmp/a2.spec"
"$WRITE_ENTRY" "$cache" < "$tap_tmp/a2.spec"
"$ESCINFO_CLI" show --cache="$cache" "$src/b.h" > "$out" 2> "$err"
ok "an entry rewritten without a header no longer gives facts for it" [ $? -eq 1 ]
ok "... and its stale marker is skipped without a warning" lacks "$err" "warning"
"$ESCINFO_CLI" gc --cache="$cache" > "$out" 2> /dev/null
ok "gc removes a marker whose entry no longer mentions the file" contains "$out" "(its entry no longer mentions this file)"
a_entry=$(ls "$tu" | grep -v '^00000000000000')
rm "$index/${a_entry%.json}"
"$ESCINFO_CLI" show --cache="$cache" "$src/a.c" > "$out" 2> /dev/null
ok "without its marker an entry is not found" [ $? -eq 1 ]
"$ESCINFO_CLI" gc --cache="$cache" > /dev/null 2>&1
"$ESCINFO_CLI" show --cache="$cache" "$src/a.c" > "$out" 2> /dev/null
echo "$src/a.c:1:13: note: parameter 'p' does not leak [escinfo:noleak]" > "$exp"
ok "gc puts back the markers a valid entry is missing" same_text "$exp" "$out"

# ---- one verdict per subject over several compiles of one file ----
# lz4.c compiled twice, as the library's Makefile does: static, and -fPIC for the shared library,
# where a call may be interposed and the parameter leaks.  And frame sizes that differ.
vcache=$tap_tmp/verdicts
mkdir -p "$src/lz4"
printf 'int f(int *p);\n' > "$src/lz4/lz4.c"
for build in static pic; do
  {
    line main "$src/lz4/lz4.c"
    line output "$src/lz4/lz4-$build.o"
    line arg -O2
    [ $build = pic ] && line arg -fPIC
    line time $([ $build = pic ] && echo 1700000300 || echo 1700000200)
    line source "$src/lz4/lz4.c"
    if [ $build = pic ]; then
      line fact param leak.call p f "$src/lz4/lz4.c" 1 14 "param 'p' leaks: passed to 'g', which may keep it"
      line fact frame frame.size f f "$src/lz4/lz4.c" 1 5 "frame of 'f': 32 bytes"
      line value 32
    else
      line fact param noleak p f "$src/lz4/lz4.c" 1 14 "param 'p' does not leak"
      line fact frame frame.size f f "$src/lz4/lz4.c" 1 5 "frame of 'f': 8 bytes"
      line value 8
    fi
    line fact local noescape x f "$src/lz4/lz4.c" 1 20 "'x' does not escape"
  } > "$tap_tmp/$build.spec"
  "$WRITE_ENTRY" "$vcache" < "$tap_tmp/$build.spec"
done
"$ESCINFO_CLI" show --cache="$vcache" "$src/lz4/lz4.c" > "$out" 2> "$err"
ok "a parameter that leaks in one compile and not in the other leaks, once" \
  [ "$(grep -c "'p'" "$out")" -eq 1 ]
ok "... the promise of the other compile is gone" lacks "$out" "does not leak"
ok "... and the note says in which compile it leaks and in which not" \
  contains "$out" "note:   so in lz4-pic.o (-fPIC); not in lz4-static.o"
ok "frame sizes that differ keep the newest and say what the others found" \
  contains "$out" "frame of 'f': 32 bytes [escinfo:frame.size]"
ok "... 8 bytes in the static build" contains "$out" "note:   other compiles of this file give other sizes: 8 bytes in lz4-static.o"
ok "a fact both compiles agree on appears once, without a note" \
  [ "$(grep -c "'x' does not escape" "$out")" -eq 1 ]
"$ESCINFO_CLI" show --json --cache="$vcache" "$src/lz4/lz4.c" > "$out" 2> "$err"
ok "show --json carries the merged verdicts too" check_json "$out" "
f = j['files'][0]
codes = sorted(x['code'] for x in f['facts'])
assert codes == ['frame.size', 'leak.call', 'noescape'], codes
assert len(f['entries']) == 2, f['entries']
"

# ---- the code table ----
"$ESCINFO_CLI" codes --json > "$out" 2> "$err"
ok "codes --json lists the code table, without a cache" [ $? -eq 0 ]
# every code has its section in docs/codes.md, under the anchor the table gives, with the
# severity it states there, and every section is a code of the table
codes_agree() {
  python3 - "$out" "$srcdir/docs/codes.md" <<'PY'
import json, re, sys
table = json.load(open(sys.argv[1]))
doc = open(sys.argv[2], encoding="utf-8").read()
sections = dict(re.findall(r"^## ([a-z][a-z.-]*)\n(.*?)(?=^## |\Z)", doc, re.M | re.S))
bad = []
for row in table:
    code = row["code"]
    if code not in sections:
        bad.append("no section for " + code); continue
    anchor = re.sub(r"[^a-z0-9 -]", "", code.lower()).replace(" ", "-")  # GitHub's anchors
    if row["docs"] != "docs/codes.md#" + anchor:
        bad.append("%s: anchor %s, not %s" % (code, row["docs"], anchor))
    m = re.search(r"\*\*Severity\.\*\* (.*?)(?:\n\n|\Z)", sections[code], re.S)
    said = " ".join(m.group(1).split()) if m else ""
    if not row["shown"]:
        ok = "shown on request" in said
    else:
        ok = row["severity"] in said
    if not ok:
        bad.append("%s: the table says %s/%s, the docs '%s'" % (code, row["severity"], row["shown"], said))
extra = set(sections) - {r["code"] for r in table} - {"Subjects", "Severity"}
bad += ["a section for %s, which is no code" % c for c in sorted(extra) if "." in c or c in ("noescape", "noleak")]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}
ok "the code table and docs/codes.md agree (sections, anchors, severities)" logged codes_agree
"$ESCINFO_CLI" codes > "$out" 2> "$err"
ok "codes prints one line per code" [ "$(wc -l < "$out")" -eq 18 ]
ok "... escape.return first, with its group, severity and visibility" contains "$out" "escape.return          escape        information  shown"

done_testing
