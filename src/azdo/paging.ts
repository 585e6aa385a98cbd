/**
 * Helpers every area client shares: project-scoped URLs and lists that span pages.
 */
import type { Transport, TransportRequest } from './transport.ts';
import { listAnswer, type Reader } from './decode/read.ts';

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

/**
 * `{base}/{project}/_apis/{path}`; a project name may hold spaces
 * (docs/design/azure-devops.md §0.8).
 */
export function projectApi(base: string, project: string, path: string): string {
  return `${base}/${encodeURIComponent(project)}/_apis/${path}`;
}

/** Every page would be a bug of the server; this many is far beyond any real project. */
const MAX_PAGES = 1_000;

/**
 * Reads every page of a list. The next page's token is the `x-ms-continuationtoken` header
 * (docs/design/azure-devops.md §0.3), sent back as `continuationToken`.
 */
export async function listAllPages<T>(
  transport: Transport,
  request: TransportRequest,
  item: Reader<T>,
): Promise<T[]> {
  const page = listAnswer(item);
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | null = null;
  for (let count = 0; count < MAX_PAGES; count++) {
    const answer: { body: T[]; headers: Headers } = await transport.json(
      {
        ...request,
        query: { ...request.query, ...(token === null ? {} : { continuationToken: token }) },
      },
      page,
    );
    items.push(...answer.body);
    token = answer.headers.get('x-ms-continuationtoken');
    // A token seen before would loop forever.
    if (!token || seen.has(token)) break;
    seen.add(token);
  }
  return items;
}
