// `c8spot demo` must work on a fresh machine: when the target is the default local
// emulator and nothing answers there, the demo starts an in-memory emulator in this
// process (through the emulator's public entry only) and stops it afterwards.
import type { EmulatorHandle } from '../emulator/index.js';

export interface DemoTarget {
  readonly url: string;
  readonly regions: Readonly<Record<string, string>>;
  readonly apiKey: string;
  /** True when the demo started this emulator itself (and will stop it). */
  readonly started: boolean;
  stop(): Promise<void>;
}

/** Whether `url` answers /_admin/ready within `timeoutMs` (any certificate problem = no). */
export async function answers(url: string, timeoutMs = 1500): Promise<boolean> {
  const { request, Agent } = await import('undici');
  const dispatcher = new Agent({ connect: { timeout: timeoutMs } });
  try {
    const res = await request(`${url.replace(/\/+$/, '')}/_admin/ready`, { dispatcher, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  } finally {
    await dispatcher.close();
  }
}

export interface InProcessOptions {
  readonly regions?: readonly string[];
  readonly latencyScale?: number;
  readonly seed?: number;
}

/**
 * Starts an in-memory emulator on free ports when `url` (the default local target) does
 * not answer; undefined when something already answers there (use it as is).
 */
export async function startLocalIfMissing(url: string, opts: InProcessOptions = {}): Promise<DemoTarget | undefined> {
  if (await answers(url)) return undefined;
  const { startEmulator } = await import('../emulator/index.js');
  const handle: EmulatorHandle = await startEmulator({
    port: 0,
    inMemory: true,
    ...(opts.regions ? { regions: opts.regions } : {}),
    ...(opts.latencyScale !== undefined ? { latencyScale: opts.latencyScale } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  return { url: handle.url, regions: handle.regions, apiKey: handle.apiKey, started: true, stop: () => handle.close() };
}
