// main.ts registers only the command group named on the command line (program-lazy.ts). That
// must give each command exactly the tree, options and help it has in the whole program
// (program.ts), and every group of program.ts must be reachable that way.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandWord, GROUPS, programFor } from '../../src/cli/program-lazy.js';
import { createProgram } from '../../src/cli/program.js';

/** Every command path with its options and description, depth first. */
function shape(cmd: Command, prefix: string): string[] {
  return cmd.commands.flatMap((c) => {
    const path = `${prefix} ${c.name()}`;
    const opts = c.options.map((o) => o.flags).join(' ');
    return [`${path} [${opts}] ${c.description()}`, ...shape(c, path)];
  });
}

const argv = (...args: string[]): string[] => ['node', 'c8spot', ...args];

describe('program-lazy: one command group per run', () => {
  const full = createProgram();
  const names = full.commands.map((c) => c.name());

  it('reaches every top-level command of program.ts but completion/help (those need the whole tree)', () => {
    const lazy = GROUPS.flatMap((g) => g.names);
    expect(new Set(lazy).size).toBe(lazy.length);
    expect([...lazy, 'completion', 'help'].sort()).toEqual([...names].sort());
  });

  it.each(GROUPS.flatMap((g) => g.names))('`c8spot %s …` gets the same subtree, options and global options as the whole program', async (name) => {
    const lazy = await programFor(argv(name));
    const mine = (p: Command): string[] => shape(p, 'c8spot').filter((l) => l.startsWith(`c8spot ${name} `));
    expect(mine(lazy)).toEqual(mine(full));
    expect(mine(lazy).length).toBeGreaterThan(0);
    expect(lazy.options.map((o) => o.flags)).toEqual(full.options.map((o) => o.flags));
  });

  it('falls back to the whole program when the command is not a group', async () => {
    for (const args of [[], ['--help'], ['help', 'fabric'], ['completion', 'bash'], ['fabirc', 'list'], ['-qy', 'fabric', 'list']]) {
      expect((await programFor(argv(...args))).commands.length, args.join(' ')).toBe(full.commands.length);
    }
    expect((await programFor(argv('fabric', 'list'))).commands.map((c) => c.name())).toEqual(['fabric']);
    expect((await programFor(argv('whoami'))).commands.map((c) => c.name())).toEqual(['login', 'logout', 'whoami', 'profile']);
  });

  it('finds the command word after global options and their values', () => {
    expect(commandWord(['fabric', 'list'])).toBe('fabric');
    expect(commandWord(['-o', 'json', 'fabric', 'list'])).toBe('fabric');
    expect(commandWord(['--fabric', 'doc', 'collection', 'list'])).toBe('collection');
    expect(commandWord(['--url=http://x', '--json', '-q', 'doc', 'get'])).toBe('doc');
    expect(commandWord(['--profile', 'p', '--no-color', 'query', 'RETURN 1'])).toBe('query');
    expect(commandWord(['--', 'fabric'])).toBeUndefined();
    expect(commandWord(['-qy', 'fabric'])).toBeUndefined();
    expect(commandWord(['--json'])).toBeUndefined();
  });
});
