/**
 * Measurements bound by the wall clock, run at once: each says when it is done, and while any is
 * still running a line every 30 s says which, so a CI log shows the benchmark is alive.
 */
import { progress } from './markdown.ts';

export interface Measurement<T> {
  readonly name: string;
  readonly measure: () => Promise<T>;
  readonly done: (figures: T) => string;
}

const HEARTBEAT_MS = 30_000;

export async function sideBySide<A, B, C>(
  a: Measurement<A>,
  b: Measurement<B>,
  c: Measurement<C>,
): Promise<[A, B, C]> {
  const began = Date.now();
  const running = new Set([a.name, b.name, c.name]);
  const heartbeat = setInterval(() => {
    const minutes = ((Date.now() - began) / 60_000).toFixed(1);
    progress(`still measuring after ${minutes} min: ${[...running].join('; ')}`);
  }, HEARTBEAT_MS);
  const run = async <T>(measurement: Measurement<T>): Promise<T> => {
    const figures = await measurement.measure();
    running.delete(measurement.name);
    progress(measurement.done(figures));
    return figures;
  };
  try {
    return await Promise.all([run(a), run(b), run(c)]);
  } finally {
    clearInterval(heartbeat);
  }
}
