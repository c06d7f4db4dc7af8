#!/bin/sh
# install-deps.sh - installs, on Debian bookworm, what escinfo needs: to build it and run it
# (default), or also to run every test (--test).  Run as root (or through sudo).  Safe to run again.
# Usage: sh tools/install-deps.sh [--test]
#   (default)  GCC 12 with its plugin headers, g++, jansson, libuv, zlib, autotools
#   --test     also GCC 11 (the second supported GCC), python3 (test runners), csmith (random
#              programs for the plugin), clang and its sanitizer and fuzzer runtimes, Chromium
#              (VS Code's end-to-end test drives code-server in it; code-server's native modules
#              need build-essential and libkrb5-dev), Neovim, Emacs with eglot, Vim with ALE,
#              GNU time, the build engines the engine tests drive (ccache, sccache, distcc,
#              icecream), and node with npm when the machine has none.
#              The tests fetch the rest themselves (node 24, code-server, Neovim 0.10, npm
#              packages) into ~/.cache/escinfo-test.
set -e
build_pkgs="gcc g++ make autoconf automake libtool pkg-config gcc-12-plugin-dev libjansson-dev libuv1-dev zlib1g-dev"
test_pkgs="python3 gcc-11 g++-11 gcc-11-plugin-dev clang libclang-rt-14-dev llvm-14
           chromium build-essential libkrb5-dev neovim emacs-nox elpa-eglot vim vim-ale time
           csmith libcsmith-dev cmake meson ninja-build bear unzip ccache sccache distcc icecc"
case ${1:-} in
  "") pkgs=$build_pkgs; what="build" ;;
  --test) pkgs="$build_pkgs $test_pkgs"; what="build and test"
    # node >= 20 with npm builds the VS Code extension: Debian's (18) only when the machine has
    # none (a newer one from elsewhere is kept; the tests fetch node 24 where they need it).
    command -v npm > /dev/null 2>&1 || pkgs="$pkgs nodejs npm" ;;
  *) echo "usage: sh tools/install-deps.sh [--test]" >&2; exit 2 ;;
esac
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install:$missing (try: sudo sh $0 $*)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing > /dev/null
fi
echo "install-deps: every $what dependency is installed"
