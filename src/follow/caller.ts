import { callerOf, type Caller } from './approvals.ts';
import type { FollowSource } from './source.ts';

/**
 * Who aztm is signed in as, asked once (`getConnectionData`, docs/design/azure-devops.md §8.3) and
 * only when an approval needs it. A failed lookup is tried again next time; meanwhile no approval
 * is counted as the caller's.
 */
export class CallerLookup {
  readonly #source: FollowSource;
  #caller: Caller | null | undefined;

  constructor(source: FollowSource) {
    this.#source = source;
  }

  /** The caller if known: `null` when the service named nobody, `undefined` when not asked yet. */
  get known(): Caller | null | undefined {
    return this.#caller;
  }

  async resolve(): Promise<Caller | null> {
    if (this.#caller !== undefined) return this.#caller;
    try {
      this.#caller = callerOf(await this.#source.getConnectionData());
      return this.#caller;
    } catch {
      return null;
    }
  }
}
