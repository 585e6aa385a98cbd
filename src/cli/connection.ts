import type { CredentialInputs } from '../azdo/auth.ts';
import type { CommandContext } from './commands.ts';
import { text } from './requests.ts';

/**
 * The token inputs every command that talks to Azure DevOps reads (cli-contract.md, "common"):
 * `--pat`, `--token` and the SYSTEM_ACCESSTOKEN fallback, plus the ones given, so the caller can
 * register them with its redactor before anything could print them.
 */
export function readTokenInputs(context: Pick<CommandContext, 'values' | 'env'>): {
  readonly inputs: CredentialInputs;
  readonly secrets: readonly string[];
} {
  const pat = text(context.values, 'pat');
  const token = text(context.values, 'token');
  const systemAccessToken = context.env.SYSTEM_ACCESSTOKEN;
  return {
    inputs: {
      ...(pat ? { pat } : {}),
      ...(token ? { token } : {}),
      ...(systemAccessToken ? { systemAccessToken } : {}),
    },
    secrets: [pat, token, systemAccessToken].filter((secret): secret is string => !!secret),
  };
}
