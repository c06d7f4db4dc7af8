// status.ts - the state shown in the status bar, from the server's state and its diagnostics for a file (pure: no vscode).

export type ServerState = 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';

/**
 * off: facts hidden by the user.  fresh: the file's facts match its text.  stale: the file changed
 * since it was compiled.  no-data: the cache holds nothing for it.  waiting: nothing heard yet.
 * not-c: the active editor is not C or C++.  server-down: the server is not running.
 */
export type FactsState = 'off' | 'fresh' | 'stale' | 'no-data' | 'waiting' | 'not-c' | 'starting' | 'server-down';

/** The parts of an LSP or VS Code diagnostic that tell the state. */
export interface SeenDiagnostic {
  code?: string | number | { value: string | number };
  message: string;
  source?: string;
  data?: unknown;
  relatedInformation?: { message: string }[];
}

/** The code the server gives the notice on a file the cache has no facts for. */
export const NO_FACTS_CODE = 'escinfo.no-facts';
/** A notice code for a file changed since its compile, should the server use one. */
export const STALE_CODE = 'escinfo.stale';
/** What the server says of a fact whose file changed since the compile. */
export const STALE_PHRASE = 'changed since it was compiled';

export function codeOf(d: SeenDiagnostic): string | undefined {
  const c = d.code;
  if (c === undefined || c === null) return undefined;
  if (typeof c === 'object') return String(c.value);
  return String(c);
}

function dataSaysStale(data: unknown): boolean {
  if (!data || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  if (d.stale === true) return true;
  return typeof d.note === 'string' && d.note.includes(STALE_PHRASE);
}

/** Whether D says its file changed since the compile that produced it. */
export function isStale(d: SeenDiagnostic): boolean {
  if (codeOf(d) === STALE_CODE || dataSaysStale(d.data) || d.message.includes(STALE_PHRASE)) return true;
  return (d.relatedInformation ?? []).some((r) => r.message.includes(STALE_PHRASE));
}

export interface StatusInput {
  enabled: boolean;
  server: ServerState;
  /** languageId of the active editor's document, undefined when there is none. */
  languageId?: string;
  /** The escinfo diagnostics last received for that document; undefined when none came yet. */
  diagnostics?: readonly SeenDiagnostic[];
  /** The server's hover on one of those facts says the file changed since it was compiled. */
  staleHover?: boolean;
}

export function isCLanguage(languageId: string | undefined): boolean {
  return languageId === 'c' || languageId === 'cpp';
}

export function factsState(input: StatusInput): FactsState {
  if (!input.enabled) return 'off';
  if (input.server === 'starting' || input.server === 'restarting') return 'starting';
  if (input.server !== 'running') return 'server-down';
  if (!isCLanguage(input.languageId)) return 'not-c';
  const diags = input.diagnostics;
  if (diags === undefined) return 'waiting';
  const ours = diags.filter((d) => d.source === undefined || d.source === 'escinfo');
  if (ours.some((d) => codeOf(d) === NO_FACTS_CODE)) return 'no-data';
  if (input.staleHover || ours.some(isStale)) return 'stale';
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
    case 'no-data':
      return { text: '$(circle-slash) escinfo: no data', tooltip: 'The cache holds no facts for this file: compile it with -fplugin=escinfo.so (and check escinfo.cacheDirectory). Click to hide.' };
    case 'waiting':
      return { text: '$(eye) escinfo: …', tooltip: 'Waiting for the server\'s facts for this file. Click to hide escape facts.' };
    case 'not-c':
      return { text: '$(eye) escinfo: on', tooltip: 'Escape facts are shown in C and C++ files. Click to hide them.' };
    case 'starting':
      return { text: '$(sync~spin) escinfo: starting', tooltip: 'The escinfo server is starting.' };
    case 'server-down':
      return { text: '$(error) escinfo: server stopped', tooltip: 'The escinfo server is not running: see the escinfo output channel. Run "escinfo: Restart the Server" to try again.' };
  }
}
