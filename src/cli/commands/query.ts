// `c8spot query [c8ql | -f file | -]`: run C8QL and stream the rows (specs/cli.md "query /
// restql run"). Declarations only; the action loads query-run.ts on demand.
import type { Command } from 'commander';
import { collect } from './repeatable.js';

export interface QueryFlags {
  file?: string;
  bind?: string[];
  bindFile?: string;
  batchSize?: string;
  count?: boolean;
  strong?: boolean;
}

export function registerQuery(program: Command): void {
  program
    .command('query [c8ql]')
    .description('run a C8QL query and stream its rows (use - to read the query from stdin)')
    .option('-f, --file <file>', 'read the query from a file')
    .option('--bind <k=v>', 'bind value: k=v (string) or k:=<json> (typed); repeatable', collect)
    .option('--bind-file <file>', 'bind values from a JSON object file (--bind overrides)')
    .option('--batch-size <n>', 'rows per cursor batch (1-1000)', '1000')
    .option('--count', 'ask the server for the total row count (shown on stderr)')
    .option('--strong', 'strong read: served by the spot region (default when the query reads a spot collection)')
    .option('--no-strong', "read the serving region's local replica")
    .addHelpText(
      'after',
      `
Examples:
  $ c8spot query 'FOR p IN people FILTER p.age >= @min RETURN p' --bind min:=30
  $ c8spot query -f report.c8ql --bind-file params.json -o table
  $ echo 'FOR e IN events RETURN e' | c8spot query - -o ndjson | jq -c .type   # streams any size
  $ c8spot query 'RETURN LENGTH(people)' -o json --no-strong`,
    )
    .action(async (c8ql: string | undefined, flags: QueryFlags, cmd: Command) => {
      const { queryCommand } = await import('./query-run.js');
      await queryCommand(c8ql, flags, cmd.optsWithGlobals());
    });
}
