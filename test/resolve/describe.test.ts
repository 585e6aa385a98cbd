import { describe, expect, it } from 'vitest';
import { describeTarget, dryRunDescription } from '../../src/trigger.ts';
import type { PipelineTarget, ReleaseTarget } from '../../src/target.ts';

const pipeline: PipelineTarget = {
  kind: 'pipeline',
  project: 'DevOps',
  pipelineId: 42,
  pipelineName: 'deploy-gateway',
  pipelinePath: 'infra\\deploy-gateway',
  branch: 'refs/heads/main',
  variables: {
    imageTag: { value: 'v2', isSecret: false },
    apiKey: { value: 'hunter2-secret', isSecret: true },
  },
  templateParameters: { env: 'prod' },
  stagesToSkip: ['Deploy'],
};

const release: ReleaseTarget = {
  kind: 'release',
  project: 'DevOps',
  definitionId: 14,
  definitionName: 'Infrastructure',
  allStages: ['Dev', 'Staging', 'Production'],
  stages: ['Staging'],
  artifacts: [{ alias: 'app', id: '1201', name: '20261125.1' }],
  variables: {},
};

describe('what --dry-run says', () => {
  it('a pipeline: what, where, and every input; secret values masked', () => {
    expect(dryRunDescription(pipeline)).toBe(
      [
        'Would run pipeline "infra\\deploy-gateway" (id 42) in project DevOps on refs/heads/main.',
        '  variables: imageTag=v2, apiKey=*** (secret)',
        '  template parameters: env=prod',
        '  stages to skip: Deploy',
      ].join('\n'),
    );
  });

  it('a release with --stages: the stages deployed and those made manual', () => {
    expect(dryRunDescription(release)).toBe(
      [
        'Would create a release of "Infrastructure" (id 14) in project DevOps, deploying Staging.',
        "  artifacts: app=1201 (20261125.1); any other alias gets the definition's default version",
        '  made manual for this release: Dev, Production',
      ].join('\n'),
    );
  });

  it('a build on its default branch, in one line', () => {
    expect(
      describeTarget({
        kind: 'build',
        project: 'DevOps',
        definitionId: 7,
        definitionName: 'nightly',
        definitionPath: 'Regression\\nightly',
        commit: 'c0ffee',
        variables: {},
      }),
    ).toBe(
      'queue build definition "Regression\\nightly" (id 7) in project DevOps on its default branch at commit c0ffee',
    );
  });
});
