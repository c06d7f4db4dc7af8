#!/bin/sh
# fetch-lz4.sh DIR - puts lz4's sources (the copy the npm package lz4 0.6.5 vendors: its Makefiles
# and contrib/cmake_unofficial) in DIR/lz4, a real code base for escinfo scan's tests.  Prints
# the path; exits 1 when npm or the registry is not available.  Reuses an earlier copy.
set -e
dir=${1:?usage: fetch-lz4.sh DIR}
mkdir -p "$dir"
if [ ! -f "$dir/lz4/lib/lz4.c" ]; then
  command -v npm > /dev/null 2>&1 || { echo "fetch-lz4: npm not found" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent lz4@0.6.5 > /dev/null 2>&1) || {
    echo "fetch-lz4: npm pack lz4@0.6.5 failed" >&2; exit 1; }
  tar -xzf "$tmp"/lz4-0.6.5.tgz -C "$tmp" package/deps/lz4
  rm -rf "$dir/lz4.part"
  mv "$tmp/package/deps/lz4" "$dir/lz4.part"
  mv "$dir/lz4.part" "$dir/lz4"
fi
echo "$dir/lz4"
