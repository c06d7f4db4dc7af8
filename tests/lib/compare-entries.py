#!/usr/bin/env python3
"""compare-entries.py - an analysis-only compile's cache entry against a full compile's.

Usage: compare-entries.py FULL-CACHE ANALYSIS-CACHE
Each cache holds one entry.  They must record the same main file, output and sources, and the
same facts except frame.size (measured by code generation, which an analysis-only compile
skips: it has none, and says analysis_only).  Prints the first difference and exits 1."""
import glob
import json
import sys


def entry(cache):
    files = glob.glob(cache + '/v1/tu/*.json')
    if len(files) != 1:
        sys.exit(f'{cache}: {len(files)} entries, expected 1')
    with open(files[0]) as f:
        return json.load(f)


full, scan = entry(sys.argv[1]), entry(sys.argv[2])
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
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
