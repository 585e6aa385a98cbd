/**
 * How `flow` reaches every organization its steps name: one client per organization, each signed
 * in with that organization's own token when the environment has one (organization-tokens.ts),
 * else with the command's own sign-in; all share one network setup and one request budget.
 */
import { UnsendableTokenError, type Credential } from '../azdo/auth.ts';
import { createAzureDevOpsClient, type AzureDevOpsClient } from '../azdo/client.ts';
import { parseOrganizationUrl } from '../azdo/organization.ts';
import type { RequestBudget } from '../azdo/request-budget.ts';
import { UsageError } from '../errors.ts';
import { InputFileError } from '../inputs/file.ts';
import type { FlowStep } from '../flow/model.ts';
import type { Redactor } from '../redact.ts';
import type { SessionContext } from './context.ts';
import {
  credentialFromTokenInputs,
  readNetworkFetch,
  readRequestBudget,
  readTokenInputs,
} from './connection.ts';
import { organizationVariables, readOrganizationTokens } from './organization-tokens.ts';
import { text } from '../inputs/requests.ts';
import { openTrace } from './trace-option.ts';

export interface StepConnection {
  readonly clientFor: (step: FlowStep) => AzureDevOpsClient;
  readonly redactor: Redactor;
  /** The organization name a step runs in, for messages about its sign-in. */
  readonly organizationOf: (step: FlowStep) => string | undefined;
  /** The steps' one request budget: expedited once the flow is stopping. */
  readonly budget: RequestBudget;
}

/**
 * A step's organization (its own, else the flow's) wins over --organization. One client per
 * organization, each signed in with that organization's own token when the environment has one
 * (src/session/organization-tokens.ts), else with the command's; all share one request budget.
 */
export function connectSteps(context: SessionContext): StepConnection {
  const tokens = readTokenInputs(context);
  const ownTokens = readOrganizationTokens(context.env);
  const { redactor } = context;
  for (const secret of [...tokens.secrets, ...ownTokens.secrets]) redactor.add(secret);
  const budget = readRequestBudget(context);
  const fetch = readNetworkFetch(context, redactor);
  const onExchange = openTrace(context, redactor);
  const fallback = text(context.values, 'organization')?.trim();
  const clients = new Map<string, AzureDevOpsClient>();
  let commandCredential: Credential | undefined;
  const organizationUrlOf = (step: FlowStep): string => {
    const organizationUrl = step.organization ?? fallback;
    if (!organizationUrl) {
      throw new UsageError(
        '--organization',
        'no organization: set "organization" in the flow file, give --organization or set aztm_organization',
      );
    }
    return organizationUrl;
  };
  const credentialFor = (name: string): Credential => {
    const own = ownTokens.inputsFor(name);
    if (own) return credentialFromTokenInputs(context, own, redactor);
    try {
      commandCredential ??= credentialFromTokenInputs(context, tokens.inputs, redactor);
    } catch (error) {
      // A token or file that is there but unusable is that problem, not a missing token.
      if (
        !(error instanceof UsageError) ||
        error instanceof UnsendableTokenError ||
        error instanceof InputFileError
      ) {
        throw error;
      }
      throw new UsageError(
        '--pat',
        `no token for organization "${name}": set ${organizationVariables(name)}, or give --pat or --token for every organization`,
        { cause: error },
      );
    }
    return commandCredential;
  };
  const clientFor = (step: FlowStep): AzureDevOpsClient => {
    const organizationUrl = organizationUrlOf(step);
    const known = clients.get(organizationUrl);
    if (known) return known;
    const organization = parseOrganizationUrl(organizationUrl);
    const credential = credentialFor(organization.name);
    const client = createAzureDevOpsClient({
      organizationUrl: organization,
      credential,
      budget,
      ...(fetch ? { fetch } : {}),
      ...(onExchange ? { onExchange } : {}),
    });
    clients.set(organizationUrl, client);
    return client;
  };
  const organizationOf = (step: FlowStep): string | undefined => {
    const organizationUrl = step.organization ?? fallback;
    return organizationUrl === undefined
      ? undefined
      : clients.get(organizationUrl)?.organization.name;
  };
  return { clientFor, redactor, organizationOf, budget };
}
