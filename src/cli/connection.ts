import type { CredentialInputs } from '../azdo/auth.ts';
import { createRequestBudget, type RequestBudget } from '../azdo/request-budget.ts';
import { readCount } from '../inputs/values.ts';
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

/** The process's one request budget, from `--max-rps` / `aztm_max_rps` (default 10 a second). */
export function readRequestBudget(context: Pick<CommandContext, 'values'>): RequestBudget {
  const given = text(context.values, 'max-rps');
  return createRequestBudget(
    given === undefined ? {} : { maxPerSecond: readCount(given, '--max-rps', 1) },
  );
}
