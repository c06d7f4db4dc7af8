#!/bin/sh
# cache-chaos.sh - allocations failing one by one (tests/lib/cache-chaos): reading a cache entry
# and a whole conversation with the language server end without a crash, with a clear error or a
# complete result, and, in the sanitizer build, without a leak.
. "$(dirname "$0")/lib/tap.sh"
check=$ESCINFO_BUILDDIR/tests/lib/cache-chaos
need_built "$check"
"$check"
