/** A created release. Its state at any time is computed from this record and the clock. */
export interface ReleaseRecord {
  readonly id: number;
  readonly projectId: string;
  readonly definitionId: number;
}
