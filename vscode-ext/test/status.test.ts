// status.test.ts - fresh / stale / no data / off, from the server's state and its diagnostics for the file.
import * as assert from 'assert';
import { factsState, FileStatus, isStale, statusText, StatusInput } from '../src/status';

const running = (diagnostics?: StatusInput['diagnostics'], languageId = 'c'): StatusInput =>
  ({ enabled: true, server: 'running', languageId, diagnostics });

const fact = { source: 'escinfo', code: 'escape.return', message: "'buf' escapes: address returned from 'format_id'" };

describe('facts state', () => {
  it('is off when facts are hidden, whatever else', () => {
    assert.strictEqual(factsState({ ...running([fact]), enabled: false }), 'off');
    assert.strictEqual(factsState({ enabled: false, server: 'failed' }), 'off');
  });

  it('follows the server while it is not running', () => {
    assert.strictEqual(factsState({ ...running(), server: 'starting' }), 'starting');
    assert.strictEqual(factsState({ ...running(), server: 'restarting' }), 'starting');
    assert.strictEqual(factsState({ ...running(), server: 'failed' }), 'server-down');
    assert.strictEqual(factsState({ ...running(), server: 'stopped' }), 'server-down');
  });

  it('says nothing about files that are not C or C++', () => {
    assert.strictEqual(factsState(running([fact], 'python')), 'not-c');
    assert.strictEqual(factsState({ enabled: true, server: 'running' }), 'not-c');
    assert.strictEqual(factsState(running([fact], 'cpp')), 'fresh');
  });

  it('waits until the server has said something about the file', () => {
    assert.strictEqual(factsState(running(undefined)), 'waiting');
  });

  it('is fresh with facts, or with none to show', () => {
    assert.strictEqual(factsState(running([fact])), 'fresh');
    assert.strictEqual(factsState(running([])), 'fresh');
  });

  it('is no-data with the server\'s escinfo.no-facts notice, whatever form the code takes', () => {
    assert.strictEqual(factsState(running([{ source: 'escinfo', code: 'escinfo.no-facts', message: 'no escape facts for this file' }])), 'no-data');
    assert.strictEqual(factsState(running([{ code: { value: 'escinfo.no-facts' }, message: 'x' }])), 'no-data');
  });

  it('is stale when a diagnostic\'s data says its fact was relocated or placed by name', () => {
    assert.strictEqual(factsState(running([fact, { ...fact, data: { freshness: 'relocated' } }])), 'stale');
    assert.strictEqual(factsState(running([{ ...fact, data: { freshness: 'stale' } }])), 'stale');
    assert.strictEqual(factsState(running([{ ...fact, data: { freshness: 'fresh' } }])), 'fresh');
    assert.strictEqual(isStale({ ...fact, data: { freshness: 'unknown' } }), false);
  });

  it('never reads the messages\' wording', () => {
    const changed = "'buf' escapes ... (the file changed since it was compiled)";
    assert.strictEqual(factsState(running([{ ...fact, message: changed }])), 'fresh');
  });

  const status = (state: FileStatus['state']): FileStatus => ({
    uri: 'file:///w/a.c', state, cacheDirectory: '/c', entries: 1,
    counts: { facts: 3, shown: 2, dropped: 0, fresh: 3, relocated: 0, stale: 0, unknown: 0 },
  });

  it('follows the server\'s file status when it sends one, over the diagnostics', () => {
    const withStatus = (s: FileStatus, diags: StatusInput['diagnostics'] = [fact]) => ({ ...running(diags), fileStatus: s });
    assert.strictEqual(factsState(withStatus(status('fresh'))), 'fresh');
    assert.strictEqual(factsState(withStatus(status('stale'))), 'stale');
    assert.strictEqual(factsState(withStatus(status('unknown'))), 'unknown');
    assert.strictEqual(factsState(withStatus(status('no-facts'), undefined)), 'no-data');
    assert.strictEqual(factsState(withStatus(status('error'))), 'cache-error');
    assert.strictEqual(factsState({ ...withStatus(status('stale')), enabled: false }), 'off');
  });

  it('says when the file is being analysed after a save, and when that failed', () => {
    const withAnalysis = (a: FileStatus['analysis']) => ({ ...running([fact]), fileStatus: { ...status('fresh'), analysis: a } });
    assert.strictEqual(factsState(withAnalysis({ state: 'running' })), 'analysing');
    assert.strictEqual(factsState(withAnalysis({ state: 'failed', message: 'a.c:1:2: error: x' })), 'analysis-failed');
    assert.strictEqual(factsState(withAnalysis({ state: 'off', message: 'the workspace is not trusted' })), 'fresh');
    assert.strictEqual(factsState({ ...withAnalysis({ state: 'running' }), enabled: false }), 'off');
  });

  it('ignores other extensions\' diagnostics', () => {
    assert.strictEqual(factsState(running([{ source: 'clangd', code: 'escinfo.no-facts', message: 'x' }])), 'fresh');
  });

  it('has a text with a word for every state', () => {
    for (const s of ['off', 'fresh', 'stale', 'unknown', 'no-data', 'cache-error', 'waiting', 'not-c', 'starting', 'server-down',
      'analysing', 'analysis-failed'] as const) {
      const t = statusText(s);
      assert.match(t.text, /escinfo: /);
      assert.ok(t.tooltip.length > 10);
    }
    assert.match(statusText('no-data').text, /no data/);
    assert.match(statusText('off').text, /off/);
  });
});
