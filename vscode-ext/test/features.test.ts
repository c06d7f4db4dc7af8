// features.test.ts - the settings reader (workspace trust), the status bar and the show/hide commands, on a mocked vscode.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { readSettings } from '../src/config';
import type { EscinfoContext } from '../src/context';
import { FactTracker } from '../src/facts';
import * as statusBar from '../src/statusBar';
import { ServerState } from '../src/status';
import * as toggle from '../src/toggle';
import { mock } from './mock/vscode';

/** A context with a fake server that records start and stop. */
function fakeContext() {
  const serverState = new vscode.EventEmitter<ServerState>();
  const enabledChanged = new vscode.EventEmitter<boolean>();
  const calls: string[] = [];
  let enabled = true;
  const server = {
    state: 'running' as ServerState,
    onDidChangeState: serverState.event,
    start: async () => { calls.push('start'); server.state = 'running'; serverState.fire('running'); },
    stop: async () => { calls.push('stop'); server.state = 'stopped'; serverState.fire('stopped'); },
  };
  const ctx = {
    subscriptions: [] as vscode.Disposable[],
    facts: new FactTracker(),
    server,
    get enabled() { return enabled; },
    setEnabled: async (on: boolean) => { enabled = on; enabledChanged.fire(on); },
    onDidChangeEnabled: enabledChanged.event,
    log: (m: string) => calls.push(`log: ${m}`),
  };
  return { ctx: ctx as unknown as EscinfoContext, calls, fake: ctx };
}

const cFile = { document: { uri: vscode.Uri.file('/w/dangling.c'), languageId: 'c' } };

describe('reading settings', () => {
  beforeEach(() => mock.reset());

  it('gives the package.json defaults', () => {
    const s = readSettings();
    assert.strictEqual(s.serverPath, 'esclsp');
    assert.deepStrictEqual(s.serverArguments, []);
    assert.strictEqual(s.inlayHints, true);
    assert.strictEqual(s.trace, 'off');
  });

  it('takes the workspace\'s server path in a trusted workspace', () => {
    mock.settings.user['escinfo.server.path'] = '/usr/bin/esclsp';
    mock.settings.workspace['escinfo.server.path'] = './evil';
    mock.settings.workspace['escinfo.server.arguments'] = ['--evil'];
    assert.strictEqual(readSettings().serverPath, './evil');
    assert.deepStrictEqual(readSettings().serverArguments, ['--evil']);
  });

  it('ignores the workspace\'s server path and arguments in an untrusted one, but reads its cache directory', () => {
    mock.trusted = false;
    mock.settings.user['escinfo.server.path'] = '/usr/bin/esclsp';
    mock.settings.workspace['escinfo.server.path'] = './evil';
    mock.settings.workspace['escinfo.server.arguments'] = ['--evil'];
    mock.settings.workspace['escinfo.cacheDirectory'] = '/w/cache';
    const s = readSettings();
    assert.strictEqual(s.serverPath, '/usr/bin/esclsp');
    assert.deepStrictEqual(s.serverArguments, []);
    assert.strictEqual(s.cacheDirectory, '/w/cache');
    delete mock.settings.user['escinfo.server.path'];
    assert.strictEqual(readSettings().serverPath, 'esclsp');
  });

  it('drops values of the wrong type', () => {
    mock.settings.user['escinfo.codes'] = ['escape.return', 3, null];
    mock.settings.user['escinfo.server.arguments'] = 'not-a-list';
    const s = readSettings();
    assert.deepStrictEqual(s.codes, ['escape.return']);
    assert.deepStrictEqual(s.serverArguments, []);
  });
});

describe('status bar', () => {
  beforeEach(() => mock.reset());

  it('shows no data, then fresh, then stale for the active C file', () => {
    mock.activeEditor = cFile;
    const { ctx, fake } = fakeContext();
    statusBar.activate(ctx);
    const item = mock.statusItems[0];
    assert.ok(item.visible);
    assert.strictEqual(item.command, 'escinfo.toggle');
    assert.match(item.text, /escinfo: …/);
    fake.facts.received(cFile.document.uri, [{ source: 'escinfo', code: 'escinfo.no-facts', message: 'no facts' }] as unknown as vscode.Diagnostic[]);
    assert.match(item.text, /no data/);
    fake.facts.received(cFile.document.uri, [{ source: 'escinfo', code: 'escape.return', message: "'buf' escapes" }] as unknown as vscode.Diagnostic[]);
    assert.match(item.text, /fresh/);
    fake.facts.received(cFile.document.uri, [{ source: 'escinfo', code: 'escape.return', message: "'buf' escapes", data: { freshness: 'relocated' } }] as unknown as vscode.Diagnostic[]);
    assert.match(item.text, /stale/);
    fake.facts.receivedStatus(cFile.document.uri, {
      uri: cFile.document.uri.toString(), state: 'fresh', cacheDirectory: '/c', entries: 1,
      counts: { facts: 1, shown: 1, dropped: 0, fresh: 1, relocated: 0, stale: 0, unknown: 0 },
    });
    assert.match(item.text, /fresh/);
  });

  it('follows the active editor and ignores other files\' diagnostics', () => {
    const { ctx, fake } = fakeContext();
    statusBar.activate(ctx);
    const item = mock.statusItems[0];
    assert.match(item.text, /escinfo: on/);
    fake.facts.received(cFile.document.uri, [] as vscode.Diagnostic[]);
    mock.activeEditor = cFile;
    mock.activeEditorChanged.fire(cFile);
    assert.match(item.text, /fresh/);
    fake.facts.received(vscode.Uri.file('/w/other.c'), [{ source: 'escinfo', code: 'escinfo.no-facts', message: 'x' }] as unknown as vscode.Diagnostic[]);
    assert.match(item.text, /fresh/);
    fake.facts.clear();
    assert.match(item.text, /escinfo: …/);
  });
});

describe('show/hide commands', () => {
  beforeEach(() => mock.reset());

  it('hiding stops the server and says off; showing starts it again', async () => {
    mock.activeEditor = cFile;
    const { ctx, calls } = fakeContext();
    statusBar.activate(ctx);
    toggle.activate(ctx);
    const item = mock.statusItems[0];
    await vscode.commands.executeCommand('escinfo.toggle');
    assert.strictEqual(ctx.enabled, false);
    assert.match(item.text, /escinfo: off/);
    await vscode.commands.executeCommand('escinfo.hide');
    await vscode.commands.executeCommand('escinfo.show');
    assert.strictEqual(ctx.enabled, true);
    assert.deepStrictEqual(calls.filter((c) => !c.startsWith('log')), ['stop', 'start']);
    assert.doesNotMatch(item.text, /off/);
  });
});

describe('fact tracker', () => {
  beforeEach(() => mock.reset());
  const uri = vscode.Uri.file('/w/dangling.c');

  it('keeps the diagnostics and the status of each file apart, and forgets both on clear', () => {
    const tracker = new FactTracker();
    const fired: (string | undefined)[] = [];
    tracker.onDidChange((u) => fired.push(u));
    tracker.received(uri, [{ source: 'escinfo', code: 'escape.return', message: 'm', data: { freshness: 'fresh' } }] as unknown as vscode.Diagnostic[]);
    assert.strictEqual(tracker.status(uri), undefined);
    tracker.receivedStatus(uri, {
      uri: uri.toString(), state: 'stale', cacheDirectory: null, entries: 1,
      counts: { facts: 1, shown: 1, dropped: 0, fresh: 0, relocated: 1, stale: 0, unknown: 0 },
    });
    assert.strictEqual(tracker.status(uri)?.state, 'stale');
    assert.deepStrictEqual(tracker.get(uri)?.map((d) => d.data), [{ freshness: 'fresh' }]);
    assert.strictEqual(tracker.get(vscode.Uri.file('/w/other.c')), undefined);
    tracker.clear();
    assert.strictEqual(tracker.status(uri), undefined);
    assert.deepStrictEqual(fired, [uri.toString(), uri.toString(), undefined]);
  });
});
