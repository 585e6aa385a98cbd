/**
 * The summary at the top of BENCHMARKS.md: every marked figure counted, those that fall short
 * listed with their section, and the benchmark's own duration against its 10-minute budget.
 */
import { mark, table } from './markdown.ts';

const DURATION_TARGET_MS = 10 * 60_000;

export function summary(sections: readonly string[], tookMs: number): string {
  let passed = 0;
  const short: string[] = [];
  for (const text of sections) {
    const title = /^## (.+)$/m.exec(text)?.[1] ?? '';
    for (const line of text.split('\n')) {
      const cells = line.split('|').map((cell) => cell.trim());
      // | figure | value | target | mark |  →  ['', figure, value, target, mark, '']
      const verdict = cells[4];
      if (verdict === mark(true)) passed++;
      if (verdict === mark(false))
        short.push(`- ${title}: ${cells[1]} (${cells[2]}; target: ${cells[3]})`);
    }
  }
  const minutes = (tookMs / 60_000).toFixed(1);
  return [
    '## Summary',
    '',
    `${passed} of ${passed + short.length} targets met.${short.length > 0 ? ' Falling short (each explained in its section):' : ''}`,
    '',
    ...(short.length > 0 ? [...short, ''] : []),
    table([
      {
        figure: '`npm run bench` itself (after the build)',
        value: `${minutes} min`,
        target: 'under 10 min',
        ok: tookMs < DURATION_TARGET_MS,
      },
    ]),
    '',
  ].join('\n');
}
