#!/bin/sh
# build-vsix.sh - builds the VS Code extension into a .vsix: npm ci, unit tests' build, esbuild, vsce.
# Usage: tools/build-vsix.sh SOURCE-DIR BUILD-DIR [BINDIR [ESCLSP TARGET]]
#   (e.g. vscode-ext build/vscode-ext /usr/local/bin)
# BINDIR, where `make install` puts esclsp, is recorded in the extension, which looks there when
# esclsp is not on the editor's PATH.  With ESCLSP and TARGET (a vsce target, linux-x64), the
# .vsix is for that platform alone and carries ESCLSP as bin/esclsp, which the extension runs
# first: BUILD-DIR/escinfo-TARGET.vsix.
# Copies SOURCE-DIR to BUILD-DIR when they differ (the source may be read-only, as in distcheck),
# runs `npm ci` there only when package-lock.json changed, gives package.json the version of
# configure.ac (the one place it is written), then `npm run package`.  Leaves
# BUILD-DIR/escinfo.vsix; exits non-zero with npm's message on failure.  Needs node >= 20 and the
# npm registry (or npm's own cache).  Concurrent runs on one BUILD-DIR wait for each other.
set -eu
src=$(cd "$1" && pwd)
mkdir -p "$2"
dest=$(cd "$2" && pwd)
ESCINFO_BINDIR=${3:-}
export ESCINFO_BINDIR
bundle=${4:-}
target=${5:-}

exec 8>"$dest/.build.lock"
flock 8

if [ "$src" != "$dest" ]; then
  # the sources only: never node_modules or build output
  (cd "$src" && tar cf - --exclude=./node_modules --exclude=./dist --exclude=./out \
     --exclude='./*.vsix' --exclude=./.build.lock .) | (cd "$dest" && tar xf -)
  chmod -R u+w "$dest"
fi
cd "$dest"
if ! cmp -s package-lock.json node_modules/.escinfo-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error
  cp package-lock.json node_modules/.escinfo-lock
fi
version=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$src/../configure.ac")
if [ -n "$version" ] && [ "$(node -p 'require("./package.json").version')" != "$version" ]; then
  npm pkg set version="$version"
fi
rm -rf bin
if [ -n "$bundle" ]; then
  mkdir -p bin
  cp "$bundle" bin/esclsp
  chmod 755 bin/esclsp
  npm run --silent build >/dev/null
  npx --no-install vsce package --allow-missing-repository --no-rewrite-relative-links --no-dependencies \
    --target "$target" -o "escinfo-$target.vsix" >/dev/null
  rm -rf bin
  echo "build-vsix: $dest/escinfo-$target.vsix"
else
  npm run --silent package >/dev/null
  echo "build-vsix: $dest/escinfo.vsix"
fi
