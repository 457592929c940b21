// The connection the data commands (insert, query, restql, teardown) work through: the shared
// CLI context (target resolution, GdnClient on a keep-alive pool, banner) narrowed to what
// these commands use, plus how they classify failures for retries and exit codes.
import type { GdnRequester } from '../../api/cursors.js';
import { GdnError, HttpError, NetworkError } from '../../api/errors.js';
import { describeError, UsageError } from '../render/errors.js';
import type { GlobalFlags } from '../context.js';
import { OUTPUT_MODES, type OutputMode } from '../render/output.js';

export type Globals = GlobalFlags;

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);

/** A failure after which a write may or may not have been applied, and a retry may succeed. */
export function isTransient(err: unknown): boolean {
  if (err instanceof GdnError || err instanceof HttpError) return TRANSIENT_STATUS.has(err.status);
  return err instanceof NetworkError && (err.kind === 'reset' || err.kind === 'timeout');
}

/** The reply said "not there" (unknown fabric, collection, document or saved query). */
export function isMissing(err: unknown): boolean {
  if (err instanceof GdnError) return err.status === 404 || err.errorNum === 404;
  return err instanceof HttpError && err.status === 404;
}

export function exitCodeFor(err: unknown): number {
  return describeError(err).exitCode;
}

export interface DataSession {
  readonly client: GdnRequester;
  readonly fabric: string;
  readonly output: OutputMode;
  readonly quiet: boolean;
  /** Prompts are allowed (TTY in and out, no CI, no --no-input). */
  readonly interactive: boolean;
  /** The `→ target` line on stderr, once. */
  banner(): void;
  close(): Promise<void>;
}

export function isInteractive(g: Globals, env: NodeJS.ProcessEnv): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !env.CI && g.input !== false;
}

/** The output mode without a connection (insert --dry-run needs one too). */
export function outputMode(g: Globals, env: NodeJS.ProcessEnv): OutputMode {
  const raw = g.json ? 'json' : (g.output ?? env.C8SPOT_OUTPUT ?? 'table');
  if (!(OUTPUT_MODES as readonly string[]).includes(raw)) throw new UsageError(`-o takes ${OUTPUT_MODES.join('|')}, got '${raw}'`);
  return raw as OutputMode;
}

export async function openSession(g: Globals, env: NodeJS.ProcessEnv = process.env): Promise<DataSession> {
  const { createContext } = await import('../context.js');
  const ctx = await createContext(g, env);
  const client = await ctx.client();
  return {
    client,
    fabric: ctx.fabric.value,
    output: ctx.output,
    quiet: ctx.quiet,
    interactive: ctx.interactive,
    banner: () => ctx.banner(),
    close: () => ctx.close(),
  };
}
