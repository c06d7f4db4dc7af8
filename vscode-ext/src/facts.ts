// facts.ts - remembers the escinfo diagnostics last received for each document (pushed or pulled), and whether the server's hover calls them stale.
import * as vscode from 'vscode';
import { codeOf, NO_FACTS_CODE, SeenDiagnostic, STALE_PHRASE } from './status';

/** Asks the server for the hover text at a position of the document; undefined when none. */
export type HoverProbe = (position: vscode.Position) => Promise<string | undefined>;

interface Seen {
  diagnostics: SeenDiagnostic[];
  staleHover?: boolean;
  generation: number;
}

export class FactTracker implements vscode.Disposable {
  private readonly byUri = new Map<string, Seen>();
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the URI whose diagnostics came, or undefined when all were forgotten. */
  readonly onDidChange = this.changed.event;

  /** Records DIAGNOSTICS as the server's latest for URI.  The diagnostics do not say whether the
   *  file changed since its compile, the hover does: PROBE asks for it on the first fact. */
  received(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[], probe?: HoverProbe): void {
    const key = uri.toString();
    const seen: Seen = {
      diagnostics: diagnostics.map((d) => ({
        code: d.code as SeenDiagnostic['code'],
        message: d.message,
        source: d.source,
        // the language client keeps the protocol's data field on its Diagnostic objects
        data: (d as unknown as { data?: unknown }).data,
        relatedInformation: d.relatedInformation?.map((r) => ({ message: r.message })),
      })),
      staleHover: this.byUri.get(key)?.staleHover,
      generation: ++this.generation,
    };
    this.byUri.set(key, seen);
    this.changed.fire(key);
    const first = diagnostics.find((d) => codeOf(d as SeenDiagnostic) !== NO_FACTS_CODE);
    if (!probe || !first) return;
    probe(first.range.start).then((text) => {
      if (this.byUri.get(key)?.generation !== seen.generation) return;
      const stale = text !== undefined && text.includes(STALE_PHRASE);
      if (stale === seen.staleHover) return;
      seen.staleHover = stale;
      this.changed.fire(key);
    }, () => undefined);
  }

  /** The diagnostics last received for URI, undefined when none came since the server started. */
  get(uri: vscode.Uri): readonly SeenDiagnostic[] | undefined {
    return this.byUri.get(uri.toString())?.diagnostics;
  }

  /** Whether the server's hover on URI's first fact says the file changed since its compile. */
  staleByHover(uri: vscode.Uri): boolean {
    return this.byUri.get(uri.toString())?.staleHover === true;
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
