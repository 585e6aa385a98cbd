/**
 * Helpers every area client shares: project-scoped URLs and lists that span pages.
 */
import type { ListOf } from './types.ts';
import type { Transport, TransportRequest } from './transport.ts';

/** Per-call options of every operation. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
}

/** One page of a definition's newest runs or releases: how many, and from where. */
export interface RecentPageQuery {
  readonly definitionId: number;
  readonly top: number;
  /** The previous page's `x-ms-continuationtoken`; none for the first page. */
  readonly continuationToken?: string | null;
}

/** `{base}/{project}/_apis/{path}`; a project name may hold spaces (fact sheet §0.8). */
export function projectApi(base: string, project: string, path: string): string {
  return `${base}/${encodeURIComponent(project)}/_apis/${path}`;
}

/** Every page would be a bug of the server; this many is far beyond any real project. */
const MAX_PAGES = 1_000;

/**
 * Reads every page of a list. The next page's token is the `x-ms-continuationtoken` header
 * (fact sheet §0.3), sent back as `continuationToken`.
 */
export async function listAllPages<T>(
  transport: Transport,
  request: TransportRequest,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: { body: ListOf<T>; headers: Headers } = await transport.json<ListOf<T>>({
      ...request,
      query: { ...request.query, ...(token === null ? {} : { continuationToken: token }) },
    });
    items.push(...(answer.body.value ?? []));
    token = answer.headers.get('x-ms-continuationtoken');
    // A token seen before would loop forever.
    if (!token || seen.has(token)) break;
    seen.add(token);
  }
  return items;
}

/** The `value` of a list answer, an empty array when the service sent `null`. */
export function valuesOf<T>(list: ListOf<T> | null | undefined): T[] {
  return [...(list?.value ?? [])];
}
