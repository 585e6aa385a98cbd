import { callerOf, type Caller } from './approvals.ts';
import type { AzureDevOpsClient } from '../azdo/client.ts';

/** The client's area that knows who is signed in. */
type LocationArea = Pick<AzureDevOpsClient, 'location'>;

/**
 * Who aztm is signed in as, asked once (`getConnectionData`, docs/design/azure-devops.md §8.3) and
 * only when an approval needs it. A failed lookup is tried again next time; meanwhile no approval
 * is counted as the caller's.
 */
export class CallerLookup {
  readonly #location: LocationArea['location'];
  #caller: Caller | null | undefined;

  constructor(client: LocationArea) {
    this.#location = client.location;
  }

  /** The caller if known: `null` when the service named nobody, `undefined` when not asked yet. */
  get known(): Caller | null | undefined {
    return this.#caller;
  }

  async resolve(): Promise<Caller | null> {
    if (this.#caller !== undefined) return this.#caller;
    try {
      this.#caller = callerOf(await this.#location.getConnectionData());
      return this.#caller;
    } catch {
      return null;
    }
  }
}
