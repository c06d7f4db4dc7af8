#!/bin/sh
# install-deps.sh - installs what escinfo needs to build and test on Debian bookworm.
# Run as root (or through sudo).  Safe to run again.
set -e
pkgs="gcc g++ make autoconf automake libtool pkg-config python3
      gcc-12-plugin-dev gcc-11 g++-11 gcc-11-plugin-dev
      libjansson-dev libuv1-dev time
      chromium build-essential libkrb5-dev neovim emacs-nox elpa-eglot vim vim-ale
      clang libclang-rt-14-dev llvm-14"
# editor tests: chromium drives code-server (whose native modules need build-essential and
# libkrb5-dev); neovim is the 0.7 client; emacs with eglot and vim with ALE try docs/editors.md.  node >= 20 with npm builds the VS Code extension:
# Debian's (18) only when the machine has none (a newer one from elsewhere is kept).
command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install:$missing (try: sudo $0)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
echo "install-deps: all build and test dependencies are installed"
