/**
 * Interrupted (SIGINT/SIGTERM) before aztm knew what it had started: before anything that could
 * start a run was sent (`before`: nothing was triggered), or while a create waited for its
 * answer and the time to wait ran out (`create`: something may have been created, and the
 * message says where to look).
 */
export class InterruptedError extends Error {
  readonly phase: 'before' | 'create';

  constructor(phase: 'before' | 'create', message: string) {
    super(message);
    this.name = 'InterruptedError';
    this.phase = phase;
  }
}

export function interruptedBeforeCreate(): InterruptedError {
  return new InterruptedError('before', 'interrupted before anything was triggered');
}

/** Ends here, before a create is sent, when `signal` has aborted. */
export function stopBeforeCreate(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw interruptedBeforeCreate();
}
