// The emulator's only public entry: the CLI imports nothing else of the emulator.
import { rmSync } from 'node:fs';
import { createCore, type EmulatorCore } from './core.js';
import { allRoutes } from './handlers/index.js';
import { resolveOptions, type EmulatorOptions } from './options.js';
import { startServer } from './server.js';
import { loadTls } from './tls.js';

export type { EmulatorOptions, TlsOptions } from './options.js';
export type { EmulatorCore } from './core.js';

export interface EmulatorHandle {
  /** The global URL (served by the first region). */
  readonly url: string;
  /** Region name → its own URL. */
  readonly regions: Readonly<Record<string, string>>;
  readonly apiKey: string;
  readonly email: string;
  readonly password: string;
  readonly tenant: string;
  /** PEM file of the served certificate when TLS is on. */
  readonly caFile: string | undefined;
  readonly dataDir: string | undefined;
  readonly seed: number;
  /** For in-process tests: the stores, clock and catalog behind the listeners. */
  readonly core: EmulatorCore;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const options = resolveOptions(opts);
  const core = createCore(options);
  try {
    const hosts = core.regions.list.flatMap((r) => [r.url, r.api]);
    const tls = await loadTls(options, hosts);
    const server = await startServer(core, allRoutes, tls);
    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      regions: server.regions,
      apiKey: options.apiKey,
      email: options.email,
      password: options.password,
      tenant: options.tenant,
      caFile: tls?.certFile,
      dataDir: options.dataDir,
      seed: options.seed,
      core,
      close() {
        closing ??= server
          .close()
          .then(() => core.close())
          .finally(() => {
            if (tls?.tempDir) rmSync(tls.tempDir, { recursive: true, force: true });
          });
        return closing;
      },
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}

/** The one line `emulator start` prints on stdout once every listener is bound. */
export function formatReadyLine(h: Pick<EmulatorHandle, 'url' | 'regions' | 'apiKey'>): string {
  return `READY ${JSON.stringify({ url: h.url, regions: h.regions, apiKey: h.apiKey })}`;
}
