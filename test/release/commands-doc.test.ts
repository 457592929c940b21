// docs/commands.md is generated from the commander program; this fails when it is stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { renderCommandsMarkdown } from '../../src/cli/docs/commands-md.js';
import { createProgram } from '../../src/cli/program.js';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'commands.md');

function allPaths(cmd: Command, prefix: string): string[] {
  return cmd.commands.flatMap((c) => [`${prefix} ${c.name()}`, ...allPaths(c, `${prefix} ${c.name()}`)]);
}

describe('docs/commands.md', () => {
  it('is what the command tree generates (run npm run docs:commands after changing a command)', async () => {
    const fresh = await renderCommandsMarkdown();
    const onDisk = readFileSync(DOC, 'utf8');
    // Compared by hand so the failure names the fix rather than printing a 1000-line diff.
    if (fresh !== onDisk) expect.fail('docs/commands.md is stale: run npm run docs:commands and commit the result');
  });

  it('has a section for every command, its options and its examples', async () => {
    const md = await renderCommandsMarkdown();
    const paths = allPaths(createProgram(), 'c8spot');
    expect(paths.length).toBeGreaterThan(30);
    for (const p of paths) expect(md).toMatch(new RegExp(`^#{2,5} ${p}$`, 'm'));
    expect(md).toContain('| `--spot-dc <dc>` | the spot region (must be spot-capable) |');
    expect(md).toContain('c8spot teardown demo --yes -o json   # CI cleanup: succeeds when already gone');
    expect(md).toMatch(/### c8spot help exit-codes\n\n```text\nExit codes:\n {2}0 {3}ok/);
  });
});
