// The root `c8spot` command and its global options, shared by the whole command tree
// (program.ts) and the start-up path that registers one command group (program-lazy.ts).
import { Command } from 'commander';
import { packageVersion } from './version.js';

export function rootCommand(): Command {
  return new Command('c8spot')
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
}

/** Global options that take a value (program-lazy.ts skips the value when looking for the command). */
export const VALUE_OPTIONS: readonly string[] = ['-p', '--profile', '--url', '--fabric', '--region', '-o', '--output', '--timeout', '--retries'];
/** Global options without a value. */
export const FLAG_OPTIONS: readonly string[] = ['--json', '--no-color', '-q', '--quiet', '-v', '--verbose', '--debug', '-y', '--yes', '--no-input'];
