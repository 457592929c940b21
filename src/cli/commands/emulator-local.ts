// Starting and finding the local emulator, shared by `emulator start|status|stop` and
// `demo`: whether something answers at a URL; an emulator started inside this process (in
// memory, free ports) that the caller stops when done; one started as a detached child
// that is ready once it prints its READY line.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
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

export interface DetachedEmulator {
  readonly pid: number | undefined;
  /** `READY {"url":…,"regions":…,"apiKey":…}` as the child printed it. */
  readonly readyLine: string;
}

/**
 * Runs `node <argv>` (the CLI's `emulator start …`) detached, its stderr into `logPath`, and
 * resolves with its READY line; rejects with the log's last lines if it exits first, or
 * after `timeoutMs`. Secrets travel in `env`, never in argv.
 */
export async function spawnDetached(argv: readonly string[], env: NodeJS.ProcessEnv, logPath: string, timeoutMs: number): Promise<DetachedEmulator> {
  const log = openSync(logPath, 'w', 0o600);
  const child = spawn(process.execPath, argv, { detached: true, env, stdio: ['ignore', 'pipe', log] });
  closeSync(log);
  const readyLine = await new Promise<string>((done, fail) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`the emulator did not become ready within ${timeoutMs / 1000} s; see ${logPath}`)), timeoutMs);
    lines.on('line', (l) => {
      if (!l.startsWith('READY ')) return;
      clearTimeout(timer);
      done(l);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      let tail = '';
      try {
        tail = readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n');
      } catch {
        // no log to show
      }
      fail(new Error(`the emulator exited with code ${code ?? 'null'} before it was ready${tail ? `:\n${tail}` : ''}`));
    });
  });
  // Let this process exit while the emulator keeps running.
  child.removeAllListeners('exit');
  child.stdout!.destroy();
  child.unref();
  return { pid: child.pid, readyLine };
}
