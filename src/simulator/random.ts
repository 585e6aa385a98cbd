import { createHash } from 'node:crypto';

/**
 * A seeded source of numbers in [0, 1), for the simulator's chance events (faults with a
 * `probability`). The same seed and label give the same sequence on every run, so a test or a soak
 * that failed under injected faults can be replayed exactly; `Math.random` could not be.
 *
 * Each draw advances a 32-bit counter by an odd constant (a Weyl sequence: every state is visited
 * once per 2^32 draws) and scrambles it with multiply-xorshift rounds, which spread a one-bit
 * change of the counter over the whole output.
 */
export function seededRandom(seed: number, label: string): () => number {
  let state = createHash('sha1').update(`random:${seed}:${label}`).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    mixed ^= mixed >>> 16;
    return (mixed >>> 0) / 2 ** 32;
  };
}
