#!/bin/sh
# fetch-sqlite3.sh DIR - puts sqlite3.c (269k lines, from the npm package better-sqlite3) in DIR.
# Prints its path; exits 1 when npm or the registry is not available.  Reuses an earlier copy.
set -e
dir=${1:?usage: fetch-sqlite3.sh DIR}
mkdir -p "$dir"
if [ ! -s "$dir/sqlite3.c" ]; then
  command -v npm > /dev/null 2>&1 || { echo "fetch-sqlite3: npm not found" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent better-sqlite3@12 > /dev/null 2>&1) || {
    echo "fetch-sqlite3: npm pack better-sqlite3@12 failed" >&2; exit 1; }
  tar -xzf "$tmp"/better-sqlite3-*.tgz -C "$tmp" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
  mv "$tmp/package/deps/sqlite3/sqlite3.c" "$tmp/package/deps/sqlite3/sqlite3.h" "$dir/"
fi
echo "$dir/sqlite3.c"
