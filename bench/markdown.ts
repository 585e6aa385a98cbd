/** How every section of BENCHMARKS.md writes its figures: a table with the target and a mark. */

export interface Row {
  readonly figure: string;
  readonly value: string;
  readonly target?: string;
  /** `undefined`: a figure without a target (shown for context, never marked). */
  readonly ok?: boolean;
}

export function mark(ok: boolean | undefined): string {
  if (ok === undefined) return '';
  return ok ? 'pass' : 'falls short';
}

export function table(rows: readonly Row[]): string {
  return [
    '| figure | value | target | mark |',
    '|---|---|---|---|',
    ...rows.map(
      (row) => `| ${row.figure} | ${row.value} | ${row.target ?? ''} | ${mark(row.ok)} |`,
    ),
  ].join('\n');
}

/** A section: its title, what was measured and how (paragraphs), the table, then notes. */
export function section(
  title: string,
  how: readonly string[],
  rows: readonly Row[],
  notes: readonly string[] = [],
): string {
  const after = notes.length > 0 ? [notes.join('\n'), ''] : [];
  return [`## ${title}`, '', ...how.flatMap((p) => [p, '']), table(rows), '', ...after].join('\n');
}

export function seconds(ms: number, digits = 2): string {
  return `${(ms / 1000).toFixed(digits)} s`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** Progress on stderr, so that a person (or a CI log) sees the benchmark is alive. */
export function progress(message: string): void {
  console.error(`bench: ${message}`);
}
