/**
 * Where a trace was made: the origins it talked to, and its organization and release base paths,
 * so that the replay server can print the URLs to run the command against and point the links
 * inside the answers back at itself.
 */
import type { TraceRecord } from '../../trace/trace-record.ts';

interface TraceOrigins {
  /** Every origin the trace talked to (`https://dev.azure.com`, `http://127.0.0.1:41793`). */
  readonly origins: readonly string[];
  /** The organization's (or collection's) path: `/contoso`, `/tfs/DefaultCollection`. */
  readonly organizationPath: string;
  /** The release area's base path when the trace read releases there: `/vsrm/contoso`. */
  readonly releasePath: string | null;
}

/** Areas called on the organization itself (`{org}/_apis/{area}`); all others take a project. */
const ORGANIZATION_AREAS = new Set(['connectiondata', 'resourceareas', 'projects']);

export function traceOrigins(records: readonly TraceRecord[]): TraceOrigins {
  const origins = new Set<string>();
  let organizationPath: string | null = null;
  let releasePath: string | null = null;
  for (const record of records) {
    const url = new URL(record.url);
    origins.add(url.origin);
    const call = /^(.*?)\/_apis\/([^/]+)/.exec(url.pathname);
    if (!call) continue;
    const [, base = '', area = ''] = call;
    const lower = area.toLowerCase();
    if (ORGANIZATION_AREAS.has(lower)) {
      organizationPath ??= base;
      continue;
    }
    // `{org}/{project}/_apis/{area}`: the organization is the base without the project.
    const withoutProject = base.slice(0, base.lastIndexOf('/'));
    if (lower === 'release') releasePath ??= withoutProject;
    else organizationPath ??= withoutProject;
  }
  return {
    origins: [...origins],
    organizationPath: organizationPath ?? releasePath ?? '',
    releasePath,
  };
}

/**
 * `text` with every absolute URL of the trace's origins moved to `to`. Longest origin first, and
 * never inside a longer host or port (`:4283` is not `:42833`).
 */
export function rewriteOrigins(text: string, origins: readonly string[], to: string): string {
  if (origins.length === 0) return text;
  const pattern = new RegExp(
    `(?:${[...origins]
      .sort((a, b) => b.length - a.length)
      .map((origin) => origin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('|')})(?![\\w.:-])`,
    'gi',
  );
  return text.replace(pattern, to);
}
