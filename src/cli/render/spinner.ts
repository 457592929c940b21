// A spinner on stderr for slow steps, only when stderr is a terminal and the output is for
// humans: JSON/NDJSON modes and pipes get nothing, so scripts never see control codes.
//
//   const s = await startSpinner(ctx, 'creating fabric');  s.succeed('created'); / s.fail(); / s.stop();
import type { OutputMode } from './output.js';

export interface Spinner {
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

const SILENT: Spinner = { succeed() {}, fail() {}, stop() {} };

export async function startSpinner(ctx: { readonly output: OutputMode; readonly quiet: boolean; readonly color: boolean }, text: string): Promise<Spinner> {
  if (ctx.quiet || ctx.output === 'json' || ctx.output === 'ndjson' || !process.stderr.isTTY) return SILENT;
  const { default: ora } = await import('ora');
  const s = ora({ text, stream: process.stderr, color: ctx.color ? 'cyan' : false, discardStdin: false }).start();
  return {
    succeed: (t) => void s.succeed(t),
    fail: (t) => void s.fail(t),
    stop: () => void s.stop(),
  };
}
