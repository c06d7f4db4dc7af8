// locate.test.ts - where the extension looks for esclsp, and what it says when it is nowhere.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isExecutableFile, locateServer, notFoundMessage, searchDirectories } from '../src/locate';

describe('locating esclsp', () => {
  it('looks on PATH, then the install bindir, then ~/.local/bin, /usr/local/bin, /usr/bin, without repeats', () => {
    const dirs = searchDirectories({ pathEnv: '/a/bin::relative:/usr/bin', installBindir: '/opt/escinfo/bin', home: '/home/u' });
    assert.deepStrictEqual(dirs, ['/a/bin', '/usr/bin', '/opt/escinfo/bin', '/home/u/.local/bin', '/usr/local/bin']);
  });

  it('looks in the extension\'s own bin directory first (a platform-specific .vsix carries esclsp)', () => {
    const dirs = searchDirectories({ bundledDir: '/ext/bin', pathEnv: '/a/bin', installBindir: '/opt/bin' });
    assert.deepStrictEqual(dirs.slice(0, 3), ['/ext/bin', '/a/bin', '/opt/bin']);
    const r = locateServer('esclsp', { bundledDir: '/ext/bin', pathEnv: '/a/bin', isExecutable: () => true });
    assert.strictEqual(r.found, '/ext/bin/esclsp');
  });

  it('finds a bare name in the first directory that has it', () => {
    const have = new Set(['/opt/escinfo/bin/esclsp', '/usr/bin/esclsp']);
    const r = locateServer('esclsp', { pathEnv: '/a/bin', installBindir: '/opt/escinfo/bin', isExecutable: (p) => have.has(p) });
    assert.deepStrictEqual(r, { found: '/opt/escinfo/bin/esclsp', searched: ['/a/bin/esclsp', '/opt/escinfo/bin/esclsp'] });
  });

  it('takes a path as it is, and reports it alone when it is missing', () => {
    assert.deepStrictEqual(locateServer('/x/esclsp', { pathEnv: '/a', isExecutable: () => false }), { found: undefined, searched: ['/x/esclsp'] });
    assert.deepStrictEqual(locateServer('/x/esclsp', { isExecutable: () => true }), { found: '/x/esclsp', searched: ['/x/esclsp'] });
  });

  it('says every place it looked when it finds nothing', () => {
    const r = locateServer('esclsp', { pathEnv: '/a:/b', installBindir: '/p/bin', home: '/h', isExecutable: () => false });
    assert.strictEqual(r.found, undefined);
    const m = notFoundMessage('esclsp', r.searched);
    for (const p of ['/a/esclsp', '/b/esclsp', '/p/bin/esclsp', '/h/.local/bin/esclsp', '/usr/local/bin/esclsp', '/usr/bin/esclsp'])
      assert.ok(m.includes(p), `${p} missing from: ${m}`);
    assert.match(m, /escinfo\.server\.path/);
  });

  it('accepts executable regular files only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'escinfo-locate-'));
    try {
      const exe = path.join(dir, 'esclsp');
      const plain = path.join(dir, 'plain');
      fs.writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
      fs.writeFileSync(plain, '', { mode: 0o644 });
      assert.strictEqual(isExecutableFile(exe), true);
      assert.strictEqual(isExecutableFile(plain), false);
      assert.strictEqual(isExecutableFile(dir), false);
      assert.strictEqual(isExecutableFile(path.join(dir, 'none')), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
