// The commander program: global options and one register() per command group.
// Command files import only commander at load time; their actions import the REST
// layer, renderers or the emulator dynamically, so `--help` and `--version` stay cheap.
import { Command } from 'commander';
import { registerCollection } from './commands/collection.js';
import { registerCompletion } from './commands/completion.js';
import { registerDemo } from './commands/demo.js';
import { registerDoc } from './commands/doc.js';
import { registerEmulator } from './commands/emulator.js';
import { registerFabric } from './commands/fabric.js';
import { registerInsert } from './commands/insert.js';
import { registerProfile } from './commands/profile.js';
import { registerQuery } from './commands/query.js';
import { registerRegion } from './commands/region.js';
import { registerRegionRead } from './commands/region-read.js';
import { registerRestql } from './commands/restql.js';
import { registerTeardown } from './commands/teardown.js';
import { packageVersion } from './version.js';

export function createProgram(): Command {
  const program = new Command('c8spot')
    .description('Macrometa GDN spot fabrics and collections, from a terminal, a demo or a CI script')
    .version(packageVersion(), '-V, --version')
    .option('-p, --profile <name>', 'connection profile to use')
    .option('--url <url>', 'GDN federation URL or emulator URL')
    .option('--fabric <name>', 'fabric (default from profile, else _system)')
    .option('--region <dc>', "send requests to this region's endpoint")
    .option('-o, --output <format>', 'output format: table|json|ndjson|yaml|csv')
    .option('--json', 'same as -o json')
    .option('--no-color', 'disable colour')
    .option('-q, --quiet', 'print only data')
    .option('-v, --verbose', 'one line per request on stderr')
    .option('--debug', 'log request and response headers and bodies (secrets redacted)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds')
    .option('--retries <n>', 'retries for idempotent requests')
    .option('-y, --yes', 'answer yes to confirmations')
    .option('--no-input', 'never prompt')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  registerProfile(program);
  registerRegion(program);
  registerFabric(program);
  registerCollection(program);
  registerDoc(program);
  registerEmulator(program);
  registerDemo(program);
  registerRegionRead(program);
  registerInsert(program);
  registerQuery(program);
  registerRestql(program);
  registerTeardown(program);
  registerCompletion(program);
  return program;
}
