// server.ts - runs esclsp through the language client: start, stop, restart on a crash with a backoff; the restart and log commands.
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ClientCapabilities, CloseAction, Diagnostic, ErrorAction, Executable, LanguageClient, LanguageClientOptions, NotificationType,
  RevealOutputChannelOn, State, StaticFeature,
} from 'vscode-languageclient/node';
import { RestartBackoff } from './backoff';
import { pathContext, readSettings } from './config';
import type { EscinfoContext } from './context';
import { showFactList } from './explain';
import { BUILD_BINDIR, locateServer, notFoundMessage } from './locate';
import { serverCommand, serverSettings } from './settings';
import { FileStatus, ServerState } from './status';

const SHOW_FACTS_COMMAND = 'escinfo.showFacts';

/** The result of escinfo.showFacts: the function's facts as LSP diagnostics. */
interface FactList {
  uri: string;
  function: string;
  facts: Diagnostic[];
}

function isFactList(r: unknown): r is FactList {
  const o = r as Partial<FactList> | null;
  return typeof o === 'object' && o !== null && typeof o.uri === 'string' && typeof o.function === 'string' && Array.isArray(o.facts);
}

/** The language client, whose own error notifications (a failed start, "Couldn't create
 *  connection") go to the output channel only: the extension says so once, in its words, with
 *  what to do (showStartFailure, the restart backoff). */
class EscinfoLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    super.error(message, data, showNotification === 'force' ? false : showNotification);
  }
}

/** C and C++ files on disk: the server reads facts for files only. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'c' },
  { scheme: 'file', language: 'cpp' },
];

/** The server's status of a document's facts, sent to clients that ask for it. */
export const FileStatusNotification = new NotificationType<FileStatus>('escinfo/fileStatus');

/** Asks the server for escinfo/fileStatus (experimental.escinfoFileStatus), and tells it that a
 *  code lens's fact list is shown here (experimental.escinfoFactList: no window/showMessage). */
const fileStatusFeature: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.experimental = {
      ...(capabilities.experimental as object | undefined), escinfoFileStatus: true, escinfoFactList: true,
    };
  },
  initialize(): void {},
  getState: () => ({ kind: 'static' }),
  clear(): void {},
};

export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private command = '';
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly backoff = new RestartBackoff();
  private current: ServerState = 'stopped';
  private readonly stateChanged = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateChanged.event;

  constructor(private readonly ctx: EscinfoContext) {}

  get state(): ServerState {
    return this.current;
  }

  /** The running client, if any. */
  get languageClient(): LanguageClient | undefined {
    return this.current === 'running' ? this.client : undefined;
  }

  private setState(s: ServerState): void {
    if (s === this.current) return;
    this.current = s;
    this.stateChanged.fire(s);
  }

  /** Starts the server unless facts are hidden or it runs already.  Never throws: a failure is
   *  logged and shown. */
  async start(): Promise<void> {
    if (!this.ctx.enabled || this.client) return;
    this.cancelRestart();
    const settings = readSettings();
    const where = pathContext();
    const { command: named, args } = serverCommand(settings, where);
    const located = locateServer(named, {
      bundledDir: this.ctx.extension.extensionPath ? path.join(this.ctx.extension.extensionPath, 'bin') : undefined,
      pathEnv: process.env.PATH, installBindir: BUILD_BINDIR, home: where.home,
    });
    if (!located.found) {
      // Only our notification: no language client is made, so it raises none of its own.
      const message = notFoundMessage(named, located.searched);
      this.ctx.log(message);
      this.setState('failed');
      this.showStartFailure(message);
      return;
    }
    const command = located.found;
    const executable: Executable = { command, args, options: { env: process.env } };
    const owner: { client?: LanguageClient } = {};
    const client = new EscinfoLanguageClient('escinfo', 'escinfo', executable, this.clientOptions(owner));
    client.registerFeature(fileStatusFeature);
    client.onNotification(FileStatusNotification, (status) => {
      if (this.client === client) this.ctx.facts.receivedStatus(client.protocol2CodeConverter.asUri(status.uri), status);
    });
    owner.client = client;
    this.client = client;
    this.command = command;
    this.startedAt = Date.now();
    this.setState('starting');
    this.ctx.log(`starting ${[command, ...args].join(' ')}${vscode.workspace.isTrusted ? '' : ' (untrusted workspace: server settings from user settings only)'}`);
    try {
      await client.start();
    } catch (err) {
      this.failedStart(client, String(err));
      return;
    }
    // a server that exits before it answers initialize: start() resolves all the same (the
    // initialization failure handler said not to retry), with the client not running
    if (client.state !== State.Running) {
      this.failedStart(client, 'it exited before it answered initialize');
      return;
    }
    if (this.client === client) {
      this.setState('running');
      this.ctx.log('server running');
    }
  }

  /** CLIENT's server could not be started, or exited before it answered initialize: said once,
   *  whichever of the start's failure and the connection's close comes first; no restart (a
   *  server that cannot start would only fail again). */
  private failedStart(client: LanguageClient, why: string): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.ctx.log(`could not start the server: ${why}`);
    this.setState('failed');
    this.showStartFailure(`escinfo: could not start the language server '${this.command}'. See the log, or set escinfo.server.path.`);
  }

  private showStartFailure(message: string): void {
    void vscode.window.showErrorMessage(message, 'Open Settings', 'Open Log').then((pick) => {
      if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'escinfo.server');
      if (pick === 'Open Log') this.ctx.output.show(true);
    });
  }

  /** Stops the server (facts disappear from the editor). */
  async stop(): Promise<void> {
    this.cancelRestart();
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        if (client.state !== State.Stopped) await client.stop(2000);
      } catch (err) {
        this.ctx.log(`stopping the server: ${String(err)}`);
      }
    }
    this.ctx.facts.clear();
    this.setState('stopped');
  }

  /** A new server process, as the user asked: earlier crashes are forgotten. */
  async restart(): Promise<void> {
    this.backoff.reset();
    await this.stop();
    await this.start();
  }

  /** Sends the current settings to the running server. */
  async sendSettings(): Promise<void> {
    const client = this.languageClient;
    if (!client) return;
    const settings = serverSettings(readSettings(), pathContext());
    await client.sendNotification('workspace/didChangeConfiguration', { settings: { escinfo: settings } });
  }

  private cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  /** The connection to CLIENT closed without being asked to: restart after a delay, or give up. */
  private crashed(client: LanguageClient): void {
    if (this.client !== client) return;
    if (this.current === 'starting') {
      this.failedStart(client, 'it exited before it answered initialize');
      return;
    }
    this.client = undefined;
    this.ctx.facts.clear();
    const ranFor = Date.now() - this.startedAt;
    const decision = this.backoff.onCrash(ranFor);
    if (decision.restart) {
      const seconds = Math.round(decision.delayMs / 100) / 10;
      this.ctx.log(`the server stopped unexpectedly after ${Math.round(ranFor / 1000)} s; restarting in ${seconds} s (attempt ${decision.attempt})`);
      this.setState('restarting');
      void vscode.window.showWarningMessage(`escinfo: the language server stopped unexpectedly; restarting it in ${seconds} s.`, 'Open Log')
        .then((pick) => { if (pick) this.ctx.output.show(true); });
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        void this.start();
      }, decision.delayMs);
    } else {
      this.ctx.log(`the server stopped unexpectedly ${decision.crashes} times in a row; not restarting it`);
      this.setState('failed');
      void vscode.window.showErrorMessage(`escinfo: the language server keeps stopping (${decision.crashes} times in a row); it is not restarted.`, 'Restart', 'Open Log')
        .then((pick) => {
          if (pick === 'Restart') void this.restart();
          if (pick === 'Open Log') this.ctx.output.show(true);
        });
    }
  }

  /** The client's options; OWNER.client is set to the client they were made for. */
  private clientOptions(owner: { client?: LanguageClient }): LanguageClientOptions {
    const facts = this.ctx.facts;
    return {
      documentSelector: DOCUMENT_SELECTOR,
      diagnosticCollectionName: 'escinfo',
      outputChannel: this.ctx.output,
      traceOutputChannel: this.ctx.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: () => serverSettings(readSettings(), pathContext()),
      initializationFailedHandler: (err) => {
        this.ctx.log(`the server failed to initialize: ${String(err)}`);
        return false;
      },
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue, handled: true }),
        closed: () => {
          // called only for a close nobody asked for: stop() does not come here
          const client = owner.client;
          if (client) setTimeout(() => this.crashed(client), 0);
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => {
          facts.received(uri, diagnostics);
          next(uri, diagnostics);
        },
        provideDiagnostics: async (document, previousResultId, token, next) => {
          const report = await next(document, previousResultId, token);
          if (report && report.kind === 'full') {
            const uri = document instanceof vscode.Uri ? document : document.uri;
            facts.received(uri, report.items);
          }
          return report;
        },
        // a code lens's command: the function's facts come back as diagnostics, listed here
        executeCommand: async (command, args, next) => {
          const result: unknown = await next(command, args);
          const client = owner.client;
          if (command !== SHOW_FACTS_COMMAND || !client || !isFactList(result)) return result;
          const uri = client.protocol2CodeConverter.asUri(result.uri);
          const list = await client.protocol2CodeConverter.asDiagnostics(result.facts);
          if (list.length === 0) void vscode.window.showInformationMessage(`escinfo: no escape facts for '${result.function}'.`);
          else showFactList(this.ctx, `escinfo: the facts of ${result.function}`, list, uri);
          return result;
        },
        workspace: {
          // a server that asks for its settings gets the same as in didChangeConfiguration
          configuration: (params, token, next) => {
            const ours = serverSettings(readSettings(), pathContext());
            return params.items.some((i) => i.section === 'escinfo')
              ? params.items.map((i) => (i.section === 'escinfo' ? ours : null))
              : next(params, token);
          },
        },
      },
    };
  }

  dispose(): void {
    this.cancelRestart();
    const client = this.client;
    this.client = undefined;
    if (client) void client.stop(2000).catch(() => undefined);
    this.stateChanged.dispose();
  }
}

/** The server's feature: starts it, and registers escinfo.restartServer and escinfo.openServerLog. */
export function activate(ctx: EscinfoContext): void {
  ctx.subscriptions.push(
    vscode.commands.registerCommand('escinfo.restartServer', async () => {
      ctx.log('restart asked for');
      if (!ctx.enabled) await ctx.setEnabled(true);
      await ctx.server.restart();
    }),
    vscode.commands.registerCommand('escinfo.openServerLog', () => ctx.output.show(true)),
    // a workspace just trusted may name another server
    vscode.workspace.onDidGrantWorkspaceTrust(() => void ctx.server.restart()),
  );
  void ctx.server.start();
}
