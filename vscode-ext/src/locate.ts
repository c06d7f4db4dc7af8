// locate.ts - finds the esclsp executable without relying on the extension host's PATH alone (pure: no vscode).
//
// An editor started from a desktop menu often has a shorter PATH than the user's shell, so a bare
// command name is looked up first in the extension's own bin directory (a platform-specific .vsix
// carries esclsp there, of the extension's own version), then on PATH, then in the bin directory
// of the escinfo installation this extension was built with, then in ~/.local/bin,
// /usr/local/bin and /usr/bin.  A command with a slash is taken as it is.  Whatever happens, the
// caller gets the list of places searched, for a failure message that says exactly where it looked.

import * as fs from 'fs';
import * as path from 'path';

/** Where to look, and how to test a candidate (injected by the tests). */
export interface ServerSearch {
  /** The extension's own bin directory (where a platform-specific .vsix has esclsp). */
  bundledDir?: string;
  /** The extension host's PATH. */
  pathEnv?: string;
  /** The bin directory of the installation the extension was built with ('' when unknown). */
  installBindir?: string;
  /** The user's home directory. */
  home?: string;
  /** Whether P is an executable file; default: fs.accessSync(P, X_OK) on a regular file. */
  isExecutable?: (p: string) => boolean;
}

export interface LocatedServer {
  /** The executable to run, when one was found. */
  found?: string;
  /** Every candidate tried, in order. */
  searched: string[];
}

/** The bin directory of the escinfo installation, recorded by the build (see build.mjs). */
declare const ESCINFO_INSTALL_BINDIR: string | undefined;
export const BUILD_BINDIR: string = typeof ESCINFO_INSTALL_BINDIR === 'string' ? ESCINFO_INSTALL_BINDIR : '';

export function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The directories a bare command name is looked for in, in order, without repeats. */
export function searchDirectories(s: ServerSearch): string[] {
  const dirs: string[] = [];
  const add = (d: string | undefined): void => {
    if (d && path.isAbsolute(d) && !dirs.includes(path.normalize(d))) dirs.push(path.normalize(d));
  };
  add(s.bundledDir);
  for (const d of (s.pathEnv ?? '').split(path.delimiter)) add(d);
  add(s.installBindir);
  if (s.home) add(path.join(s.home, '.local', 'bin'));
  add('/usr/local/bin');
  add('/usr/bin');
  return dirs;
}

/** Finds COMMAND ("esclsp", or a path) as described at the top of this file. */
export function locateServer(command: string, s: ServerSearch): LocatedServer {
  const isExec = s.isExecutable ?? isExecutableFile;
  if (command.includes('/')) return { found: isExec(command) ? command : undefined, searched: [command] };
  const searched: string[] = [];
  for (const dir of searchDirectories(s)) {
    const candidate = path.join(dir, command);
    searched.push(candidate);
    if (isExec(candidate)) return { found: candidate, searched };
  }
  return { searched };
}

/** The failure message for a server that was not found. */
export function notFoundMessage(command: string, searched: string[]): string {
  const where = searched.length <= 8 ? searched.join(', ')
    : `${searched.slice(0, 8).join(', ')} and ${searched.length - 8} more`;
  return `escinfo: could not find the language server '${command}' (looked in ${where}). ` +
    'Install escinfo (make install puts esclsp in its bin directory) or set escinfo.server.path.';
}
