/**
 * The simulator against the recorded real answers (test/fixtures/real/): for every kind of answer
 * both have, the simulator's answers may only hold fields, types, nulls and enum spellings that
 * the real service was recorded sending there (answer-shape.ts). A simulator that drifts from the
 * real service, as it once did from the specs, fails here. Hand-written `shape-` files are left
 * out: only recordings judge.
 */
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import type { LoggedRequest } from '../../src/simulator/state.ts';
import { corpusAnswers, type CorpusAnswer } from '../fixtures/real/corpus.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import {
  addShape,
  identityFields,
  shapeDifferences,
  type AnswerShape,
  type PathShape,
} from './answer-shape.ts';
import { callEveryOperation, json, V } from './session.ts';

/** The kind of answer (the corpus's folder names) of a logged request, or `null`. */
function kindOf(entry: LoggedRequest): string | null {
  const path = (entry.url.split('?')[0] ?? '').toLowerCase();
  const release = path.includes('/_apis/release/');
  const rules: readonly [string, RegExp, string][] = [
    ['GET', /\/_apis\/connectiondata$/, 'connection-data'],
    ['GET', /\/_apis\/resourceareas$/, 'resource-areas'],
    ['GET', /\/_apis\/projects$/, 'project-list'],
    ['GET', /\/_apis\/projects\/[^/]+$/, 'project'],
    ['GET', /\/_apis\/pipelines$/, 'pipeline-list'],
    ['GET', /\/_apis\/pipelines\/\d+$/, 'pipeline'],
    ['GET', /\/_apis\/pipelines\/\d+\/runs$/, 'run-list'],
    ['POST', /\/_apis\/pipelines\/\d+\/runs$/, 'run'],
    ['GET', /\/_apis\/pipelines\/\d+\/runs\/\d+$/, 'run'],
    ['GET', /\/_apis\/pipelines\/approvals$/, 'pipeline-approval-list'],
    ['PATCH', /\/_apis\/pipelines\/approvals$/, 'pipeline-approval-list'],
    ['GET', /\/_apis\/pipelines\/approvals\/[^/]+$/, 'pipeline-approval'],
    ['GET', /\/_apis\/build\/builds$/, 'build-list'],
    ['POST', /\/_apis\/build\/builds$/, 'build'],
    ['GET', /\/_apis\/build\/builds\/\d+$/, 'build'],
    ['PATCH', /\/_apis\/build\/builds\/\d+$/, 'build'],
    ['GET', /\/_apis\/build\/builds\/\d+\/timeline$/, 'timeline'],
    ['GET', /\/_apis\/build\/builds\/\d+\/logs$/, 'log-list'],
    ['GET', /\/_apis\/build\/builds\/\d+\/logs\/\d+$/, 'log-lines'],
    ['GET', /\/_apis\/build\/definitions$/, 'build-definition-list'],
    ['GET', /\/_apis\/build\/definitions\/\d+$/, 'build-definition'],
  ];
  const releaseRules: readonly [string, RegExp, string][] = [
    ['GET', /\/releases$/, 'release-list'],
    ['POST', /\/releases$/, 'release'],
    ['GET', /\/releases\/\d+$/, 'release'],
    ['PATCH', /\/releases\/\d+$/, 'release'],
    ['GET', /\/environments\/\d+$/, 'release-environment'],
    ['PATCH', /\/environments\/\d+$/, 'release-environment'],
    ['GET', /\/approvals$/, 'release-approval-list'],
    ['PATCH', /\/approvals\/\d+$/, 'release-approval'],
    ['GET', /\/definitions$/, 'release-definition-list'],
    ['GET', /\/definitions\/\d+$/, 'release-definition'],
    ['GET', /\/artifacts\/versions$/, 'artifact-versions'],
  ];
  const found = (release ? releaseRules : rules).find(
    ([method, pattern]) => method === entry.method && pattern.test(path),
  );
  return found?.[2] ?? null;
}

/** The simulator's JSON answers by kind, from a session that calls every operation. */
async function simulatorShapes(): Promise<Map<string, AnswerShape>> {
  const sim = await startTestSimulator(defaultScenario());
  await callEveryOperation(sim);
  // Beyond the session: the Core projects other clients follow links to, artifact versions, and
  // a timeline read again with nothing new (`records: null`, §13 row 1).
  await json(sim.api(`_apis/projects?${V}`));
  await json(sim.api(`_apis/projects/DevOps?includeCapabilities=true&${V}`));
  await json(sim.releaseApi(`DevOps/_apis/release/artifacts/versions?releaseDefinitionId=13&${V}`));
  const run = await json<{ id: number }>(
    sim.api(`DevOps/_apis/pipelines/42/runs?${V}`, { method: 'POST', json: {} }),
  );
  sim.manualClock.advance(3_600_000);
  const done = await json<{ changeId: number }>(
    sim.api(`DevOps/_apis/build/builds/${run.id}/timeline?${V}`),
  );
  await json(
    sim.api(`DevOps/_apis/build/builds/${run.id}/timeline?changeId=${done.changeId}&${V}`),
  );
  const shapes = new Map<string, AnswerShape>();
  for (const entry of sim.state.requests) {
    const kind = kindOf(entry);
    const response = entry.response;
    if (!kind || !response || !/json/.test(response.contentType)) continue;
    if (entry.status === null || entry.status >= 300) continue;
    addResource(shapes, kind, JSON.parse(response.text.replace(/^\uFEFF/, '')));
  }
  return shapes;
}

/**
 * Adds an answer under its kind, and each item of a list (`build-list` → `build`) and each stage
 * of a release (→ `release-environment`) under the kind of the resource it is, so that a resource
 * is judged by every recording of it, whichever call answered it.
 */
function addResource(shapes: Map<string, AnswerShape>, kind: string, body: unknown): void {
  const add = (name: string, value: unknown): void => {
    shapes.set(name, addShape(shapes.get(name) ?? new Map<string, PathShape>(), value));
  };
  add(kind, body);
  const record = body as { value?: unknown; environments?: unknown };
  if (kind.endsWith('-list') && Array.isArray(record.value)) {
    for (const item of record.value) add(kind.slice(0, -'-list'.length), item);
  }
  if (kind === 'release' && Array.isArray(record.environments)) {
    for (const stage of record.environments) add('release-environment', stage);
  }
}

/** The recorded answers' shapes by kind (2xx recordings only). */
function recordedShapes(): Map<string, AnswerShape> {
  const shapes = new Map<string, AnswerShape>();
  for (const answer of recordings()) {
    addResource(shapes, answer.kind, JSON.parse(answer.body.replace(/^\uFEFF/, '')));
  }
  return shapes;
}

/** The 2xx recordings: hand-written `shape-` files do not judge. */
function recordings(): CorpusAnswer[] {
  return corpusAnswers().filter(
    (answer) => answer.status < 300 && !answer.file.includes('/shape-'),
  );
}

/**
 * Fields of the 7.1 specs newer than the recordings (api-version 5.0 and 5.1, 2019 to 2021): the
 * service sends them at 7.1, where aztm asks, so the simulator may too.
 */
const NEWER_THAN_THE_RECORDINGS = [
  // ReleaseDefinitionEnvironmentStep/WorkflowTask gained it with task retries (2022).
  'retryCountOnTaskFailure',
  // ReleaseTask.lineCount: in the 7.1 spec; the recorded release was read without `$expand=tasks`.
  'lineCount',
];

function newerThanRecordings(difference: string): boolean {
  return NEWER_THAN_THE_RECORDINGS.some((field) =>
    difference.includes(`.${field}: the service never sends this field`),
  );
}

describe('the simulator against recordings of the real service', () => {
  it('sends only fields, types, nulls and enum spellings the service was recorded sending', async () => {
    const simulated = await simulatorShapes();
    const recorded = recordedShapes();
    const compared: string[] = [];
    const differences: string[] = [];
    const identity = identityFields(
      recordings().map((answer) => JSON.parse(answer.body.replace(/^\uFEFF/, '')) as unknown),
    );
    for (const [kind, shape] of simulated) {
      const real = recorded.get(kind);
      if (!real || kind.endsWith('-list')) continue;
      compared.push(kind);
      for (const difference of shapeDifferences(shape, real, identity)) {
        if (!newerThanRecordings(difference)) differences.push(`${kind} ${difference}`);
      }
    }
    expect(differences).toEqual([]);
    // Every kind both have was compared (artifact versions and log lines have no recording yet).
    expect(compared.sort()).toEqual([
      'build',
      'build-definition',
      'connection-data',
      'log',
      'pipeline',
      'pipeline-approval',
      'project',
      'release',
      'release-approval',
      'release-definition',
      'release-environment',
      'resource-areas',
      'run',
      'timeline',
    ]);
  });
});
