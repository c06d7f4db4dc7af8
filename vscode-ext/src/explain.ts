// explain.ts - "Explain the Fact Under the Cursor", and a code lens's list of a function's facts: each fact's message and its flow, step by step, in a quick pick that jumps to each step.
import * as vscode from 'vscode';
import type { EscinfoContext } from './context';

interface StepItem extends vscode.QuickPickItem {
  location?: vscode.Location;
}

/** The escinfo diagnostics at POS, else on its line. */
export function factsAt(diagnostics: readonly vscode.Diagnostic[], pos: vscode.Position): vscode.Diagnostic[] {
  const ours = diagnostics.filter((d) => d.source === 'escinfo');
  const here = ours.filter((d) => d.range.contains(pos));
  return here.length > 0 ? here : ours.filter((d) => d.range.start.line <= pos.line && pos.line <= d.range.end.line);
}

function codeText(d: vscode.Diagnostic): string {
  const c = d.code;
  return c === undefined ? '' : typeof c === 'object' ? String(c.value) : String(c);
}

function items(facts: vscode.Diagnostic[], uri: vscode.Uri): StepItem[] {
  const out: StepItem[] = [];
  for (const d of facts) {
    out.push({ label: d.message, description: codeText(d), location: new vscode.Location(uri, d.range) });
    for (const r of d.relatedInformation ?? []) {
      const where = `${vscode.workspace.asRelativePath(r.location.uri)}:${r.location.range.start.line + 1}`;
      out.push({ label: `$(arrow-small-right) ${r.message.trim()}`, description: where, location: r.location });
    }
  }
  return out;
}

async function explain(ctx: EscinfoContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const pos = editor.selection.active;
  const facts = factsAt(vscode.languages.getDiagnostics(editor.document.uri), pos);
  if (facts.length === 0) {
    // noescape and friends are not diagnostics by default, but the server's hover tells them
    const client = ctx.server.languageClient;
    const hover = client
      ? await client.sendRequest('textDocument/hover', client.code2ProtocolConverter.asTextDocumentPositionParams(editor.document, pos))
      : null;
    if (hover) await vscode.commands.executeCommand('editor.action.showHover');
    else void vscode.window.showInformationMessage('escinfo: no escape fact at the cursor.');
    return;
  }
  showFactList(ctx, 'escinfo: how it escapes', facts, editor.document.uri);
}

/** FACTS of the document URI, each followed by its flow, in a quick pick titled TITLE. */
export function showFactList(ctx: EscinfoContext, title: string, facts: vscode.Diagnostic[], uri: vscode.Uri): void {
  const pick = vscode.window.createQuickPick<StepItem>();
  pick.title = title;
  pick.items = items(facts, uri);
  pick.matchOnDescription = true;
  ctx.subscriptions.push(pick);
  pick.onDidAccept(async () => {
    const loc = pick.selectedItems[0]?.location;
    pick.hide();
    if (loc) {
      const target = await vscode.window.showTextDocument(loc.uri, { preview: true });
      target.selection = new vscode.Selection(loc.range.start, loc.range.start);
      target.revealRange(loc.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

export function activate(ctx: EscinfoContext): void {
  ctx.subscriptions.push(vscode.commands.registerCommand('escinfo.explain', () => explain(ctx)));
}
