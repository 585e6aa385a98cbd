/**
 * The Azure DevOps client: one transport and one client per API area over it. Callers depend on
 * the areas they use (`follow()` takes a Pick of them, src/follow/follow.ts).
 */
import type { Credential } from './auth.ts';
import { createApprovalsClient, type ApprovalsClient } from './approvals.ts';
import { createBuildsClient, type BuildsClient } from './builds.ts';
import { createLocationClient, type LocationClient } from './location.ts';
import { parseOrganizationUrl, type OrganizationUrl } from './organization.ts';
import { createPipelinesClient, type PipelinesClient } from './pipelines.ts';
import { createReleasesClient, type ReleasesClient } from './releases.ts';
import type { RequestBudget } from './request-budget.ts';
import type { RetryEvent, RetryOptions } from './retry.ts';
import { createTransport, type Transport } from './transport.ts';
import type { Exchange } from './exchange.ts';

export interface AzureDevOpsClientOptions {
  /** Any form `--organization` accepts (docs/design/cli-contract.md), or one already parsed. */
  readonly organizationUrl: string | OrganizationUrl;
  readonly credential: Credential;
  /** Node's global fetch by default. */
  readonly fetch?: typeof fetch;
  /** `7.1` by default; lower for older servers (docs/design/azure-devops.md §9). */
  readonly apiVersion?: string;
  readonly retry?: RetryOptions;
  /** `aztm/<version>` by default. */
  readonly userAgent?: string;
  /** Per attempt; 30 s by default. */
  readonly timeoutMs?: number;
  readonly onRetry?: (event: RetryEvent) => void;
  /** One budget shared by every client of the process (`--max-rps`); its own when not given. */
  readonly budget?: RequestBudget;
  /** Told every request attempt and its answer, unredacted (`--trace`, src/trace/). */
  readonly onExchange?: (exchange: Exchange) => void;
}

export interface AzureDevOpsClient {
  readonly organization: OrganizationUrl;
  readonly pipelines: PipelinesClient;
  readonly builds: BuildsClient;
  readonly releases: ReleasesClient;
  readonly approvals: ApprovalsClient;
  readonly location: LocationClient;
  /** Listens to retries of any request; returns the unsubscribe. */
  onRetry(listener: (event: RetryEvent) => void): () => void;
}

/**
 * Creates the client. Nothing is sent until an operation is called.
 * @throws UsageError when the organization URL is not one of the accepted forms.
 */
export function createAzureDevOpsClient(options: AzureDevOpsClientOptions): AzureDevOpsClient {
  const organization =
    typeof options.organizationUrl === 'string'
      ? parseOrganizationUrl(options.organizationUrl)
      : options.organizationUrl;
  const transport: Transport = createTransport({
    credential: options.credential,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
  });
  const location = createLocationClient(transport, organization);
  const pipelines = createPipelinesClient(transport, organization.url);
  const builds = createBuildsClient(transport, organization.url);
  const approvals = createApprovalsClient(transport, organization.url);
  const releases = createReleasesClient(transport, (call) => location.releaseUrl(call));

  return {
    organization,
    pipelines,
    builds,
    releases,
    approvals,
    location,
    onRetry: (listener) => transport.onRetry(listener),
  };
}
