/**
 * What the create helpers share: the caller's signal and notice listener, the resolved lookup
 * settings, and the one loop every create goes through: send it; when the answer may have come
 * after the service acted, look for what it made; send it again only when the looks prove nothing
 * was made, at most `maxSends` times in all.
 */
import { isAzureDevOpsError, type AzureDevOpsError } from '../azdo/errors.ts';
import type { CallOptions } from '../azdo/paging.ts';
import { withSlotHook } from '../azdo/request-budget.ts';
import { InterruptedError, stopBeforeCreate } from '../interrupted.ts';
import type { CreateIntent } from './create-intent.ts';
import {
  interruptedLookNotice,
  LostCreateError,
  recoveredNotice,
  resendNotice,
  type LostCreate,
} from './lost-create.ts';
import type { ResolvedRecoveryOptions } from './options.ts';

export interface RecoveryCall {
  /** Bounds the create and the search for what it made (the shutdown's deadline). */
  readonly signal: AbortSignal | undefined;
  /** An interrupt: what comes before the create is given up, and it is not sent (again). */
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
 * The options the create request is sent with. With `call.beforeSend`, its signal carries a hook
 * the request budget runs once the request has its slot, right before it leaves: an interrupt by
 * then keeps it from leaving, and `beforeSend` is told (and awaited) first. A request still
 * waiting for its slot has told nobody anything.
 */
export async function createCallOptions(
  call: RecoveryCall,
  intentOf: () => Promise<CreateIntent>,
): Promise<CallOptions> {
  const { beforeSend } = call;
  if (!beforeSend) return { signal: call.signal };
  const intent = await intentOf();
  return {
    signal: withSlotHook(call.signal, async () => {
      stopBeforeCreate(call.interrupt);
      await beforeSend(intent);
    }),
  };
}

/** What the looks after a lost answer found. */
export type Recovered<T> =
  /** What the create made; `what` names it and `how` says how it was told, for the notice. */
  | {
      readonly kind: 'found';
      readonly item: T;
      readonly what: string;
      readonly how: string;
    }
  /** Nothing the create could have made, after every look: it may be sent again. */
  | { readonly kind: 'nothing'; readonly reason: string };

interface CreateRecovery<T> {
  /** What was being created, for the messages, with the create's error. */
  readonly lost: (error: AzureDevOpsError) => LostCreate;
  /**
   * Looks for what the `sends` so far made, every one of them the same way. Throws a
   * `LostCreateError` (saying `sends`) when what it finds cannot be told apart from ours.
   */
  readonly look: (lost: LostCreate, sends: number) => Promise<Recovered<T>>;
}

/**
 * Sends the create and returns what it made. When its answer may have come after the service
 * acted (`outcomeUnknown`, set by the transport), what it made is looked for: found, it is
 * returned with a notice; shown not to exist, the create is sent again. Any other failure is the
 * service's refusal and propagates as is.
 * @throws LostCreateError when aztm cannot tell, or when every send was lost and nothing found.
 * @throws InterruptedError (`create`) when interrupted before a send again: none is sent.
 */
export async function createUntilKnown<T>(
  create: () => Promise<T>,
  recovery: CreateRecovery<T>,
  call: RecoveryCall,
): Promise<T> {
  for (let sends = 1; ; sends++) {
    let error: AzureDevOpsError;
    try {
      return await create();
    } catch (caught) {
      if (!isAzureDevOpsError(caught) || !caught.outcomeUnknown) throw caught;
      error = caught;
    }
    const lost = recovery.lost(error);
    const recovered = await recovery.look(lost, sends);
    if (recovered.kind === 'found') {
      call.onNotice(recoveredNotice(lost, recovered.what, recovered.how, sends));
      return recovered.item;
    }
    if (sends >= call.options.maxSends) {
      throw new LostCreateError(lost, recovered.reason, { sends });
    }
    if (call.interrupt?.aborted) {
      throw new InterruptedError('create', interruptedLookNotice(lost, recovered.reason));
    }
    call.onNotice(resendNotice(lost, recovered.reason, sends + 1, call.options.maxSends));
  }
}
