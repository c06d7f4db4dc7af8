// vscode.ts - the few parts of the vscode API the extension's features use, with knobs for tests (mock.*).

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void { this.fn(); }
}

type Listener<T> = (e: T) => unknown;
export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>): Disposable => {
    this.listeners.push(l);
    return new Disposable(() => { this.listeners = this.listeners.filter((x) => x !== l); });
  };
  fire(e: T): void { for (const l of [...this.listeners]) l(e); }
  dispose(): void { this.listeners = []; }
}

export class Uri {
  private constructor(readonly scheme: string, readonly fsPath: string) {}
  static file(p: string): Uri { return new Uri('file', p); }
  toString(): string { return `${this.scheme}://${this.fsPath}`; }
}

export enum StatusBarAlignment { Left = 1, Right = 2 }
export class ThemeColor { constructor(readonly id: string) {} }

export class StatusBarItem {
  text = '';
  tooltip: string | undefined;
  name: string | undefined;
  command: string | undefined;
  backgroundColor: ThemeColor | undefined;
  visible = false;
  constructor(readonly id: string, readonly alignment: StatusBarAlignment, readonly priority: number) {}
  show(): void { this.visible = true; }
  hide(): void { this.visible = false; }
  dispose(): void { this.visible = false; }
}

interface FakeEditor { document: { uri: Uri; languageId: string } }

/** Settings by scope: what the user set, what the workspace set. */
export interface FakeSettings { user: Record<string, unknown>; workspace: Record<string, unknown> }

/** Test knobs. */
export const mock = {
  settings: { user: {}, workspace: {} } as FakeSettings,
  trusted: true,
  activeEditor: undefined as FakeEditor | undefined,
  statusItems: [] as StatusBarItem[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  activeEditorChanged: new EventEmitter<FakeEditor | undefined>(),
  configurationChanged: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  reset(): void {
    this.settings = { user: {}, workspace: {} };
    this.trusted = true;
    this.activeEditor = undefined;
    this.statusItems = [];
    this.commands.clear();
  },
};

/** The defaults from package.json, as VS Code would have them. */
function defaults(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const pkg = require('../../../package.json');
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries<{ default?: unknown }>(pkg.contributes.configuration.properties))
    out[key] = spec.default;
  return out;
}

export const workspace = {
  get isTrusted(): boolean { return mock.trusted; },
  workspaceFolders: undefined as { uri: Uri }[] | undefined,
  getConfiguration(section: string) {
    const full = (key: string): string => `${section}.${key}`;
    const known = defaults();
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        const k = full(key);
        if (k in mock.settings.workspace) return mock.settings.workspace[k] as T;
        if (k in mock.settings.user) return mock.settings.user[k] as T;
        return (k in known ? known[k] : fallback) as T;
      },
      inspect<T>(key: string) {
        const k = full(key);
        return {
          key: k,
          defaultValue: known[k] as T | undefined,
          globalValue: mock.settings.user[k] as T | undefined,
          workspaceValue: mock.settings.workspace[k] as T | undefined,
        };
      },
    };
  },
  onDidChangeConfiguration: mock.configurationChanged.event,
  onDidGrantWorkspaceTrust: new EventEmitter<void>().event,
};

export const window = {
  get activeTextEditor(): FakeEditor | undefined { return mock.activeEditor; },
  onDidChangeActiveTextEditor: mock.activeEditorChanged.event,
  createStatusBarItem(id: string, alignment: StatusBarAlignment, priority: number): StatusBarItem {
    const item = new StatusBarItem(id, alignment, priority);
    mock.statusItems.push(item);
    return item;
  },
  createOutputChannel(name: string) {
    const lines: string[] = [];
    return { name, lines, appendLine: (l: string) => lines.push(l), show: () => undefined, dispose: () => undefined };
  },
};

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown): Disposable {
    mock.commands.set(id, fn);
    return new Disposable(() => mock.commands.delete(id));
  },
  executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    const fn = mock.commands.get(id);
    return Promise.resolve(fn ? fn(...args) : undefined);
  },
};
