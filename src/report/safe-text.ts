/**
 * Making text aztm did not write (a followed run's log lines, issue messages, stage names) safe to
 * print. It may hold terminal control sequences: colours are harmless, cursor movement would wreck
 * the live view, a newline would break the one-line-per-change layout. And inside Azure
 * Pipelines it may hold logging commands meant for the run it came from, not for ours.
 */

/**
 * A zero-width space. The agent looks for `##vso[` anywhere in a line with a plain substring
 * search (§10.1), so `##\u200Bvso[` is not a command, yet reads the same in the log.
 */
const ZERO_WIDTH_SPACE = '\u200B';

/** `##vso[` (a command) and `##[` (formatting: group, error...), in any letter case. */
const COMMAND_START = /##(vso)?\[/gi;

/**
 * Makes text from elsewhere inert: a child run's `##vso[task.complete result=Succeeded]` echoed in
 * a log tail must not complete the parent's task, and its `##[endgroup]` must not close our group.
 * A zero-width space goes after `##`; the text still reads the same.
 */
export function neutralise(text: string): string {
  return text.replace(COMMAND_START, (match) => `##${ZERO_WIDTH_SPACE}${match.slice(2)}`);
}

/**
 * The same for JSON text: `#` written as the escape `\u0023` keeps the agent from seeing a command
 * while the parsed value stays exactly what it was. Only valid because `#` only occurs inside
 * JSON strings.
 */
export function neutraliseJson(json: string): string {
  return json.replace(COMMAND_START, (match) => `\\u0023${match.slice(1)}`);
}

const ESC = 0x1b;
const CSI_START = 0x5b; // `[`
const OSC_START = 0x5d; // `]`
const BEL = 0x07;

/** `text` without control characters or escape sequences; newlines become spaces, tabs two. */
export function printable(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === ESC) {
      index = skipEscape(text, index);
      continue;
    }
    if (code === 0x09) result += '  ';
    else if (code === 0x0a) result += ' ';
    else if (code >= 0x20 && code !== 0x7f) result += text[index];
    index += 1;
  }
  return result;
}

/** A line fit for any output: printable, and not a logging command (see `neutralise`). */
export function safeLine(text: string): string {
  return neutralise(printable(text));
}

/** Text from elsewhere made safe for one Markdown table cell: one line, no `|`, no HTML. */
export function markdownCell(text: string): string {
  return printable(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** A value quoted in a message: every control character shown as `?`, so nothing is hidden. */
export function controlsShown(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '?');
}

/** The index after the escape sequence starting at `start` (CSI, OSC, or ESC + one char). */
function skipEscape(text: string, start: number): number {
  const kind = text.charCodeAt(start + 1);
  let index = start + 2;
  if (kind === CSI_START) {
    // Parameters and intermediates, up to a final byte in @..~.
    while (index < text.length) {
      const code = text.charCodeAt(index);
      index += 1;
      if (code >= 0x40 && code <= 0x7e) break;
    }
  } else if (kind === OSC_START) {
    // Up to BEL or ESC \ (string terminator).
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === BEL) return index + 1;
      if (code === ESC) return index + 2;
      index += 1;
    }
  }
  return Math.min(index, text.length);
}
