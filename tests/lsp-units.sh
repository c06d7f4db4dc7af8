#!/bin/sh
# lsp-units.sh - unit tests of the language server's seams by tests/lib/lsp-units: positions in
# UTF-8 and UTF-16 and edits, a large text's hash on a thread (and its guess), the strict JSON
# reader and the JSON writer, the cache watcher on a real event loop (events and polling).
. "$(dirname "$0")/lib/tap.sh"
check=$ESCINFO_BUILDDIR/tests/lib/lsp-units
need_built "$check"
"$check"
