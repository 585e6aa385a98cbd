/**
 * Finds the spec operation a concrete request is for: its operationId, path template, response
 * schema and body schema.
 */
import {
  loadSpecs,
  type LoadedSpec,
  type SpecArea,
  type SwaggerOperation,
  type SwaggerParameter,
} from './spec-load.ts';
import type { SwaggerSchema } from './spec-schema.ts';

/** One operation of a spec, found for a concrete request. */
export interface SpecOperation {
  readonly area: SpecArea;
  /** The spec file below ./specs, e.g. `build/7.1/build.json`. */
  readonly specFile: string;
  readonly operationId: string;
  /** Upper case. */
  readonly method: string;
  /** The spec's path, e.g. `/{organization}/{project}/_apis/build/builds/{buildId}`. */
  readonly pathTemplate: string;
  /** Path parameters read from the concrete path (`organization` only for a full path). */
  readonly pathParams: Readonly<Record<string, string>>;
  /** The success status the spec documents (200, else 201, else the first 2xx), or `null`. */
  readonly responseStatus: number | null;
  /** Its schema, as the spec writes it; `null` when the spec documents no body. */
  readonly responseSchema: SwaggerSchema | null;
  /** The body parameter's schema, or `null` when the operation takes no body. */
  readonly bodySchema: SwaggerSchema | null;
  /** Every status the spec documents. */
  readonly documentedStatuses: readonly number[];
}

/** A path segment of a spec path, compiled for matching. */
type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | {
      readonly kind: 'param';
      readonly name: string;
      readonly integer: boolean;
      readonly optional: boolean;
    };

interface IndexedOperation {
  readonly area: SpecArea;
  readonly specFile: string;
  readonly method: string;
  readonly pathTemplate: string;
  readonly operation: SwaggerOperation;
  /** Segments before `_apis`, after `{organization}` (the project, if any). */
  readonly prefix: readonly Segment[];
  /** Segments from `_apis` on. */
  readonly rest: readonly Segment[];
  /** Query parameters the spec requires (other than api-version), lower case. */
  readonly requiredQuery: readonly string[];
}

let indexed: readonly IndexedOperation[] | null = null;

function operations(): readonly IndexedOperation[] {
  indexed ??= loadSpecs().flatMap(indexOperations);
  return indexed;
}

function indexOperations(spec: LoadedSpec): IndexedOperation[] {
  const paths = { ...spec.document.paths, ...spec.document['x-ms-paths'] };
  const found: IndexedOperation[] = [];
  for (const [key, methods] of Object.entries(paths)) {
    // x-ms-paths keys carry a query (`…/releases/{releaseId}?`) to tell apart operations that
    // share a path; the required query parameters below do the same job.
    const pathTemplate = key.split('?')[0] ?? key;
    for (const [method, operation] of Object.entries(methods)) {
      if (method === 'parameters') continue;
      const parameters = operation.parameters ?? [];
      const segments = pathTemplate
        .split('/')
        .filter((segment) => segment.length > 0)
        .map((segment) => compileSegment(segment, parameters));
      const apis = segments.findIndex((s) => s.kind === 'literal' && s.text === '_apis');
      if (apis < 1) continue;
      found.push({
        area: spec.area,
        specFile: spec.file,
        method: method.toUpperCase(),
        pathTemplate,
        operation,
        prefix: segments.slice(1, apis),
        rest: segments.slice(apis),
        requiredQuery: parameters
          .filter((p) => p.in === 'query' && p.required === true && p.name !== 'api-version')
          .map((p) => (p.name ?? '').toLowerCase()),
      });
    }
  }
  return found;
}

function compileSegment(segment: string, parameters: readonly SwaggerParameter[]): Segment {
  const param = /^\{(\w+)\}$/.exec(segment)?.[1];
  if (param === undefined) return { kind: 'literal', text: segment.toLowerCase() };
  const declared = parameters.find((p) => p.in === 'path' && p.name === param);
  return {
    kind: 'param',
    name: param,
    integer: declared?.type === 'integer',
    // `x-ms-required: false` marks a segment the server route has as optional although Swagger
    // cannot say so: the timeline's `{timelineId}` (docs/design/azure-devops.md §2), a folder's
    // `{path}`.
    optional: declared?.['x-ms-required'] === false,
  };
}

/**
 * Finds the spec operation for a request. `path` is either the full path (`/contoso/DevOps/
 * _apis/build/Builds/1000/Timeline`, any base such as `/vsrm/contoso` or `/tfs/contoso`) or the
 * part after the organization or release base (`DevOps/_apis/…`); a query string may follow and
 * selects among operations that share a path. Matching ignores letter case (§0.5); `area` limits
 * the search to one spec, `null` searches all. Returns `null` when no operation matches.
 */
export function findOperation(
  method: string,
  area: SpecArea | null,
  path: string,
): SpecOperation | null {
  const [rawPath = '', rawQuery = ''] = path.split('?', 2);
  const full = rawPath.startsWith('/');
  const segments = rawPath
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => safeDecode(segment));
  const apis = segments.findIndex((segment) => segment.toLowerCase() === '_apis');
  if (apis < 0) return null;
  const given = new Set([...new URLSearchParams(rawQuery).keys()].map((k) => k.toLowerCase()));
  const upper = method.toUpperCase();

  let best: { candidate: IndexedOperation; params: Record<string, string>; score: number } | null =
    null;
  for (const candidate of operations()) {
    if (candidate.method !== upper || (area !== null && candidate.area !== area)) continue;
    if (!candidate.requiredQuery.every((name) => given.has(name))) continue;
    const params = matchPath(candidate, segments.slice(0, apis), segments.slice(apis), full);
    if (!params) continue;
    // The most literal segments win (`pipelines/approvals` over `pipelines/{pipelineId}`), then
    // the operation whose required query the request satisfies.
    const literals = candidate.rest.filter((s) => s.kind === 'literal').length;
    const score = literals * 100 + candidate.requiredQuery.length;
    if (!best || score > best.score) best = { candidate, params, score };
  }
  return best ? describe(best.candidate, best.params) : null;
}

function matchPath(
  candidate: IndexedOperation,
  prefix: readonly string[],
  rest: readonly string[],
  full: boolean,
): Record<string, string> | null {
  const params: Record<string, string> = {};
  const template = candidate.rest;
  const last = template[template.length - 1];
  const canDropLast = last?.kind === 'param' && last.optional;
  if (rest.length !== template.length && !(canDropLast && rest.length === template.length - 1)) {
    return null;
  }
  for (const [index, segment] of template.entries()) {
    const value = rest[index];
    if (value === undefined) break;
    if (segment.kind === 'literal') {
      if (segment.text !== value.toLowerCase()) return null;
    } else {
      if (segment.integer && !/^\d+$/.test(value)) return null;
      params[segment.name] = value;
    }
  }
  // Before `_apis`: for a full path the base (organization, `vsrm/org`, `tfs/collection`), then
  // the spec's own prefix, in practice `{project}`, which some operations make optional.
  const wanted = candidate.prefix;
  const available = prefix.length - (full ? 1 : 0);
  const optional = wanted.every((s) => s.kind === 'param' && s.optional);
  let own: readonly string[];
  if (available === wanted.length || (full && available > wanted.length)) {
    own = prefix.slice(prefix.length - wanted.length);
  } else if (available === 0 && optional) {
    own = [];
  } else {
    return null;
  }
  for (const [index, value] of own.entries()) {
    const segment = wanted[index];
    if (segment?.kind === 'literal' && segment.text !== value.toLowerCase()) return null;
    if (segment?.kind === 'param') params[segment.name] = value;
  }
  const organization = full ? prefix[prefix.length - own.length - 1] : undefined;
  if (organization !== undefined) params.organization = organization;
  return params;
}

/** Every operation of the vendored specs, for checks that cover them all. */
export function listOperations(): SpecOperation[] {
  return operations().map((candidate) => describe(candidate, {}));
}

function describe(candidate: IndexedOperation, params: Record<string, string>): SpecOperation {
  const responses = candidate.operation.responses ?? {};
  const statuses = Object.keys(responses)
    .map(Number)
    .filter((status) => Number.isInteger(status));
  const success =
    [200, 201].find((status) => statuses.includes(status)) ??
    statuses.find((status) => status >= 200 && status < 300) ??
    null;
  const body = (candidate.operation.parameters ?? []).find((p) => p.in === 'body');
  return {
    area: candidate.area,
    specFile: candidate.specFile,
    operationId: candidate.operation.operationId ?? `${candidate.method} ${candidate.pathTemplate}`,
    method: candidate.method,
    pathTemplate: candidate.pathTemplate,
    pathParams: params,
    responseStatus: success,
    responseSchema: success === null ? null : (responses[String(success)]?.schema ?? null),
    bodySchema: body?.schema ?? null,
    documentedStatuses: statuses,
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
