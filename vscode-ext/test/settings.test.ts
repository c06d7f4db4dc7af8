// settings.test.ts - settings to initializationOptions / didChangeConfiguration, and what a change needs.
import * as assert from 'assert';
import { changeNeeds, DEFAULT_SETTINGS, expandPath, serverCommand, serverSettings } from '../src/settings';

describe('settings → server settings', () => {
  it('maps the defaults to the server\'s own defaults (nulls)', () => {
    assert.deepStrictEqual(serverSettings(DEFAULT_SETTINGS), {
      detail: 'normal',
      cacheDirectory: null,
      codes: null,
      showNonEscaping: false,
      inlayHints: true,
      codeLens: true,
      severity: null,
      noFactsNotice: true,
      showByCallee: null,
      hoverRepeatsDiagnostic: false,
      analyzeOnSave: true,
      analyzeOnOpen: false,
      compileCommands: null,
      maxJobs: 2,
      workspaceTrusted: false,
    });
  });

  it('passes every member the user set', () => {
    const s = serverSettings({
      ...DEFAULT_SETTINGS,
      detail: 'quiet',
      cacheDirectory: '/tmp/cache',
      codes: ['escape.*', ' leak.global ', ''],
      showNonEscaping: true,
      inlayHints: false,
      codeLens: false,
      severity: { 'escape.call': 'Warning', dangling: 'error', 'escinfo.no-facts': 'hint', bogus: 'loud' },
      noFactsNotice: false,
      analyzeOnSave: false,
      analyzeOnOpen: true,
      compileCommands: '${workspaceFolder}/build',
      maxJobs: 4,
      workspaceTrusted: true,
    }, { workspaceFolder: '/w' });
    assert.deepStrictEqual(s, {
      detail: 'quiet',
      cacheDirectory: '/tmp/cache',
      codes: ['escape.*', 'leak.global'],
      showNonEscaping: true,
      inlayHints: false,
      codeLens: false,
      severity: { 'escape.call': 'warning', dangling: 'error', 'escinfo.no-facts': 'hint' },
      noFactsNotice: false,
      showByCallee: null,
      hoverRepeatsDiagnostic: false,
      analyzeOnSave: false,
      analyzeOnOpen: true,
      compileCommands: '/w/build',
      maxJobs: 4,
      workspaceTrusted: true,
    });
  });

  it('sends only a detail level the server knows', () => {
    assert.strictEqual(serverSettings({ ...DEFAULT_SETTINGS, detail: 'all' }).detail, 'all');
    assert.strictEqual(serverSettings({ ...DEFAULT_SETTINGS, detail: 'loud' as never }).detail, 'normal');
  });

  it('keeps maxJobs within 1 to 64', () => {
    assert.strictEqual(serverSettings({ ...DEFAULT_SETTINGS, maxJobs: 0 }).maxJobs, 2);
    assert.strictEqual(serverSettings({ ...DEFAULT_SETTINGS, maxJobs: 1.5 }).maxJobs, 2);
    assert.strictEqual(serverSettings({ ...DEFAULT_SETTINGS, maxJobs: 64 }).maxJobs, 64);
  });

  it('never sends the server\'s path, arguments or trace level', () => {
    const s = serverSettings({ ...DEFAULT_SETTINGS, serverPath: '/x/esclsp', serverArguments: ['-v'], trace: 'verbose' });
    assert.deepStrictEqual(Object.keys(s).sort(),
      ['analyzeOnOpen', 'analyzeOnSave', 'cacheDirectory', 'codeLens', 'codes', 'compileCommands', 'detail', 'hoverRepeatsDiagnostic',
        'inlayHints', 'maxJobs', 'noFactsNotice', 'severity', 'showByCallee', 'showNonEscaping', 'workspaceTrusted']);
  });

  it('expands ${workspaceFolder}, ${userHome} and ~ in the cache directory', () => {
    const where = { workspaceFolder: '/w', home: '/home/u' };
    assert.strictEqual(serverSettings({ ...DEFAULT_SETTINGS, cacheDirectory: '${workspaceFolder}/build/cache' }, where).cacheDirectory, '/w/build/cache');
    assert.strictEqual(expandPath('~/c', where), '/home/u/c');
    assert.strictEqual(expandPath('~', where), '/home/u');
    assert.strictEqual(expandPath('${userHome}/c', where), '/home/u/c');
    assert.strictEqual(expandPath('/a~/b', where), '/a~/b');
    assert.strictEqual(expandPath('${workspaceFolder}/c', {}), '${workspaceFolder}/c');
    assert.strictEqual(serverSettings({ ...DEFAULT_SETTINGS, cacheDirectory: '   ' }, where).cacheDirectory, null);
  });
});

describe('server command', () => {
  it('runs esclsp --stdio by default, then the extra arguments', () => {
    assert.deepStrictEqual(serverCommand(DEFAULT_SETTINGS), { command: 'esclsp', args: ['--stdio'] });
    assert.deepStrictEqual(serverCommand({ ...DEFAULT_SETTINGS, serverPath: '${workspaceFolder}/bin/esclsp', serverArguments: ['--log=/tmp/l'] }, { workspaceFolder: '/w' }),
      { command: '/w/bin/esclsp', args: ['--stdio', '--log=/tmp/l'] });
    assert.strictEqual(serverCommand({ ...DEFAULT_SETTINGS, serverPath: '' }).command, 'esclsp');
  });
});

describe('what a change needs', () => {
  it('a new path or new arguments restart the server', () => {
    assert.strictEqual(changeNeeds(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, serverPath: '/opt/esclsp' }), 'restart');
    assert.strictEqual(changeNeeds(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, serverArguments: ['--log=x'] }), 'restart');
  });
  it('other server settings are sent to it', () => {
    assert.strictEqual(changeNeeds(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, showNonEscaping: true }), 'notify');
    assert.strictEqual(changeNeeds(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, cacheDirectory: '/c' }), 'notify');
    assert.strictEqual(changeNeeds(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, codes: ['escape.return'] }), 'notify');
  });
  it('the trace level and no-op edits need neither', () => {
    assert.strictEqual(changeNeeds(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, trace: 'verbose' }), 'nothing');
    assert.strictEqual(changeNeeds(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, codes: [' '] }), 'nothing');
  });
});
