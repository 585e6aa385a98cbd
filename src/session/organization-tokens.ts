/**
 * A flow across organizations signs in to each with its own token, never written in the file
 * (docs/design/flow-file.md): `aztm_pat_<ORG>` or `aztm_token_<ORG>` for the organization (or
 * collection) named ORG, letters and digits kept, everything else turned into `_`, in any letter
 * case. An organization without one uses the command's own `--pat`, `--token` or
 * SYSTEM_ACCESSTOKEN.
 */
import type { CredentialInputs } from '../azdo/auth.ts';
import { organizationVariableSuffix } from '../azdo/organization.ts';
import { UsageError } from '../errors.ts';

interface OrganizationTokens {
  /** The token inputs for the organization named `name`, when the environment gives it some. */
  inputsFor(name: string): CredentialInputs | undefined;
  /** Every token found, for the redactor. */
  readonly secrets: readonly string[];
}

/** The variables that give the organization `name` its own token, for messages. */
export function organizationVariables(name: string): string {
  const suffix = organizationVariableSuffix(name);
  return `aztm_pat_${suffix} or aztm_token_${suffix}`;
}

/**
 * The organization tokens of `env`, trimmed. Two spellings of one variable (`aztm_pat_contoso`,
 * `AZTM_PAT_CONTOSO`) with different tokens are refused: which one is used would depend on the
 * order of the environment.
 * @throws UsageError naming both variables (never their values).
 */
export function readOrganizationTokens(
  env: Readonly<Record<string, string | undefined>>,
): OrganizationTokens {
  const found = new Map<
    string,
    { pat?: string; token?: string; names: { pat?: string; token?: string } }
  >();
  const secrets: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    const match = /^aztm_(pat|token)_(.+)$/i.exec(key);
    const secret = value?.trim();
    if (!match?.[1] || !match[2] || !value || !secret) continue;
    const suffix = match[2].toLowerCase();
    const kind = match[1].toLowerCase() === 'pat' ? 'pat' : 'token';
    const known = found.get(suffix) ?? { names: {} };
    const earlier = known.names[kind];
    if (earlier !== undefined && known[kind] !== secret) {
      throw new UsageError(
        earlier,
        `${earlier} and ${key} disagree (two different values): set only one of them`,
      );
    }
    secrets.push(value);
    found.set(suffix, { ...known, [kind]: secret, names: { ...known.names, [kind]: key } });
  }
  return {
    inputsFor: (name) => found.get(organizationVariableSuffix(name)),
    // As given: the redactor registers the trimmed form too.
    secrets,
  };
}
