// `c8spot teardown <fabric>`: remove saved queries, then collections, then the fabric.
// Declarations only; the action loads teardown-run.ts on demand.
import type { Command } from 'commander';

export interface TeardownFlags {
  keepFabric?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

export function registerTeardown(program: Command): void {
  program
    .command('teardown <fabric>')
    .description('delete a fabric\'s saved queries, collections and the fabric itself; safe to run again')
    .option('--keep-fabric', 'empty the fabric but keep it')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('-y, --yes', 'do not ask for confirmation (needed when not interactive)')
    .addHelpText(
      'after',
      `
Examples:
  $ c8spot teardown demo --dry-run
  $ c8spot teardown demo --keep-fabric
  $ c8spot teardown demo --yes -o json   # CI cleanup: succeeds when already gone`,
    )
    .action(async (fabric: string, flags: TeardownFlags, cmd: Command) => {
      const { teardownCommand } = await import('./teardown-run.js');
      await teardownCommand(fabric, flags, cmd.optsWithGlobals());
    });
}
