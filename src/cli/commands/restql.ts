// `c8spot restql save|list|show|run|delete`: saved C8QL queries (GDN query workers).
// Declarations only; actions load restql-run.ts on demand.
import type { Command } from 'commander';
import type { QueryFlags } from './query.js';
import { collect } from './repeatable.js';

export interface RestqlSaveFlags {
  file?: string;
  param?: string[];
  replace?: boolean;
  ifNotExists?: boolean;
}

/** `restql run` takes query's flags except the query file (the text is stored). */
export type RestqlRunFlags = Omit<QueryFlags, 'file'>;

export function registerRestql(program: Command): void {
  const group = program
    .command('restql')
    .description('saved C8QL queries (query workers): save, list, show, run, delete')
    .addHelpText(
      'after',
      `
Examples:
  $ c8spot restql save adults 'FOR p IN people FILTER p.age >= @min RETURN p' --param min:=18
  $ c8spot restql run adults --bind min:=21 -o ndjson
  $ c8spot restql save adults -f adults.c8ql --replace -o json   # CI: idempotent deploy
  $ c8spot restql list`,
    );

  group
    .command('save <name> [c8ql]')
    .description('save a query under a name (use --replace to overwrite, --if-not-exists to keep an existing one)')
    .option('-f, --file <file>', 'read the query from a file')
    .option('--param <k=v>', 'default bind value stored with the query: k=v or k:=<json>; repeatable', collect)
    .option('--replace', 'overwrite a saved query with this name')
    .option('--if-not-exists', 'keep an existing query; exit 5 if its text differs')
    .addHelpText(
      'after',
      `
Examples:
  $ c8spot restql save by-city 'FOR p IN people FILTER p.city == @city RETURN p'
  $ c8spot restql save by-city -f by-city.c8ql --replace
  $ c8spot restql save by-city -f by-city.c8ql --if-not-exists -o json   # {"created":false,…} when present`,
    )
    .action(async (name: string, c8ql: string | undefined, flags: RestqlSaveFlags, cmd: Command) => {
      const { restqlSave } = await import('./restql-run.js');
      await restqlSave(name, c8ql, flags, cmd.optsWithGlobals());
    });

  group
    .command('list')
    .description('list the saved queries of this fabric')
    .addHelpText('after', '\nExamples:\n  $ c8spot restql list\n  $ c8spot restql list -o json | jq -r ".[].name"')
    .action(async (_flags: unknown, cmd: Command) => {
      const { restqlList } = await import('./restql-run.js');
      await restqlList(cmd.optsWithGlobals());
    });

  group
    .command('show <name>')
    .description('show one saved query')
    .addHelpText('after', '\nExamples:\n  $ c8spot restql show by-city\n  $ c8spot restql show by-city -o json | jq -r .value')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      const { restqlShow } = await import('./restql-run.js');
      await restqlShow(name, cmd.optsWithGlobals());
    });

  group
    .command('run <name>')
    .description('run a saved query and stream its rows')
    .option('--bind <k=v>', 'bind value: k=v (string) or k:=<json> (typed); repeatable', collect)
    .option('--bind-file <file>', 'bind values from a JSON object file (--bind overrides)')
    .option('--batch-size <n>', 'rows per batch (1-1000)', '1000')
    .option('--strong', 'strong read (default when the query reads a spot collection)')
    .option('--no-strong', "read the serving region's local replica")
    .addHelpText(
      'after',
      '\nExamples:\n  $ c8spot restql run by-city --bind city=Paris\n  $ c8spot restql run by-city --bind city=Paris -o ndjson | wc -l',
    )
    .action(async (name: string, flags: RestqlRunFlags, cmd: Command) => {
      const { restqlRun } = await import('./restql-run.js');
      await restqlRun(name, flags, cmd.optsWithGlobals());
    });

  group
    .command('delete <name>')
    .description('delete a saved query')
    .addHelpText('after', '\nExamples:\n  $ c8spot restql delete by-city\n  $ c8spot restql delete by-city -o json')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      const { restqlDelete } = await import('./restql-run.js');
      await restqlDelete(name, cmd.optsWithGlobals());
    });
}
