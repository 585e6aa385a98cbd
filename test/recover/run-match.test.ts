/**
 * Which run is the one aztm queued (src/recover/run-match.ts): the candidates (definition,
 * identity, new, time), then each candidate's request against aztm's, field by field, on the
 * shapes the real service was recorded sending (test/fixtures/real/, read through aztm's own
 * decoders), and what a look's candidates tell together.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueuedBuild } from '../../src/azdo/types.ts';
import { queuedBuild } from '../../src/azdo/decode/builds.ts';
import { run as runReader } from '../../src/azdo/decode/pipelines.ts';
import { listAnswer, readAnswer, type Reader } from '../../src/azdo/decode/read.ts';
import type { Run } from '../../src/azdo/types.ts';
import {
  compareRequest,
  judge,
  QUEUE_TIME_ALLOWANCE_MS,
  whyNotCandidate,
  type Judged,
  type RunRequest,
  type RunShown,
  type RunWindow,
} from '../../src/recover/run-match.ts';
import { CORPUS_DIR } from '../fixtures/real/corpus.ts';

/** A recorded answer as aztm reads it. */
function recorded<T>(file: string, reader: Reader<T>): T {
  const text = readFileSync(join(CORPUS_DIR, file), 'utf8').replace(/^\uFEFF/, '');
  return readAnswer(reader, JSON.parse(text)).value;
}

/** One build of a recorded build list, by id. */
function recordedBuild(file: string, id: number): QueuedBuild {
  const found = recorded(`build-list/${file}`, listAnswer(queuedBuild)).find((b) => b.id === id);
  if (!found) throw new Error(`no build ${id} in ${file}`);
  return found;
}

/** Recorded (cli-extension test_build_listQueueShow.yaml): 635 on another branch, 636 by CI. */
const MIXED = 'cli-builds-mixed-states.json';
/** Recorded (vsteam buildResults.json): 568 with queue-time variables, 559 another commit. */
const VSTEAM = 'vsteam-builds-5.json';
/** Recorded (runfo build-list2.json, dnceng): pull request builds, with `parameters`. */
const RUNFO = 'runfo-dnceng-builds-6-failed.json';

const NOTHING: RunRequest = {
  branch: null,
  commit: null,
  variables: {},
  templateParameters: null,
  stagesToSkip: [],
};

/** A copy of `build` without the fields named, as a service that left them out would send it. */
function without(build: QueuedBuild, ...fields: (keyof QueuedBuild)[]): QueuedBuild {
  const copy: Record<string, unknown> = { ...build };
  for (const field of fields) delete copy[field];
  return copy as unknown as QueuedBuild;
}

function request(changes: Partial<RunRequest>): RunRequest {
  return { ...NOTHING, ...changes };
}

function shown(build: QueuedBuild, run: Run | null = null): RunShown {
  return { build, run };
}

describe('a candidate: a new run of the definition queued by aztm’s identity', () => {
  const user = '22157d54-1821-6536-a446-928b06348385';
  const newest = Date.parse('2026-04-01T10:48:33.3063796Z');
  const window: RunWindow = {
    definitionId: 178,
    identityId: user,
    knownIds: new Set([638]),
    notBefore: newest - QUEUE_TIME_ALLOWANCE_MS,
  };

  it.each<[string, number, RunWindow, string | null]>([
    ['a new run queued by the identity', 637, window, null],
    ['one that existed before the create', 638, window, 'it existed before the create'],
    [
      'one queued by the service for a push (requestedBy: the TFS identity)',
      636,
      { ...window, notBefore: null },
      'queued by another identity',
    ],
    ['one of another definition', 637, { ...window, definitionId: 7 }, 'another definition'],
    [
      'the identity id in another letter case',
      637,
      { ...window, identityId: user.toUpperCase() },
      null,
    ],
    [
      'one queued more than the allowance before the newest known run',
      635,
      window,
      'queued too early',
    ],
  ])('%s', (_label, id, candidateWindow, reason) => {
    expect(whyNotCandidate(recordedBuild(MIXED, id), candidateWindow)).toBe(reason);
  });

  it('requestedFor when the service sent no requestedBy', () => {
    const build = without(recordedBuild(MIXED, 637), 'requestedBy');
    expect(whyNotCandidate(build, window)).toBeNull();
  });

  it('a run without a queue time is not placed in the window', () => {
    const build = without(recordedBuild(MIXED, 637), 'queueTime');
    expect(whyNotCandidate(build, window)).toBe('queued too early');
  });
});

describe('each field aztm sent tells runs apart (recorded shapes)', () => {
  it.each<[string, QueuedBuild, RunRequest, string]>([
    [
      'branch: the one asked for',
      recordedBuild(MIXED, 637),
      request({ branch: 'refs/heads/main' }),
      'same',
    ],
    [
      'branch: another one',
      recordedBuild(MIXED, 635),
      request({ branch: 'refs/heads/main' }),
      'differs: it is on refs/heads/azure-pipelines',
    ],
    [
      'branch: asked for in another letter case',
      recordedBuild(MIXED, 637),
      request({ branch: 'refs/heads/Main' }),
      'same',
    ],
    [
      'commit: the one asked for, by a prefix of its hash',
      recordedBuild(VSTEAM, 560),
      request({ commit: '4AED57B05FB1' }),
      'same',
    ],
    [
      'commit: another one',
      recordedBuild(VSTEAM, 559),
      request({ commit: '4aed57b05fb1840a916ed7aca0d2b81784b916be' }),
      'differs: it builds commit b3ffb9a7c9c4',
    ],
    [
      'variables: the same, from the `parameters` JSON string',
      recordedBuild(VSTEAM, 568),
      request({
        variables: {
          subscriptionId: { value: '00000000-0000-0000-0000-000000000000', isSecret: false },
          'system.debug': { value: 'false', isSecret: false },
        },
      }),
      'same',
    ],
    [
      'variables: one with another value (never shown)',
      recordedBuild(VSTEAM, 568),
      request({
        variables: {
          subscriptionId: { value: '11111111-1111-1111-1111-111111111111', isSecret: false },
          'system.debug': { value: 'false', isSecret: false },
        },
      }),
      'differs: variable subscriptionId has another value',
    ],
    [
      'variables: set on the run, none sent',
      recordedBuild(VSTEAM, 568),
      NOTHING,
      'differs: variable subscriptionId is set, variable system.debug is set',
    ],
    [
      'variables: sent, the run has none (the list leaves `parameters` out)',
      recordedBuild(VSTEAM, 560),
      request({ variables: { 'system.debug': { value: 'false', isSecret: false } } }),
      'differs: variable system.debug is not set',
    ],
    ['variables: none sent, none shown', recordedBuild(VSTEAM, 560), NOTHING, 'same'],
    [
      'variables: a secret sent is left out both ways',
      recordedBuild(VSTEAM, 568),
      request({
        variables: {
          subscriptionId: { value: 'anything', isSecret: true },
          'system.debug': { value: 'false', isSecret: false },
        },
      }),
      'same',
    ],
    [
      'variables: a pull request build’s, none sent',
      recordedBuild(RUNFO, 818474),
      request({ branch: 'refs/pull/47768/merge' }),
      'differs: variable system.pullRequest.pullRequestId is set, variable system.pullRequest.pullRequestNumber is set, variable system.pullRequest.mergedAt is set, variable system.pullRequest.sourceBranch is set, variable system.pullRequest.targetBranch is set, variable system.pullRequest.sourceRepositoryUri is set, variable system.pullRequest.sourceCommitId is set',
    ],
    [
      'stages to skip: no run shows them',
      recordedBuild(MIXED, 637),
      request({ stagesToSkip: ['Deploy'] }),
      'unknown: the stages a run was asked to skip are not shown',
    ],
  ])('%s', (_label, build, sent, expected) => {
    expect(describeComparison(compareRequest(shown(build), sent))).toBe(expected);
  });

  it('variables: a `parameters` that is not a JSON map cannot be compared', () => {
    const build = { ...recordedBuild(VSTEAM, 568), parameters: '@{subscriptionId=0}' };
    expect(describeComparison(compareRequest(shown(build), NOTHING))).toBe(
      'unknown: its queue-time variables cannot be read',
    );
  });

  describe('template parameters, from the run’s GET (the build’s leaves them out)', () => {
    // Recorded: the same run 14 through both APIs (pyado); the run shows `{}`, the build nothing.
    const build = recorded('build/pyado-build-14-succeeded.json', queuedBuild);
    const run = recorded('run/pyado-run-14-yamldetails.json', runReader);

    it('recorded: the build has no templateParameters, the run has {}', () => {
      expect(build).not.toHaveProperty('templateParameters');
      expect(run.templateParameters).toEqual({});
    });

    it.each<[string, Record<string, string>, Record<string, string>, string]>([
      ['none sent, none given', {}, {}, 'same'],
      ['sent, none given', { env: 'prod' }, {}, 'differs: template parameter env is not given'],
      // The recorded run with the template parameters another client gave (values invented).
      ['none sent, given', {}, { env: 'prod' }, 'differs: template parameter env is given'],
      ['the same', { env: 'prod' }, { env: 'prod' }, 'same'],
      ['the name in another letter case', { Env: 'prod' }, { env: 'prod' }, 'same'],
      [
        'another value (never shown)',
        { env: 'prod' },
        { env: 'staging' },
        'differs: template parameter env has another value',
      ],
    ])('%s', (_label, sent, given, expected) => {
      const comparison = compareRequest(shown(build, { ...run, templateParameters: given }), {
        ...NOTHING,
        templateParameters: sent,
      });
      expect(describeComparison(comparison)).toBe(expected);
    });

    it('not read (the run’s GET failed): cannot be compared', () => {
      expect(
        describeComparison(compareRequest(shown(build), { ...NOTHING, templateParameters: {} })),
      ).toBe('unknown: its template parameters are not shown');
    });

    it('variables from the run when it shows them, before the build’s `parameters`', () => {
      const withVariables = {
        ...run,
        variables: { imageTag: { value: '1.2.3', isSecret: false } },
      };
      const sent = { imageTag: { value: '1.2.3', isSecret: false } };
      expect(
        compareRequest(shown(build, withVariables), {
          ...NOTHING,
          templateParameters: {},
          variables: sent,
        }),
      ).toEqual({ kind: 'same' });
    });
  });

  it('branch and commit from the run’s resources when the build leaves them out', () => {
    // Recorded: betterado run 130, refs/heads/main at a2190e5b…
    const run = recorded('run/betterado-run-130-succeeded.json', runReader);
    const build = without(recordedBuild(MIXED, 637), 'sourceBranch', 'sourceVersion');
    const sent = request({ branch: 'refs/heads/main', commit: 'a2190e5b10368db3' });
    expect(compareRequest(shown(build, run), sent)).toEqual({ kind: 'same' });
    expect(describeComparison(compareRequest(shown(build), sent))).toBe(
      'unknown: its branch is not shown; its commit is not shown',
    );
  });

  it('a field that differs settles it, whatever cannot be compared', () => {
    const sent = request({ branch: 'refs/heads/main', stagesToSkip: ['Deploy'] });
    expect(compareRequest(shown(recordedBuild(MIXED, 635)), sent).kind).toBe('differs');
  });
});

describe('what a look’s candidates tell together', () => {
  const same = judged(1, { kind: 'same' });
  const sameToo = judged(2, { kind: 'same' });
  const differs = judged(3, { kind: 'differs', how: 'it is on refs/heads/dev' });
  const unknown = judged(4, { kind: 'unknown', why: 'its template parameters are not shown' });

  it.each<[string, Judged[], string]>([
    ['no candidate', [], 'none'],
    ['one the same', [same], 'ours 1'],
    ['one the same, the others differ', [differs, same], 'ours 1'],
    ['only ones that differ: ours may not be listed yet', [differs], 'others'],
    ['two the same', [same, sameToo], 'cannotTell'],
    ['one the same and one that cannot be compared', [same, unknown], 'cannotTell'],
    ['one that cannot be compared', [unknown], 'cannotTell'],
  ])('%s', (_label, candidates, expected) => {
    const verdict = judge(candidates);
    expect(verdict.kind === 'ours' ? `ours ${verdict.run.build.id}` : verdict.kind).toBe(expected);
  });
});

function judged(id: number, comparison: Judged['comparison']): Judged {
  return { shown: { build: { id }, run: null }, comparison };
}

function describeComparison(comparison: ReturnType<typeof compareRequest>): string {
  switch (comparison.kind) {
    case 'same':
      return 'same';
    case 'differs':
      return `differs: ${comparison.how}`;
    case 'unknown':
      return `unknown: ${comparison.why}`;
  }
}
