// Shared action wrapper for the core commands: builds the CliContext from the global flags
// (lazily importing it, so --help stays cheap) and closes the client afterwards.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function globals(cmd: Command): Record<string, unknown> {
  return cmd.optsWithGlobals();
}

export async function withContext<T>(cmd: Command, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const { createContext } = await import('../context.js');
  const ctx = await createContext(globals(cmd));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
