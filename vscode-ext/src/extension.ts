// extension.ts - escinfo for VS Code: escape facts from GCC's escinfo plugin, served by esclsp.
import * as vscode from 'vscode';
import * as configSync from './configSync';
import { EscinfoContext } from './context';
import * as explain from './explain';
import * as server from './server';
import * as statusBar from './statusBar';
import * as toggle from './toggle';

export function activate(extension: vscode.ExtensionContext): void {
  const ctx = new EscinfoContext(extension);
  extension.subscriptions.push(ctx);
  for (const feature of [statusBar, toggle, configSync, explain, server]) feature.activate(ctx);
}

export function deactivate(): void {
  // the context's subscriptions stop the server
}
