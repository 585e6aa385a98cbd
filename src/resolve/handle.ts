import { qualifiedName } from '../target.ts';
/**
 * `aztm watch`: a run, build or release that already exists → the Handle `follow()` takes.
 */
import type { AzureDevOpsClient } from '../azdo/client.ts';
import type { ReferenceLinks } from '../azdo/types.ts';
import type { Handle } from '../target.ts';
import { YAML_PROCESS } from './pipeline.ts';

export interface HandleRequest {
  /**
   * `run`: a pipeline run or a build (the same ids, docs/design/azure-devops.md §1); `release`: a
   * release.
   */
  readonly kind: 'run' | 'release';
  readonly project: string;
  readonly id: number;
}

type HandleClient = Pick<AzureDevOpsClient, 'organization' | 'builds' | 'releases'>;

/**
 * Reads the run or release and its definition.
 * @throws AzureDevOpsError when the service refuses (not found, sign-in, permission).
 */
export async function resolveHandle(
  client: HandleClient,
  request: HandleRequest,
  options: { readonly signal?: AbortSignal } = {},
): Promise<Handle> {
  const call = { signal: options.signal };
  const { project, id } = request;
  if (request.kind === 'release') {
    const release = await client.releases.get(project, id, call);
    return {
      kind: 'release',
      project,
      id: release.id,
      url: webUrl(release._links, releaseWebUrl(client, project, release.id)),
      definitionName: release.releaseDefinition?.name ?? '',
      number: release.name,
    };
  }
  const build = await client.builds.get(project, id, call);
  // A run of a YAML pipeline is a build of a definition with a YAML process.
  const definitionId = build.definition?.id;
  const definition =
    definitionId === undefined
      ? undefined
      : await client.builds.getDefinition(project, definitionId, call);
  return {
    kind: definition?.process?.type === YAML_PROCESS ? 'pipeline' : 'build',
    project,
    id: build.id,
    url: webUrl(build._links, buildWebUrl(client, project, build.id)),
    definitionName: qualifiedName(
      build.definition?.path ?? definition?.path,
      build.definition?.name ?? definition?.name ?? '',
    ),
    ...(build.buildNumber ? { number: build.buildNumber } : {}),
  };
}

/** `_links.web.href`, the page a person opens; a built URL when the service sent none. */
export function webUrl(links: ReferenceLinks | undefined, fallback: string): string {
  return links?.web?.href ?? fallback;
}

/** The web page of a build or run (docs/design/azure-devops.md §1.2, §2.2). */
export function buildWebUrl(
  client: Pick<HandleClient, 'organization'>,
  project: string,
  id: number,
) {
  return `${client.organization.url}/${encodeURIComponent(project)}/_build/results?buildId=${id}`;
}

/**
 * The web page of a release (docs/design/azure-devops.md §4.2): on the organization host, not vsrm.
 */
export function releaseWebUrl(
  client: Pick<HandleClient, 'organization'>,
  project: string,
  id: number,
) {
  return `${client.organization.url}/${encodeURIComponent(project)}/_release?releaseId=${id}&_a=release-summary`;
}
