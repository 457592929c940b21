// `c8spot insert <collection> [file|-]`: streamed bulk insert (specs/cli.md "insert").
// Declarations only; the action loads insert-run.ts on demand.
import type { Command } from 'commander';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from '../bulk/defaults.js';

export interface InsertFlags {
  data?: string;
  format?: string;
  batchSize?: string;
  concurrency?: string;
  onDuplicate?: string;
  maxErrors?: string;
  errorsFile?: string;
  dryRun?: boolean;
}

export function registerInsert(program: Command): void {
  program
    .command('insert <collection> [file]')
    .description('insert documents from a JSON array, NDJSON or CSV file, stdin (-) or --data, in concurrent batches')
    .option('--data <json>', 'one document or an array of documents as JSON text')
    .option('--format <format>', 'json|ndjson|csv (default: from the file extension; needed for stdin unless it starts with "[")')
    .option('--batch-size <n>', 'documents per request (one server transaction each)', String(DEFAULT_BATCH_SIZE))
    .option('--concurrency <n>', 'requests in flight', String(DEFAULT_CONCURRENCY))
    .option('--on-duplicate <mode>', 'when a _key exists: error|ignore|replace|update', 'error')
    .option('--max-errors <n>', 'failed documents tolerated before reading stops', '20')
    .option('--errors-file <file>', 'write every failure as NDJSON {line, errorNum, message, document}')
    .option('--dry-run', 'parse and check the input, send nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ c8spot insert people people.csv
  $ c8spot insert events events.ndjson --on-duplicate replace --batch-size 1000 --concurrency 8
  $ cat orders.json | c8spot insert orders - --errors-file failed.ndjson
  $ c8spot insert people people.ndjson -o json --max-errors 0 | jq .inserted   # CI: summary as JSON, exit 7 on any failure`,
    )
    .action(async (collection: string, file: string | undefined, flags: InsertFlags, cmd: Command) => {
      const { insertCommand } = await import('./insert-run.js');
      await insertCommand(collection, file, flags, cmd.optsWithGlobals());
    });
}
