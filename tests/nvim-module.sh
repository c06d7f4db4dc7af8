#!/bin/sh
# nvim-module.sh - the Neovim module (editors/nvim) in real Neovims, headless: Debian's 0.7.2 and
# 0.10 from Debian trixie's packages (unpacked into $ESCINFO_TEST_CACHE, default
# ~/.cache/escinfo-test).  The module and esclsp as `make install` installs them; the user
# configuration is setup{} with a cache directory; esclsp is found on PATH.  Checks diagnostics,
# hover, code lens, inlay hints (0.10), :EscinfoToggle, :EscinfoInfo, :EscinfoRestart, a crashed
# server's restart, stale and no-data buffers, :help.  TAP.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCLSP" "$ESCINFO_PLUGIN"

# The module and esclsp as `make install` puts them (into a staging directory): Neovim finds the
# module in $XDG_DATA_DIRS with no configuration but setup{}, and esclsp on PATH.
install_staged() {
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$ESCINFO_BUILDDIR" install DESTDIR="$tap_tmp/dest" \
    >"$tap_tmp/install.log" 2>&1 || { diag <"$tap_tmp/install.log"; return 1; }
  site=$(find "$tap_tmp/dest" -type d -path '*/nvim/site' | head -1)
  bin=$(dirname "$(find "$tap_tmp/dest" -type f -name esclsp -path '*/bin/*' | head -1)")
  [ -n "$site" ] && [ -f "$site/pack/escinfo/start/escinfo/lua/escinfo/init.lua" ] &&
    [ -f "$site/pack/escinfo/start/escinfo/doc/tags" ] && [ -x "$bin/esclsp" ]
}
ok "make install puts the module (with its help tags) in nvim/site/pack and esclsp in bin" install_staged ||
  { done_testing; exit 0; }
data_dirs=$(dirname "$(dirname "$site")")
mkdir -p "$tap_tmp/ws"
cp "$srcdir/examples/dangling.c" "$tap_tmp/ws/dangling.c"
cp "$srcdir/examples/dangling.c" "$tap_tmp/ws/nofacts.c"
# saved-N.c (one for each Neovim): never compiled, in compile_commands.json: writing it analyses it
cp "$srcdir/examples/dangling.c" "$tap_tmp/ws/saved-1.c"
cp "$srcdir/examples/dangling.c" "$tap_tmp/ws/saved-2.c"
printf '[{"directory": "%s", "file": "saved-1.c", "arguments": ["%s", "-O2", "-c", "saved-1.c"]},
  {"directory": "%s", "file": "saved-2.c", "arguments": ["%s", "-O2", "-c", "saved-2.c"]}]\n' \
  "$tap_tmp/ws" "$ESC_GCC" "$tap_tmp/ws" "$ESC_GCC" >"$tap_tmp/ws/compile_commands.json"
runs=0
ok "dangling.c compiles with the plugin into the test's cache" \
  compile_with_plugin "$ESC_GCC" "$tap_tmp/ws/dangling.c" "$cache" -O2 || { done_testing; exit 0; }

# neovim_ran LABEL STATUS: the checks ran to their end (else Neovim's output is shown)
neovim_ran() {
  grep -q '^END$' "$tap_tmp/out" && return 0
  echo "exit status $2; what Neovim printed:" | diag
  diag < "$tap_tmp/nvim.log"
  return 1
}

# run_nvim LABEL NVIM...: the checks in one Neovim, one test point each.
run_nvim() {
  label=$1; shift
  t0=$(date +%s)
  runs=$((runs + 1))
  : >"$tap_tmp/out"
  PATH="$bin:$PATH" XDG_DATA_DIRS="$data_dirs" ESCINFO_TEST_INSTALLED="$site" ESCINFO_TEST_SAVED="saved-$runs.c" ESCINFO_TEST_FACTS="$cache" ESCINFO_TEST_WS="$tap_tmp/ws" \
    ESCINFO_TEST_OUT="$tap_tmp/out" ESCINFO_TEST_CHECKS="$srcdir/tests/nvim-module/checks.lua" \
    XDG_CONFIG_HOME="$tap_tmp/xdg" XDG_CONFIG_DIRS="$tap_tmp/xdg" XDG_DATA_HOME="$tap_tmp/xdg" XDG_STATE_HOME="$tap_tmp/xdg" \
    timeout 200 "$@" --headless --clean -u "$srcdir/tests/nvim-module/init.lua" </dev/null >"$tap_tmp/nvim.log" 2>&1
  status=$?
  results "$tap_tmp/out" "$label"
  ok "[$label] Neovim ran every check" neovim_ran "$label" "$status"
  grep -q '^FAIL' "$tap_tmp/out" && tail -20 "$tap_tmp/nvim.log" | diag
  echo "# [$label] took $(( $(date +%s) - t0 )) s"
}

if command -v nvim >/dev/null 2>&1; then
  run_nvim "nvim $(nvim --version | sed -n '1s/^NVIM v//p')" nvim
else
  skip "Debian's Neovim is not installed (apt-get install neovim)"
fi

if nvim010=$(sh "$srcdir/tests/nvim-module/fetch-nvim.sh" "$ESCINFO_TEST_CACHE" 2>"$tap_tmp/fetch.err"); then
  run_nvim "nvim $("$nvim010" --version | sed -n '1s/^NVIM v//p')" "$nvim010"
else
  skip "Neovim 0.10 from Debian trixie could not be fetched: $(tail -1 "$tap_tmp/fetch.err")"
fi
done_testing
