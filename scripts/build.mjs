// Bundles the CLI into one file, dist/aztm.mjs, the only file the package ships besides schemas/.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/aztm.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  loader: { '.yaml': 'text' },
  define: { __AZTM_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __aztmCreateRequire } from 'node:module';\nconst require = __aztmCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
