// config.ts - reads the escinfo.* settings from VS Code, ignoring what an untrusted workspace says about the server.
import * as os from 'os';
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, Detail, EscinfoSettings, PathContext, TraceLevel } from './settings';

/** Settings that run something: an untrusted workspace may not set them. */
export const RESTRICTED = ['server.path', 'server.arguments'] as const;

/** The value of KEY from the user's (or the machine's) settings only, else the default. */
function userValue<T>(cfg: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const seen = cfg.inspect<T>(key);
  return seen?.globalValue ?? seen?.defaultValue ?? fallback;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Every escinfo.* setting.  In an untrusted workspace the server's path and arguments come
 *  from the user's settings alone (VS Code does the same for restrictedConfigurations; this
 *  holds even for a VS Code that does not). */
export function readSettings(): EscinfoSettings {
  const cfg = vscode.workspace.getConfiguration('escinfo');
  const trusted = vscode.workspace.isTrusted;
  const get = <T>(key: string, fallback: T): T => cfg.get<T>(key, fallback) ?? fallback;
  const restricted = <T>(key: string, fallback: T): T => (trusted ? get(key, fallback) : userValue(cfg, key, fallback));
  const severity = get<Record<string, string>>('severity', {});
  return {
    serverPath: String(restricted('server.path', DEFAULT_SETTINGS.serverPath)),
    serverArguments: stringList(restricted<unknown>('server.arguments', [])),
    detail: get<Detail>('detail', 'normal'),
    cacheDirectory: String(get('cacheDirectory', '')),
    codes: stringList(get<unknown>('codes', [])),
    showNonEscaping: get<unknown>('showNonEscaping', false) === true,
    inlayHints: get<unknown>('inlayHints', true) !== false,
    codeLens: get<unknown>('codeLens', true) !== false,
    severity: severity && typeof severity === 'object' ? { ...severity } : {},
    noFactsNotice: get<unknown>('noFactsNotice', true) !== false,
    showByCallee: get<unknown>('showByCallee', false) === true,
    analyzeOnSave: get<unknown>('analyzeOnSave', true) !== false,
    analyzeOnOpen: get<unknown>('analyzeOnOpen', false) === true,
    compileCommands: String(get('compileCommands', '')),
    maxJobs: Number(get<unknown>('maxJobs', DEFAULT_SETTINGS.maxJobs)),
    workspaceTrusted: trusted,
    trace: get<TraceLevel>('trace.server', 'off'),
  };
}

/** Where ${workspaceFolder} and ~ point in path settings. */
export function pathContext(): PathContext {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return {
    workspaceFolder: folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
    home: os.homedir(),
  };
}
