// build.mjs - bundles the extension with esbuild into dist/extension.js (vscode is left external).
// ESCINFO_BINDIR (set by tools/build-vsix.sh from configure's bindir) is where the extension looks
// for esclsp after PATH (src/locate.ts).
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
  define: { ESCINFO_INSTALL_BINDIR: JSON.stringify(process.env.ESCINFO_BINDIR ?? '') },
});
