/**
 * What the create-once helpers share: the caller's signal and notice listener, the resolved
 * lookup settings, and running a create so that an unknown outcome leads to a lookup, never to a
 * second create.
 */
import { isAzureDevOpsError, type AzureDevOpsError } from '../azdo/errors.ts';
import type { CreateIntent } from './create-intent.ts';
import type { ResolvedRecoveryOptions } from './options.ts';

export interface RecoveryCall {
  /** Bounds the create and the search for what it made (the shutdown's deadline). */
  readonly signal: AbortSignal | undefined;
  /** An interrupt: what comes before the create is given up, and the create is not sent. */
  readonly interrupt: AbortSignal | undefined;
  readonly onNotice: (message: string) => void;
  readonly options: ResolvedRecoveryOptions;
  /**
   * Told what identifies the create once its request has a slot, right before it is sent; the
   * create waits for it and is not sent when it throws (a flow's `--state` writes it ahead).
   */
  readonly beforeSend?: ((intent: CreateIntent) => Promise<void>) | undefined;
}

/**
 * Sends the create once. When it may have been carried out though no usable answer came
 * (`outcomeUnknown`, set by the transport), `recover` looks for what it made; any other failure
 * is the service's refusal and propagates as is.
 */
export async function createOnce<T>(
  create: () => Promise<T>,
  recover: (error: AzureDevOpsError) => Promise<T>,
): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (isAzureDevOpsError(error) && error.outcomeUnknown) return recover(error);
    throw error;
  }
}
