/**
 * `--organization` in every form docs/design/cli-contract.md accepts, turned into the collection
 * base URL and, when the URL alone tells, the release host (docs/design/azure-devops.md §4, §8.1,
 * §9).
 */
import { UsageError } from '../errors.ts';

type OrganizationKind =
  /** `https://dev.azure.com/ORG` (or a bare `ORG`). */
  | 'services'
  /** `https://ORG.visualstudio.com`, the legacy Services host. */
  | 'legacy'
  /** An Azure DevOps Server collection, or anything else (the loopback simulator). */
  | 'server';

export interface OrganizationUrl {
  /** The collection base URL, without a trailing slash: what `{org}` stands for in the API. */
  readonly url: string;
  readonly kind: OrganizationKind;
  /** The organization or collection name (the URL's last segment or sub-domain). */
  readonly name: string;
  /** The release host's base URL when the URL tells it; `null`: ask `_apis/ResourceAreas`. */
  readonly releaseUrl: string | null;
}

const OPTION = '--organization';
const FORMS =
  'expected https://dev.azure.com/ORG, https://ORG.visualstudio.com, an Azure DevOps Server collection URL such as https://server/tfs/DefaultCollection, or a bare organization name';
/** Organization names: letters, digits and hyphens, not starting or ending with a hyphen. */
const ORG_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;

/**
 * `fabrikam-eu` → `fabrikam_eu`: what follows `aztm_pat_` or `aztm_token_` in the variable that
 * gives the organization (or collection) named `name` its own token.
 */
export function organizationVariableSuffix(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_').toLowerCase();
}

/**
 * Parses `--organization`.
 * @throws UsageError naming `--organization` and the accepted forms.
 */
export function parseOrganizationUrl(input: string): OrganizationUrl {
  const value = input.trim();
  if (value === '') throw invalid('the organization is empty');
  if (ORG_NAME.test(value)) return services(value);
  // The value is not echoed until it is known to be a URL: a token given here by mistake must
  // not end up in a message.
  if (!/^https?:\/\//i.test(value))
    throw invalid('the value is neither a URL nor an organization name');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('the value is not a valid URL');
  }
  // Never echo the value here: it may hold a password.
  if (url.username || url.password) {
    throw invalid('the URL must not contain a user name or password: give the token with --pat');
  }
  if (url.search || url.hash) throw invalid(`"${value}" must not have a query or fragment`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw invalid(
      `plain http:// is accepted for loopback addresses only; use https:// for ${url.host}`,
    );
  }
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  const host = url.hostname.toLowerCase();
  if (host === 'vsrm.dev.azure.com' || host.endsWith('.vsrm.visualstudio.com')) {
    throw invalid(`${host} is the release host; give the organization URL instead`);
  }
  if (host === 'dev.azure.com') return devAzureCom(value, segments);
  const legacy = /^([a-z0-9][a-z0-9-]*)\.visualstudio\.com$/.exec(host);
  if (legacy?.[1]) return visualStudioCom(legacy[1], segments);
  return collection(url, segments);
}

function services(org: string): OrganizationUrl {
  return {
    url: `https://dev.azure.com/${org}`,
    kind: 'services',
    name: org,
    releaseUrl: `https://vsrm.dev.azure.com/${org}`,
  };
}

function devAzureCom(value: string, segments: readonly string[]): OrganizationUrl {
  const [org, project] = segments;
  if (!org || !ORG_NAME.test(org)) throw invalid(`"${value}" names no organization`);
  if (project !== undefined) {
    throw invalid(
      `"${value}" is a project URL: give --organization https://dev.azure.com/${org} and --project ${decodeURIComponent(project)}`,
    );
  }
  return services(org);
}

function visualStudioCom(org: string, segments: readonly string[]): OrganizationUrl {
  // Old links carry the collection; the service answers the same without it.
  const rest = segments[0]?.toLowerCase() === 'defaultcollection' ? segments.slice(1) : segments;
  if (rest[0] !== undefined) {
    throw invalid(
      `https://${org}.visualstudio.com/${rest.join('/')} is a project URL: give --organization https://${org}.visualstudio.com and --project ${decodeURIComponent(rest[0])}`,
    );
  }
  return {
    url: `https://${org}.visualstudio.com`,
    kind: 'legacy',
    name: org,
    releaseUrl: `https://${org}.vsrm.visualstudio.com`,
  };
}

/** A Server collection: the path must name it (`/tfs/Collection`, `/DefaultCollection`). */
function collection(url: URL, segments: readonly string[]): OrganizationUrl {
  const name = segments.at(-1);
  if (name === undefined || (segments.length === 1 && name.toLowerCase() === 'tfs')) {
    throw invalid(
      `${url.origin} names no collection: give the collection URL, such as ${url.origin}/tfs/DefaultCollection`,
    );
  }
  return {
    url: `${url.origin}/${segments.join('/')}`,
    kind: 'server',
    name: decodeURIComponent(name),
    releaseUrl: null,
  };
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http:// may go to. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function invalid(problem: string): UsageError {
  return new UsageError(OPTION, `${OPTION}: ${problem} (${FORMS})`);
}
