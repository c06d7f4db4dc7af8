// status.ts - the state shown in the status bar, from the server's state and its diagnostics for a file (pure: no vscode).

export type ServerState = 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';

/**
 * off: facts hidden by the user.  fresh: the file's facts match its text.  stale: the file changed
 * since it was compiled.  unknown: the compile recorded no hash of the file.  no-data: the cache
 * holds nothing for it.  cache-error: the cache cannot be read.  waiting: nothing heard yet.
 * not-c: the active editor is not C or C++.  server-down: the server is not running.
 */
export type FactsState =
  | 'off' | 'fresh' | 'stale' | 'unknown' | 'no-data' | 'cache-error' | 'waiting' | 'not-c' | 'starting' | 'server-down'
  | 'analysing' | 'analysis-failed';

/** The parts of an LSP or VS Code diagnostic that tell the state. */
export interface SeenDiagnostic {
  code?: string | number | { value: string | number };
  message: string;
  source?: string;
  data?: unknown;
}

/** The code the server gives the notice on a file the cache has no facts for. */
export const NO_FACTS_CODE = 'escinfo.no-facts';

/** The server's escinfo/fileStatus notification for one document (docs/server.md). */
export interface FileStatus {
  uri: string;
  version?: number;
  state: 'fresh' | 'stale' | 'unknown' | 'no-facts' | 'error';
  cacheDirectory: string | null;
  /** Where the server took the cache directory from ("the escinfo.cacheDirectory setting", "$HOME", ...). */
  cacheOrigin?: string;
  problem?: string;
  compile?: { main?: string; output?: string; time?: string; gcc?: string; analysisOnly?: boolean };
  /** Analysis on save: running, failed (message: the compiler's first error), off (message: why). */
  analysis?: { state: 'running' | 'failed' | 'off'; message?: string };
  entries: number;
  counts: { facts: number; shown: number; dropped: number; fresh: number; relocated: number; stale: number; unknown: number };
}

export function codeOf(d: SeenDiagnostic): string | undefined {
  const c = d.code;
  if (c === undefined || c === null) return undefined;
  if (typeof c === 'object') return String(c.value);
  return String(c);
}

/** The freshness the server put in D's data: 'fresh', 'relocated', 'stale', 'unknown', or undefined. */
export function freshnessOf(d: SeenDiagnostic): string | undefined {
  const data = d.data;
  if (!data || typeof data !== 'object') return undefined;
  const f = (data as Record<string, unknown>).freshness;
  return typeof f === 'string' ? f : undefined;
}

/** Whether D's fact comes from a compile of another text than the buffer's. */
export function isStale(d: SeenDiagnostic): boolean {
  const f = freshnessOf(d);
  return f === 'relocated' || f === 'stale';
}

export interface StatusInput {
  enabled: boolean;
  server: ServerState;
  /** languageId of the active editor's document, undefined when there is none. */
  languageId?: string;
  /** The escinfo diagnostics last received for that document; undefined when none came yet. */
  diagnostics?: readonly SeenDiagnostic[];
  /** The server's last escinfo/fileStatus for that document, when it sent one. */
  fileStatus?: FileStatus;
}

export function isCLanguage(languageId: string | undefined): boolean {
  return languageId === 'c' || languageId === 'cpp';
}

export function factsState(input: StatusInput): FactsState {
  if (!input.enabled) return 'off';
  if (input.server === 'starting' || input.server === 'restarting') return 'starting';
  if (input.server !== 'running') return 'server-down';
  if (!isCLanguage(input.languageId)) return 'not-c';
  const status = input.fileStatus;
  if (status?.analysis?.state === 'running') return 'analysing';
  if (status?.analysis?.state === 'failed') return 'analysis-failed';
  if (status) {
    switch (status.state) {
      case 'fresh': return 'fresh';
      case 'stale': return 'stale';
      case 'unknown': return 'unknown';
      case 'no-facts': return 'no-data';
      case 'error': return 'cache-error';
    }
  }
  // a server that sends no status: what its diagnostics say
  const diags = input.diagnostics;
  if (diags === undefined) return 'waiting';
  const ours = diags.filter((d) => d.source === undefined || d.source === 'escinfo');
  if (ours.some((d) => codeOf(d) === NO_FACTS_CODE)) return 'no-data';
  if (ours.some(isStale)) return 'stale';
  return 'fresh';
}

export interface StatusText {
  text: string;
  tooltip: string;
}

/** The status bar's text (with codicons) and tooltip for STATE. */
export function statusText(state: FactsState): StatusText {
  switch (state) {
    case 'off':
      return { text: '$(eye-closed) escinfo: off', tooltip: 'Escape facts are hidden. Click to show them.' };
    case 'fresh':
      return { text: '$(eye) escinfo: fresh', tooltip: 'Escape facts match this file as it was compiled. Click to hide them.' };
    case 'stale':
      return { text: '$(history) escinfo: stale', tooltip: 'This file changed since it was compiled with the escinfo plugin: facts may have moved. Rebuild it. Click to hide them.' };
    case 'unknown':
      return { text: '$(question) escinfo: unknown', tooltip: 'The compile recorded no hash of this file: escinfo cannot tell whether the facts match it. Click to hide them.' };
    case 'cache-error':
      return { text: '$(warning) escinfo: cache unreadable', tooltip: 'The escape-fact cache cannot be read: see the escinfo output channel. Click to hide.' };
    case 'no-data':
      return { text: '$(circle-slash) escinfo: no data', tooltip: 'The cache holds no facts for this file: compile it with -fplugin=escinfo.so (and check escinfo.cacheDirectory). Click to hide.' };
    case 'waiting':
      return { text: '$(eye) escinfo: …', tooltip: 'Waiting for the server\'s facts for this file. Click to hide escape facts.' };
    case 'not-c':
      return { text: '$(eye) escinfo: on', tooltip: 'Escape facts are shown in C and C++ files. Click to hide them.' };
    case 'starting':
      return { text: '$(sync~spin) escinfo: starting', tooltip: 'The escinfo server is starting.' };
    case 'analysing':
      return { text: '$(sync~spin) escinfo: analysing', tooltip: 'The file was saved: escinfo compiles it again (analysis only) for new facts.' };
    case 'analysis-failed':
      return { text: '$(warning) escinfo: analysis failed', tooltip: 'The analysis compile of this file failed: the compiler\'s first error is a problem on line 1, all of it in the escinfo output channel. Click to hide the facts.' };
    case 'server-down':
      return { text: '$(error) escinfo: server stopped', tooltip: 'The escinfo server is not running: see the escinfo output channel. Run "escinfo: Restart the Server" to try again.' };
  }
}
