import type { ActiveFault, SimState } from '../state.ts';
import type { FaultSpec } from '../scenario/model.ts';
import { serviceErrorBody } from './errors.ts';

/**
 * Picks the fault to inject into a request, if any. Every matching fault counts the request; the
 * first one past its `skip`, within its `count` and, for a fault with a `probability`, chosen by
 * a draw from the seeded generator, is injected. A request that loses the draw does not use up
 * the fault's `count`.
 */
export function pickFault(state: SimState, method: string, path: string): ActiveFault | null {
  let chosen: ActiveFault | null = null;
  for (const fault of state.faults) {
    if (!matches(fault.spec, method, path)) continue;
    fault.matched += 1;
    if (chosen) continue;
    const spent = fault.spec.count !== null && fault.injected >= fault.spec.count;
    if (fault.matched <= fault.spec.skip || spent) continue;
    // Drawn only for a fault that needs it, so adding a certain fault never shifts the others.
    if (fault.spec.probability < 1 && state.random() >= fault.spec.probability) continue;
    fault.injected += 1;
    chosen = fault;
  }
  return chosen;
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.match.method !== null && spec.match.method.toUpperCase() !== method) return false;
  if (spec.match.path !== null && !new RegExp(spec.match.path, 'i').test(path)) return false;
  return true;
}

/**
 * The rate-limit headers of docs/design/azure-devops.md §6, for a request that was delayed or
 * blocked.
 */
export function rateLimitHeaders(
  state: SimState,
  spec: FaultSpec,
  options: { readonly delayed: boolean },
): Record<string, string> {
  const retryAfter = spec.retryAfterSeconds;
  const headers: Record<string, string> = {
    'X-RateLimit-Resource': 'Core',
    'X-RateLimit-Limit': '200',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(Math.ceil(state.now() / 1000) + (retryAfter ?? 60)),
  };
  if (retryAfter !== null) headers['Retry-After'] = String(retryAfter);
  if (options.delayed) headers['X-RateLimit-Delay'] = (spec.delayMs / 1000).toFixed(3);
  return headers;
}

/** The body of a 429 (docs/design/azure-devops.md §6). */
export function throttledBody(): ReturnType<typeof serviceErrorBody> {
  return serviceErrorBody(
    'RequestBlockedException',
    'TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource Core in namespace 00000000-0000-0000-0000-000000000000.',
  );
}

/** The body of an injected 5xx. */
export function serverErrorBody(status: number): ReturnType<typeof serviceErrorBody> {
  return status === 503
    ? serviceErrorBody(
        'ServiceUnavailableException',
        'TF400898: The service is temporarily unavailable. Please try again later.',
      )
    : serviceErrorBody(
        'InternalServerErrorException',
        `TF400898: An Internal Error Occurred. Activity Id: 00000000-0000-0000-0000-00000000${status}.`,
      );
}

/** A page such as a proxy or a maintenance screen returns with 200. */
export const HTML_200_PAGE =
  '<!DOCTYPE html><html><head><title>Service maintenance</title></head><body>The service is being updated.</body></html>\n';
