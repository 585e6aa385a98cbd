import { markInterrupted } from '../session/interrupt.ts';

/**
 * How the servers `aztm simulate` starts wait for their end: the first SIGINT or SIGTERM stops
 * them at once (there is nothing of the user's to cancel, unlike interrupt.ts).
 */
export function untilStopped(stderr: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      // Marked interrupted, so the process ends once the server is closed, though an answer a
      // `slow` fault holds back still has its timer running (main.ts).
      markInterrupted();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      stderr.write(`aztm simulator: ${signal} received, stopping\n`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
