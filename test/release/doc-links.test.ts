// Every relative link in the README and docs/ points at a file that exists and, with a
// #fragment, at a heading that exists there (GitHub's anchor rules), so a reader following
// the docs never lands on a 404 or the top of the wrong page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DOCS = join(ROOT, 'docs');
const pages = [join(ROOT, 'README.md'), ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => join(DOCS, f))];

/** Markdown with fenced code blocks removed (links in code are examples, not links). */
function prose(md: string): string {
  return md.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(md).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe('links in README.md and docs/', () => {
  it('covers the README and every doc', () => {
    expect(pages.map((p) => relative(ROOT, p))).toEqual(expect.arrayContaining(['README.md', 'docs/commands.md', 'docs/emulator.md', 'docs/ci.md']));
  });

  for (const page of pages) {
    it(`${relative(ROOT, page)}: relative links resolve`, () => {
      const md = readFileSync(page, 'utf8');
      const broken: string[] = [];
      for (const m of prose(md).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        const [file, fragment] = target.split('#') as [string, string | undefined];
        const path = file === '' ? page : join(dirname(page), file);
        if (!existsSync(path)) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (fragment !== undefined && !anchors(readFileSync(path, 'utf8')).has(fragment)) broken.push(`${target}: no such heading`);
      }
      expect(broken).toEqual([]);
    });
  }
});
