import { UsageError } from '../errors.ts';
import { readInputFile } from '../inputs/file.ts';
import type { Scenario } from '../simulator/scenario/model.ts';
import { parseTraceLines, TraceLineError } from '../trace/trace-lines.ts';
import type { TraceRecord } from '../trace/trace-record.ts';
import type { OptionValues } from '../inputs/values.ts';

/** Reads `--speed`: a positive number, optionally written with an `x` (`60x`). */
export function readSpeed(values: OptionValues, fallback: number): number {
  const raw = values.speed;
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const speed = Number(raw.trim().replace(/x$/i, ''));
  if (!Number.isFinite(speed) || speed <= 0 || raw.trim() === '') {
    throw new UsageError(
      '--speed',
      `--speed must be a number greater than 0 (like 1, 60 or 0.5), got "${raw}"`,
    );
  }
  return speed;
}

/** Reads `--port`: a whole number from 0 (any free port) to 65535. */
export function readPort(values: OptionValues): number {
  const raw = values.port;
  if (raw === undefined || typeof raw === 'boolean') return 0;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > 65535) {
    throw new UsageError('--port', `--port must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

/** Loads `--scenario FILE`, or the built-in scenario. A bad file is a usage error (exit 2). */
export async function readScenario(
  values: OptionValues,
): Promise<{ scenario: Scenario; source: string }> {
  const { defaultScenario, loadScenarioFile } = await import('../simulator/scenario/load.ts');
  const file = values.scenario;
  if (file === undefined || typeof file === 'boolean') {
    return { scenario: defaultScenario(), source: 'built-in scenario' };
  }
  return { scenario: await loadScenarioFile(file), source: file };
}

/** Reads `--tls-cert` and `--tls-key` (both or neither): the PEM texts to serve HTTPS with. */
export function readTls(values: OptionValues): { cert: string; key: string } | undefined {
  const cert = typeof values['tls-cert'] === 'string' ? values['tls-cert'].trim() : '';
  const key = typeof values['tls-key'] === 'string' ? values['tls-key'].trim() : '';
  if (!cert && !key) return undefined;
  if (!cert || !key) {
    const missing = cert ? '--tls-key' : '--tls-cert';
    throw new UsageError(missing, `--tls-cert and --tls-key go together: ${missing} is missing`);
  }
  const read = (path: string, option: string, marker: RegExp): string => {
    const text = readInputFile(path, option, 'a PEM file');
    if (!marker.test(text)) throw new UsageError(option, `${option}: ${path} is not a PEM file`);
    return text;
  };
  return {
    cert: read(cert, '--tls-cert', /-----BEGIN CERTIFICATE-----/),
    key: read(key, '--tls-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
  };
}

/**
 * Reads `--replay FILE`: the trace to serve instead of a scenario, checked line by line. A file
 * that cannot be read or is not a trace is a usage error (exit 2) naming its line.
 */
export function readReplay(
  values: OptionValues,
): { readonly file: string; readonly records: readonly TraceRecord[] } | undefined {
  const file = typeof values.replay === 'string' ? values.replay.trim() : '';
  if (!file) return undefined;
  for (const other of ['scenario', 'speed']) {
    if (values[other] !== undefined) {
      throw new UsageError(
        `--${other}`,
        `--replay serves the answers of a trace as recorded; --${other} does not go with it`,
      );
    }
  }
  const text = readInputFile(file, '--replay', 'a trace written by aztm --trace FILE');
  try {
    return { file, records: parseTraceLines(text, file) };
  } catch (error) {
    if (!(error instanceof TraceLineError)) throw error;
    throw new UsageError(
      error.where,
      `--replay: ${error.message} (a trace is what aztm --trace FILE writes)`,
    );
  }
}
