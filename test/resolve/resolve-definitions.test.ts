import { describe, expect, it } from 'vitest';
import { AzureDevOpsError } from '../../src/azdo/errors.ts';
import { resolveTarget } from '../../src/resolve/index.ts';
import type { BuildRequest, PipelineRequest, VariableValue } from '../../src/target.ts';
import { checkRequestLog } from '../contract/requests.ts';
import { client, PROJECT, usageError } from './fixtures.ts';

function pipelineRequest(overrides: Partial<PipelineRequest>): PipelineRequest {
  return {
    kind: 'pipeline',
    project: PROJECT,
    pipeline: { id: 3 },
    variables: {},
    templateParameters: {},
    stagesToSkip: [],
    ...overrides,
  };
}

function buildRequest(overrides: Partial<BuildRequest>): BuildRequest {
  return { kind: 'build', project: PROJECT, definition: { id: 10 }, variables: {}, ...overrides };
}

function plain(value: string): VariableValue {
  return { value, isSecret: false };
}

describe('resolving a YAML pipeline', () => {
  it.each([
    ['deploy-gateway', 3, 'infra\\deploy-gateway'],
    ['DEPLOY-Gateway', 3, 'infra\\deploy-gateway'],
    ['infra\\deploy', 2, 'infra\\deploy'],
    ['\\infra\\deploy', 2, 'infra\\deploy'],
    ['apps/deploy', 1, 'apps\\deploy'],
  ])('%s is pipeline %i (%s)', async (name, id, path) => {
    const { sim, client: azdo } = await client();
    const target = await resolveTarget(azdo, pipelineRequest({ pipeline: { name } }));
    expect(target).toMatchObject({ kind: 'pipeline', pipelineId: id, pipelinePath: path });
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it.each([
    ['main', 'refs/heads/main'],
    ['feature/x', 'refs/heads/feature/x'],
    ['refs/tags/v1.2', 'refs/tags/v1.2'],
  ])('branch %s is sent as %s', async (branch, ref) => {
    const { client: azdo } = await client();
    expect(await resolveTarget(azdo, pipelineRequest({ branch }))).toMatchObject({ branch: ref });
  });

  it('a name found in several folders is ambiguous: the error lists each folder\\name', async () => {
    const { client: azdo } = await client();
    const error = await usageError(
      resolveTarget(azdo, pipelineRequest({ pipeline: { name: 'deploy' } })),
    );
    expect(error.input).toBe('--pipeline');
    expect(error.message).toBe(
      '--pipeline "deploy" matches 2 pipelines in project Infrastructure: apps\\deploy (id 1), infra\\deploy (id 2); give the folder too, as in --pipeline "apps\\deploy", or use --pipeline-id',
    );
  });

  it('an unknown name lists close matches', async () => {
    const { client: azdo } = await client();
    const error = await usageError(
      resolveTarget(azdo, pipelineRequest({ pipeline: { name: 'deploy-gatewya' } })),
    );
    expect(error.message).toBe(
      '--pipeline "deploy-gatewya" matches no pipeline in project Infrastructure; did you mean "infra\\deploy-gateway"?',
    );
  });

  it('a name in the wrong folder matches nothing', async () => {
    const { client: azdo } = await client();
    const error = await usageError(
      resolveTarget(azdo, pipelineRequest({ pipeline: { name: 'apps\\deploy-gateway' } })),
    );
    expect(error.message).toMatch(
      /"apps\\deploy-gateway" matches no pipeline.*infra\\deploy-gateway/,
    );
  });

  it('an id that does not exist is the service refusing: an AzureDevOpsError', async () => {
    const { client: azdo } = await client();
    const error: unknown = await resolveTarget(
      azdo,
      pipelineRequest({ pipeline: { id: 999 } }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AzureDevOpsError);
    expect(error).toMatchObject({ kind: 'notFound', status: 404 });
  });

  it('a classic build definition is not a pipeline: the error says to use aztm build', async () => {
    const { client: azdo } = await client();
    const error = await usageError(resolveTarget(azdo, pipelineRequest({ pipeline: { id: 12 } })));
    expect(error.input).toBe('--pipeline-id');
    expect(error.message).toContain('aztm build --definition-id 12');
  });

  it('a variable the definition lists as not settable is refused; YAML-only names are left to the service', async () => {
    const { client: azdo } = await client();
    const secretValue = 's3cr3t-value';
    const refused = await usageError(
      resolveTarget(
        azdo,
        pipelineRequest({
          pipeline: { id: 1 },
          variables: { region: { value: secretValue, isSecret: true }, imageTag: plain('v2') },
        }),
      ),
    );
    expect(refused.input).toBe('--variables');
    expect(refused.message).toBe(
      '--variables: variable "region" is not "Settable at queue time" in pipeline "apps\\deploy" (variables that can be set: imageTag)',
    );
    expect(refused.message).not.toContain(secretValue);
    const target = await resolveTarget(
      azdo,
      pipelineRequest({
        pipeline: { id: 1 },
        variables: { fromYaml: plain('x'), IMAGETAG: plain('y') },
      }),
    );
    expect(Object.keys(target.variables)).toEqual(['fromYaml', 'IMAGETAG']);
  });

  it('the inputs are named as the adapter says (a flow file step, for example)', async () => {
    const { client: azdo } = await client();
    const error = await usageError(
      resolveTarget(azdo, pipelineRequest({ pipeline: { name: 'nope' } }), {
        inputNames: { pipeline: 'steps.deploy.pipeline' },
      }),
    );
    expect(error.input).toBe('steps.deploy.pipeline');
    expect(error.message).toMatch(/^steps\.deploy\.pipeline "nope" matches no pipeline/);
  });
});

describe('resolving a classic build definition', () => {
  it('finds it by folder\\name through the name filter', async () => {
    const { sim, client: azdo } = await client();
    const target = await resolveTarget(
      azdo,
      buildRequest({ definition: { name: 'Regression\\nightly' }, branch: 'main' }),
    );
    expect(target).toMatchObject({
      kind: 'build',
      definitionId: 10,
      definitionPath: 'Regression\\nightly',
      branch: 'refs/heads/main',
    });
    expect(sim.state.requests.map((entry) => entry.url)).toContain(
      '/contoso/Infrastructure/_apis/build/definitions?name=nightly',
    );
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('an ambiguous name lists both folders; an unknown one suggests close names', async () => {
    const { client: azdo } = await client();
    const ambiguous = await usageError(
      resolveTarget(azdo, buildRequest({ definition: { name: 'nightly' } })),
    );
    expect(ambiguous.input).toBe('--definition');
    expect(ambiguous.message).toContain('Perf\\nightly (id 11), Regression\\nightly (id 10)');
    const unknown = await usageError(
      resolveTarget(azdo, buildRequest({ definition: { name: 'lnt' } })),
    );
    expect(unknown.message).toBe(
      '--definition "lnt" matches no build definition in project Infrastructure; did you mean "lint"?',
    );
  });

  it.each([
    [
      { undefinedVar: plain('x') },
      'variable "undefinedVar" is not defined in build definition "Regression\\nightly"',
    ],
    [{ secretKey: plain('x') }, 'variable "secretKey" is not "Settable at queue time"'],
  ])('refuses variables a classic definition does not allow: %j', async (variables, message) => {
    const { client: azdo } = await client();
    const error = await usageError(resolveTarget(azdo, buildRequest({ variables })));
    expect(error.input).toBe('--variables');
    expect(error.message).toContain(message);
    expect(error.message).toContain('(variables that can be set: suite)');
  });

  it('accepts settable variables in any letter case, and system.debug', async () => {
    const { client: azdo } = await client();
    const variables = { SUITE: plain('full'), 'system.debug': plain('true') };
    expect(await resolveTarget(azdo, buildRequest({ variables }))).toMatchObject({ variables });
  });

  it('a YAML pipeline queued as a build keeps unknown variables for the service to judge', async () => {
    const { client: azdo } = await client();
    const target = await resolveTarget(
      azdo,
      buildRequest({ definition: { id: 3 }, variables: { x: plain('1') } }),
    );
    expect(target).toMatchObject({ definitionId: 3, variables: { x: plain('1') } });
  });
});
