// toggle.ts - the show/hide commands: hiding stops the server, so its diagnostics, hints and lenses go away at once.
import * as vscode from 'vscode';
import type { EscinfoContext } from './context';

export async function setShown(ctx: EscinfoContext, on: boolean): Promise<void> {
  if (on === ctx.enabled) return;
  await ctx.setEnabled(on);
  ctx.log(on ? 'facts shown' : 'facts hidden');
  if (on) await ctx.server.start();
  else await ctx.server.stop();
}

export function activate(ctx: EscinfoContext): void {
  ctx.subscriptions.push(
    vscode.commands.registerCommand('escinfo.toggle', () => setShown(ctx, !ctx.enabled)),
    vscode.commands.registerCommand('escinfo.show', () => setShown(ctx, true)),
    vscode.commands.registerCommand('escinfo.hide', () => setShown(ctx, false)),
  );
}
