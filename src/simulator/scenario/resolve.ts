/** Turns a schema-valid scenario file into the resolved model, checking what the schema cannot. */
import { checkExclusive, checkUnique, owner } from './checks.ts';
import { parseFaultSpec } from './faults.ts';
import {
  SCOPES,
  type FaultSpec,
  type ProjectSpec,
  type Scenario,
  type TokenSpec,
} from './model.ts';
import type { RawScenario, RawToken } from './raw.ts';
import { resolveProjects } from './resolve-project.ts';
import { resolveDuration } from './resolve-values.ts';
import { fail, type ScenarioSource, type YamlPath } from './yaml-source.ts';

const DEFAULT_ORGANIZATION = 'contoso';
const DEFAULT_START_TIME = '2026-01-01T09:00:00Z';
/**
 * docs/design/azure-devops.md §9: Services speaks 7.1 GA and 7.2 preview; Azure DevOps Server 2022
 * tops at 7.0.
 */
const API_VERSIONS = {
  services: { released: '7.1', max: '7.2' },
  server: { released: '7.0', max: '7.0' },
} as const;

export function resolveScenario(source: ScenarioSource, raw: RawScenario): Scenario {
  const organization = raw.organization ?? DEFAULT_ORGANIZATION;
  const mode = raw.mode ?? 'services';
  const apiVersion = resolveApiVersion(source, raw, mode);
  const seed = raw.seed ?? 1;
  const startTime = resolveStartTime(source, raw.startTime ?? DEFAULT_START_TIME);
  const projects = resolveProjects(source, raw.projects ?? [], seed);
  return {
    organization,
    mode,
    apiVersion,
    seed,
    startTime,
    tokens: resolveTokens(source, raw.tokens, { organization, startTime, projects }),
    projects,
    faults: (raw.faults ?? []).map((fault, index) =>
      resolveFault(source, ['faults', index], fault),
    ),
  };
}

/** Date.parse rolls 2026-02-30 over to March 2: such a date is refused instead. */
function resolveStartTime(source: ScenarioSource, text: string): number {
  const time = Date.parse(text);
  const [year = 0, month = 0, day = 0] = text.slice(0, 10).split('-').map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(time) || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    fail(source, ['startTime'], `"${text}" is not a real date and time`);
  }
  return time;
}

function resolveApiVersion(
  source: ScenarioSource,
  raw: RawScenario,
  mode: Scenario['mode'],
): Scenario['apiVersion'] {
  const released = apiVersionText(raw.apiVersion?.released) ?? API_VERSIONS[mode].released;
  const max = apiVersionText(raw.apiVersion?.max) ?? API_VERSIONS[mode].max;
  const [releasedMajor = 0, releasedMinor = 0] = released.split('.').map(Number);
  const [maxMajor = 0, maxMinor = 0] = max.split('.').map(Number);
  if (releasedMajor > maxMajor || (releasedMajor === maxMajor && releasedMinor > maxMinor)) {
    const at: YamlPath =
      raw.apiVersion?.released === undefined ? ['apiVersion', 'max'] : ['apiVersion', 'released'];
    fail(source, at, `released ${released} is above max ${max}; max is the newest version served`);
  }
  return { released, max };
}

/** YAML reads an unquoted `7.0` as the number 7: it still means api-version "7.0". */
function apiVersionText(value: string | number | undefined): string | undefined {
  if (typeof value !== 'number') return value;
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

interface TokenContext {
  readonly organization: string;
  readonly startTime: number;
  readonly projects: readonly ProjectSpec[];
}

function resolveTokens(
  source: ScenarioSource,
  raws: readonly RawToken[],
  context: TokenContext,
): TokenSpec[] {
  checkUnique(
    source,
    'token name',
    raws.map((raw, index) => ({
      key: raw.name.toLowerCase(),
      label: JSON.stringify(raw.name),
      path: ['tokens', index, 'name'],
      owner: owner(['tokens', index]),
    })),
  );
  const tokens = raws.map((raw, index) => resolveToken(source, ['tokens', index], raw, context));
  // Authentication finds a token by its value: two tokens with one value would be one identity.
  checkUnique(
    source,
    'token value',
    tokens.map((token, index) => ({
      key: token.value,
      label: '',
      path: ['tokens', index, token.kind],
      owner: owner(['tokens', index], token.name),
    })),
  );
  return tokens;
}

function resolveToken(
  source: ScenarioSource,
  path: YamlPath,
  raw: RawToken,
  context: TokenContext,
): TokenSpec {
  checkExclusive(
    source,
    path,
    raw,
    [['pat'], ['bearer']],
    'a token is either a PAT or a bearer token',
  );
  const kind = raw.pat !== undefined ? 'pat' : 'bearer';
  const value = raw.pat ?? raw.bearer;
  if (value === undefined) {
    return fail(
      source,
      path,
      'missing the token value: give "pat" (sent as HTTP Basic) or "bearer" (sent as Authorization: Bearer)',
    );
  }
  const projectNames = context.projects.map((project) => project.name);
  raw.projects?.forEach((name, index) => {
    if (!projectNames.some((known) => known.toLowerCase() === name.toLowerCase())) {
      const known = projectNames.length > 0 ? projectNames.join(', ') : 'none';
      fail(
        source,
        [...path, 'projects', index],
        `unknown project "${name}"; the projects are ${known}`,
      );
    }
  });
  const expiresAfter = raw.expiresAfter;
  return {
    name: raw.name,
    kind,
    value,
    user: raw.user ?? raw.name,
    userId: raw.userId ?? `${raw.name}@${context.organization}`,
    scopes:
      raw.scopes === undefined || raw.scopes === 'full' ? [...SCOPES] : [...new Set(raw.scopes)],
    projects: raw.projects ? [...raw.projects] : null,
    repositories: raw.repositories ? [...raw.repositories] : null,
    ...(raw.groups ? { groups: [...raw.groups] } : {}),
    denied: raw.denied ? [...new Set(raw.denied)] : [],
    expiresAt:
      expiresAfter === undefined
        ? null
        : context.startTime + resolveDuration(source, [...path, 'expiresAfter'], expiresAfter, 0),
  };
}

/** The admin API reads faults with the same function, so both accept the same fields. */
function resolveFault(
  source: ScenarioSource,
  path: YamlPath,
  raw: Readonly<Record<string, unknown>>,
): FaultSpec {
  const fault = parseFaultSpec(raw);
  if (typeof fault !== 'string') return fault;
  // Its messages start with the field at fault, e.g. `"path" is not a valid regular expression`.
  const field = /^"(\w+)"/.exec(fault)?.[1];
  return fail(
    source,
    field !== undefined && Object.hasOwn(raw, field) ? [...path, field] : path,
    fault,
  );
}
