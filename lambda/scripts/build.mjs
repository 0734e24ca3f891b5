// Bundles the handler with its dependencies into dist/handler.js for the nodejs22.x runtime.
// The contract is imported as types only, so nothing of the CAP project ends up in the bundle.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/handler.ts'],
  outfile: 'dist/handler.js',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  minifySyntax: true,
  legalComments: 'external',
  metafile: false,
  logLevel: 'info',
})
