#!/bin/sh
# plugin-library.sh - the plugin's table of library function models (gccplugin/library.c), checked
# on its own by tests/lib/library-check; what each model does is pinned down by the corpus
# (tests/corpus/library.c).
. "$(dirname "$0")/lib/tap.sh"
check=$ESCINFO_BUILDDIR/tests/lib/library-check
need_built "$check"
"$check"
