/**
 * Every recorded real answer (test/fixtures/real/) through the client's decoders: each is read
 * without a fault and without an enum value aztm does not know. A kind aztm does not read is
 * kept for the simulator's contract test only, and listed as such here.
 */
import { describe, expect, it } from 'vitest';
import { parseJson, type RawAnswer } from '../../src/azdo/answers.ts';
import {
  build,
  buildDefinition,
  buildDefinitionReference,
  queuedBuild,
  timeline,
} from '../../src/azdo/decode/builds.ts';
import { connectionData, resourceAreas } from '../../src/azdo/decode/location.ts';
import { pipeline, pipelineApproval, run } from '../../src/azdo/decode/pipelines.ts';
import { listAnswer, readAnswer, text, type Reader } from '../../src/azdo/decode/read.ts';
import {
  release,
  releaseApproval,
  releaseDefinition,
  releaseEnvironment,
} from '../../src/azdo/decode/releases.ts';
import { corpusAnswers, listedSources, type CorpusAnswer } from '../fixtures/real/corpus.ts';

/** The reader aztm uses for each kind it reads (src/azdo/*.ts). */
const READERS: Readonly<Record<string, Reader<unknown>>> = {
  build,
  'build-list': listAnswer(queuedBuild),
  'build-definition': buildDefinition,
  'build-definition-list': listAnswer(buildDefinitionReference),
  timeline,
  run,
  pipeline,
  'pipeline-list': listAnswer(pipeline),
  'pipeline-approval': pipelineApproval,
  'pipeline-approval-list': listAnswer(pipelineApproval),
  release,
  'release-list': listAnswer(release),
  'release-environment': releaseEnvironment,
  'release-approval': releaseApproval,
  'release-approval-list': listAnswer(releaseApproval),
  'release-definition': releaseDefinition,
  'release-definition-list': listAnswer(releaseDefinition),
  'connection-data': connectionData,
  'resource-areas': resourceAreas,
  'log-lines': listAnswer(text),
};

/** Kinds aztm does not read today: their answers stand for the simulator's contract test. */
const NOT_READ = new Set([
  'artifact-versions',
  'run-list',
  'project',
  'project-list',
  'log-list',
  'deployment-list',
  'error',
]);

const answers = corpusAnswers();

function raw(answer: CorpusAnswer): RawAnswer {
  return {
    summary: { method: 'GET', url: `https://dev.azure.com/corpus/${answer.file}` },
    status: answer.status,
    headers: answer.headers,
    text: answer.body,
    redirected: false,
  };
}

/** The answer decoded as aztm reads it: parsed (BOM stripped), then through the kind's reader. */
export function decodeCorpusAnswer(answer: CorpusAnswer): {
  value: unknown;
  unrecognized: readonly { path: string; value: string }[];
} {
  const reader = READERS[answer.kind];
  if (!reader) throw new Error(`no reader for kind ${answer.kind}`);
  return readAnswer(reader, parseJson(raw(answer)));
}

describe('the corpus of recorded real answers', () => {
  it('holds at least 40 answers, each listed once in SOURCES.md', () => {
    const files = answers.map((answer) => answer.file).sort();
    const listed = listedSources();
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect([...listed].sort()).toEqual(files);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('has a reader, or a reason to be kept, for every kind', () => {
    const orphans = answers.filter(
      (answer) => READERS[answer.kind] === undefined && !NOT_READ.has(answer.kind),
    );
    expect(orphans.map((answer) => `${answer.file} (${answer.kind})`)).toEqual([]);
  });

  it('answers of kinds aztm does not read are still JSON (or an error status)', () => {
    for (const answer of answers.filter((item) => NOT_READ.has(item.kind))) {
      if (answer.status >= 400) continue;
      expect(() => parseJson(raw(answer)), answer.file).not.toThrow();
    }
  });

  const read = answers.filter((answer) => READERS[answer.kind] !== undefined);
  it.each(read.map((answer) => [answer.file, answer] as const))(
    '%s decodes with every enum value known',
    (_file, answer) => {
      const { unrecognized } = decodeCorpusAnswer(answer);
      expect(unrecognized).toEqual([]);
    },
  );
});
