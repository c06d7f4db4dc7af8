// statusBar.ts - the status-bar item: facts shown or hidden, and for the active file fresh, stale or no data.
import * as vscode from 'vscode';
import type { EscinfoContext } from './context';
import { factsState, statusText } from './status';

export function activate(ctx: EscinfoContext): void {
  const item = vscode.window.createStatusBarItem('escinfo.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'escinfo';
  item.command = 'escinfo.toggle';

  const update = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    const state = factsState({
      enabled: ctx.enabled,
      server: ctx.server.state,
      languageId: doc?.languageId,
      diagnostics: doc ? ctx.facts.get(doc.uri) : undefined,
      fileStatus: doc ? ctx.facts.status(doc.uri) : undefined,
    });
    const { text, tooltip } = statusText(state);
    item.text = text;
    item.tooltip = tooltip;
    item.backgroundColor = state === 'server-down' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };

  ctx.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    ctx.facts.onDidChange((uri) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (uri === undefined || uri === active) update();
    }),
    ctx.server.onDidChangeState(update),
    ctx.onDidChangeEnabled(update),
  );
  update();
}
