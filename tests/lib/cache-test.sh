# cache-test.sh - shared set-up of the cache tests: where the tools are, a scratch directory, TAP output helpers.
# Sourced by tests/cache-*.sh.  The test environment (make check) exports ESCINFO_CLI,
# ESCINFO_PLUGIN, ESC_GCC, ESCINFO_SRCDIR and ESCINFO_BUILDDIR; run by hand, the defaults below
# assume an in-tree build and the current directory at its top.

ESCINFO_CLI=${ESCINFO_CLI:-$PWD/escinfo}
ESCINFO_BUILDDIR=${ESCINFO_BUILDDIR:-$(dirname "$ESCINFO_CLI")}
ESCINFO_PLUGIN=${ESCINFO_PLUGIN:-$ESCINFO_BUILDDIR/gccplugin/escinfo.so}
ESC_GCC=${ESC_GCC:-gcc}
WRITE_ENTRY=$ESCINFO_BUILDDIR/tests/lib/write-entry
READ_ENTRY=$ESCINFO_BUILDDIR/tests/lib/read-entry
unset ESCINFO_CACHE_DIR XDG_CACHE_HOME

tap_tmp=$(mktemp -d "${TMPDIR:-/tmp}/escinfo-test.XXXXXX") || exit 99
trap 'chmod -R u+w "$tap_tmp" 2>/dev/null; rm -rf "$tap_tmp"' EXIT
tap_count=0
tab=$(printf '\t')
src=$tap_tmp/src # sources the tests compile or pretend to
out=$tap_tmp/out # what a command printed
err=$tap_tmp/err
exp=$tap_tmp/expected # what it should have printed
mkdir -p "$src"

for tool in "$ESCINFO_CLI" "$WRITE_ENTRY" "$READ_ENTRY"; do
  if [ ! -x "$tool" ]; then
    echo "Bail out! $tool is not built (make escinfo tests/lib/write-entry tests/lib/read-entry)"
    exit 99
  fi
done

# ok DESCRIPTION COMMAND [ARG...]: one test point, passing when COMMAND succeeds.
ok() {
  tap_desc=$1
  shift
  tap_count=$((tap_count + 1))
  if "$@"; then
    echo "ok $tap_count - $tap_desc"
  else
    echo "not ok $tap_count - $tap_desc"
  fi
}

# skip REASON: a test point that cannot run here.
skip() {
  tap_count=$((tap_count + 1))
  echo "ok $tap_count # SKIP $1"
}

# diag: prints its standard input as TAP comments.
diag() {
  sed 's/^/# /'
}

# same_text EXPECTED ACTUAL: the two files are equal (else their diff is shown).
same_text() {
  diff -u "$1" "$2" > "$tap_tmp/diff" 2>&1 || { diag < "$tap_tmp/diff"; return 1; }
}

# contains FILE TEXT: FILE holds the fixed string TEXT (else FILE is shown).
contains() {
  grep -qF -- "$2" "$1" && return 0
  echo "expected '$2' in $1:" | diag
  diag < "$1"
  return 1
}

# lacks FILE TEXT: FILE does not hold the fixed string TEXT (else FILE is shown).
lacks() {
  grep -qF -- "$2" "$1" || return 0
  echo "did not expect '$2' in $1:" | diag
  diag < "$1"
  return 1
}

# status_is EXPECTED COMMAND [ARG...]: COMMAND exits with status EXPECTED.
status_is() {
  tap_want=$1
  shift
  "$@"
  tap_got=$?
  [ "$tap_got" -eq "$tap_want" ] && return 0
  echo "exit status $tap_got, expected $tap_want: $*" | diag
  return 1
}

# line FIELD...: prints one line of a write-entry spec, the fields separated by tabs.
line() {
  (IFS=$tab; printf '%s\n' "$*")
}

# no_temp_files DIR: nothing under DIR is a writer's leftover temp file.
no_temp_files() {
  tap_left=$(find "$1" -name '.tmp*' 2>/dev/null)
  [ -z "$tap_left" ] && return 0
  echo "temp files left: $tap_left" | diag
  return 1
}

# done_testing: prints the plan, after every test point.
done_testing() {
  echo "1..$tap_count"
}
