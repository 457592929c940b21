// `c8spot region-read`: read the same query, saved query or document from every region
// of the fabric in parallel and show whether they agree (specs/cli.md). Declarations
// here; the action loads region-read-run.ts on demand.
import type { Command } from 'commander';
import { collect } from './repeatable.js';

export interface RegionReadFlags {
  restql?: string;
  collection?: string;
  key?: string;
  regions?: string;
  strong?: boolean;
  verify?: boolean;
  bind?: string[];
}

export function registerRegionRead(program: Command): void {
  program
    .command('region-read [c8ql]')
    .description('read the same thing from every region of the fabric and compare (digest, _rev, latency, agreement)')
    .option('--restql <name>', 'run a saved query instead of a C8QL text')
    .option('--collection <c>', 'read one document: its collection (with --key)')
    .option('--key <k>', 'read one document: its key (with --collection)')
    .option('--regions <list>', 'comma-separated regions (default: every region of the fabric)')
    .option('--strong', 'send strongConsistency=true (default for spot collections)')
    .option('--no-strong', 'read each region\'s local replica')
    .option('--verify', 'exit 6 when the regions disagree')
    .option('--bind <k=v>', 'bind value: k=v (string) or k:=<json> (typed); repeatable', collect)
    .action(async (c8ql: string | undefined, flags: RegionReadFlags, cmd: Command) => {
      const { regionReadCommand } = await import('./region-read-run.js');
      await regionReadCommand(c8ql, flags, cmd.optsWithGlobals());
    });
}
