// CLI entry. Parses argv, runs the action, and maps every thrown error to one
// message and one exit code in a single place. Heavy modules load lazily.
//
// `c8spot --version` alone answers before commander and the command tree load: CI scripts
// call it to probe the install, and it should cost little more than starting Node.
import { packageVersion } from './version.js';

async function main(argv: readonly string[]): Promise<void> {
  const { programFor } = await import('./program-lazy.js');
  const program = await programFor(argv);
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    const { reportError } = await import('./render/errors.js');
    process.exitCode = reportError(err, program);
  }
}

const only = process.argv.length === 3 ? process.argv[2] : undefined;
if (only === '--version' || only === '-V') process.stdout.write(`${packageVersion()}\n`);
else await main(process.argv);
