// settings.ts - the extension's settings as plain data, and what the server is sent for them (pure: no vscode).

export type TraceLevel = 'off' | 'messages' | 'verbose';
export type Detail = 'quiet' | 'normal' | 'all';
const DETAILS: readonly string[] = ['quiet', 'normal', 'all'];

/** Every escinfo.* setting, as read from VS Code (see config.ts). */
export interface EscinfoSettings {
  serverPath: string;
  serverArguments: string[];
  detail: Detail;
  cacheDirectory: string;
  codes: string[];
  showNonEscaping: boolean;
  inlayHints: boolean;
  codeLens: boolean;
  severity: Record<string, string>;
  noFactsNotice: boolean;
  showByCallee: boolean;
  analyzeOnSave: boolean;
  analyzeOnOpen: boolean;
  compileCommands: string;
  maxJobs: number;
  /** VS Code's workspace trust: compile commands run only in a trusted workspace. */
  workspaceTrusted: boolean;
  trace: TraceLevel;
}

export const DEFAULT_SETTINGS: EscinfoSettings = {
  serverPath: 'esclsp',
  serverArguments: [],
  detail: 'normal',
  cacheDirectory: '',
  codes: [],
  showNonEscaping: false,
  inlayHints: true,
  codeLens: true,
  severity: {},
  noFactsNotice: true,
  showByCallee: false,
  analyzeOnSave: true,
  analyzeOnOpen: false,
  compileCommands: '',
  maxJobs: 2,
  workspaceTrusted: false,
  trace: 'off',
};

/**
 * What the server reads, as initializationOptions and as the "escinfo" member of
 * workspace/didChangeConfiguration.  Every member is always present: null means "the server's
 * default", so that sending it again undoes an earlier value.
 */
export interface ServerSettings {
  detail: Detail;
  cacheDirectory: string | null;
  codes: string[] | null;
  showNonEscaping: boolean;
  inlayHints: boolean;
  codeLens: boolean;
  severity: Record<string, string> | null;
  noFactsNotice: boolean;
  showByCallee: boolean | null;
  /** VS Code shows a diagnostic's message and related information in the hover already. */
  hoverRepeatsDiagnostic: boolean;
  analyzeOnSave: boolean;
  analyzeOnOpen: boolean;
  compileCommands: string | null;
  maxJobs: number;
  workspaceTrusted: boolean;
}

/** Where ${workspaceFolder}, ${userHome} and a leading ~ point. */
export interface PathContext {
  workspaceFolder?: string;
  home?: string;
}

/** Expands ${workspaceFolder}, ${userHome} and a leading "~/" in P; unknown variables stay. */
export function expandPath(p: string, where: PathContext): string {
  let out = p.trim();
  if (where.home !== undefined) {
    if (out === '~') out = where.home;
    else if (out.startsWith('~/')) out = where.home + out.slice(1);
    out = out.split('${userHome}').join(where.home);
  }
  if (where.workspaceFolder !== undefined)
    out = out.split('${workspaceFolder}').join(where.workspaceFolder);
  return out;
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/** The server's settings for S: empty strings and lists become null (the server's default). */
export function serverSettings(s: EscinfoSettings, where: PathContext = {}): ServerSettings {
  const cache = expandPath(s.cacheDirectory, where);
  const compileCommands = expandPath(s.compileCommands, where);
  const codes = s.codes.map((c) => c.trim()).filter((c) => c.length > 0);
  const severity: Record<string, string> = {};
  for (const [code, level] of Object.entries(s.severity)) {
    if (typeof level === 'string' && SEVERITIES.has(level.toLowerCase()))
      severity[code] = level.toLowerCase();
  }
  return {
    detail: DETAILS.includes(s.detail) ? s.detail : 'normal',
    cacheDirectory: cache === '' ? null : cache,
    codes: codes.length === 0 ? null : codes,
    showNonEscaping: s.showNonEscaping,
    inlayHints: s.inlayHints,
    codeLens: s.codeLens,
    severity: Object.keys(severity).length === 0 ? null : severity,
    noFactsNotice: s.noFactsNotice,
    // false leaves it to the detail level (the setting cannot tell unset from false)
    showByCallee: s.showByCallee ? true : null,
    hoverRepeatsDiagnostic: false,
    analyzeOnSave: s.analyzeOnSave,
    analyzeOnOpen: s.analyzeOnOpen,
    compileCommands: compileCommands === '' ? null : compileCommands,
    maxJobs: Number.isInteger(s.maxJobs) && s.maxJobs >= 1 && s.maxJobs <= 64 ? s.maxJobs : DEFAULT_SETTINGS.maxJobs,
    workspaceTrusted: s.workspaceTrusted,
  };
}

/** The command line that starts the server for S. */
export function serverCommand(s: EscinfoSettings, where: PathContext = {}): { command: string; args: string[] } {
  const command = expandPath(s.serverPath, where) || DEFAULT_SETTINGS.serverPath;
  return { command, args: ['--stdio', ...s.serverArguments] };
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a change from A to B needs: a new server process, new settings sent to it, or nothing. */
export function changeNeeds(a: EscinfoSettings, b: EscinfoSettings, where: PathContext = {}): 'restart' | 'notify' | 'nothing' {
  if (!sameJSON(serverCommand(a, where), serverCommand(b, where)))
    return 'restart';
  if (!sameJSON(serverSettings(a, where), serverSettings(b, where)))
    return 'notify';
  return 'nothing';
}
