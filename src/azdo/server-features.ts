/**
 * REST areas an older Azure DevOps Server does not have (docs/design/azure-devops.md §9): once the
 * server has named the newest version it speaks, a call to an area it lacks is answered here, in
 * words, instead of with the server's bare 404.
 */
import { AzureDevOpsError, type RequestSummary } from './errors.ts';

interface ServerFeature {
  readonly path: RegExp;
  /** The REST API version the area first shipped in. */
  readonly since: string;
  readonly what: string;
  readonly server: string;
  readonly instead: string;
}

/** The most specific path first. */
const FEATURES: readonly ServerFeature[] = [
  {
    path: /\/_apis\/pipelines\/approvals(?:[/?]|$)/i,
    since: '7.0',
    what: 'YAML pipeline approvals (the Approvals API)',
    server: 'Azure DevOps Server 2022',
    instead: 'answer the approval in the web page',
  },
  {
    path: /\/_apis\/pipelines(?:[/?]|$)/i,
    since: '6.0',
    what: 'YAML pipeline runs (the Pipelines Runs API)',
    server: 'Azure DevOps Server 2020',
    instead:
      'a YAML pipeline is also a build definition: queue it with aztm build --definition-id <the pipeline id>',
  },
];

/** The refusal for a call the server is too old for, or `null` when it can take it. */
export function tooOldFor(summary: RequestSummary, ceiling: string): AzureDevOpsError | null {
  const path = new URL(summary.url).pathname;
  const feature = FEATURES.find((candidate) => candidate.path.test(path));
  if (!feature || versionNumber(ceiling) >= versionNumber(feature.since)) return null;
  return new AzureDevOpsError(
    `This server speaks REST API ${ceiling}; ${feature.what} needs ${feature.server} (REST API ${feature.since}) or newer: ${feature.instead}`,
    { kind: 'validation', request: summary, status: null },
  );
}

function versionNumber(version: string): number {
  const [major = '0', minor = '0'] = version.split('.');
  return Number(major) * 1000 + Number(minor);
}
