#!/bin/sh
# install-validators.sh - installs, once, the two SARIF validators the report tests run: ajv (with
# ajv-formats) for the SARIF 2.1.0 JSON schema, and Microsoft's SARIF multitool (its `validate`
# verb; the npm package also carries the schema), from the npm registry, into a cache shared by
# every build tree.
# Usage: tests/sarif/install-validators.sh CACHE-DIR
# Exits 0 and prints SARIF_MODULES=... (the node_modules directory); exits 1 with a message on
# stderr when the install fails.  Safe to run concurrently: one holds the lock and installs, the
# others wait and reuse its result.
set -u
cache=$1
ajv_version=8.20.0
ajv_formats_version=3.0.1
multitool_version=5.7.0
dir=$cache/sarif-validators-$ajv_version-$multitool_version
mkdir -p "$cache" || exit 1

install() {
  [ -f "$dir/.complete" ] && return 0
  command -v npm > /dev/null 2>&1 || { echo "install-validators: no npm" >&2; return 1; }
  echo "install-validators: ajv $ajv_version and sarif-multitool $multitool_version into $dir" >&2
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  # Two tries: a registry hiccup on a shared CI machine is not a failure of escinfo's.
  for try in 1 2; do
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
      "ajv@$ajv_version" "ajv-formats@$ajv_formats_version" \
      "@microsoft/sarif-multitool-linux@$multitool_version" > "$dir.log" 2>&1 && break
    [ $try = 2 ] && { tail -20 "$dir.log" >&2; return 1; }
    sleep 5
  done
  tool=$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  chmod u+x "$tool" 2>/dev/null
  "$tool" --version > /dev/null 2>&1 || { echo "install-validators: $tool does not run" >&2; return 1; }
  touch "$dir/.complete"
}

exec 9>"$cache/.install-sarif.lock"
flock 9 || exit 1
install || exit 1
echo "SARIF_MODULES='$dir/node_modules'"
