import { EXIT } from './exit.ts';

/**
 * SIGINT and SIGTERM (the agent sends both, fact sheet §10.2) as an abort of what is running; a
 * second signal means "now": the first one is already canceling what was started.
 */
export function interruptOnSignal(): {
  readonly signal: AbortSignal;
  readonly dispose: () => void;
} {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT.canceled);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
