import { describe, it } from 'vitest';
import { expectRefused, withDevOpsProject, type BadInput } from '../helpers/e2e-runs.ts';
import { pipeline } from '../helpers/scenario-builder.ts';

/** A second deploy-gateway, in another folder: the bare name is ambiguous. */
const twoGateways = withDevOpsProject((project) => ({
  ...project,
  pipelines: [
    ...project.pipelines,
    pipeline({ id: 61, name: 'deploy-gateway', folder: '\\legacy' }),
  ],
}));

/** deploy-gateway with a variable that is not settable at queue time. */
const lockedRegion = withDevOpsProject((project) => ({
  ...project,
  pipelines: project.pipelines.map((spec) =>
    spec.id === 42
      ? {
          ...spec,
          variables: {
            ...spec.variables,
            region: { value: 'westeurope', isSecret: false, allowOverride: false },
          },
        }
      : spec,
  ),
}));

const P = ['pipeline', '--pipeline-id', '42'];

/** Inputs only the server can judge: names, and which variables may be set. */
const CASES: BadInput[] = [
  // Names.
  {
    what: 'an unknown pipeline name',
    args: ['pipeline', '--pipeline', 'deploy-gatway'],
    code: 2,
    says: [
      '--pipeline "deploy-gatway" matches no pipeline',
      'did you mean "infra\\deploy-gateway"?',
    ],
  },
  {
    what: 'an unknown build definition name',
    args: ['build', '--definition', 'nightlly'],
    code: 2,
    says: [
      '--definition "nightlly" matches no build definition',
      'did you mean "Regression\\nightly"?',
    ],
  },
  {
    what: 'an ambiguous pipeline name',
    args: ['pipeline', '--pipeline', 'deploy-gateway'],
    scenario: twoGateways,
    code: 2,
    says: [
      '--pipeline "deploy-gateway" matches 2 pipelines',
      'infra\\deploy-gateway (id 42)',
      'legacy\\deploy-gateway (id 61)',
      '--pipeline-id',
    ],
  },
  // Variables that cannot be set at queue time.
  {
    what: 'a build variable its definition does not define',
    args: ['build', '--definition-id', '7', '--variables', '{"region": "eu"}'],
    code: 2,
    says: ['--variables: variable "region" is not defined', 'variables that can be set: suite'],
  },
  {
    what: 'a pipeline variable not settable at queue time',
    args: [...P, '--variables', '{"region": "eu"}'],
    scenario: lockedRegion,
    code: 2,
    says: [
      '--variables: variable "region" is not "Settable at queue time"',
      'variables that can be set: imageTag',
    ],
  },
];

describe('bad inputs checked against the server: refused before anything is triggered', () => {
  it.each(CASES)('refuses $what (exit $code)', expectRefused);
});
