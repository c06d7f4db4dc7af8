#!/bin/sh
# nvim-module.sh - the Neovim module (editors/nvim) in real Neovims, headless: Debian's 0.7.2 and
# 0.10 from Debian trixie's packages (unpacked into $ESCINFO_TEST_CACHE, default
# ~/.cache/escinfo-test).  The user configuration is setup{} with a cache directory; esclsp is
# found on PATH.  Checks diagnostics, hover, code lens, inlay hints (0.10), :EscinfoToggle,
# :EscinfoInfo, :EscinfoRestart, a crashed server's restart, stale and no-data buffers, :help.  TAP.
set -u
srcdir=${ESCINFO_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${ESCINFO_BUILDDIR:-$PWD}
lsp=${ESCINFO_LSP:-${ESCLSP:-$builddir/esclsp}}
plugin=${ESCINFO_PLUGIN:-$builddir/gccplugin/escinfo.so}
cc=${ESC_GCC:-gcc}
cache=${ESCINFO_TEST_CACHE:-$HOME/.cache/escinfo-test}
unset ESCINFO_CACHE_DIR XDG_CACHE_HOME

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
[ -x "$lsp" ] || skip_all "esclsp is not built ($lsp)"
[ -f "$plugin" ] || skip_all "the plugin is not built ($plugin)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/escinfo-nvim.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }
diag() { sed 's/^/# /'; }

# The module as a user would have it, with its help tags (the source tree may be read-only).
cp -R "$srcdir/editors/nvim" "$tmp/rtp" && chmod -R u+w "$tmp/rtp"
# esclsp on PATH, as setup{} expects it
mkdir -p "$tmp/bin" "$tmp/ws" "$tmp/facts"
ln -s "$lsp" "$tmp/bin/esclsp"
cp "$srcdir/examples/dangling.c" "$tmp/ws/dangling.c"
cp "$srcdir/examples/dangling.c" "$tmp/ws/nofacts.c"
if "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-cache="$tmp/facts" "$tmp/ws/dangling.c" -o "$tmp/dangling.o" 2>"$tmp/cc.err"; then
  ok "dangling.c compiles with the plugin into the test's cache"
else
  not_ok "dangling.c compiles with the plugin into the test's cache"; diag <"$tmp/cc.err"; echo "1..$n"; exit 0
fi

# run_nvim LABEL NVIM...: the checks in one Neovim, one test point each.
run_nvim() {
  label=$1; shift
  "$@" --headless -c 'helptags '"$tmp/rtp/doc" -c 'qa!' >/dev/null 2>&1
  t0=$(date +%s)
  PATH="$tmp/bin:$PATH" ESCINFO_NVIM_RTP="$tmp/rtp" ESCINFO_TEST_FACTS="$tmp/facts" ESCINFO_TEST_WS="$tmp/ws" \
    ESCINFO_TEST_OUT="$tmp/out" ESCINFO_TEST_CHECKS="$srcdir/tests/nvim-module/checks.lua" \
    XDG_CONFIG_HOME="$tmp/xdg" XDG_DATA_HOME="$tmp/xdg" XDG_STATE_HOME="$tmp/xdg" \
    timeout 150 "$@" --headless --clean -u "$srcdir/tests/nvim-module/init.lua" </dev/null >"$tmp/nvim.log" 2>&1
  status=$?
  : >>"$tmp/out"
  while IFS= read -r line; do
    case $line in
      PASS\ *) ok "[$label] ${line#PASS }";;
      FAIL\ *) not_ok "[$label] ${line#FAIL }";;
      SKIP\ *) skip "[$label] ${line#SKIP }";;
    esac
  done <"$tmp/out"
  if ! grep -q '^END$' "$tmp/out"; then
    not_ok "[$label] Neovim ran every check (exit status $status)"
    diag <"$tmp/nvim.log"
  fi
  grep -q '^FAIL' "$tmp/out" && tail -20 "$tmp/nvim.log" | diag
  echo "# [$label] took $(( $(date +%s) - t0 )) s"
  rm -f "$tmp/out"
}

if command -v nvim >/dev/null 2>&1; then
  run_nvim "nvim $(nvim --version | sed -n '1s/^NVIM v//p')" nvim
else
  skip "Debian's Neovim is not installed (apt-get install neovim)"
fi

if nvim010=$(sh "$srcdir/tests/nvim-module/fetch-nvim.sh" "$cache" 2>"$tmp/fetch.err"); then
  run_nvim "nvim $("$nvim010" --version | sed -n '1s/^NVIM v//p')" "$nvim010"
else
  skip "Neovim 0.10 from Debian trixie could not be fetched: $(tail -1 "$tmp/fetch.err")"
fi
echo "1..$n"
