// client.js - a scriptable LSP client on vscode-jsonrpc (the library VS Code's own language
// client is built on) driving the real esclsp over stdio, against facts the real plugin wrote for
// real code.  Run by tests/lsp-jsonrpc.sh, which compiles the sources first and turns the lines this
// prints ("PASS what", "FAIL what", "SKIP what: why", "# comment") into TAP.
//
// Environment: ESCLSP (the server), WORK (a directory holding dangling.c, ringbuf.c and
// wide.c, compiled with the plugin into WORK/cache).  Exit status 0 when every part ran to its
// end (failed checks are FAIL lines), 1 when the script itself broke.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { Writable } = require('stream');
const rpc = require('vscode-languageserver-protocol/node');

const esclsp = process.env.ESCLSP;
const work = process.env.WORK;
const cacheDir = path.join(work, 'cache');
// a bound on every wait for an answer, long enough for a loaded two-core machine
const REQUEST_TIMEOUT_MS = 30000;

// ---- results -------------------------------------------------------------------------------------

let count = 0;
let failures = 0;
function diag(text) {
  for (const line of String(text).split('\n')) console.log('# ' + line);
}
function ok(passed, description, details) {
  count++;
  console.log(`${passed ? 'PASS' : 'FAIL'} ${description}`);
  if (!passed) {
    failures++;
    if (details !== undefined) diag(typeof details === 'string' ? details : JSON.stringify(details, null, 1));
  }
  return passed;
}
function skip(description, reason) {
  count++;
  console.log(`SKIP ${description}: ${reason}`);
}
function equal(actual, expected, description) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  return ok(a === e, description, `expected ${e}\n     got ${a}`);
}

// ---- the facts the plugin wrote, read straight from the cache --------------------------------

function entryFor(file) {
  const dir = path.join(cacheDir, 'v1', 'tu');
  for (const name of fs.readdirSync(dir)) {
    const entry = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    if (entry.tu.main === file) return entry;
  }
  throw new Error(`no cache entry for ${file}`);
}

function uriOf(file) {
  return 'file://' + file.split('/').map(encodeURIComponent).join('/');
}

// A JS string index (UTF-16 units) of byte column BYTE (0-based) in LINE.
function unitsOfByte(line, byte) {
  return Buffer.from(line, 'utf8').subarray(0, byte).toString('utf8').length;
}

// The byte column after the declarator whose name ends at byte END of LINE: past its array
// bounds (where the server puts a fact's inlay hint).
function afterDeclarator(line, end) {
  const bytes = Buffer.from(line, 'utf8');
  let at = end, i = end;
  for (;;) {
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
    if (i >= bytes.length || bytes[i] !== 0x5b /* [ */) return at;
    let depth = 0;
    for (; i < bytes.length; i++) {
      if (bytes[i] === 0x5b) depth++;
      else if (bytes[i] === 0x5d && --depth === 0) break;
    }
    if (i >= bytes.length) return at;
    at = ++i;
  }
}

// ---- a server session ------------------------------------------------------------------------

// Writes go to the child's stdin at once, or, while BATCH is set, gathered and written in one
// write a few milliseconds later (a request and its $/cancelRequest then arrive together, as
// when an editor cancels at once: esclsp answers -32800 only for requests still queued).
class Gate extends Writable {
  constructor(target) {
    super();
    this.target = target;
    this.batch = false;
    this.held = [];
  }
  _write(chunk, encoding, callback) {
    if (!this.batch) return this.target.write(chunk, callback);
    this.held.push(chunk);
    callback();
  }
  flush() {
    this.batch = false;
    if (this.held.length) this.target.write(Buffer.concat(this.held.splice(0)));
  }
}

class Session {
  constructor(label) {
    this.label = label;
    this.stderr = '';
    this.raw = Buffer.alloc(0);     // everything the server wrote, for checks on raw replies
    this.logged = [];               // what vscode-jsonrpc logged (errors of id-less replies)
    this.diagnostics = new Map();   // uri -> the last publishDiagnostics params
    this.waiters = [];
    this.serverRequests = [];
    this.progress = [];
    this.child = spawn(esclsp, ['--stdio'], {
      env: Object.assign({}, process.env, { ESCINFO_CACHE_DIR: cacheDir }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise(resolve => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stderr.on('data', d => { this.stderr += d; });
    this.child.stdout.on('data', d => { this.raw = Buffer.concat([this.raw, d]); });
    this.child.stdin.on('error', () => {});
    this.gate = new Gate(this.child.stdin);
    const logger = {
      error: m => this.logged.push(['error', m]), warn: m => this.logged.push(['warn', m]),
      info: m => this.logged.push(['info', m]), log: m => this.logged.push(['log', m]),
    };
    this.conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(this.child.stdout),
      new rpc.StreamMessageWriter(this.gate), logger);
    this.connectionErrors = [];
    this.conn.onError(e => this.connectionErrors.push(String(e && e[0] ? e[0].message : e)));
    this.conn.onNotification(rpc.PublishDiagnosticsNotification.type, params => {
      this.diagnostics.set(params.uri, params);
      this.waiters = this.waiters.filter(w => !w(params));
    });
    this.conn.onNotification('$/progress', p => this.progress.push(p));
    this.conn.onNotification(rpc.ShowMessageNotification.type, p => { this.lastShown = p; });
    this.conn.onRequest((method, params) => { this.serverRequests.push(method); return null; });
    this.conn.listen();
  }

  request(type, params, token) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.label}: no answer to ${type.method || type} in ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
    });
    const p = token ? this.conn.sendRequest(type, params, token) : this.conn.sendRequest(type, params);
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  // Resolves with the next publishDiagnostics for URI that PREDICATE accepts.
  nextDiagnostics(uri, predicate = () => true) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: no diagnostics for ${uri}`)), REQUEST_TIMEOUT_MS);
      this.waiters.push(params => {
        if (params.uri !== uri || !predicate(params)) return false;
        clearTimeout(timer);
        resolve(params);
        return true;
      });
    });
  }

  async open(file, version = 1) {
    const uri = uriOf(file);
    const published = this.nextDiagnostics(uri);
    await this.conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'c', version, text: fs.readFileSync(file, 'utf8') },
    });
    return published;
  }

  // The replies the server wrote that carry an error, parsed from the raw output.
  rawErrors() {
    const out = [];
    let buf = this.raw;
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) break;
      const m = /Content-Length: *(\d+)/i.exec(buf.subarray(0, end).toString('latin1'));
      if (!m || buf.length < end + 4 + Number(m[1])) break;
      const msg = JSON.parse(buf.subarray(end + 4, end + 4 + Number(m[1])).toString('utf8'));
      if (msg.error) out.push(msg);
      buf = buf.subarray(end + 4 + Number(m[1]));
    }
    return out;
  }

  async shutdown() {
    await this.request(rpc.ShutdownRequest.type, undefined);
    await this.conn.sendNotification(rpc.ExitNotification.type);
    const timer = new Promise(resolve => setTimeout(() => resolve({ code: 'still running' }), REQUEST_TIMEOUT_MS));
    const status = await Promise.race([this.exited, timer]);
    this.conn.dispose();
    if (status.code === 'still running') this.child.kill('SIGKILL');
    return status;
  }
}

function initializeParams(encodings, extra = {}) {
  return Object.assign({
    processId: process.pid,
    rootUri: uriOf(work),
    clientInfo: { name: 'escinfo-jsonrpc-client' },
    capabilities: {
      general: { positionEncodings: encodings },
      window: { workDoneProgress: true },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        inlayHint: {}, codeLens: {},
      },
      workspace: { inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
    },
  }, extra);
}

const sanitizerMarks = ['ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:',
  'SUMMARY: UndefinedBehaviorSanitizer', 'handle left open at exit', 'the event loop did not close'];

async function finish(session) {
  let status;
  try {
    status = await session.shutdown();
  } catch (e) {
    status = { code: String(e) };
  }
  equal(status.code, 0, `${session.label}: shutdown and exit end the server with status 0`);
  const reports = sanitizerMarks.filter(m => session.stderr.includes(m));
  ok(reports.length === 0, `${session.label}: no sanitizer report, event loop closed`, session.stderr.slice(-3000));
  ok(session.connectionErrors.length === 0, `${session.label}: vscode-jsonrpc read every message (strict framing)`, session.connectionErrors.join('\n'));
}

// ---- the tests -------------------------------------------------------------------------------

const dangling = path.join(work, 'dangling.c');
const ringbuf = path.join(work, 'ringbuf.c');
const wide = path.join(work, 'wide.c');

// The fact about 'buf' in wide.c: dangling.c with multi-byte characters before 'buf' on its line.
function wideFact() {
  const entry = entryFor(wide);
  const fact = entry.facts.find(f => f.name === 'buf' && f.code.startsWith('escape.'));
  const line = fs.readFileSync(wide, 'utf8').split('\n')[fact.line - 1];
  return { fact, line };
}

async function encodings() {
  const { fact, line } = wideFact();
  ok(Buffer.byteLength(line) !== line.length, `wide.c:${fact.line} holds multi-byte characters before '${fact.name}' (${JSON.stringify(line)})`);
  const byteCol = fact.column - 1;
  const hintByte = afterDeclarator(line, byteCol + Buffer.byteLength(fact.name));
  const expected = {
    'utf-8': { start: byteCol, end: byteCol + Buffer.byteLength(fact.name), hint: hintByte },
    'utf-16': { start: unitsOfByte(line, byteCol), end: unitsOfByte(line, byteCol) + fact.name.length,
                hint: unitsOfByte(line, hintByte) },
  };
  for (const [offer, want] of [[['utf-8', 'utf-16'], 'utf-8'], [['utf-16'], 'utf-16'], [undefined, 'utf-16']]) {
    const label = offer ? `offering ${offer.join(', ')}` : 'offering nothing';
    const s = new Session(label);
    const init = await s.request(rpc.InitializeRequest.type, initializeParams(offer));
    equal(init.capabilities.positionEncoding || 'utf-16', want, `${label}: the server takes ${want}`);
    await s.conn.sendNotification(rpc.InitializedNotification.type, {});
    const published = await s.open(wide);
    const d = published.diagnostics.find(x => x.data && x.data.name === fact.name);
    const range = d && d.range;
    equal(range && [range.start.line, range.start.character, range.end.line, range.end.character],
      [fact.line - 1, expected[want].start, fact.line - 1, expected[want].end],
      `${label}: the diagnostic on '${fact.name}' is at byte column ${byteCol} = ${want} column ${expected[want].start}`);
    const hover = await s.request(rpc.HoverRequest.type, { textDocument: { uri: uriOf(wide) }, position: { line: fact.line - 1, character: expected[want].end - 1 } });
    equal(hover && hover.range && [hover.range.start.character, hover.range.end.character],
      [expected[want].start, expected[want].end], `${label}: a hover on the last character of '${fact.name}' finds it, with its ${want} range`);
    const hints = await s.request(rpc.InlayHintRequest.type, { textDocument: { uri: uriOf(wide) }, range: { start: { line: fact.line - 1, character: 0 }, end: { line: fact.line, character: 0 } } });
    const hint = (hints || []).find(h => h.position.line === fact.line - 1);
    equal(hint && hint.position.character, expected[want].hint, `${label}: the inlay hint follows the declarator, at ${want} column ${expected[want].hint}`);
    if (want === 'utf-16') { // a client column inside the emoji's surrogate pair means its start
      const emoji = line.indexOf('\u{1F600}');
      const inside = await s.request(rpc.HoverRequest.type, { textDocument: { uri: uriOf(wide) }, position: { line: fact.line - 1, character: emoji + 1 } });
      equal(inside, null, `${label}: a position inside a surrogate pair is accepted (no fact there)`);
    } else { // typing before the name moves it by the bytes typed
      const moved = s.nextDiagnostics(uriOf(wide), p => p.version === 2);
      await s.conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uriOf(wide), version: 2 },
        contentChanges: [{ range: { start: { line: fact.line - 1, character: 2 }, end: { line: fact.line - 1, character: 2 } }, text: '\u20ac' }],
      });
      const after = (await moved).diagnostics.find(x => x.data && x.data.name === fact.name);
      equal(after && after.range.start.character, byteCol + 3, `${label}: typing '€' (3 bytes) before '${fact.name}' moves its diagnostic 3 columns`);
    }
    await finish(s);
  }
}

async function features() {
  const s = new Session('dangling.c and ringbuf.c');
  const init = await s.request(rpc.InitializeRequest.type, initializeParams(['utf-16']));
  const caps = init.capabilities;
  ok(caps.hoverProvider && caps.inlayHintProvider && caps.codeLensProvider, 'initialize announces hover, inlay hints and code lenses', caps);
  await s.conn.sendNotification(rpc.InitializedNotification.type, {});

  // diagnostics: each escape of the plugin's entry, with its flow as relatedInformation
  const published = await s.open(dangling);
  const entry = entryFor(dangling);
  const escapes = entry.facts.filter(f => f.code.startsWith('escape.') || f.code.startsWith('leak.'));
  ok(escapes.length >= 2, `the plugin wrote ${escapes.length} escape facts for dangling.c`, entry.facts.map(f => f.code));
  for (const fact of escapes) {
    const d = published.diagnostics.find(x => x.data && x.data.name === fact.name && x.code === fact.code);
    const where = `dangling.c:${fact.line}:${fact.column} '${fact.name}'`;
    if (!ok(d !== undefined, `${where}: a diagnostic for ${fact.code}`, published.diagnostics)) continue;
    equal([d.range.start.line, d.range.start.character, d.range.end.character],
      [fact.line - 1, fact.column - 1, fact.column - 1 + fact.name.length], `${where}: on the name`);
    equal([d.source, d.code, d.severity], ['escinfo', fact.code, fact.dangling ? 2 : 3], `${where}: source, code and severity (${fact.dangling ? 'dangling: warning' : 'information'})`);
    equal(/^file:\/\/\/.*\/codes\.md#/.test(d.codeDescription && d.codeDescription.href) && d.codeDescription.href.endsWith('#' + fact.code.replace(/\./g, '')), true, `${where}: codeDescription links the code's installed documentation`);
    equal(d.message, fact.note ? `${fact.message}\n${fact.note}` : fact.message, `${where}: the message is the fact's (and its note)`);
    equal((d.relatedInformation || []).map(r => [r.location.uri, r.location.range.start.line, r.location.range.start.character, r.message]),
      fact.flow.map((step, i) => [uriOf(step.file), step.line - 1, step.column - 1, `${i + 1}. ${step.message}`]),
      `${where}: relatedInformation is the flow, step by step (${fact.flow.length} steps)`);
    equal(d.data, { code: fact.code, subject: fact.subject, name: fact.name, freshness: "fresh" }, `${where}: data names the code, subject, name and freshness`);
  }

  // hover: verdict, reason and flow
  const copy = escapes.find(f => f.code === 'escape.global');
  const hover = await s.request(rpc.HoverRequest.type, { textDocument: { uri: uriOf(dangling) }, position: { line: copy.line - 1, character: copy.column } });
  const md = hover && hover.contents && hover.contents.value;
  const text = md && md.replace(/\\([\\`*_{}\[\]()#+.!|-])/g, '$1'); // markdown escapes undone
  ok(hover && hover.contents.kind === 'markdown', 'hover: markdown, as offered', hover);
  ok(text && text.includes(`\`${copy.name}\` escapes: global — dangling`), 'hover: the verdict', text);
  ok(text && text.includes(copy.message), 'hover: the reason', text);
  ok(text && copy.flow.every((st, i) => text.includes(`${i + 1}. \`dangling.c:${st.line}:${st.column}\` ${st.message}`)), 'hover: the flow with file:line:col', text);
  equal(await s.request(rpc.HoverRequest.type, { textDocument: { uri: uriOf(dangling) }, position: { line: 0, character: 0 } }), null, 'hover: null where there is no fact');

  // inlay hints for a range: only the facts inside it
  const shown = entry.facts.filter(f => !['noescape', 'noleak', 'frame.size'].includes(f.code));
  const range = { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } };
  const hints = await s.request(rpc.InlayHintRequest.type, { textDocument: { uri: uriOf(dangling) }, range });
  const inside = shown.filter(f => f.line - 1 < 14);
  const danglingLines = fs.readFileSync(dangling, 'utf8').split('\n');
  equal(hints.map(h => [h.position.line, h.position.character]),
    inside.map(f => [f.line - 1, afterDeclarator(danglingLines[f.line - 1], f.column - 1 + f.name.length)]),
    `inlayHint for lines 1-14: the ${inside.length} shown fact(s) there, after the declarator, none outside`);
  ok(hints.length > 0 && hints[0].label === 'escapes: return ⚠' && hints[0].paddingLeft === true, 'inlayHint: the label says how and warns of dangling', hints);
  const all = await s.request(rpc.InlayHintRequest.type, { textDocument: { uri: uriOf(dangling) }, range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } } });
  equal(all.length, shown.length, `inlayHint for the whole file: ${shown.length} hints`);

  // code lenses: one per function with a fact shown (besides its frame size), on its frame fact
  // (else its first), with the frame size the plugin measured
  const lenses = await s.request(rpc.CodeLensRequest.type, { textDocument: { uri: uriOf(dangling) } });
  const functions = [...new Set(shown.map(f => f.function))].map(name => {
    const facts = entry.facts.filter(f => f.function === name);
    return { name, at: facts.find(f => f.code === 'frame.size') || facts[0], frame: facts.find(f => f.code === 'frame.size') };
  }).sort((a, b) => a.at.line - b.at.line);
  equal(lenses.map(l => [l.range.start.line, l.range.start.character, l.command && l.command.arguments[1]]),
    functions.map(f => [f.at.line - 1, f.at.column - 1, f.name]), `codeLens: one per function with a fact shown (${functions.length}), on its name, naming it`);
  const fmt = f => (f.value < 1024 ? `frame ${f.value} B` : `frame ${(f.value / 1024).toFixed(1)} KiB`);
  ok(lenses.length === functions.length && lenses.every((l, i) => functions[i].frame ? l.command.title.endsWith(' · ' + fmt(functions[i].frame)) : !/frame/.test(l.command.title)),
    'codeLens: each title ends with the frame size the plugin measured (none without a frame fact)', lenses.map(l => l.command.title));
  ok(lenses[0].command.title.startsWith('1 escaping local (1 dangling)'), 'codeLens: format_id has one dangling escape', lenses[0].command.title);
  const shownMessage = new Promise(resolve => { const t = setInterval(() => { if (s.lastShown) { clearInterval(t); resolve(s.lastShown); } }, 10); setTimeout(() => { clearInterval(t); resolve(null); }, REQUEST_TIMEOUT_MS); });
  await s.request(rpc.ExecuteCommandRequest.type, { command: lenses[0].command.command, arguments: lenses[0].command.arguments });
  const shownParams = await shownMessage;
  ok(shownParams && shownParams.message.includes(`'buf' escapes`), 'the lens command shows the function\'s facts (window/showMessage)', shownParams);

  // ringbuf.c: a leaking param, a stack candidate, frame facts; steps the compiler left without a place
  const rb = await s.open(ringbuf);
  const rbEntry = entryFor(ringbuf);
  const codes = new Set(rb.diagnostics.map(d => d.code));
  ok(['leak.global', 'alloc.stack-candidate', 'frame.large-local', 'frame.dynamic'].every(c => codes.has(c)), 'ringbuf.c: leak, stack candidate and frame diagnostics', [...codes]);
  equal(rb.diagnostics.filter(d => d.code === 'leak.global').map(d => d.severity), [3], 'ringbuf.c: a leaking param is information (3)');
  equal(rb.diagnostics.filter(d => d.code === 'alloc.stack-candidate' || d.code.startsWith('frame.')).map(d => d.severity).filter(x => x !== 4), [], 'ringbuf.c: stack candidates and frame facts are hints (4)');
  const related = rb.diagnostics.flatMap(d => d.relatedInformation || []);
  const placeless = rbEntry.facts.flatMap(f => f.flow).filter(st => !st.file).length;
  ok(related.every(r => /^file:\/\/\/./.test(r.location.uri)), `ringbuf.c: every flow step has a file location (the plugin left ${placeless} step(s) without one)`,
    related.filter(r => !/^file:\/\/\/./.test(r.location.uri)));
  const escaping = rbEntry.facts.find(f => f.flow.some(st => !st.file));
  if (escaping) {
    const h = await s.request(rpc.HoverRequest.type, { textDocument: { uri: uriOf(ringbuf) }, position: { line: escaping.line - 1, character: escaping.column - 1 } });
    const value = h && h.contents.value;
    ok(value && !/`:\d+:\d+`/.test(value) && escaping.flow.every(st => value.includes(st.message.replace(/_/g, '\\_'))),
      `ringbuf.c:${escaping.line}: the hover lists every step, a step without a place without one`, value);
  } else {
    skip('ringbuf.c: the hover of a step without a place', 'the plugin gave every step a place');
  }
  await finish(s);
}

async function cancellation() {
  const s = new Session('cancellation');
  const init = await s.request(rpc.InitializeRequest.type, initializeParams(['utf-16']));
  await s.conn.sendNotification(rpc.InitializedNotification.type, {});
  await s.open(dangling);
  const params = { textDocument: { uri: uriOf(dangling) }, position: { line: 9, character: 8 } };

  // cancelled while still queued: -32800, and no result
  const source = new rpc.CancellationTokenSource();
  s.gate.batch = true;
  const cancelled = s.request(rpc.HoverRequest.type, params, source.token).then(r => ({ result: r }), e => ({ error: e }));
  source.cancel();
  setTimeout(() => s.gate.flush(), 20);
  const outcome = await cancelled;
  equal(outcome.error && outcome.error.code, rpc.LSPErrorCodes.RequestCancelled,
    '$/cancelRequest sent with its request: the request is answered -32800 (RequestCancelled)');
  // cancelled after the answer: nothing changes, the answer stands
  const late = new rpc.CancellationTokenSource();
  const answered = await s.request(rpc.HoverRequest.type, params, late.token);
  late.cancel();
  ok(answered && answered.contents, '$/cancelRequest after the answer: the answer stands', answered);
  const errorsBefore = s.rawErrors().length;
  const after = await s.request(rpc.HoverRequest.type, params);
  ok(after && after.contents, 'the server keeps answering after cancellations', after);
  equal(s.rawErrors().length, errorsBefore, 'a late $/cancelRequest gets no reply of its own');

  // progress: only if the server offers it
  const caps = JSON.stringify(init.capabilities);
  if (s.progress.length === 0 && !/workDoneProgress/.test(caps) && !s.serverRequests.includes('window/workDoneProgress/create')) {
    skip('work-done progress ($/progress) for a request with a workDoneToken', 'esclsp announces no work-done progress and sends none');
  } else {
    ok(s.progress.length > 0, 'work-done progress reported', s.progress);
  }
  await finish(s);
}

async function malformed() {
  const s = new Session('malformed input');
  await s.request(rpc.InitializeRequest.type, initializeParams(['utf-8', 'utf-16']));
  await s.conn.sendNotification(rpc.InitializedNotification.type, {});
  await s.open(dangling);
  const params = { textDocument: { uri: uriOf(dangling) }, position: { line: 9, character: 8 } };
  ok((await s.request(rpc.HoverRequest.type, params)) !== null, 'a valid session first: hover answered');

  // errors through vscode-jsonrpc's own API
  const outcome = p => p.then(r => ({ result: r }), e => ({ error: e }));
  const unknown = await outcome(s.request('escinfo/nope', {}));
  equal(unknown.error && unknown.error.code, rpc.ErrorCodes.MethodNotFound, 'an unknown request: -32601 MethodNotFound');
  const badLine = await outcome(s.request(rpc.HoverRequest.type, { textDocument: { uri: uriOf(dangling) }, position: { line: -1, character: 0 } }));
  equal(badLine.error && badLine.error.code, rpc.ErrorCodes.InvalidParams, 'a negative line: -32602 InvalidParams');
  ok(badLine.error && /line/.test(badLine.error.message), 'the InvalidParams message names the member', badLine.error && badLine.error.message);

  // raw bytes straight into the server's stdin, between framed messages of vscode-jsonrpc; after
  // a framing error the server skips to the next Content-Length (what follows 'many' is lost)
  const frameBytes = b => Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]);
  const frame = body => frameBytes(Buffer.from(body, 'utf8'));
  const before = s.rawErrors().length;
  const garbage = [
    ['not JSON', frame('{"jsonrpc":"2.0","id":500,"method":'), e => e.id === null && e.error.code === -32700 && /invalid JSON/.test(e.error.message)],
    ['invalid UTF-8 in a body', frameBytes(Buffer.from('{"jsonrpc":"2.0","id":501,"method":"\xff\xfe\xfd\xfc"}', 'latin1')), e => e.id === null && e.error.code === -32700],
    ['a line that is no header', Buffer.from('GET / HTTP/1.1\r\n\r\n'), e => e.id === null && /malformed header line/.test(e.error.message)],
    ['a Content-Length that is no number', Buffer.from('Content-Length: many\r\n\r\n{}'), e => e.id === null && /bad message framing: Content-Length 'many' is not a number/.test(e.error.message)],
    ['JSON that is no JSON-RPC (version 1.0)', frame('{"jsonrpc":"1.0","id":502,"method":"textDocument/hover"}'), e => e.id === 502 && e.error.code === -32600],
    ['a batch', frame('[{"jsonrpc":"2.0","id":503,"method":"shutdown"}]'), e => e.id === null && e.error.code === -32600 && /batch/.test(e.error.message)],
    ['NUL bytes', Buffer.concat([Buffer.from('Content-Length: 3\r\n\r\n'), Buffer.from([0, 0, 0])]), e => e.id === null && e.error.code === -32700],
  ];
  for (const [, bytes] of garbage) s.child.stdin.write(bytes);
  const alive = await outcome(s.request(rpc.HoverRequest.type, params));
  ok(alive.result && alive.result.contents, 'after the raw bytes the server still answers hover (through vscode-jsonrpc)', alive);
  const errors = s.rawErrors().slice(before);
  garbage.forEach(([what, , check], i) => {
    ok(errors[i] !== undefined && check(errors[i]), `raw ${what}: answered with an error reply, in order`, errors[i] || errors);
  });
  equal(errors.length, garbage.length, 'one error reply per malformed message, no more');
  ok(s.logged.some(([level, m]) => level === 'error' && /without id/.test(m)), 'vscode-jsonrpc saw the id-less error replies as responses (logged, connection intact)', s.logged);
  const reopened = await s.open(dangling, 7);
  ok(reopened.version === 7 && reopened.diagnostics.length > 0, 'documents can still be opened: diagnostics published again', reopened);
  await finish(s);
}

async function main() {
  for (const part of [encodings, features, cancellation, malformed]) {
    try {
      await part();
    } catch (e) {
      ok(false, `${part.name}: runs to the end`, e && e.stack ? e.stack : String(e));
    }
  }
  console.log(`# ${count} checks, ${failures} failed`);
  process.exit(0);
}

main();
