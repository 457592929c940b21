// The program main.ts runs: the root command plus only the command group named on the
// command line. Loading and registering all thirteen groups was about a fifth of a
// one-request command's start-up over `node -e 0` (docs/performance.md, benchmark 1).
// Anything this cannot place (no command, `help`, `completion`, an unknown word or option)
// gets the whole tree from program.ts, so help, completion and "did you mean" are unchanged.
import type { Command } from 'commander';
import { FLAG_OPTIONS, VALUE_OPTIONS, rootCommand } from './program-root.js';

type Register = (program: Command) => void;

interface Group {
  /** Top-level command names the group registers. */
  readonly names: readonly string[];
  readonly load: () => Promise<Register>;
}

/** Every group of program.ts; test/cli/program-lazy.test.ts checks the two agree. */
export const GROUPS: readonly Group[] = [
  { names: ['login', 'logout', 'whoami', 'profile'], load: async () => (await import('./commands/profile.js')).registerProfile },
  { names: ['region'], load: async () => (await import('./commands/region.js')).registerRegion },
  { names: ['fabric'], load: async () => (await import('./commands/fabric.js')).registerFabric },
  { names: ['collection'], load: async () => (await import('./commands/collection.js')).registerCollection },
  { names: ['doc'], load: async () => (await import('./commands/doc.js')).registerDoc },
  { names: ['emulator'], load: async () => (await import('./commands/emulator.js')).registerEmulator },
  { names: ['demo'], load: async () => (await import('./commands/demo.js')).registerDemo },
  { names: ['region-read'], load: async () => (await import('./commands/region-read.js')).registerRegionRead },
  { names: ['insert'], load: async () => (await import('./commands/insert.js')).registerInsert },
  { names: ['query'], load: async () => (await import('./commands/query.js')).registerQuery },
  { names: ['restql'], load: async () => (await import('./commands/restql.js')).registerRestql },
  { names: ['teardown'], load: async () => (await import('./commands/teardown.js')).registerTeardown },
];

/** The command word of `c8spot [global options] <command> …`, or undefined when unsure. */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) return a;
    if (VALUE_OPTIONS.includes(a)) i++;
    else if (a.startsWith('--') && a.includes('=') && VALUE_OPTIONS.includes(a.slice(0, a.indexOf('=')))) continue;
    else if (!FLAG_OPTIONS.includes(a)) return undefined; // `--`, -h, combined short flags…: let commander see everything
  }
  return undefined;
}

/** The program for `argv` (process.argv: node, script, args…). */
export async function programFor(argv: readonly string[]): Promise<Command> {
  const word = commandWord(argv.slice(2));
  const groups = word === undefined ? [] : GROUPS.filter((g) => g.names.includes(word));
  if (groups.length === 0) return (await import('./program.js')).createProgram();
  const program = rootCommand();
  for (const register of await Promise.all(groups.map((g) => g.load()))) register(program);
  return program;
}
