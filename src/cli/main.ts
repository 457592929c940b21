// CLI entry. Parses argv, runs the action, and maps every thrown error to one
// message and one exit code in a single place. Heavy modules load lazily.
import { createProgram } from './program.js';

async function main(argv: readonly string[]): Promise<void> {
  const program = createProgram();
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    const { reportError } = await import('./render/errors.js');
    process.exitCode = reportError(err, program);
  }
}

await main(process.argv);
