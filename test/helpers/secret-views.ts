/**
 * The global secret check's own way of finding a secret in printed text, independent of aztm's
 * list of forms (src/secret-forms.ts): undo what printing can do to a line (escaping, encoding,
 * neutralising logging commands, base64) and look for the secret itself.
 */

/**
 * What to look for: the secret as given and trimmed, each line of a multi-line one, and what
 * printing cannot be undone from (tabs as spaces, control characters dropped or shown as `?`);
 * and, for a long secret, its start (a message that cut it short).
 */
export function needlesOf(secret: string): string[] {
  const lines = secret.split(/\r\n|\r|\n/);
  const values = [secret, ...(lines.length > 1 ? lines : [])].flatMap((value) => [
    value,
    value.trim(),
  ]);
  const needles = values.flatMap((value) => [
    value,
    // eslint-disable-next-line no-control-regex
    value.replace(/\t/g, '  ').replace(/[\u0000-\u001f\u007f]/g, ''),
    // eslint-disable-next-line no-control-regex
    value.replace(/[\u0000-\u001f\u007f]/g, '?'),
    value.replace(/\s+/g, ' '),
  ]);
  const trimmed = secret.trim();
  if (trimmed.length > 24) needles.push(trimmed.slice(0, 24));
  return [...new Set(needles)].filter((needle) => needle.trim().length >= 4);
}

/**
 * A line of output as printed, and undone: logging commands made inert again, JSON unescaped
 * (up to four levels), percent-decoded (and the agent's `%AZP25`), HTML and Markdown unescaped;
 * and every run of base64 in it decoded at each alignment.
 */
export function viewsOf(line: string): string[] {
  const views = new Set<string>([line]);
  let text = line.replace(/\u200b/gi, '').replace(/\\u0023/gi, '#');
  views.add(text);
  for (let level = 0; level < 4 && text.includes('\\'); level++) {
    text = unescapeJson(text);
    views.add(text);
  }
  for (const view of [...views]) {
    views.add(percentDecoded(view));
    views.add(view.replace(/&lt;/g, '<').replace(/\\([\\|])/g, '$1'));
  }
  for (const run of line.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    for (let skip = 0; skip < 4; skip++) {
      const bytes = Buffer.from(run.slice(skip), 'base64');
      views.add(bytes.toString('latin1'));
      views.add(bytes.toString('utf8'));
    }
  }
  return [...views];
}

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function unescapeJson(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_match, escaped: string) =>
    escaped.length === 5
      ? String.fromCharCode(parseInt(escaped.slice(1), 16))
      : (JSON_ESCAPES[escaped] ?? escaped),
  );
}

function percentDecoded(text: string): string {
  return text
    .replace(/%AZP25/g, '%')
    .replace(/\+/g, ' ')
    .replace(/(%[0-9A-Fa-f]{2})+/g, (encoded) => {
      try {
        return decodeURIComponent(encoded);
      } catch {
        return encoded;
      }
    });
}
