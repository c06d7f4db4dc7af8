#!/bin/sh
# lsp-latency.sh - esclsp as an editor sees it, on a large real file: compiles sqlite3.c (269k
# lines) with the plugin at -O2 into a cache, then times didOpen -> publishDiagnostics, hovers
# (p50/p99) and a 200-line inlayHint, reads the server's memory, times the same open when the
# facts come from the object (compiled with embed, named by compile_commands.json), runs clangd on
# the same file for comparison, and times startup + first diagnostics of one small file over
# synthetic caches of 10, 1,000 and 10,000 translation units.  The driver is bench/lsp-latency.py;
# Markdown out.
# Usage: bench/lsp-latency.sh [RUNS]   (from a build tree; RUNS fresh servers per didOpen
#        figure, default 10).  CLANGD=clangd (empty: leave clangd out); the sqlite3.c facts and
#        the synthetic caches are kept in bench-data/lsp-latency/ and reused while the plugin and
#        the sources are older than them.  BASELINE=path/to/an/earlier/esclsp adds a side-by-side
#        didOpen comparison with it (the runs alternate).
set -eu
runs=${1:-10}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ESCINFO_BUILDDIR:-$PWD}
plugin=${ESCINFO_PLUGIN:-$build/gccplugin/escinfo.so}
esclsp=${ESCLSP:-$build/esclsp}
write_entry=$build/tests/lib/write-entry
cc=${ESC_GCC:-gcc}
clangd=${CLANGD-clangd}
[ -f "$plugin" ] || { echo "plugin not built: $plugin" >&2; exit 1; }
[ -x "$esclsp" ] || { echo "esclsp not built: $esclsp" >&2; exit 1; }
[ -x "$write_entry" ] || make -C "$build" -s tests/lib/write-entry
if [ -n "$clangd" ] && ! command -v "$clangd" > /dev/null; then
  echo "lsp-latency: no $clangd: leaving clangd out (apt-get install clangd)" >&2
  clangd=
fi
src=$("$top/tools/fetch-sqlite3.sh" "$build/bench-data")
work=$build/bench-data/lsp-latency
mkdir -p "$work/src"

# 1. sqlite3.c compiled with the plugin at -O2 (kept while it is newer than the plugin)
stamp=$work/sqlite3.stamp
if [ ! -f "$stamp" ] || [ "$plugin" -nt "$stamp" ] || [ "$src" -nt "$stamp" ]; then
  rm -rf "$work/cache" "$work/src/sqlite3.c"
  cp "$src" "$(dirname "$src")/sqlite3.h" "$work/src/"
  echo "lsp-latency: compiling sqlite3.c with the plugin at -O2 (about 30 s)" >&2
  (cd "$work/src" && "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-cache="$work/cache" \
    sqlite3.c -o sqlite3.o)
  touch "$stamp"
fi
# clangd finds the flags beside the file; the same options as the compile, without the plugin
printf '%s\n' -xc -O2 -w > "$work/src/compile_flags.txt"

# 2. synthetic caches: the facts of examples/ringbuf.c (compiled with the plugin), plus N-1
#    other translation units of 20 facts each, written through the cache API (write-entry)
small=$work/src/ringbuf.c
synth=$work/synthetic.stamp
if [ ! -f "$synth" ] || [ "$plugin" -nt "$synth" ] || [ "$write_entry" -nt "$synth" ]; then
  rm -rf "$work/tus-"*
  cp "$top/examples/ringbuf.c" "$small"
  echo "lsp-latency: writing synthetic caches of 10, 1,000 and 10,000 translation units" >&2
  prev=
  i=1
  for n in 10 1000 10000; do
    dir=$work/tus-$n
    if [ -n "$prev" ]; then cp -a "$prev" "$dir"; else
      (cd "$work/src" && "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-cache="$dir" ringbuf.c -o ringbuf.o)
    fi
    while [ "$i" -lt "$n" ]; do
      printf 'main\t%s/synthetic/unit%05d.c\nsource-hash\t%s/synthetic/unit%05d.c\tnull\t-1\nsynthetic\t20\n' \
        "$work" "$i" "$work" "$i" | "$write_entry" "$dir"
      i=$((i + 1))
    done
    prev=$dir
  done
  touch "$synth"
fi

# 3. the same compile with embedding, the object beside a copy of the file and a
#    compile_commands.json naming it: esclsp reads the facts from the object
objdir=$work/object
if [ ! -f "$objdir/sqlite3.o" ] || [ "$plugin" -nt "$objdir/sqlite3.o" ] || [ "$src" -nt "$objdir/sqlite3.o" ]; then
  rm -rf "$objdir" && mkdir -p "$objdir"
  cp "$src" "$(dirname "$src")/sqlite3.h" "$objdir/"
  echo "lsp-latency: compiling sqlite3.c with the plugin at -O2, facts into the object (about 30 s)" >&2
  (cd "$objdir" && "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-embed \
    -fplugin-arg-escinfo-no-cache sqlite3.c -o sqlite3.o)
  printf '[{"directory": "%s", "file": "sqlite3.c", "arguments": ["%s", "-O2", "-w", "-c", "sqlite3.c", "-o", "sqlite3.o"]}]\n' \
    "$objdir" "$cc" > "$objdir/compile_commands.json"
fi

clangd_version="no clangd"
[ -n "$clangd" ] && clangd_version=$("$clangd" --version | head -1)
echo "esclsp $("$esclsp" --version | cut -d' ' -f2), $clangd_version; $("$cc" --version | head -1)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $(uname -m), $(. /etc/os-release && echo "$PRETTY_NAME"); $(date -u +%Y-%m-%d)"
echo
python3 "$top/bench/lsp-latency.py" --esclsp "$esclsp" --cache "$work/cache" --source "$work/src/sqlite3.c" \
  --clangd "$clangd" --baseline "${BASELINE:-}" --runs "$runs" --small "$small" --object-dir "$objdir" --synthetic "$work/tus-10" "$work/tus-1000" "$work/tus-10000"
