#!/bin/sh
# report-browser.sh - escinfo report read in headless Chromium (playwright-core) as a person would:
# the overview's charts carry the right counts (checked against the SARIF log's), the dangling
# facts come first, the trend against a baseline; a file page opens from the overview, a click on a
# fact draws its flow, filters and keys work, suppressed facts show on request; sqlite3.c's page
# (270,000 lines) draws a screenful and reaches its last line; no console error, no network
# request.  Screenshots in $ESCINFO_BUILDDIR/test-artifacts (make update-report-screenshots copies
# them into docs/images).  TAP; the browser checks are in tests/report/browser.js.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
need_command python3 "apt-get install python3"
chromium=${CHROMIUM:-/usr/lib/chromium/chromium}
[ -x "$chromium" ] || skip_all "no Chromium at $chromium (apt-get install chromium)"
need_command npm "apt-get install nodejs npm"
artifacts=$builddir/test-artifacts
mkdir -p "$artifacts"

sh "$srcdir/tests/vscode/install-tools.sh" "$ESCINFO_TEST_CACHE" > "$tap_tmp/tools" 2> "$tap_tmp/tools.err" || {
  diag < "$tap_tmp/tools.err"
  ok "playwright-core installs from the npm registry" false
  done_testing
  exit 0
}
. "$tap_tmp/tools"
PATH=$NODE_BIN:$PATH
export PATH PLAYWRIGHT_DIR CHROMIUM=$chromium

proj=$tap_tmp/proj
cp -R "$srcdir/tests/reports/project" "$proj" && chmod -R u+w "$proj" || bail_out "cannot copy the project"
export ESCINFO_CACHE_DIR=$cache
build() {
  (cd "$proj" &&
    for f in src/*.c; do "$ESC_GCC" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" "$f" -o "${f%.c}.o" || exit 1; done &&
    "$ESC_GXX" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" src/raw.cc -o src/raw.o) > "$tap_tmp/build.log" 2>&1 ||
    { diag < "$tap_tmp/build.log"; return 1; }
}
ok "the project builds with the plugin" build
(cd "$proj" && "$ESCINFO_CLI" baseline -o baseline.json) 2> /dev/null
cat >> "$proj/src/parse.c" <<'C'

char *second_token(const char *s)
{
  char scratch[8];
  strncpy(scratch, s, sizeof scratch - 1);
  scratch[7] = 0;
  return scratch;
}
C
ok "the project builds again with a new dangling address" build

(cd "$proj" && "$ESCINFO_CLI" report -o site --baseline=baseline.json) > "$out" 2> "$err"
ok "report -o DIR exits 0" [ $? -eq 0 ]
ok "report says where the site is" contains "$err" "escinfo: report 'site/index.html': "
ok "the site is self-contained: no http(s) reference in it" sh -c '! grep -rqE "(src|href)=\"https?:" "$1"' - "$proj/site"

# what the charts must show, counted from the SARIF log (another reader of the same facts)
(cd "$proj" && "$ESCINFO_CLI" sarif --codes='*' -o all.sarif) 2> /dev/null
python3 - "$proj/all.sarif" "$tap_tmp/expected.json" <<'PY'
import collections, json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
by_code = collections.Counter(r["ruleId"] for r in results)
dangling = sum(1 for r in results if r["properties"]["dangling"] and "suppressions" not in r)
json.dump({"byCode": by_code, "dangling": dangling, "flowFact": "buf", "file": "src/parse.c",
           "suppressedFile": "src/keep.c", "suppressedFact": "after_code",
           "hiddenCode": "escape.return", "trendNew": 1},
          open(sys.argv[2], "w"))
PY

sqlite=$("$srcdir/tools/fetch-sqlite3.sh" "$ESCINFO_BUILDDIR/bench-data" 2> "$tap_tmp/fetch.err")
large=
if [ -n "$sqlite" ] && [ -s "$sqlite" ]; then
  mkdir -p "$tap_tmp/sqlite" && cp "$sqlite" "$tap_tmp/sqlite/sqlite3.c"
  (cd "$tap_tmp/sqlite" && "$ESC_GCC" -O2 -w -c -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-analysis-only \
     sqlite3.c -o /dev/null && "$ESCINFO_CLI" report -o "$proj/site-sqlite") > "$tap_tmp/sqlite.log" 2>&1
  ok "sqlite3.c: analysed and reported" [ $? -eq 0 ]
  large=$proj/site-sqlite/files/0.html
else
  skip "sqlite3.c is not available: $(cat "$tap_tmp/fetch.err")"
fi

LARGE_PAGE=$large node "$srcdir/tests/report/browser.js" "$proj/site" "$tap_tmp/expected.json" "$artifacts" \
  > "$tap_tmp/browser.out" 2>&1
checks=0
while IFS= read -r line; do
  case $line in
    PASS\ *) checks=$((checks + 1)); ok "${line#PASS }" true ;;
    FAIL\ *) checks=$((checks + 1)); ok "${line#FAIL }" false ;;
  esac
done < "$tap_tmp/browser.out"
ok "the browser checks ran (10 or more)" [ "$checks" -ge 10 ]
[ "$checks" -ge 10 ] || diag < "$tap_tmp/browser.out"
ok "screenshots of the overview and of a file page" sh -c '[ -s "$1/report-overview.png" ] && [ -s "$1/report-file.png" ]' - "$artifacts"

done_testing
