#!/usr/bin/env python3
"""compare-entries.py - an analysis-only compile's cache entry against a full compile's.

Usage: compare-entries.py FULL-CACHE ANALYSIS-CACHE
Every entry of ANALYSIS-CACHE must have an entry of the same key (main file and output) in
FULL-CACHE (which may hold more), recording the same main file, output and sources, and the same
facts except frame.size (measured by code generation, which an analysis-only compile skips: it
has none, and says analysis_only).  Prints the differences and exits 1."""
import glob
import json
import os
import sys


def entries(cache):
    out = {}
    for path in glob.glob(cache + '/v1/tu/*.json'):
        with open(path) as f:
            out[os.path.basename(path)] = json.load(f)
    if not out:
        sys.exit(f'{cache}: no entries')
    return out


def compare(full, scan):
    problems = []
    if scan['tu'].get('analysis_only') is not True:
        problems.append('the analysis-only entry does not say analysis_only')
    if 'analysis_only' in full['tu']:
        problems.append('the full entry says analysis_only')
    for k in ('main', 'output', 'language'):
        if full['tu'][k] != scan['tu'][k]:
            problems.append(f'tu.{k}: {full["tu"][k]!r} != {scan["tu"][k]!r}')
    if full['sources'] != scan['sources']:
        problems.append('sources differ')
    if any(f['code'] == 'frame.size' for f in scan['facts']):
        problems.append('the analysis-only entry has frame.size facts')
    a = [f for f in full['facts'] if f['code'] != 'frame.size']
    b = scan['facts']
    if a != b:
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                problems.append(f'fact {i}: {json.dumps(x)[:300]} != {json.dumps(y)[:300]}')
                break
        else:
            problems.append(f'{len(a)} facts (without frame.size) != {len(b)}')
    return [f'{scan["tu"]["main"]}: {p}' for p in problems]


full, scan = entries(sys.argv[1]), entries(sys.argv[2])
problems = []
for key, entry in sorted(scan.items()):
    if key not in full:
        problems.append(f'{entry["tu"]["main"]} -> {entry["tu"]["output"]}: no full compile has this entry')
    else:
        problems += compare(full[key], entry)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
