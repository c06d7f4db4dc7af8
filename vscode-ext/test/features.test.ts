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
    fake.facts.received(cFile.document.uri, [{ source: 'escinfo', code: 'escape.return', message: "'buf' escapes", data: { stale: true } }] as unknown as vscode.Diagnostic[]);
    assert.match(item.text, /stale/);
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
  const diag = (code: string, line: number) =>
    ({ source: 'escinfo', code, message: code, range: { start: { line, character: 7 } } }) as unknown as vscode.Diagnostic;
  const settle = () => new Promise((r) => setImmediate(r));

  it('asks the hover on the first fact (not the no-facts notice) whether the file changed', async () => {
    const tracker = new FactTracker();
    const asked: number[] = [];
    const probe = async (pos: vscode.Position) => { asked.push(pos.line); return '⚠ **This file changed since it was compiled at 10:00; facts were relocated.**'; };
    tracker.received(uri, [diag('escape.return', 9), diag('escape.global', 17)], probe);
    assert.strictEqual(tracker.staleByHover(uri), false);
    await settle();
    assert.deepStrictEqual(asked, [9]);
    assert.strictEqual(tracker.staleByHover(uri), true);
    tracker.received(uri, [diag('escinfo.no-facts', 0)], probe);
    await settle();
    assert.deepStrictEqual(asked, [9]);
  });

  it('keeps only the answer for the latest diagnostics', async () => {
    const tracker = new FactTracker();
    let answer!: (s: string) => void;
    tracker.received(uri, [diag('escape.return', 9)], () => new Promise((r) => { answer = r; }));
    tracker.received(uri, [diag('escape.return', 9)], async () => 'From the compile of dangling.c');
    answer('This file changed since it was compiled');
    await settle();
    assert.strictEqual(tracker.staleByHover(uri), false);
  });
});
