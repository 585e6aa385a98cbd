/**
 * The environment the session (src/session/) reads its connection from inside a task. Only what
 * it needs, not the whole job's: TF_BUILD (tokens obtained later are masked with the agent's
 * logging commands), the sign-in's variables, and the
 * network of the agent's machine: its proxy variables, else the proxy the agent itself was
 * configured with (`AGENT_PROXYURL` and its credentials, as azure-pipelines-task-lib reads them).
 */
import type { TaskConnection } from './connection.ts';
import { variable, type Environment } from './read-inputs.ts';

const NETWORK = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

export function commandEnvironment(
  env: Environment,
  connection: TaskConnection,
  addSecret: (secret: string) => void,
): Record<string, string> {
  const passed: Record<string, string> = { TF_BUILD: 'True', ...connection.env };
  for (const name of NETWORK) {
    const value = variable(env, name);
    if (value !== undefined) passed[name] = value;
  }
  const hasProxy = NETWORK.slice(0, 4).some((name) => passed[name] !== undefined);
  const agentProxy = hasProxy ? undefined : agentProxyUrl(env, addSecret);
  if (agentProxy !== undefined) {
    passed.HTTPS_PROXY = agentProxy;
    passed.HTTP_PROXY = agentProxy;
    const bypass = agentBypassHosts(variable(env, 'AGENT_PROXYBYPASSLIST'));
    if (bypass.length > 0 && passed.NO_PROXY === undefined && passed.no_proxy === undefined) {
      passed.NO_PROXY = bypass.join(',');
    }
  }
  return passed;
}

/** The agent's proxy with its credentials in the URL (the session reads them there, redacted). */
function agentProxyUrl(env: Environment, addSecret: (secret: string) => void): string | undefined {
  const proxy = variable(env, 'AGENT_PROXYURL');
  if (proxy === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    // Passed as it is: the session names the variable and what it expected.
    return proxy;
  }
  const username = variable(env, 'AGENT_PROXYUSERNAME');
  const password =
    variable(env, 'AGENT_PROXYPASSWORD') ?? variable(env, 'SECRET_AGENT_PROXYPASSWORD');
  if (username !== undefined) url.username = encodeURIComponent(username);
  if (password !== undefined) {
    addSecret(password);
    url.password = encodeURIComponent(password);
  }
  return url.href;
}

/**
 * The agent's bypass list holds regular expressions (a JSON array); those that are plain host
 * names (`github\.com`, `^internal\.contoso\.com$`) become NO_PROXY entries, the rest are left
 * out rather than guessed at.
 */
function agentBypassHosts(list: string | undefined): string[] {
  if (list === undefined) return [];
  let entries: unknown;
  try {
    entries = JSON.parse(list);
  } catch {
    return [];
  }
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((entry): entry is string => typeof entry === 'string')
    .map((entry) => entry.replace(/^\^|\$$/g, '').replace(/\\\./g, '.'))
    .filter((host) => /^[A-Za-z0-9.-]+$/.test(host));
}
