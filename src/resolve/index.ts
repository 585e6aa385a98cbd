/**
 * Resolution: what the user asked for (names, as typed) → what to trigger (ids, validated against
 * the server). A bad name or input is a UsageError naming the input (exit 2); the service's own
 * refusals (sign-in, permission, an id that does not exist) stay AzureDevOpsErrors (exit 5).
 */
import type { Target, TargetRequest } from '../target.ts';
import { resolveBuild } from './build.ts';
import { resolveContext, type ResolveClient, type ResolveOptions } from './inputs.ts';
import { resolvePipeline } from './pipeline.ts';
import { resolveRelease } from './release.ts';

export { resolveHandle, type HandleRequest } from './handle.ts';
export type { InputNames, ResolveClient } from './inputs.ts';

/**
 * Resolves and validates a request against the server. Reads only: nothing is triggered.
 * @throws UsageError for an unknown or ambiguous name, or an input the definition does not
 *   allow (variables, stages, artifact aliases).
 * @throws AzureDevOpsError when the service refuses a read.
 */
export async function resolveTarget(
  client: ResolveClient,
  request: TargetRequest,
  options: ResolveOptions = {},
): Promise<Target> {
  const context = resolveContext(client, options);
  switch (request.kind) {
    case 'pipeline':
      return resolvePipeline(context, request);
    case 'build':
      return resolveBuild(context, request);
    case 'release':
      return resolveRelease(context, request);
  }
}
