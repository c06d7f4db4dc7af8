#!/bin/sh
# reports.sh - the readers for teams, driven as a CI job would: escinfo-ignore comments, escinfo
# check with and without a baseline (across unrelated edits, new and fixed facts), escinfo
# baseline, and escinfo sarif validated by the SARIF 2.1.0 schema (ajv) and Microsoft's SARIF
# validator, on a small project and on sqlite3.c; bad input (TAP).
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
need_command python3 "apt-get install python3"

proj=$tap_tmp/proj
cp -R "$srcdir/tests/reports/project" "$proj" && chmod -R u+w "$proj" || bail_out "cannot copy the project"
export ESCINFO_CACHE_DIR=$cache

# build: compiles the project's sources with the plugin, as a build would.
build() {
  (cd "$proj" &&
    for f in src/*.c; do "$ESC_GCC" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" "$f" -o "${f%.c}.o" || exit 1; done &&
    "$ESC_GXX" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" src/raw.cc -o src/raw.o) > "$tap_tmp/build.log" 2>&1 ||
    { diag < "$tap_tmp/build.log"; return 1; }
}
# escinfo ARGS...: the command run at the project's top, as CI does; output in $out and $err.
escinfo() {
  (cd "$proj" && "$ESCINFO_CLI" "$@") > "$out" 2> "$err"
}
# py CODE ARG...: a Python assertion (CODE sees sys.argv); its failure shows as diagnostics.
py() {
  tap_code=$1
  shift
  python3 -c "$tap_code" "$@" > "$tap_tmp/py.out" 2>&1 || { diag < "$tap_tmp/py.out"; return 1; }
}
# insert_top FILE: three lines at the top of FILE, moving every fact down (an unrelated edit).
insert_top() {
  { printf '/* a licence header\n * added later\n */\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1"
}

ok "the project builds with the plugin" build

# ---- suppressions and escinfo check ---------------------------------------------------------
escinfo check
ok "check fails (1) on dangling and escaping facts" [ $? -eq 1 ]
ok "check prints a dangling fact as a GCC warning, path under the root" contains "$out" "src/parse.c:8:8: warning: 'buf' escapes: address returned from 'token_copy'"
ok "check prints its flow as notes" contains "$out" "src/parse.c:11:10: note:   1. address of 'buf' taken"
ok "check prints the stored-to-global one" contains "$out" "src/parse.c:16:8: warning: 'copy' escapes: address stored in global 'last_token'"
for name in after_code line_above block_above group every; do
  ok "escinfo-ignore suppresses '$name'" lacks "$out" "'$name' escapes"
done
ok "a comment naming another code suppresses nothing ('other_code')" contains "$out" "'other_code' escapes"
ok "a comment with a misspelt code suppresses nothing ('typo')" contains "$out" "'typo' escapes"
ok "the text of a string literal is no comment ('in_string')" contains "$out" "'in_string' escapes"
ok "the text of a raw string literal is no comment ('fooled')" contains "$out" "src/raw.cc:6:7: warning: 'fooled' escapes"
ok "a misspelt code is a warning at its comment" contains "$err" "src/keep.c:17:19: warning: escinfo-ignore names 'escpae.call', which is no fact code or group"
ok "check sums up: 7 facts, 5 suppressed" contains "$err" "escinfo: check failed: 7 facts (dangling,escape.*): 4 files, 5 suppressed"

escinfo check --show-suppressed
ok "--show-suppressed lists a suppressed fact and the comment's reason" contains "$out" "src/keep.c:9:30: note:   suppressed by escinfo-ignore: cleared before shapes returns"
ok "--show-suppressed lists the block comment's" contains "$out" "'block_above' escapes"

escinfo check --fail-on=escape.global
ok "--fail-on=escape.global: fails on the one stored to a global" contains "$out" "'copy' escapes: address stored in global"
ok "--fail-on=escape.global: nothing else" sh -c '[ "$(grep -c ": warning:" "$1")" = 1 ]' - "$out"
escinfo check --fail-on=frame.dynamic
ok "--fail-on=frame.dynamic: passes (0) when no such fact" [ $? -eq 0 ]
ok "... and says so" contains "$err" "escinfo: check passed: no fact (frame.dynamic): 4 files"
escinfo check src/parse.c
ok "check PATH: only that file's facts" sh -c '[ "$(grep -c ": warning:" "$1")" = 2 ]' - "$out"

escinfo show src/keep.c
ok "show leaves suppressed facts out" lacks "$out" "'after_code' escapes"
ok "show says how many it left out" contains "$err" "escinfo: 5 facts in 'src/keep.c' suppressed by escinfo-ignore comments (--show-suppressed lists them)"
escinfo show --show-suppressed src/keep.c
ok "show --show-suppressed lists them with their comment" contains "$out" "note:   suppressed by escinfo-ignore: cleared before shapes returns"
escinfo show --json src/keep.c
ok "show --json lists the suppressed facts apart" py '
import json, sys
d = json.load(open(sys.argv[1]))["files"][0]
names = sorted(s["name"] for s in d["suppressed"])
assert names == ["after_code", "block_above", "every", "group", "line_above"], names
assert not any(f["name"] in names for f in d["facts"])
assert [s["justification"] for s in d["suppressed"] if s["name"] == "after_code"] == ["cleared before shapes returns"]
' "$out"

# ---- baselines --------------------------------------------------------------------------------
escinfo baseline -o baseline.json
ok "baseline -o FILE exits 0" [ $? -eq 0 ]
ok "baseline says what it wrote" contains "$err" "escinfo: baseline 'baseline.json': "
ok "the baseline keys facts by file, function, name and code, not suppressed ones" py '
import json, sys
b = json.load(open(sys.argv[1]))
assert b["escinfoBaseline"] == 1
keys = {(f["file"], f["function"], f["name"], f["code"]) for f in b["facts"]}
assert ("src/parse.c", "token_copy", "buf", "escape.return") in keys, keys
assert ("src/raw.cc", "raw", "fooled", "escape.call") in keys or any(k[2] == "fooled" for k in keys), keys
assert not any(k[2] in ("after_code", "line_above", "every") for k in keys), keys
assert not any(f["code"] in ("noescape", "noleak", "frame.size") for f in b["facts"])
' "$proj/baseline.json"
escinfo check --baseline=baseline.json
ok "check --baseline passes (0) with every fact in the baseline" [ $? -eq 0 ]
ok "... and counts them" contains "$err" "escinfo: check passed: no new fact (dangling,escape.*): 4 files, 7 in the baseline, 5 suppressed"

escinfo sarif -o before.sarif

insert_top "$proj/src/parse.c"
insert_top "$proj/src/keep.c"
ok "the project builds again after an unrelated edit" build
escinfo check --baseline=baseline.json
ok "an unrelated edit moving every fact: check --baseline still passes" [ $? -eq 0 ]
escinfo sarif -o after.sarif
ok "SARIF fingerprints survive the unrelated edit, lines moved" py '
import json, sys
def prints(path):
    res = json.load(open(path))["runs"][0]["results"]
    return {r["partialFingerprints"]["escinfoFact/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in res}
a, b = prints(sys.argv[1]), prints(sys.argv[2])
assert set(a) == set(b), (a, b)
assert any(b[k] != a[k] for k in a), "no line moved"
' "$proj/before.sarif" "$proj/after.sarif"

cat >> "$proj/src/parse.c" <<'EOF'

char *second_token(const char *s)
{
  char scratch[8];
  strncpy(scratch, s, sizeof scratch - 1);
  scratch[7] = 0;
  return scratch;
}
EOF
ok "the project builds with a new dangling return" build
escinfo check --baseline=baseline.json
ok "a new dangling fact fails check --baseline (1)" [ $? -eq 1 ]
ok "... printing the new fact" contains "$out" "warning: 'scratch' escapes: address returned from 'second_token'"
ok "... and none of the baseline's" lacks "$out" "'buf' escapes"
ok "... counting 1 new" contains "$err" "escinfo: check failed: 1 new fact (dangling,escape.*): 4 files, 7 in the baseline, 5 suppressed"

python3 - "$proj/src/parse.c" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("  last_token = copy;\n", "  last_token = 0;\n")
open(p, "w").write(s)
EOF
ok "the project builds with one dangling fact fixed" build
escinfo check --baseline=baseline.json --show-fixed
ok "check --show-fixed lists the fixed fact" contains "$out" "src/parse.c:16: note: fixed since the baseline: 'copy' escapes: address stored in global 'last_token'"
ok "... and counts it" contains "$err" ", 1 fixed"

# ---- bad input: a clear message, exit 2 ------------------------------------------------------
escinfo check --fail-on=escape.bogus
ok "--fail-on with an unknown code: exit 2" [ $? -eq 2 ]
ok "... saying which name" contains "$err" "escinfo: bad value 'escape.bogus' for --fail-on: 'escape.bogus' is no fact code, group (escape.*) or 'dangling'"
escinfo check --show-fixed
ok "--show-fixed without --baseline: exit 2" [ $? -eq 2 ]
escinfo check --baseline=missing.json
ok "a missing baseline: exit 2" [ $? -eq 2 ]
ok "... saying so" contains "$err" "escinfo: cannot read baseline 'missing.json': "
printf '{"escinfoBaseline":1,"facts":[' > "$proj/cut.json"
escinfo check --baseline=cut.json
ok "a truncated baseline: exit 2 with the place" sh -c '[ $1 -eq 2 ] && grep -q "cannot read baseline .cut.json.: line 1, column" "$2"' - $? "$err"
printf '{"escinfoBaseline":7,"facts":[]}' > "$proj/v7.json"
escinfo check --baseline=v7.json
ok "a baseline of another version: exit 2" sh -c '[ $1 -eq 2 ] && grep -q "another version" "$2"' - $? "$err"
printf '{"escinfoBaseline":1,"facts":[{"file":"a.c"}]}' > "$proj/lacking.json"
escinfo check --baseline=lacking.json
ok "a baseline fact lacking fields: exit 2" sh -c '[ $1 -eq 2 ] && grep -q "fact 1 lacks" "$2"' - $? "$err"
printf '{"facts":[]}' > "$proj/foreign.json"
escinfo check --baseline=foreign.json
ok "a JSON file that is no baseline: exit 2" sh -c '[ $1 -eq 2 ] && grep -q "not an escinfo baseline" "$2"' - $? "$err"
mkdir -p "$proj/empty"
escinfo check empty
ok "no facts under the paths: exit 2, not a silent pass" sh -c '[ $1 -eq 2 ] && grep -q "escinfo: no facts for any file under the paths given" "$2"' - $? "$err"
ESCINFO_CACHE_DIR=$tap_tmp/nocache escinfo check
ok "no cache at all: exit 2" sh -c '[ $1 -eq 2 ] && grep -q "no cache at" "$2"' - $? "$err"
escinfo baseline -o /nonexistent/dir/b.json
ok "an unwritable baseline file: exit 1 with the reason" sh -c '[ $1 -eq 1 ] && grep -q "cannot write ./nonexistent/dir/b.json." "$2"' - $? "$err"
escinfo baseline --fail-on=dangling
ok "an option of another verb: usage error (2)" [ $? -eq 2 ]

(cd "$tap_tmp" && "$ESCINFO_CLI" check --root=proj proj) > "$out" 2> "$err"
ok "--root: paths printed under the root from elsewhere" contains "$out" "src/parse.c:11:8: warning: 'buf' escapes"

# ---- SARIF ----------------------------------------------------------------------------------
escinfo sarif -o escinfo.sarif
ok "sarif -o FILE exits 0" [ $? -eq 0 ]
ok "sarif says what it wrote" contains "$err" "escinfo: SARIF log 'escinfo.sarif': "
ok "the log has a rule per code, results with flows, suppressions, fingerprints, a source root" py '
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0"
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
assert len(rules) == 18 and all(r["helpUri"].endswith("#" + r["id"].replace(".", "")) for r in rules), rules
assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file://" + sys.argv[2] + "/"
res = {r["properties"]["name"]: r for r in run["results"]}
buf = res["buf"]
assert buf["ruleId"] == "escape.return" and buf["level"] == "warning", buf
assert rules[buf["ruleIndex"]]["id"] == "escape.return"
loc = buf["locations"][0]["physicalLocation"]
assert loc["artifactLocation"] == {"uri": "src/parse.c", "uriBaseId": "SRCROOT", "index": run["artifacts"].index(next(a for a in run["artifacts"] if a["location"]["uri"] == "src/parse.c"))}, loc
assert "char buf[32];" in loc["region"]["snippet"]["text"]
steps = buf["codeFlows"][0]["threadFlows"][0]["locations"]
assert [s["location"]["message"]["text"] for s in steps][0] == "address of \u0027buf\u0027 taken", steps
sup = res["after_code"]["suppressions"][0]
assert sup["kind"] == "inSource" and sup["justification"] == "cleared before shapes returns", sup
assert "suppressions" not in res["typo"]
fps = [r["partialFingerprints"]["escinfoFact/v1"] for r in run["results"]]
assert len(fps) == len(set(fps))
' "$proj/escinfo.sarif" "$(cd "$proj" && pwd -P)"
ok "SARIF columns count code points (after é and ä on the line)" py '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["columnKind"] == "unicodeCodePoints"
r = next(r for r in run["results"] if r["properties"]["name"] == "\u00e4_count")
line = open(sys.argv[2], encoding="utf-8").read().split("\n")[5]
col = r["locations"][0]["physicalLocation"]["region"]["startColumn"]
assert col == line.index("\u00e4_count") + 1, (col, line)
' "$proj/escinfo.sarif" "$proj/src/wide.c"

eval "$(sh "$srcdir/tests/sarif/install-validators.sh" "$ESCINFO_TEST_CACHE" 2> "$tap_tmp/install.log")"
if [ -z "${SARIF_MODULES:-}" ]; then
  diag < "$tap_tmp/install.log"
  ok "the SARIF validators install from npm" false
  done_testing
  exit 0
fi
schema=$SARIF_MODULES/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
multitool=$SARIF_MODULES/@microsoft/sarif-multitool-linux/Sarif.Multitool
# schema_valid LOG...: ajv finds each LOG valid against the SARIF 2.1.0 schema.
schema_valid() {
  node "$srcdir/tests/sarif/validate-schema.js" "$SARIF_MODULES" "$schema" "$@" > "$tap_tmp/ajv.out" 2>&1 ||
    { diag < "$tap_tmp/ajv.out"; return 1; }
}
# multitool_clean LOG: Microsoft's validator reports no error and no warning on LOG (its notes,
# style suggestions, are allowed).
multitool_clean() {
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$multitool" validate "$1" --level "Error;Warning" \
    --max-file-size-in-kb 1000000 --output "$tap_tmp/validation.sarif" --log ForceOverwrite \
    > "$tap_tmp/multitool.out" 2>&1 ||
    { diag < "$tap_tmp/multitool.out"; return 1; }
  python3 - "$tap_tmp/validation.sarif" > "$tap_tmp/multitool.res" 2>&1 <<'EOF' || { diag < "$tap_tmp/multitool.res"; return 1; }
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
found = [(r["ruleId"], r.get("level", "warning"), r["message"]) for run in runs for r in run.get("results", [])]
for f in found:
    print(f)
sys.exit(1 if found else 0)
EOF
}
ok "ajv: the log is valid SARIF 2.1.0" schema_valid "$proj/escinfo.sarif"
ok "Microsoft's SARIF validator: no error, no warning" multitool_clean "$proj/escinfo.sarif"
python3 - "$proj/escinfo.sarif" "$tap_tmp/bad.sarif" <<'EOF'
import json, sys
log = json.load(open(sys.argv[1]))
log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
json.dump(log, open(sys.argv[2], "w"))
EOF
ok "ajv rejects a log whose result sits on line 0" sh -c '! node "$1" "$2" "$3" "$4" > /dev/null 2>&1' - \
  "$srcdir/tests/sarif/validate-schema.js" "$SARIF_MODULES" "$schema" "$tap_tmp/bad.sarif"
rejected_by_multitool() {
  ! multitool_clean "$1" > /dev/null
}
ok "Microsoft's validator rejects it too" rejected_by_multitool "$tap_tmp/bad.sarif"
mkdir -p "$tap_tmp/examples" && cp "$srcdir"/examples/*.c "$srcdir"/examples/*.cc "$tap_tmp/examples/"
(cd "$tap_tmp/examples" && chmod u+w * &&
  for f in *.c; do "$ESC_GCC" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" "$f" -o /dev/null || exit 1; done &&
  "$ESC_GXX" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" callbacks.cc -o /dev/null &&
  "$ESCINFO_CLI" sarif --codes='*' -o examples.sarif) > "$tap_tmp/examples.log" 2>&1
ok "the examples: every fact as SARIF" [ $? -eq 0 ]
ok "the examples: ajv finds the log valid" schema_valid "$tap_tmp/examples/examples.sarif"
ok "the examples: Microsoft's validator, no error or warning" multitool_clean "$tap_tmp/examples/examples.sarif"
escinfo sarif --codes=noescape,noleak,frame.*
ok "sarif --codes: other facts, to standard output, valid" sh -c 'cp "$1" "$2" && grep -q "\"ruleId\": \"frame.size\"" "$2"' - "$out" "$tap_tmp/codes.sarif"
ok "... valid for ajv" schema_valid "$tap_tmp/codes.sarif"

# ---- sqlite3.c: a large real unit -------------------------------------------------------------
sqlite=$("$srcdir/tools/fetch-sqlite3.sh" "$ESCINFO_BUILDDIR/bench-data" 2> "$tap_tmp/fetch.err")
if [ -n "$sqlite" ] && [ -s "$sqlite" ]; then
  mkdir -p "$tap_tmp/sqlite" && cp "$sqlite" "$tap_tmp/sqlite/sqlite3.c"
  (cd "$tap_tmp/sqlite" && "$ESC_GCC" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-analysis-only \
     sqlite3.c -o /dev/null) > "$tap_tmp/sqlite.log" 2>&1
  ok "sqlite3.c: analysed with the plugin" [ $? -eq 0 ]
  (cd "$tap_tmp/sqlite" && "$ESCINFO_CLI" sarif --codes='*' -o all.sarif) 2> "$err"
  ok "sqlite3.c: every fact as SARIF" contains "$err" "results from 1 file"
  ok "sqlite3.c: ajv finds the log valid" schema_valid "$tap_tmp/sqlite/all.sarif"
  ok "sqlite3.c: Microsoft's validator, no error or warning" multitool_clean "$tap_tmp/sqlite/all.sarif"
  (cd "$tap_tmp/sqlite" && "$ESCINFO_CLI" baseline -o b.json && "$ESCINFO_CLI" check --baseline=b.json) > "$out" 2> "$err"
  ok "sqlite3.c: check passes against its own baseline" contains "$err" "escinfo: check passed: no new fact"
else
  skip "sqlite3.c is not available: $(cat "$tap_tmp/fetch.err")"
fi

done_testing
