// build.mjs - bundles the extension with esbuild into dist/extension.js (vscode is left external).
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  outfile: 'dist/extension.js',
  minify: true,
  keepNames: true,
  sourcemap: false,
  logLevel: 'warning',
});
