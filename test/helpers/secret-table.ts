/**
 * Secrets that are hard to redact, for the secret-forms tables (test/report/secret-forms.test.ts,
 * test/faults/secret-forms.test.ts), and the check that output reveals none of them. Each secret
 * holds MARK, which no printing step changes (letters and digits), so output reveals a secret
 * when MARK can be read in it: as it is, URL-decoded, or base64-decoded at any alignment.
 */

export const MARK = 'K7q9Zt';

export interface RevealingSecret {
  readonly name: string;
  readonly secret: string;
}

function entry(name: string, secret: string): RevealingSecret {
  return { name, secret };
}

export const REVEALING: readonly RevealingSecret[] = [
  entry('a plain 52-character PAT', `${MARK}${'p'.repeat(46)}`),
  entry('a token with a trailing space', `${MARK}-trailing-space `),
  entry('a token with a trailing tab', `${MARK}-trailing-tab\t`),
  entry('a token from a CRLF file (trailing CR)', `${MARK}-crlf-file\r`),
  entry('a token with a trailing CRLF', `${MARK}-crlf-line\r\n`),
  entry('a secret with a double quote', `pa"${MARK}"ss`),
  entry('a secret with a backslash', `C:\\${MARK}\\key`),
  entry('a secret with ##[ inside', `x##[error]${MARK}`),
  entry('a secret starting with #[', `#[${MARK}-start`),
  entry('a secret ending in ##vso[', `${MARK}-end##vso[`),
  entry('a secret ending in ##v', `${MARK}-end##v`),
  entry('a secret with a tab inside', `tab\t${MARK}\tinside`),
  entry('a secret with %, ; and ]', `100%;${MARK}]x`),
  entry('a secret with |, < and a space', `a| ${MARK} <b`),
  entry('a secret with non-ASCII letters', `pä${MARK}wörd`),
  entry('a multi-line secret', `line-one-${MARK}\nline-two-${MARK}`),
  entry(
    'a 130-character token (cut short in messages)',
    `${'j'.repeat(40)}${MARK}${'k'.repeat(84)}`,
  ),
];

/** Whether `output` still shows MARK: as it is, URL-decoded, or in base64. */
export function revealed(output: string): boolean {
  if (output.includes(MARK)) return true;
  try {
    if (decodeURIComponent(output.replace(/\+/g, ' ')).includes(MARK)) return true;
  } catch {
    // Not URL-encoded text.
  }
  for (const run of output.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    for (let skip = 0; skip < 4; skip++) {
      if (Buffer.from(run.slice(skip), 'base64').toString('latin1').includes(MARK)) return true;
    }
  }
  return false;
}
