#!/bin/sh
# plugin-solver.sh - unit tests of the plugin's escape solver (gccplugin/solver.c, plain C) on
# hand-built constraints, by tests/lib/solver-check; the analysis around it is pinned down by
# the corpus.
. "$(dirname "$0")/lib/tap.sh"
check=$ESCINFO_BUILDDIR/tests/lib/solver-check
need_built "$check"
"$check"
