import { fail, type YamlPath, type YamlSource } from '../yaml/source.ts';

/**
 * Key names that would put a credential in the file (docs/design/flow-file.md: secrets never live
 * there).
 */
const SECRET_KEYS = new Set(['pat', 'token']);

/**
 * Refuses a `pat` or `token` key anywhere in the file, before the schema check would call it
 * merely unknown: the message says where tokens come from instead. The value is never shown.
 */
export function refuseSecretKeys(source: YamlSource): void {
  const visit = (node: unknown, path: YamlPath): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (SECRET_KEYS.has(key.toLowerCase())) {
        fail(
          source,
          [...path, key],
          `"${key}": tokens never live in a flow file; give them with --pat or --token, or the aztm_pat, aztm_token or SYSTEM_ACCESSTOKEN environment variables`,
          'key',
        );
      }
      visit(value, [...path, key]);
    }
  };
  visit(source.data, []);
}
