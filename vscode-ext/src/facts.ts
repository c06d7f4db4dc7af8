// facts.ts - remembers, for each document, the escinfo diagnostics last received (pushed or pulled) and the server's last escinfo/fileStatus.
import * as vscode from 'vscode';
import { FileStatus, SeenDiagnostic } from './status';

interface Seen {
  diagnostics?: SeenDiagnostic[];
  status?: FileStatus;
}

export class FactTracker implements vscode.Disposable {
  private readonly byUri = new Map<string, Seen>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the URI whose diagnostics or status came, or undefined when all were forgotten. */
  readonly onDidChange = this.changed.event;

  private entry(key: string): Seen {
    let seen = this.byUri.get(key);
    if (!seen) this.byUri.set(key, (seen = {}));
    return seen;
  }

  /** Records DIAGNOSTICS as the server's latest for URI. */
  received(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    const key = uri.toString();
    this.entry(key).diagnostics = diagnostics.map((d) => ({
      code: d.code as SeenDiagnostic['code'],
      message: d.message,
      source: d.source,
      // the language client keeps the protocol's data field on its Diagnostic objects
      data: (d as unknown as { data?: unknown }).data,
    }));
    this.changed.fire(key);
  }

  /** Records the server's escinfo/fileStatus for URI. */
  receivedStatus(uri: vscode.Uri, status: FileStatus): void {
    const key = uri.toString();
    this.entry(key).status = status;
    this.changed.fire(key);
  }

  /** The diagnostics last received for URI, undefined when none came since the server started. */
  get(uri: vscode.Uri): readonly SeenDiagnostic[] | undefined {
    return this.byUri.get(uri.toString())?.diagnostics;
  }

  /** The server's last status for URI, undefined when it sent none. */
  status(uri: vscode.Uri): FileStatus | undefined {
    return this.byUri.get(uri.toString())?.status;
  }

  /** Forgets everything (the server stopped). */
  clear(): void {
    this.byUri.clear();
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
