// Shared setup for the data-command CLI tests: an in-process emulator, a temp config dir and
// the env that points the built binary at it (run `npm run build` first).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';
import { runCli, tempConfigDir, type CliResult } from '../helpers/run-cli.js';

export interface DataCli {
  readonly emu: EmulatorHandle;
  readonly http: ApiClient;
  readonly dir: string;
  /** Points the CLI at the emulator with a temp config dir. */
  readonly env: NodeJS.ProcessEnv;
  run(args: readonly string[], input?: string, extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  file(name: string, text: string): string;
  close(): Promise<void>;
}

export async function startDataCli(): Promise<DataCli> {
  const emu = await startTestEmulator();
  const config = tempConfigDir();
  const dir = mkdtempSync(join(tmpdir(), 'c8spot-data-'));
  const env = { C8SPOT_URL: emu.url, C8SPOT_API_KEY: emu.apiKey, C8SPOT_CONFIG_DIR: config };
  return {
    emu,
    http: api(emu),
    dir,
    env,
    run: (args, input, extraEnv) => runCli(args, { env: { ...env, ...extraEnv }, ...(input === undefined ? {} : { input }) }),
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    close: () => emu.close(),
  };
}

export function jsonOut<T = Record<string, unknown>>(r: CliResult): T {
  return JSON.parse(r.stdout) as T;
}

/** The first line of stdout as JSON: insert's summary (an error envelope may follow it). */
export function summaryOf<T = Record<string, unknown>>(r: CliResult): T {
  return JSON.parse(r.stdout.split('\n')[0] ?? '') as T;
}
