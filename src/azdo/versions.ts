/**
 * Which api-version a call carries: the one asked for, lowered to the newest an older server
 * names (Azure DevOps Server, docs/design/azure-devops.md §0.1, §9), with `-preview` once the
 * server asked for it.
 */
import type { RawAnswer } from './answers.ts';

/** This call's api-version under the server's ceiling, with `-preview` once the server asked for it. */
export function requestVersion(asked: string, ceiling: string | null, preview: boolean): string {
  const version = clampVersion(asked, ceiling);
  return preview && !/-preview/i.test(version) ? `${version}-preview` : version;
}

/** The version named in a "version out of range" refusal, when lower than what was asked. */
export function versionCeiling(answer: RawAnswer): string | null {
  if (answer.status !== 400) return null;
  const match =
    /out of range for this server\. The latest REST API version this server supports is (\d+\.\d+)/.exec(
      answer.text,
    );
  return match?.[1] ?? null;
}

/** `7.1-preview.1` under a ceiling of `7.0` becomes `7.0-preview.1`; lower versions stay. */
export function clampVersion(version: string, ceiling: string | null): string {
  if (ceiling === null) return version;
  const match = /^(\d+)\.(\d+)(.*)$/.exec(version);
  const limit = /^(\d+)\.(\d+)$/.exec(ceiling);
  if (!match || !limit) return version;
  const asked = Number(match[1]) * 1000 + Number(match[2]);
  const allowed = Number(limit[1]) * 1000 + Number(limit[2]);
  return asked > allowed ? `${ceiling}${match[3] ?? ''}` : version;
}

/** The REST area of a URL (`pipelines` in `.../_apis/pipelines/42/runs`), lower case. */
export function apiArea(url: string): string {
  return /\/_apis\/([^/?]+)/i.exec(url)?.[1]?.toLowerCase() ?? '';
}
