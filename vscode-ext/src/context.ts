// context.ts - what the features share: the output channel, the server, the facts received, whether facts are shown.
import * as vscode from 'vscode';
import { FactTracker } from './facts';
import { ServerManager } from './server';

const ENABLED_KEY = 'escinfo.enabled';

export class EscinfoContext implements vscode.Disposable {
  readonly subscriptions: vscode.Disposable[] = [];
  readonly output: vscode.OutputChannel;
  readonly facts: FactTracker;
  readonly server: ServerManager;
  private readonly enabledChanged = new vscode.EventEmitter<boolean>();
  readonly onDidChangeEnabled = this.enabledChanged.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('escinfo');
    this.facts = new FactTracker();
    this.server = new ServerManager(this);
    this.subscriptions.push(this.output, this.facts, this.server, this.enabledChanged);
  }

  /** Whether facts are shown (kept per workspace; on by default). */
  get enabled(): boolean {
    return this.extension.workspaceState.get<boolean>(ENABLED_KEY, true);
  }

  async setEnabled(on: boolean): Promise<void> {
    await this.extension.workspaceState.update(ENABLED_KEY, on);
    this.enabledChanged.fire(on);
  }

  /** A line in the escinfo output channel. */
  log(message: string): void {
    this.output.appendLine(`[${new Date().toISOString()}] ${message}`);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}
