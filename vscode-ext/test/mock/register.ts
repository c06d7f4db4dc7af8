// register.ts - makes require('vscode') load the mock in vscode.ts (mocha loads this first, see .mocharc.json).
import Module = require('module');
import * as path from 'path';

const mockPath = path.join(__dirname, 'vscode.js');
const resolving = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = resolving._resolveFilename;
resolving._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? mockPath : original.call(this, request, ...rest);
};
