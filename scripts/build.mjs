// Bundles the CLI into one file, dist/aztm.mjs, and the library into dist/index.mjs. With
// --types it also writes the library's declarations to dist/types (slower: tsc).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  define: { __AZTM_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __aztmCreateRequire } from 'node:module';\nconst require = __aztmCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

// Entra ID sign-in (src/auth/entra.ts, with @azure/identity: ~400 KB) is bundled on its own and
// kept in the CLI as a brotli-compressed string, imported from a data: URL on first use. As code,
// V8 would scan it at every start (~20 ms on `aztm --version`); as a string it costs next to
// nothing, and compressed (~130 KB) it leaves room under the 1 MB budget.
const entra = await build({
  ...common,
  entryPoints: ['src/auth/entra.ts'],
  write: false,
  // A data: module has no file of its own to resolve from; it only requires Node's built-ins.
  banner: {
    js: "import { createRequire as __aztmCreateRequire } from 'node:module';\nconst require = __aztmCreateRequire(process.execPath);",
  },
});
const packedEntra = brotliCompressSync(entra.outputFiles[0].contents, {
  params: { [zlib.BROTLI_PARAM_QUALITY]: 11 },
}).toString('base64');
const entraAsText = {
  name: 'entra-as-text',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/entra\.ts$/ }, (args) =>
      args.importer.endsWith('authorizer.ts')
        ? { path: 'entra', namespace: 'aztm-entra' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'aztm-entra' }, () => ({
      loader: 'js',
      contents: `const packed = ${JSON.stringify(packedEntra)};
let loaded;
async function load() {
  const { brotliDecompressSync } = await import('node:zlib');
  const code = brotliDecompressSync(Buffer.from(packed, 'base64')).toString('base64');
  return import('data:text/javascript;base64,' + code);
}
export function createEntraTokenSource(credential, options) {
  let source;
  return async () => {
    loaded ??= load();
    source ??= (await loaded).createEntraTokenSource(credential, options);
    return source();
  };
}`,
    }));
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/aztm.mjs',
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
    plugins: [entraAsText],
  }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.mjs', minify: false }),
]);

if (process.argv.includes('--types')) {
  rmSync('dist/types', { recursive: true, force: true });
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
  // Declarations keep the sources' `.ts` specifiers; point them at the `.d.ts` files' `.js` names.
  const rewrite = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) rewrite(path);
      else if (name.endsWith('.d.ts')) {
        const text = readFileSync(path, 'utf8');
        writeFileSync(path, text.replace(/(from\s+'\.{1,2}\/[^']+)\.ts'/g, "$1.js'"));
      }
    }
  };
  rewrite('dist/types');
}
