/**
 * The Pipelines area (docs/design/azure-devops.md §1): YAML pipelines and their runs. A run is a
 * build with the same id, so following, logs and cancel go through the Build area.
 */
import { listAllPages, projectApi, type CallOptions } from './paging.ts';
import type { Transport } from './transport.ts';
import { pipeline, previewRun, run } from './decode/pipelines.ts';
import type { Pipeline, PreviewRun, Run, RunPipelineParameters } from './types.ts';

export interface PipelinesClient {
  /** Every pipeline of the project, all pages. */
  list(project: string, options?: CallOptions): Promise<Pipeline[]>;
  get(project: string, pipelineId: number, options?: CallOptions): Promise<Pipeline>;
  /**
   * Starts a run. Never retried unless the service certainly did not act (docs/design/style.md rule
   * 5).
   */
  run(
    project: string,
    pipelineId: number,
    parameters: RunPipelineParameters,
    options?: CallOptions,
  ): Promise<Run>;
  /** One run, with what it was queued with (template parameters, variables, branch, commit). */
  getRun(project: string, pipelineId: number, runId: number, options?: CallOptions): Promise<Run>;
  /** `previewRun: true`: the service validates and expands the YAML, and starts nothing. */
  preview(
    project: string,
    pipelineId: number,
    parameters: RunPipelineParameters,
    options?: CallOptions,
  ): Promise<PreviewRun>;
}

export function createPipelinesClient(
  transport: Transport,
  organizationUrl: string,
): PipelinesClient {
  const api = (project: string, path: string): string =>
    projectApi(organizationUrl, project, `pipelines${path}`);
  return {
    list: (project, options = {}) =>
      listAllPages(
        transport,
        { method: 'GET', url: api(project, ''), signal: options.signal },
        pipeline,
      ),
    async get(project, pipelineId, options = {}) {
      const answer = await transport.json(
        { method: 'GET', url: api(project, `/${pipelineId}`), signal: options.signal },
        pipeline,
      );
      return answer.body;
    },
    async run(project, pipelineId, parameters, options = {}) {
      const answer = await transport.json(
        {
          method: 'POST',
          url: api(project, `/${pipelineId}/runs`),
          body: { ...parameters, previewRun: false },
          signal: options.signal,
        },
        run,
      );
      return answer.body;
    },
    async getRun(project, pipelineId, runId, options = {}) {
      const answer = await transport.json(
        {
          method: 'GET',
          url: api(project, `/${pipelineId}/runs/${runId}`),
          signal: options.signal,
        },
        run,
      );
      return answer.body;
    },
    async preview(project, pipelineId, parameters, options = {}) {
      // The Runs endpoint with previewRun (docs/design/azure-devops.md §1.1): the same validation
      // as a real run.
      const answer = await transport.json(
        {
          method: 'POST',
          url: api(project, `/${pipelineId}/runs`),
          body: { ...parameters, previewRun: true },
          signal: options.signal,
        },
        previewRun,
      );
      return answer.body;
    },
  };
}
