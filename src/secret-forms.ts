/**
 * Every form a secret can take on its way out of aztm (docs/design/cli-contract.md, "Secrets"):
 * what the Redactor looks for. Output is redacted last, after the reporters have made text
 * printable, inert for the agent, escaped for JSON or a logging command, or cut short; a secret is
 * found in whatever form those steps leave it. README "Secrets" lists the forms.
 */
import { escapeCommandValue } from './report/logging-commands.ts';
import {
  controlsShown,
  markdownCell,
  neutralise,
  neutraliseJson,
  printable,
} from './report/safe-text.ts';

/**
 * How often JSON text can have been escaped around a secret: a secret variable in the Build
 * API's `parameters` (a JSON string, docs/design/azure-devops.md §2.1) is escaped twice in the
 * request body, a service error quoting that string three times in its answer; one more level for
 * margin.
 */
const JSON_LEVELS = 4;

/**
 * What may follow a secret that ends inside `##vso[` or `##[`: `neutralise` puts its mark after
 * the `##`, which is then inside the secret (`neutraliseJson` changes the first `#`).
 */
const COMMAND_ENDS = ['[', 'o[', 'so[', 'vso['];
const JSON_COMMAND_ENDS = [...COMMAND_ENDS, '#[', '#vso['];

/** Every form of `secret` to redact (the empty string never among them). */
export function secretForms(secret: string): Set<string> {
  const forms = new Set<string>();
  for (const value of givenValues(secret)) {
    const ofValue = [
      ...textForms(value),
      ...urlForms(value),
      ...base64Forms(value),
      ...headerMessageForms(value),
    ];
    for (const form of ofValue) {
      if (form !== '') forms.add(form);
    }
  }
  return forms;
}

/**
 * The secret as given and trimmed (a token read from a CRLF file is sent trimmed) and, for a
 * multi-line secret, each of its lines, since output is redacted line by line.
 */
function givenValues(secret: string): string[] {
  const lines = secret.split(/\r\n|\r|\n/);
  const values = lines.length > 1 ? [secret, ...lines] : [secret];
  return unique(values.flatMap((value) => [value, value.trim()]));
}

/**
 * What printing does to text: control characters dropped or shown as `?` (`printable`, a quoted
 * value in a message), white space collapsed (a preview), JSON escaping, logging commands made inert (`neutralise`), a logging
 * command's value escaped, a Markdown table cell.
 */
function textForms(value: string): string[] {
  // A preview of JSON text shows each run of white space as one space (inputs/json.ts).
  const shown = unique([
    value,
    printable(value),
    controlsShown(value),
    value.trim().replace(/\s+/g, ' '),
  ]);
  const json = jsonForms(value);
  return unique([
    ...[...shown, ...json].flatMap((text) => [text, ...neutralisedForms(text)]),
    ...json.flatMap(neutralisedJsonForms),
    ...[printable(value), ...neutralisedForms(printable(value))].flatMap((text) => [
      escapeCommandValue(text),
      escapeCommandValue(text, false),
    ]),
    markdownCell(value),
  ]);
}

/**
 * The secret inside JSON strings, escaped as JSON.stringify does and as .NET serializers may
 * (non-ASCII as `\u00e9`; System.Text.Json also `"`, `'`, `<`, `>`, `&`, `+` and `` ` `` as
 * `\u0022`...), then escaped again for each level of JSON text inside JSON.
 */
function jsonForms(value: string): string[] {
  let level = unique([jsonEscaped(value), asciiJsonEscaped(value), webJsonEscaped(value)]);
  const forms = [...level];
  for (let depth = 2; depth <= JSON_LEVELS; depth++) {
    level = unique(level.map(jsonEscaped));
    forms.push(...level);
  }
  return unique(forms);
}

function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function asciiJsonEscaped(text: string): string {
  return jsonEscaped(text).replace(/[^\x20-\x7e]/g, (char) => unicodeEscape(char, false));
}

function webJsonEscaped(text: string): string {
  return jsonEscaped(text)
    .replace(/\\"/g, '\\u0022')
    .replace(/[^\x20-\x7e]|['<>&+`]/g, (char) => unicodeEscape(char, true));
}

function unicodeEscape(char: string, upper: boolean): string {
  const hex = (char.codePointAt(0) ?? 0).toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
}

/**
 * `neutralise` of text holding `##[` or `##vso[`, also where the command starts just before
 * the secret (`#` + a secret starting `#[`) or ends just after it (a secret ending `##vs`).
 */
function neutralisedForms(text: string): string[] {
  if (!text.includes('#')) return [];
  return unique([
    neutralise(text),
    neutralise(`#${text}`).slice(1),
    ...COMMAND_ENDS.map((end) => neutralise(text + end).slice(0, -end.length)),
  ]);
}

/** `neutraliseJson` likewise; a `#` before the secret is the one it changes, not the secret. */
function neutralisedJsonForms(json: string): string[] {
  if (!json.includes('#')) return [];
  return unique([
    neutraliseJson(json),
    ...JSON_COMMAND_ENDS.map((end) => neutraliseJson(json + end).slice(0, -end.length)),
  ]);
}

/**
 * The secret in a URL: percent-encoded as a query value (`%20` or `+` for a space), as the URL
 * parser leaves it in a path, a query or a password (without tabs and line breaks), with upper-
 * or lower-case hex digits.
 */
function urlForms(value: string): string[] {
  const forms: string[] = [];
  // The URL parser drops tabs and line breaks.
  const values = unique([value, value.replace(/[\t\n\r]/g, '')]);
  const encode = (encoder: (text: string) => string): void => {
    for (const text of values) {
      try {
        forms.push(encoder(text));
      } catch {
        // A lone surrogate has no URL form: it cannot be sent in one either.
      }
    }
  };
  encode(encodeURIComponent);
  encode((text) => encodeURIComponent(text).replaceAll('%20', '+'));
  encode(encodeURI);
  encode((text) => new URLSearchParams({ v: text }).toString().slice(2));
  const url = new URL('http://host/');
  encode((text) => {
    url.pathname = `/${text}`;
    return url.pathname.slice(1);
  });
  encode((text) => {
    url.search = `?${text}`;
    return url.search.slice(1);
  });
  encode((text) => {
    url.password = text;
    return url.password;
  });
  const lowerHex = forms.map((form) => form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  return unique([...forms, ...lowerHex]);
}

/**
 * A service message quoting the secret as JSON, in the form-encoded `x-tfs-serviceerror` header
 * (docs/design/azure-devops.md §13): the escaped text, percent-encoded with `+` for a space.
 */
function headerMessageForms(value: string): string[] {
  const once = jsonEscaped(value);
  return unique(
    [once, jsonEscaped(once)].flatMap((text) => {
      try {
        const encoded = encodeURIComponent(text);
        return [encoded, encoded.replaceAll('%20', '+')];
      } catch {
        return [];
      }
    }),
  );
}

/**
 * The secret in base64: HTTP Basic credentials (`base64(":" + pat)`,
 * docs/design/azure-devops.md §7) and the secret alone, without padding; and, for `base64("user:" +
 * token)` whatever the user name, the characters that depend on the secret alone at each of the
 * three alignments. Each also in base64url.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const exact = [Buffer.from(`:${value}`, 'utf8'), bytes].map((data) =>
    data.toString('base64').replace(/=+$/, ''),
  );
  const aligned = [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const total = offset + bytes.length;
    // The last character of an incomplete group also holds bits of whatever comes next.
    const end = Math.floor(total / 3) * 4 + (total % 3);
    // The first characters also hold bits of the bytes before the secret.
    const start = [0, 2, 3][offset] ?? 0;
    return encoded.slice(start, end);
  });
  const forms = [...exact, ...aligned];
  return unique([...forms, ...forms.map((form) => form.replace(/\+/g, '-').replace(/\//g, '_'))]);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
