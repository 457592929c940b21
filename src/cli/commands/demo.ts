// `c8spot demo [--keep] [--emulator]` and `c8spot demo bank …`. Declarations only: the
// actions load demo-run.ts (and through it the HTTP client or the emulator) on demand.
import type { Command } from 'commander';

export interface DemoFlags {
  keep?: boolean;
  emulator?: boolean;
}

export interface BankFlags {
  accounts?: string;
  clients?: string;
  seconds?: string;
  compareGlobal?: boolean;
  seed?: string;
  emulator?: boolean;
}

export function registerDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description('the spot walkthrough: fabric with a spot region, spot collection, query, read from every region')
    .option('--keep', 'keep the demo fabric instead of tearing it down')
    .option('--emulator', 'run against an in-memory emulator started for the demo')
    .action(async (flags: DemoFlags, cmd: Command) => {
      const { demoCommand } = await import('./demo-run.js');
      await demoCommand(flags, cmd.optsWithGlobals());
    });
  demo
    .command('bank')
    .description('concurrent transfers from every region; checks that the total never changes (exit 6 if the spot one does)')
    .option('--accounts <n>', 'number of accounts (default 10)')
    .option('--clients <n>', 'transfer clients, spread over the regions (default 6)')
    .option('--seconds <s>', 'how long to run (default 10)')
    .option('--compare-global', 'run the same workload on a global (eventually consistent) collection too')
    .option('--seed <n>', 'seed for the transfer schedule (default 1)')
    .option('--emulator', 'run against an in-memory emulator started for the demo')
    .action(async (flags: BankFlags, cmd: Command) => {
      const { bankCommand } = await import('./demo-run.js');
      await bankCommand(flags, cmd.optsWithGlobals());
    });
}
