#!/bin/sh
# fetch-nvim.sh - unpacks Neovim 0.10 from Debian trixie's packages, with trixie's own libc, into a
# cache, without touching the system; prints the command that runs it.
# Usage: tests/nvim-module/fetch-nvim.sh CACHE-DIR
# Prints one line, the path of a wrapper script that runs that nvim; exits 1 (with the reason on
# stderr) when the download or the unpacking fails.  Runs apt-get as the current user, with a
# private state directory (no root needed).  Concurrent runs wait for each other.
set -u
cache=$1
root=$cache/nvim-trixie
wrapper=$root/nvim
pkgs="neovim neovim-runtime libc6 libgcc-s1 libluajit-5.1-2 libluajit-5.1-common libmsgpack-c2
      libtree-sitter0.22 libunibilium4 libuv1t64 libvterm0 lua-lpeg lua-luv"
mkdir -p "$cache" || exit 1
exec 9>"$cache/.nvim.lock"
flock 9 || exit 1
if [ -x "$wrapper" ] && [ -f "$root/.complete" ]; then
  echo "$wrapper"
  exit 0
fi
rm -rf "$root" && mkdir -p "$root/apt/lists/partial" "$root/apt/archives/partial" "$root/debs" || exit 1
echo "deb http://deb.debian.org/debian trixie main" >"$root/apt/sources.list"
apt="-o Dir::Etc::SourceList=$root/apt/sources.list -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists=$root/apt/lists -o Dir::Cache=$root/apt -o Dir::State::Status=/var/lib/dpkg/status
     -o Debug::NoLocking=1 -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get $apt -qq update >"$root/apt.log" 2>&1 || { echo "fetch-nvim: apt-get update for trixie failed" >&2; tail -5 "$root/apt.log" >&2; exit 1; }
# shellcheck disable=SC2086
(cd "$root/debs" && apt-get $apt -qq download $pkgs) >>"$root/apt.log" 2>&1 ||
  { echo "fetch-nvim: apt-get download failed" >&2; tail -5 "$root/apt.log" >&2; exit 1; }
for deb in "$root"/debs/*.deb; do
  dpkg-deb -x "$deb" "$root/fs" || exit 1
done
rm -rf "$root/apt" "$root/debs"
lib=$root/fs/usr/lib/x86_64-linux-gnu
cat >"$wrapper" <<SH
#!/bin/sh
# Neovim from Debian trixie, through trixie's own loader and libraries.
VIM='$root/fs/usr/share/nvim' VIMRUNTIME='$root/fs/usr/share/nvim/runtime'
export VIM VIMRUNTIME
exec '$lib/ld-linux-x86-64.so.2' --library-path '$lib:$lib/lua/5.1' '$root/fs/usr/bin/nvim' "\$@"
SH
chmod +x "$wrapper"
"$wrapper" --version | head -1 | grep -q 'NVIM v0\.1[0-9]' || { echo "fetch-nvim: the unpacked nvim does not run" >&2; exit 1; }
touch "$root/.complete"
echo "$wrapper"
