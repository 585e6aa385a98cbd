/**
 * Every secret the command line and the environment hold, found before any option is read or
 * checked, so that even a usage error about another option (a token pasted into `--timeout`)
 * is printed redacted (docs/design/cli-contract.md, "Secrets"). Reads the raw values: a token with
 * a trailing newline is registered as given and trimmed (src/redact.ts).
 */
import { exceedsNesting, isPlainObject } from '../inputs/json.ts';
import { INPUTS } from '../inputs/table.ts';

type Environment = Readonly<Record<string, string | undefined>>;

/** Options whose value is a token, and those whose JSON may hold secret values (the table's). */
const TOKEN_FLAGS = INPUTS.filter((input) => input.secret && !input.json).map(
  (input) => `--${input.flag}`,
);
const SECRET_JSON = INPUTS.filter((input) => input.secret && input.json);
const SECRET_JSON_FLAGS = SECRET_JSON.map((input) => `--${input.flag}`);
const SECRET_JSON_VARIABLES = new Set(
  SECRET_JSON.flatMap((input) => input.env.map((name) => name.toLowerCase())),
);

/** Variables (in any letter case) that hold a token or a password aztm may read. */
const SECRET_VARIABLES = [
  /^aztm_(pat|token)(_.+)?$/i,
  /^system_accesstoken$/i,
  // The Azure DevOps CLI's token: not read by aztm, but often beside its own in a pipeline.
  /^azure_devops_ext_pat$/i,
  /^azure_client_secret$/i,
  /^azure_client_certificate_password$/i,
  /^identity_header$/i,
];

const PROXY_VARIABLES = /^https?_proxy$/i;

/** The secrets of `args` (a command's arguments) and `env`: tokens first, then secret values. */
export function inputSecrets(args: readonly string[], env: Environment): string[] {
  const tokens: string[] = [];
  const variables: string[] = [];
  args.forEach((arg, index) => {
    const [flag = '', inline] = arg.startsWith('--') ? splitInline(arg) : [arg];
    const next = args[index + 1];
    // `--pat --json`: no value (parseArgs says so), not a token named `--json`.
    const value = inline ?? (next?.startsWith('--') ? undefined : next);
    if (value === undefined) return;
    if (TOKEN_FLAGS.includes(flag)) tokens.push(value);
    if (SECRET_JSON_FLAGS.includes(flag)) variables.push(value);
  });
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_VARIABLES.some((pattern) => pattern.test(name))) tokens.push(value);
    else if (SECRET_JSON_VARIABLES.has(name.toLowerCase())) variables.push(value);
    else if (PROXY_VARIABLES.test(name)) tokens.push(...proxyPasswords(value));
  }
  return [...new Set([...tokens, ...variables.flatMap(secretVariableValues)])].filter(
    (secret) => secret !== '',
  );
}

/**
 * The values marked secret in a `--variables` JSON text (`{"name": {"value": "v", "isSecret":
 * true}}`); none when the text is not such JSON (its reader then never shows it: inputs/json.ts).
 */
export function secretVariableValues(text: string): string[] {
  if (exceedsNesting(text)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isPlainObject(parsed)) return [];
  return Object.values(parsed).flatMap((variable) => {
    if (!isPlainObject(variable) || variable.isSecret !== true) return [];
    const { value } = variable;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? [String(value)]
      : [];
  });
}

function splitInline(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals < 0 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

/** The password of a proxy URL, as written and decoded. */
function proxyPasswords(value: string): string[] {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `http://${value}`);
  } catch {
    return [];
  }
  if (!url.password) return [];
  try {
    return [url.password, decodeURIComponent(url.password)];
  } catch {
    return [url.password];
  }
}
