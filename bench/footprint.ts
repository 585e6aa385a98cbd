/**
 * Footprint: the bundled CLI, the package as `npm pack` would publish it, and what installing it
 * pulls: the runtime dependencies in package.json, set against the packages the bundle already
 * carries (listed from esbuild's metafile of the same entry point, scripts/build.mjs).
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLI } from './cli-process.ts';
import { megabytes, section, type Row } from './markdown.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE_TARGET = 2 ** 20;

export interface FootprintFigures {
  readonly bundleBytes: number;
  readonly packedBytes: number;
  readonly unpackedBytes: number;
  readonly packedFiles: number;
  readonly runtimeDependencies: readonly string[];
  readonly bundledPackages: readonly string[];
  /** The largest parts of the bundle: a package, or a folder of src/, with its minified bytes. */
  readonly largestParts: readonly { readonly part: string; readonly bytes: number }[];
}

export async function measureFootprint(): Promise<FootprintFigures> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // --ignore-scripts: prepack would rebuild; the bundle measured is the one built before.
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { size: number; unpackedSize: number; files: unknown[] }[];
  const pack = packed[0];
  if (!pack) throw new Error('npm pack --dry-run listed nothing');
  const manifest = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const { metafile } = await build({
    entryPoints: [`${ROOT}/src/cli/main.ts`],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    outfile: 'aztm.mjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const bundled = new Set<string>();
  const parts = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match?.[1]) bundled.add(match[1]);
      const part = match?.[1] ?? input.split('/').slice(0, 2).join('/');
      parts.set(part, (parts.get(part) ?? 0) + bytesInOutput);
    }
  }
  return {
    bundleBytes: statSync(CLI).size,
    packedBytes: pack.size,
    unpackedBytes: pack.unpackedSize,
    packedFiles: pack.files.length,
    runtimeDependencies: Object.keys(manifest.dependencies ?? {}),
    bundledPackages: [...bundled].sort(),
    largestParts: [...parts]
      .map(([part, bytes]) => ({ part, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 6),
  };
}

export function footprintSection(figures: FootprintFigures): string {
  const pulledTwice = figures.runtimeDependencies.filter((name) =>
    figures.bundledPackages.includes(name),
  );
  const rows: Row[] = [
    {
      figure: 'bundled CLI (dist/aztm.mjs)',
      value: `${megabytes(figures.bundleBytes)} (${figures.bundleBytes} bytes), one file`,
      target: 'one file under 1 MB',
      ok: figures.bundleBytes < BUNDLE_TARGET,
    },
    {
      figure: 'package as published (npm pack)',
      value: `${megabytes(figures.packedBytes)} packed, ${megabytes(figures.unpackedBytes)} installed, ${figures.packedFiles} files (CLI, library, its types, schemas, README)`,
    },
    {
      figure: 'runtime dependencies installed with it',
      value:
        figures.runtimeDependencies.length === 0 ? 'none' : figures.runtimeDependencies.join(', '),
    },
    {
      figure: 'runtime dependencies the bundle already contains',
      value: pulledTwice.length === 0 ? 'none' : pulledTwice.join(', '),
      target: 'none',
      ok: pulledTwice.length === 0,
    },
    {
      figure: 'packages inside the bundle',
      value: figures.bundledPackages.length === 0 ? 'none' : figures.bundledPackages.join(', '),
    },
    {
      figure: 'largest parts of the bundle (minified)',
      value: figures.largestParts
        .map(({ part, bytes }) => `${part} ${(bytes / 1024).toFixed(0)} KB`)
        .join(', '),
    },
  ];
  return section(
    '5. Footprint',
    [
      'Sizes of the files as built by `npm run bench` (scripts/build.mjs), the package from `npm pack --dry-run --json`; the packages inside the bundle from esbuild’s metafile of the CLI’s entry point.',
    ],
    rows,
  );
}
