#!/usr/bin/env python3
"""source-hashes.py CACHE_DIR [FILE...]: every cache entry's sources carry the hash of the file
they name as it is now (64-bit FNV-1a, "fnv1a64:" + 16 hex digits, as common/cache.c computes it).
With FILEs, each of them must be among the sources.  Prints one line per problem; exit 1 if any."""
import json
import os
import sys


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return "fnv1a64:%016x" % h


def main():
    cache, wanted = sys.argv[1], {os.path.realpath(f) for f in sys.argv[2:]}
    problems, seen = [], set()
    for root, _, files in os.walk(os.path.join(cache, "v1", "tu")):
        for name in files:
            with open(os.path.join(root, name)) as f:
                entry = json.load(f)
            for src in entry.get("sources", []):
                path = src["path"]
                seen.add(path)
                if not src.get("hash"):
                    problems.append("%s: no hash recorded" % path)
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                if src["hash"] != fnv1a64(data) or src.get("size") != len(data):
                    problems.append("%s: recorded %s (%s bytes), the file is %s (%d bytes)"
                                    % (path, src["hash"], src.get("size"), fnv1a64(data), len(data)))
    problems += ["%s: not among the sources" % w for w in sorted(wanted - seen)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
