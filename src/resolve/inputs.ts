/**
 * The names resolution errors give the inputs. The command line's option names by default; a
 * flow file or the task passes its own, so each error points at what the user actually wrote.
 */
import type { AzureDevOpsClient } from '../azdo/client.ts';

export interface InputNames {
  readonly pipeline: string;
  readonly pipelineId: string;
  readonly definition: string;
  readonly definitionId: string;
  readonly variables: string;
  readonly stages: string;
  readonly artifacts: string;
}

const CLI_INPUT_NAMES: InputNames = {
  pipeline: '--pipeline',
  pipelineId: '--pipeline-id',
  definition: '--definition',
  definitionId: '--definition-id',
  variables: '--variables',
  stages: '--stages',
  artifacts: '--artifacts',
};

export interface ResolveOptions {
  /** Input names for messages; the command line's by default. */
  readonly inputNames?: Partial<InputNames>;
  readonly signal?: AbortSignal;
}

/** What resolution needs of the client: reads only. */
export type ResolveClient = Pick<AzureDevOpsClient, 'pipelines' | 'builds' | 'releases'>;

export interface ResolveContext {
  readonly client: ResolveClient;
  readonly inputs: InputNames;
  readonly call: { readonly signal?: AbortSignal | undefined };
}

export function resolveContext(client: ResolveClient, options: ResolveOptions): ResolveContext {
  return {
    client,
    inputs: { ...CLI_INPUT_NAMES, ...options.inputNames },
    call: { signal: options.signal },
  };
}

/**
 * `main` → `refs/heads/main`; a full `refs/...` is kept (docs/design/cli-contract.md, `--branch`).
 */
export function fullRef(branch: string): string {
  const trimmed = branch.trim();
  return trimmed.startsWith('refs/') ? trimmed : `refs/heads/${trimmed.replace(/^\/+/, '')}`;
}
