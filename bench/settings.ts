/** The benchmark's settings: read from the environment once, here, with their defaults. */

export interface BenchSettings {
  /** The simulator load test's measured window. */
  readonly windowSeconds: number;
  /** The request budget the scale flows run with (and are held to). */
  readonly maxRps: number;
  readonly startupRuns: number;
  readonly triggerTrials: number;
  /** How long each run of the 500-step flow lasts. */
  readonly stepSeconds: number;
  /** How long each of the 200 runs followed at once lasts. */
  readonly wideRunSeconds: number;
  /** The runs of the following-cost measurement: different lengths, ending at different moments. */
  readonly followRunSeconds: readonly number[];
}

/** Defaults of the settings the environment can change (BENCHMARKS.md names them). */
export const DEFAULTS = { windowSeconds: 30, startupRuns: 40, triggerTrials: 7 } as const;

export function readSettings(env: NodeJS.ProcessEnv, defaultMaxRps: number): BenchSettings {
  return {
    windowSeconds: positive(env, 'BENCH_WINDOW_SECONDS', DEFAULTS.windowSeconds),
    maxRps: positive(env, 'BENCH_MAX_RPS', defaultMaxRps),
    startupRuns: positive(env, 'BENCH_STARTUP_RUNS', DEFAULTS.startupRuns),
    triggerTrials: positive(env, 'BENCH_TRIGGER_TRIALS', DEFAULTS.triggerTrials),
    stepSeconds: 3,
    wideRunSeconds: 30,
    followRunSeconds: [45, 47.5, 50, 52.5],
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`${name} must be a positive number, got "${text}"`);
  return value;
}
