import { createHash } from 'node:crypto';

/**
 * A GUID derived from the scenario's seed and a label, so that the same scenario always yields the
 * same project, plan, record and approval ids: tests and request logs stay reproducible.
 */
export function seededGuid(seed: number, label: string): string {
  const hex = createHash('sha1').update(`${seed}:${label}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A 40-hex-digit commit id derived from the seed and a label. */
export function seededCommit(seed: number, label: string): string {
  return createHash('sha1').update(`commit:${seed}:${label}`).digest('hex');
}
