// configSync.ts - applies a change of escinfo.* settings without a reload: new settings to the server, a new server for a new path.
import * as vscode from 'vscode';
import { Trace } from 'vscode-languageclient/node';
import { pathContext, readSettings } from './config';
import type { EscinfoContext } from './context';
import { changeNeeds } from './settings';

export function activate(ctx: EscinfoContext): void {
  let last = readSettings();
  ctx.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (e) => {
    if (!e.affectsConfiguration('escinfo')) return;
    const now = readSettings();
    const needs = changeNeeds(last, now, pathContext());
    if (needs === 'nothing' && last.trace === now.trace) ctx.log('settings changed (nothing for the server)');
    const traceChanged = last.trace !== now.trace;
    last = now;
    if (needs === 'restart') {
      ctx.log('the server\'s path or arguments changed: restarting it');
      await ctx.server.restart();
      return;
    }
    const client = ctx.server.languageClient;
    if (traceChanged && client) await client.setTrace(Trace.fromString(now.trace));
    if (needs === 'notify') {
      ctx.log('settings changed: sending them to the server');
      await ctx.server.sendSettings();
    }
  }));
}
