/**
 * Reads the official Azure DevOps REST specs vendored under ./specs (7.1, Swagger 2.0, copied
 * unmodified from MicrosoftDocs/vsts-rest-api-specs, see specs/SOURCE.md).
 */
import { readFileSync } from 'node:fs';
import type { SwaggerSchema } from './spec-schema.ts';

export type SpecArea = 'build' | 'pipelines' | 'release' | 'approvalsAndChecks';

export interface SwaggerParameter {
  readonly in?: string;
  readonly name?: string;
  readonly type?: string;
  readonly required?: boolean;
  /** `false` on a path parameter the server route has as optional (see spec-operations.ts). */
  readonly 'x-ms-required'?: boolean;
  readonly schema?: SwaggerSchema;
}

export interface SwaggerOperation {
  readonly operationId?: string;
  readonly parameters?: readonly SwaggerParameter[];
  readonly responses?: Readonly<Record<string, { readonly schema?: SwaggerSchema }>>;
}

export type SwaggerPaths = Readonly<Record<string, Readonly<Record<string, SwaggerOperation>>>>;

export interface SwaggerDocument {
  readonly paths?: SwaggerPaths;
  /** Paths that differ from others only by their query, keyed as `…/{releaseId}?`. */
  readonly 'x-ms-paths'?: SwaggerPaths;
  readonly definitions?: Readonly<Record<string, SwaggerSchema>>;
}

export interface LoadedSpec {
  readonly area: SpecArea;
  /** Below ./specs, e.g. `build/7.1/build.json`. */
  readonly file: string;
  readonly document: SwaggerDocument;
}

const SPEC_FILES: readonly { readonly area: SpecArea; readonly file: string }[] = [
  { area: 'build', file: 'build/7.1/build.json' },
  { area: 'pipelines', file: 'pipelines/7.1/pipelines.json' },
  { area: 'release', file: 'release/7.1/release.json' },
  { area: 'approvalsAndChecks', file: 'approvalsAndChecks/7.1/pipelinesapproval.json' },
  { area: 'approvalsAndChecks', file: 'approvalsAndChecks/7.1/pipelinesChecks.json' },
];

const SPECS_DIR = new URL('./specs/', import.meta.url);

let loaded: readonly LoadedSpec[] | null = null;

/** Every vendored spec, read once. The files start with a UTF-8 BOM, which JSON.parse refuses (§0.7). */
export function loadSpecs(): readonly LoadedSpec[] {
  loaded ??= SPEC_FILES.map(({ area, file }): LoadedSpec => {
    const text = readFileSync(new URL(file, SPECS_DIR), 'utf8').replace(/^\uFEFF/, '');
    return { area, file, document: JSON.parse(text) as SwaggerDocument };
  });
  return loaded;
}
