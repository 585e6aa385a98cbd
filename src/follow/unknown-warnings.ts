import type { Handle } from '../target.ts';
import type { UnknownValue } from './known-values.ts';
import { followedNoun } from './lost-access.ts';

/**
 * One warning per enum value aztm does not know (known-values.ts), however many fields and polls
 * carry it: the first time a value shows up, it is named with the fields it was seen in. The
 * run is then followed as not finished yet; aztm never reads a success or a failure into it.
 */
export class UnknownValueWarnings {
  readonly #handle: Handle;
  readonly #warn: (message: string) => void;
  readonly #warned = new Set<string>();

  constructor(handle: Handle, warn: (message: string) => void) {
    this.#handle = handle;
    this.#warn = warn;
  }

  warn(values: readonly UnknownValue[]): void {
    const fields = new Map<string, Set<string>>();
    for (const { field, value } of values) {
      if (this.#warned.has(value)) continue;
      const seen = fields.get(value) ?? new Set<string>();
      seen.add(field);
      fields.set(value, seen);
    }
    for (const [value, seen] of fields) {
      this.#warned.add(value);
      this.#warn(
        `Azure DevOps answered with a value aztm does not know, "${value}" (${[...seen].join(', ')}); aztm counts ${followedNoun(this.#handle)} as not finished yet and keeps following`,
      );
    }
  }
}
