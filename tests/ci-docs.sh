#!/bin/sh
# ci-docs.sh - the CI examples of docs/ci.md, run as they are written: the escinfo steps of the
# GitHub Actions workflow, the one-time baseline, and the script of the GitLab CI job, on a CMake
# project; the gate passes with the baseline and fails once a change adds a dangling address (TAP).
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI"
need_command python3 "apt-get install python3"
need_command cmake "apt-get install cmake"
need_command git "apt-get install git"

doc=$srcdir/docs/ci.md
proj=$tap_tmp/ci
cp -R "$srcdir/tests/reports/project" "$proj" && chmod -R u+w "$proj" || bail_out "cannot copy the project"
mkdir -p "$tap_tmp/bin" && ln -s "$ESCINFO_CLI" "$tap_tmp/bin/escinfo"
# As on a CI machine: escinfo on the PATH, the cache in the workspace, the compiler the plugin is
# built for (CMake takes CC and CXX).
PATH=$tap_tmp/bin:$PATH CC=$ESC_GCC CXX=$ESC_GXX ESCINFO_CACHE_DIR=$proj/.escinfo-cache
export PATH CC CXX ESCINFO_CACHE_DIR
(cd "$proj" && git init -q && git add -A && git -c user.name=ci -c user.email=ci@localhost commit -qm project) ||
  bail_out "git init failed"

# extract WHAT: the commands of docs/ci.md's examples, one script per step, into $tap_tmp/WHAT-N.sh
#   github: each "escinfo ..." step of the workflow; once: the baseline block; gitlab: the script
extract() {
  python3 - "$doc" "$tap_tmp" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
out = sys.argv[2]
blocks = re.findall(r"```(\w*)\n(.*?)```", text, re.S)
github = next(b for lang, b in blocks if lang == "yaml" and "jobs:" in b)
gitlab = next(b for lang, b in blocks if lang == "yaml" and "script:" in b)
once = next(b for lang, b in blocks if lang == "sh" and "escinfo baseline -o" in b)
steps = re.findall(r"- name: (escinfo [^\n]*)\n(?:\s+if: [^\n]*\n)?\s+run: \|\n((?:\s{10}[^\n]*\n)+)", github)
assert [n for n, _ in steps] == ["escinfo facts", "escinfo gate", "escinfo SARIF", "escinfo report"], steps
for i, (name, body) in enumerate(steps):
    open(f"{out}/github-{i}.sh", "w").write("".join(l.strip() + "\n" for l in body.splitlines(True)))
script = re.search(r"\n  script:\n((?:    - [^\n]*\n)+)", gitlab).group(1)
for i, line in enumerate(script.splitlines()):
    open(f"{out}/gitlab-{i}.sh", "w").write(line.strip()[2:] + "\n")
open(f"{out}/once.sh", "w").write(once)
PY
}
ok "docs/ci.md: the examples' commands are found" extract
# step SCRIPT: runs one step in the project, as CI runs it (sh -e); output in $out
step() {
  (cd "$proj" && sh -e "$1") > "$out" 2>&1
}

ok "the one-time baseline block runs" step "$tap_tmp/once.sh"
ok "... and writes .escinfo-baseline.json, added to git" sh -c 'cd "$1" && git diff --cached --name-only | grep -qx .escinfo-baseline.json' - "$proj"
rm -rf "$proj/build" "$ESCINFO_CACHE_DIR"

ok "GitHub: the facts step (cmake, escinfo scan) runs" step "$tap_tmp/github-0.sh"
ok "GitHub: the gate passes with the baseline" step "$tap_tmp/github-1.sh"
ok "... and says so" contains "$out" "escinfo: check passed: no new fact"
# sarif_step: the SARIF step runs and writes a SARIF 2.1.0 log
sarif_step() {
  step "$tap_tmp/github-2.sh" &&
    python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["version"] == "2.1.0"' "$proj/escinfo.sarif"
}
ok "GitHub: the SARIF step writes escinfo.sarif" sarif_step
ok "GitHub: the report step writes the site" sh -c 'cd "$1" && sh -e "$2" > /dev/null 2>&1 && [ -s escinfo-report/index.html ]' - "$proj" "$tap_tmp/github-3.sh"

cat >> "$proj/src/parse.c" <<'C'

char *scratch_token(const char *s)
{
  char scratch[8];
  strncpy(scratch, s, sizeof scratch - 1);
  scratch[7] = 0;
  return scratch;
}
C
ok "GitHub, after a change adding a dangling address: the facts step runs" step "$tap_tmp/github-0.sh"
step "$tap_tmp/github-1.sh"
ok "GitHub: the gate fails" [ $? -ne 0 ]
ok "... naming the new fact like a compiler warning" contains "$out" "src/parse.c:24:8: warning: 'scratch' escapes: address returned from 'scratch_token'"

rm -rf "$proj/build" "$ESCINFO_CACHE_DIR" "$proj/escinfo.sarif"
n=0
status=0
for s in "$tap_tmp"/gitlab-*.sh; do
  step "$s" || { status=1; break; }
  n=$((n + 1))
done
ok "GitLab: the script runs up to the gate, which fails on the change" sh -c '[ "$1" = 4 ] && [ "$2" = 1 ]' - $n $status
ok "... the SARIF and report artefacts are there" sh -c '[ -s "$1/escinfo.sarif" ] && [ -s "$1/escinfo-report/index.html" ]' - "$proj"
(cd "$proj" && git checkout -q src/parse.c)
status=0
for s in "$tap_tmp"/gitlab-*.sh; do
  step "$s" || { status=1; break; }
done
ok "GitLab: without the change the whole script passes" [ $status -eq 0 ]

done_testing
