# tap.sh - what every shell test shares: where the built tools are, a private scratch directory and
# cache, and the TAP helpers (ok, skip, skip_all, diag, results, wait_for, done_testing).
# Sourced as the first thing by tests/*.sh.  `make check` exports the variables below; run by hand
# from the top of a build tree (`sh ../tests/plugin-args.sh`), the defaults find that tree's tools.
#
#   ESCINFO_SRCDIR    the source tree (default: the folder above this file's tests/)
#   ESCINFO_BUILDDIR  the build tree (default: the current directory)
#   ESCINFO_PLUGIN    escinfo.so           ESCINFO_CLI  the escinfo command
#   ESCLSP            the language server  ESC_GCC, ESC_GXX  the compilers the plugin was built for
#   ESCINFO_VERSION   the package version (configure.ac)
#   ESCINFO_TEST_CACHE  where editor tests keep what they download (default ~/.cache/escinfo-test)
#   ESCINFO_TEST_SKIP   "engines": the build engines' tests (tests/engine-*.sh) SKIP, as in
#                       tools/run-tests' distcheck stages, which run them in make check already
#
# A test point is always `ok DESCRIPTION COMMAND [ARG...]`: it passes when COMMAND exits 0.  What a
# failing command prints about itself goes through `diag`, so TAP readers show it as comments.

ESCINFO_SRCDIR=${ESCINFO_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
ESCINFO_BUILDDIR=${ESCINFO_BUILDDIR:-$PWD}
ESCINFO_PLUGIN=${ESCINFO_PLUGIN:-$ESCINFO_BUILDDIR/gccplugin/escinfo.so}
ESCINFO_CLI=${ESCINFO_CLI:-$ESCINFO_BUILDDIR/escinfo}
ESCLSP=${ESCLSP:-$ESCINFO_BUILDDIR/esclsp}
ESC_GCC=${ESC_GCC:-gcc}
ESC_GXX=${ESC_GXX:-g++}
ESCINFO_VERSION=${ESCINFO_VERSION:-$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$ESCINFO_SRCDIR/configure.ac")}
ESCINFO_TEST_CACHE=${ESCINFO_TEST_CACHE:-$HOME/.cache/escinfo-test}
WRITE_ENTRY=$ESCINFO_BUILDDIR/tests/lib/write-entry
READ_ENTRY=$ESCINFO_BUILDDIR/tests/lib/read-entry
srcdir=$ESCINFO_SRCDIR
builddir=$ESCINFO_BUILDDIR
export ESCINFO_SRCDIR ESCINFO_BUILDDIR ESCINFO_PLUGIN ESCINFO_CLI ESCLSP ESC_GCC ESC_GXX ESCINFO_VERSION
# No test reads or writes the user's own cache: each names its cache, or uses $cache below.
unset ESCINFO_CACHE_DIR XDG_CACHE_HOME

tap_tmp=$(mktemp -d "${TMPDIR:-/tmp}/escinfo-test.XXXXXX") || { echo "Bail out! mktemp failed"; exit 99; }
tap_cleanup=
# at_exit COMMAND: runs COMMAND (a string for eval) when the test ends, before the scratch
# directory is removed; later ones run first.
at_exit() {
  tap_cleanup="$1; $tap_cleanup"
}
trap 'eval "$tap_cleanup"; chmod -R u+w "$tap_tmp" 2>/dev/null; rm -rf "$tap_tmp"' EXIT
trap 'exit 1' INT TERM HUP
tap_count=0
tap_plan_done=0
tab=$(printf '\t')
src=$tap_tmp/src        # sources the test compiles, copied out of a source tree that may be read-only
cache=$tap_tmp/cache    # the test's own fact cache
out=$tap_tmp/out        # what a command printed
err=$tap_tmp/err
exp=$tap_tmp/expected   # what it should have printed
mkdir -p "$src"

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

# skip_all REASON: the whole test cannot run here (a missing tool); ends the script.
skip_all() {
  if [ "$tap_count" -eq 0 ]; then
    echo "1..0 # SKIP $1"
  else
    skip "$1"
    done_testing
  fi
  exit 0
}

# bail_out REASON: something the test depends on is broken; ends the script as a failure.
bail_out() {
  echo "Bail out! $1"
  exit 99
}

# diag: prints its standard input as TAP comments.
diag() {
  sed 's/^/# /'
}

# done_testing: prints the plan, after every test point.
done_testing() {
  [ "$tap_plan_done" -eq 1 ] && return 0
  tap_plan_done=1
  echo "1..$tap_count"
}

# skip_group GROUP: SKIPs the whole test when ESCINFO_TEST_SKIP names GROUP.
skip_group() {
  case ",${ESCINFO_TEST_SKIP:-}," in
    *",$1,"*) skip_all "ESCINFO_TEST_SKIP=$ESCINFO_TEST_SKIP: the $1 tests run in another stage" ;;
  esac
}

# ---- requirements: a missing tool SKIPs the test, a missing build product bails out --------------

# need_command COMMAND HINT: skips the whole test unless COMMAND is on PATH.
need_command() {
  command -v "$1" > /dev/null 2>&1 || skip_all "$1 is not installed ($2)"
}

# need_built FILE...: each FILE exists and is executable or a plugin (else the build is broken).
need_built() {
  for tap_f in "$@"; do
    [ -f "$tap_f" ] || bail_out "$tap_f is not built (make check builds it)"
  done
}

# ---- checks for ok ---------------------------------------------------------------------------------

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

# logged COMMAND [ARG...]: runs COMMAND with its output in a log, shown (the end of it) only when
# COMMAND fails.  For `ok DESCRIPTION logged make ...`.
logged() {
  "$@" > "$tap_tmp/logged" 2>&1 && return 0
  tap_got=$?
  echo "exit status $tap_got: $*" | diag
  tail -n 30 "$tap_tmp/logged" | diag
  return 1
}

# wait_for SECONDS WHAT COMMAND [ARG...]: runs COMMAND every quarter second until it succeeds;
# fails after SECONDS, saying what it waited for.  Waits bound a condition, never a guess.
wait_for() {
  tap_deadline=$(($(date +%s) + $1))
  tap_what=$2
  shift 2
  while ! "$@"; do
    if [ "$(date +%s)" -ge "$tap_deadline" ]; then
      echo "waited $tap_what for too long" | diag
      return 1
    fi
    sleep 0.25
  done
}

# no_temp_files DIR: nothing under DIR is a writer's leftover temp file.
no_temp_files() {
  tap_left=$(find "$1" -name '.tmp*' 2>/dev/null)
  [ -z "$tap_left" ] && return 0
  echo "temp files left: $tap_left" | diag
  return 1
}

# results FILE [LABEL]: turns the lines a driver (an editor, a browser script) wrote into test
# points: "PASS what" and "FAIL what: why" become ok / not ok, "SKIP what: why" a skip, and "# ..."
# lines are passed on as comments.  Returns 1 when FILE holds no result at all.
results() {
  tap_label=${2:+[$2] }
  tap_seen=0
  while IFS= read -r tap_line; do
    case $tap_line in
      PASS\ *) ok "$tap_label${tap_line#PASS }" true; tap_seen=1 ;;
      FAIL\ *) ok "$tap_label${tap_line#FAIL }" false; tap_seen=1 ;;
      SKIP\ *) skip "$tap_label${tap_line#SKIP }"; tap_seen=1 ;;
      \#*) echo "$tap_line" ;;
    esac
  done < "$1"
  [ "$tap_seen" -eq 1 ]
}

# compile_with_plugin COMPILER SOURCE CACHE [FLAGS...]: compiles SOURCE with the plugin into CACHE
# (the object beside the scratch files); its messages are shown only when it fails.
compile_with_plugin() {
  tap_cc=$1 tap_source=$2 tap_facts=$3
  shift 3
  logged "$tap_cc" -c -w "$@" -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-cache="$tap_facts" \
    "$tap_source" -o "$tap_tmp/$(basename "$tap_source").o"
}

# ---- the cache tests' entry writer ----------------------------------------------------------------

# line FIELD...: prints one line of a write-entry spec, the fields separated by tabs.
line() {
  (IFS=$tab; printf '%s\n' "$*")
}
