/**
 * Every document the code cites is in the repository (issue 16: "the map in the repository"). A
 * comment cites a document by its path from the repository root (`docs/design/cli-contract.md`)
 * or from the citing file's folder (`SOURCES.md` beside test/fixtures/real/corpus.ts), and a
 * section of the fact sheet as `docs/design/azure-devops.md §N`; a bare `§N` is a section of the
 * fact sheet too (docs/design/README.md). A citation that does not resolve fails here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['src', 'test', 'scripts', 'bench'];
/** Data, not code: recorded answers and vendored specs; and this file, which speaks of citations. */
const NOT_SCANNED = ['test/fixtures', 'test/contract/specs', 'test/docs/citations.test.ts'];
/** Paths in other repositories that a comment names together with their repository. */
const ELSEWHERE = new Map([['docs/service-hooks/events.md', 'MicrosoftDocs/azure-devops-docs']]);
const FACT_SHEET = 'docs/design/azure-devops.md';

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder)).flatMap((name) => {
    const path = `${folder}/${name}`;
    if (NOT_SCANNED.includes(path)) return [];
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(c|m)?(t|j)s$/.test(name) ? [path] : [];
  });
}

const FILES = SCANNED.flatMap(sourceFiles).map((path) => ({
  path,
  lines: readFileSync(join(ROOT, path), 'utf8').split('\n'),
}));

/** The comment text of a line: all of a comment line, the part after ` // ` of a code line. */
function commentOf(line: string): string {
  if (/^\s*(\*|\/\/|\/\*)/.test(line)) return line;
  const at = line.indexOf(' // ');
  return at < 0 ? '' : line.slice(at);
}

/** A document name not preceded by a path character (an absolute example path is not one). */
const DOCUMENT = /(?<![\w/.-])((?:[\w.-]+\/)*[\w-]+\.md)\b/g;

interface Citation {
  readonly where: string;
  readonly cited: string;
}

function documentCitations(): Citation[] {
  return FILES.flatMap(({ path, lines }) =>
    lines.flatMap((line, index) =>
      [...commentOf(line).matchAll(DOCUMENT)].map((match) => ({
        where: `${path}:${index + 1}`,
        cited: match[1] ?? '',
      })),
    ),
  );
}

function resolves(citation: Citation): boolean {
  const { cited, where } = citation;
  if (ELSEWHERE.has(cited)) return true;
  const folder = dirname(where.slice(0, where.lastIndexOf(':')));
  return existsSync(join(ROOT, cited)) || existsSync(join(ROOT, folder, cited));
}

/** The section numbers of a document: its headings `## N.` / `### N.M`, and `N.M` for item M of a numbered list in section N. */
function sectionsOf(document: string): Set<string> {
  const sections = new Set<string>();
  let current = '';
  for (const line of readFileSync(join(ROOT, document), 'utf8').split('\n')) {
    const heading = /^#{2,4} (\d+(?:\.\d+)*)\.? /.exec(line);
    const item = /^(\d+)\. /.exec(line);
    if (heading?.[1]) {
      current = heading[1];
      sections.add(current);
    } else if (item?.[1]) {
      sections.add(current === '' ? item[1] : `${current}.${item[1]}`);
    }
  }
  return sections;
}

interface SectionCitation extends Citation {
  readonly section: string;
}

/**
 * Each `§N` with the document it belongs to: the last document named before it on its line, or at
 * the end of the line before (`docs/design/azure-devops.md` wrapped away from its `§13`); the fact
 * sheet when none is. A section of a standard (`RFC 9112 §3.2.2`) is not ours to check.
 */
function sectionCitations(): SectionCitation[] {
  return FILES.flatMap(({ path, lines }) =>
    lines.flatMap((line, index) =>
      [...line.matchAll(/§(\d+(?:\.\d+)*)/g)].flatMap((match) => {
        const before = line.slice(0, match.index);
        if (/RFC \d+ $/.test(before)) return [];
        const previous = /((?:[\w.-]+\/)*[\w-]+\.md)\)?[,:]?$/.exec(lines[index - 1]?.trim() ?? '');
        const named = [...before.matchAll(DOCUMENT)].at(-1)?.[1] ?? previous?.[1] ?? FACT_SHEET;
        return [{ where: `${path}:${index + 1}`, cited: named, section: match[1] ?? '' }];
      }),
    ),
  );
}

describe('citations in the code resolve inside the repository', () => {
  it('finds the citations it checks (the scan is not empty)', () => {
    const cited = documentCitations().map((citation) => citation.cited);
    expect(cited).toContain('docs/design/cli-contract.md');
    expect(cited).toContain('docs/design/azure-devops.md');
    expect(sectionCitations().length).toBeGreaterThan(200);
  });

  it('resolves a path from the root or the citing folder, not a bare name', () => {
    const at = (where: string, cited: string) => resolves({ where, cited });
    expect(at('src/run.ts:1', 'docs/design/cli-contract.md')).toBe(true);
    expect(at('test/fixtures/real/corpus.ts:2', 'SOURCES.md')).toBe(true);
    expect(at('src/run.ts:1', 'cli-contract.md')).toBe(false);
    expect(at('src/run.ts:1', 'docs/design/seed.md')).toBe(false);
  });

  it('cites only documents that are in the repository, by their path', () => {
    const missing = documentCitations().filter((citation) => !resolves(citation));
    expect(missing.map(({ where, cited }) => `${where}: ${cited}`)).toEqual([]);
  });

  it('never calls the fact sheet by a name that is not its path', () => {
    const named = FILES.flatMap(({ path, lines }) =>
      lines.flatMap((line, index) => (/fact sheet/i.test(line) ? [`${path}:${index + 1}`] : [])),
    );
    expect(named).toEqual([]);
  });

  it('cites only sections the cited document has', () => {
    const sections = new Map<string, Set<string>>();
    const unknown = sectionCitations().filter(({ cited, section }) => {
      if (!existsSync(join(ROOT, cited))) return true;
      if (!sections.has(cited)) sections.set(cited, sectionsOf(cited));
      return !sections.get(cited)?.has(section);
    });
    expect(unknown.map(({ where, cited, section }) => `${where}: ${cited} §${section}`)).toEqual(
      [],
    );
  });

  it('reads the fact sheet’s sections as its headings and numbered items', () => {
    const sections = sectionsOf(FACT_SHEET);
    for (const known of ['0', '0.8', '2.4', '8.1', '11.5', '13']) expect(sections).toContain(known);
    expect(sections).not.toContain('14');
    expect(sections).not.toContain('2.9');
  });
});

describe('docs/ARCHITECTURE.md', () => {
  const text = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
  const layout = /^## Layout\n([\s\S]*?)(?=^## )/m.exec(text)?.[1] ?? '';

  function folders(folder: string): string[] {
    return readdirSync(join(ROOT, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => {
        const path = `${folder}/${entry.name}`;
        return [path, ...folders(path)];
      });
  }

  it('has a layout section', () => {
    expect(layout).toMatch(/^\s*src\/$/m);
  });

  it.each(folders('src').map((path) => relative('src', path)))(
    'names src/%s/ in its layout',
    (folder) => {
      const name = folder.split('/').at(-1) ?? folder;
      expect(layout).toMatch(new RegExp(`^\\s*${name}/\\s`, 'm'));
    },
  );

  it('stays short: at most 150 lines', () => {
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(150);
  });
});
