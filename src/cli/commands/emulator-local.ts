// The local emulator as other commands meet it, shared by `emulator start|status|stop`
// and `demo`: whether something answers at a URL, and an emulator started inside this
// process (in memory, free ports) that the caller stops when done.
import type { EmulatorOptions } from '../../emulator/index.js';

export interface ProbeOptions {
  /** PEM CA to trust (the emulator's own certificate under --tls). */
  readonly ca?: string;
  /** Bounds connect, headers and body; default 1500 ms. */
  readonly timeoutMs?: number;
}

/** Whether `url` answers `GET /_admin/ready` with 2xx in time (a certificate problem = no). */
export async function answers(url: string, opts: ProbeOptions = {}): Promise<boolean> {
  const timeoutMs = opts.timeoutMs ?? 1500;
  const { Agent } = await import('undici');
  const { GdnClient } = await import('../../api/client.js');
  const { isReady } = await import('../../api/admin.js');
  // A pool of its own with a short connect timeout: a probe must not wait the default 10 s
  // on an address that swallows SYNs.
  const dispatcher = new Agent({ connect: { timeout: timeoutMs, ...(opts.ca ? { ca: opts.ca } : {}) } });
  try {
    return await isReady(new GdnClient({ url, auth: 'none', timeoutMs, retries: 0, dispatcher }));
  } finally {
    await dispatcher.close();
  }
}

export interface InProcessEmulator {
  readonly url: string;
  readonly regions: Readonly<Record<string, string>>;
  readonly apiKey: string;
  stop(): Promise<void>;
}

/** Starts an in-memory emulator on free ports in this process (through its public entry only). */
export async function startInProcess(opts: Omit<EmulatorOptions, 'port' | 'inMemory' | 'dataDir'> = {}): Promise<InProcessEmulator> {
  const { startEmulator } = await import('../../emulator/index.js');
  const handle = await startEmulator({ ...opts, port: 0, inMemory: true });
  return { url: handle.url, regions: handle.regions, apiKey: handle.apiKey, stop: () => handle.close() };
}

/**
 * For `demo` on a fresh machine: when nothing answers at `url` (the default local target),
 * starts an in-process emulator; undefined when something already answers there.
 */
export async function startLocalIfMissing(url: string, opts: Omit<EmulatorOptions, 'port' | 'inMemory' | 'dataDir'> = {}): Promise<InProcessEmulator | undefined> {
  if (await answers(url)) return undefined;
  return startInProcess(opts);
}
