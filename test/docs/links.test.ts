/**
 * The links of the documents a reader starts from lead somewhere: a relative link names a file or
 * folder of the repository, and a `#fragment` a heading of the linked Markdown file (as GitHub
 * makes anchors of headings).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCUMENTS = ['README.md', 'CONTRIBUTING.md', 'docs/ARCHITECTURE.md', 'docs/design/README.md'];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(path: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.+)$/.exec(line);
    if (!heading?.[1]) continue;
    const base = anchorOf(heading[1]);
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

function brokenLinks(document: string): string[] {
  const text = readFileSync(join(ROOT, document), 'utf8').replace(/```[\s\S]*?```/g, '');
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (!target || /^[a-z]+:/.test(target)) continue;
    const [file = '', fragment] = target.split('#');
    const path = file === '' ? join(ROOT, document) : join(ROOT, dirname(document), file);
    if (!existsSync(path)) broken.push(target);
    else if (fragment !== undefined && !anchorsOf(path).has(fragment)) broken.push(target);
  }
  return broken;
}

describe('links in the documents', () => {
  it('makes anchors as GitHub does', () => {
    expect(anchorOf('The simulator: a local Azure DevOps')).toBe(
      'the-simulator-a-local-azure-devops',
    );
    expect(anchorOf('The admin API (`/_sim`)')).toBe('the-admin-api-_sim');
  });

  it.each(DOCUMENTS)('%s links only to files and headings that exist', (document) => {
    expect(brokenLinks(document)).toEqual([]);
  });

  it('finds a broken link', () => {
    expect(brokenLinks('test/docs/broken-links.md')).toEqual([
      'no-such-file.md',
      '../../README.md#no-such-heading',
    ]);
  });
});
