// Confirmation for destructive commands: --yes proceeds; a terminal is asked; anything else
// (pipe, CI, --no-input) fails with exit 2 naming the flag. Never auto-yes.
import { createInterface } from 'node:readline/promises';
import { ExitCode, ExitCodeError, InterruptedError } from './errors.js';

export interface ConfirmTarget {
  readonly yes: boolean;
  readonly interactive: boolean;
}

export async function confirm(ctx: ConfirmTarget, question: string): Promise<void> {
  if (ctx.yes) return;
  if (!ctx.interactive) throw new ExitCodeError(`${question} — refusing without --yes in a non-interactive session`, ExitCode.USAGE);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve, reject) => {
    rl.once('SIGINT', () => reject(new InterruptedError('interrupted')));
    rl.question(`${question} [y/N] `).then(resolve, reject);
  }).finally(() => rl.close());
  if (!/^y(es)?$/i.test(answer.trim())) throw new ExitCodeError('aborted', ExitCode.ERROR);
}
