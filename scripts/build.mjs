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

// Parts of the CLI that most runs never use are bundled on their own and kept in dist/aztm.mjs as
// brotli-compressed strings, evaluated on first use (docs/design/style.md rule 8: a fast
// start, one file). As code, V8 would compile them at every start (~28 µs per KB: the simulator,
// yaml and ajv, @azure/identity); as strings they cost next to nothing. Each part is whole: a
// command part maps its own errors to exit codes, with its own copy of the error classes.
/** The command modules loaded lazily by src/cli/commands.ts that become packed parts. */
const PACKED_COMMANDS = ['flow', 'simulate', 'demo'];

/** Resolves `./entra.ts` (imported by authorizer.ts) to the packed Entra ID part. */
const entraFromPack = {
  name: 'entra-from-pack',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/entra\.ts$/ }, (args) =>
      args.importer.endsWith('authorizer.ts')
        ? { path: 'entra', namespace: 'aztm-entra' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'aztm-entra' }, () => ({
      loader: 'js',
      contents: `export function createEntraTokenSource(credential, options) {
  let source;
  return async () => {
    source ??= globalThis[Symbol.for('aztm.unpack')]('entra').createEntraTokenSource(credential, options);
    return source();
  };
}`,
    }));
  },
};

async function pack(options) {
  const result = await build({
    ...common,
    ...options,
    // CommonJS, evaluated by the loader below with a file name of its own for stack traces.
    format: 'cjs',
    banner: {},
    // The part's own `import.meta.url` is the bundle's, given by the loader (package-files.ts
    // finds the package's examples/ from it).
    define: { ...common.define, 'import.meta.url': '__aztmModuleUrl' },
    write: false,
    plugins: [entraFromPack],
  });
  return brotliCompressSync(result.outputFiles[0].contents, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11 },
  }).toString('base64');
}

const packedParts = Object.fromEntries(
  await Promise.all([
    pack({ entryPoints: ['src/auth/entra.ts'] }).then((text) => ['entra', text]),
    ...PACKED_COMMANDS.map(async (name) => [
      name,
      await pack({
        stdin: {
          contents: `import { run as command } from './src/cli/commands/${name}.ts';
import { reportError } from './src/session/error-report.ts';
export async function run(context) {
  try {
    return await command(context);
  } catch (error) {
    return reportError(error, context.stderr, context.redactor);
  }
}`,
          resolveDir: process.cwd(),
          loader: 'ts',
        },
      }),
    ]),
  ]),
);

/** The packed parts, their loader (shared with the parts), and each command's stand-in. */
const packedPartsPlugin = (names) => ({
  name: 'packed-parts',
  setup(builder) {
    const commands = new RegExp(`^\\./commands/(${PACKED_COMMANDS.join('|')})\\.ts$`);
    builder.onResolve({ filter: commands }, (args) =>
      args.importer.endsWith('commands.ts')
        ? { path: commands.exec(args.path)[1], namespace: 'aztm-command' }
        : undefined,
    );
    builder.onResolve({ filter: /^aztm:unpack$/ }, () => ({
      path: 'unpack',
      namespace: 'aztm-unpack',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'aztm-command' }, (args) => ({
      loader: 'js',
      contents: `import { unpack } from 'aztm:unpack';
export function run(context) {
  return unpack(${JSON.stringify(args.path)}).run(context);
}`,
    }));
    builder.onLoad({ filter: /.*/, namespace: 'aztm-unpack' }, () => ({
      loader: 'js',
      contents: `import { runInThisContext } from 'node:vm';
import { brotliDecompressSync } from 'node:zlib';
const packed = ${JSON.stringify(Object.fromEntries(names.map((name) => [name, packedParts[name]])))};
const loaded = new Map();
export function unpack(name) {
  let part = loaded.get(name);
  if (!part) {
    const code = brotliDecompressSync(Buffer.from(packed[name], 'base64')).toString();
    const module = { exports: {} };
    const wrapped = runInThisContext('(function (exports, require, module, __aztmModuleUrl) {' + code + '\\n})', {
      filename: 'aztm:' + name,
    });
    wrapped(module.exports, require, module, import.meta.url);
    part = module.exports;
    loaded.set(name, part);
  }
  return part;
}
globalThis[Symbol.for('aztm.unpack')] = unpack;`,
    }));
  },
});

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/aztm.mjs',
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
    plugins: [entraFromPack, packedPartsPlugin(['entra', ...PACKED_COMMANDS])],
    // The stand-in of ./entra.ts needs the loader registered before its first use.
    inject: ['scripts/unpack-inject.mjs'],
  }),
  // The library carries the Entra ID part the same way: importing it stays light.
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.mjs',
    minify: false,
    plugins: [entraFromPack, packedPartsPlugin(['entra'])],
    inject: ['scripts/unpack-inject.mjs'],
  }),
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
