/**
 * The one way `follow()` fails: Azure DevOps kept refusing to show what aztm follows (the run was
 * deleted, the token expired or was revoked, a permission was taken away). The run itself may
 * still be going on, so this is not the run's result; the message says what happened, in words a
 * user can act on, with the run's URL (docs/design/cli-contract.md, "never a stack trace").
 *
 * It is an AzureDevOpsError with the kind, status and service message of the last refusal, so a
 * library caller that handles AzureDevOpsError keeps working; `handle` and `refusedReads` say
 * which run it was and how many reads in a row were refused.
 */
import { AzureDevOpsError } from '../azdo/errors.ts';
import type { Handle } from '../target.ts';

export class LostAccessError extends AzureDevOpsError {
  readonly handle: Handle;
  readonly refusedReads: number;

  constructor(handle: Handle, refusal: AzureDevOpsError, refusedReads: number) {
    super(lostAccessMessage(handle, refusal), {
      kind: refusal.kind,
      request: refusal.request,
      status: refusal.status,
      typeKey: refusal.typeKey,
      serviceMessage: refusal.serviceMessage,
      validationResults: refusal.validationResults,
      cause: refusal,
    });
    this.name = 'LostAccessError';
    this.handle = handle;
    this.refusedReads = refusedReads;
  }
}

/** `pipeline run 1000`, `build 1000`, `release 101`. */
export function followedNoun(handle: Handle): string {
  const noun = handle.kind === 'pipeline' ? 'pipeline run' : handle.kind;
  return `${noun} ${handle.id}`;
}

/**
 * What a refusal while following means, by kind. A 404 cannot tell a deleted run from one the
 * token may no longer see (docs/design/azure-devops.md §5), so it names both. 203 and 401 are the
 * sign-in answers (§5): the token expired or was revoked, since it worked when aztm triggered the
 * run.
 */
function lostAccessMessage(handle: Handle, refusal: AzureDevOpsError): string {
  const what = followedNoun(handle);
  const status = refusal.status === null ? '' : `HTTP ${refusal.status}`;
  switch (refusal.kind) {
    case 'notFound':
      return `${what} can no longer be read: it was deleted, or the token lost access (${status}) — it may still be running: ${handle.url}`;
    case 'signIn':
      return `the token stopped working (expired or revoked) while following ${what}: ${handle.url}`;
    case 'permission':
      return `the token lost the permission to read ${what} (${status}) while following it — it may still be running: ${handle.url}`;
    // Only `validation` is a refusal (contact.ts); the others are listed for completeness.
    case 'validation':
    case 'throttled':
    case 'server':
    case 'network':
    case 'badAnswer': {
      const said = refusal.serviceMessage ? `: ${refusal.serviceMessage}` : '';
      return `Azure DevOps refused to show ${what} (${status}${said}) while following it — it may still be running: ${handle.url}`;
    }
  }
}
