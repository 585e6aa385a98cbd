/**
 * The simulator's sense of time. Every state the simulator reports is computed from `now()`, so a
 * manual clock makes tests deterministic and a scaled clock plays a 20-minute release in seconds.
 * It is the simulated service's time, not aztm's clock (src/clock.ts), though it reads the real
 * time through it.
 */
import { systemNow, type Now } from '../clock.ts';
export interface SimClock {
  /** Simulated time, in milliseconds since the epoch. */
  now(): number;
}

/** A clock that moves only when told to: for tests. */
export class ManualClock implements SimClock {
  #now: number;

  constructor(start: number = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` milliseconds (never backward). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.#now += ms;
  }
}

/** Real time multiplied by `speed` from the moment it is created: for people and demos. */
export class ScaledClock implements SimClock {
  readonly #startSim: number;
  readonly #startReal: number;
  readonly #speed: number;
  readonly #realNow: Now;

  constructor(speed = 1, realNow: Now = systemNow, start?: number) {
    if (!(speed > 0)) throw new RangeError(`speed must be greater than 0, got ${speed}`);
    this.#realNow = realNow;
    this.#startReal = realNow();
    this.#startSim = start ?? this.#startReal;
    this.#speed = speed;
  }

  now(): number {
    return this.#startSim + (this.#realNow() - this.#startReal) * this.#speed;
  }

  get speed(): number {
    return this.#speed;
  }
}

/**
 * Azure DevOps writes UTC dates with seven fractional digits (docs/design/azure-devops.md §0.6).
 */
export function formatAzureDate(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2026-01-01T09:00:00.000Z
  const fraction = Math.round((ms - Math.floor(ms / 1000) * 1000) * 10_000)
    .toString()
    .padStart(7, '0');
  return `${iso.slice(0, 19)}.${fraction.slice(0, 7)}Z`;
}
