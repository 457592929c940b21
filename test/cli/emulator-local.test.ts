import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answers, spawnDetached, startLocalIfMissing } from '../../src/cli/commands/emulator-local.js';
import { startTestEmulator } from '../helpers/emulator.js';

/** A loopback port with nothing listening on it. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('emulator-local: probe and in-process start (demo on a fresh machine)', () => {
  it('starts an in-memory emulator when nothing answers, and stops it', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    expect(await answers(url, { timeoutMs: 500 })).toBe(false);
    const t = await startLocalIfMissing(url, { latencyScale: 0, seed: 3, regions: ['us-east', 'eu-west'] });
    expect(t).toBeDefined();
    try {
      expect(Object.keys(t!.regions)).toEqual(['us-east', 'eu-west']);
      expect(await answers(t!.url)).toBe(true);
    } finally {
      await t!.stop();
    }
    expect(await answers(t!.url, { timeoutMs: 500 })).toBe(false);
  });

  it('uses an emulator that already answers', async () => {
    const emu = await startTestEmulator();
    try {
      expect(await startLocalIfMissing(emu.url)).toBeUndefined();
    } finally {
      await emu.close();
    }
  });

  it('spawnDetached resolves with the READY line, or rejects with the log tail when the child dies first', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'c8spot-spawn-')), 'emulator.log');
    // The child stays up a moment after READY, as an emulator does (an exit would race the line).
    const ok = await spawnDetached(['-e', 'console.log("starting"); console.log("READY {\\"url\\":\\"x\\"}"); setTimeout(() => {}, 1000)'], {}, log, 20_000);
    expect(ok.readyLine).toBe('READY {"url":"x"}');
    expect(ok.pid).toBeGreaterThan(0);
    await expect(spawnDetached(['-e', 'console.error("port in use"); process.exit(3)'], {}, log, 20_000)).rejects.toThrow(
      /exited with code 3 before it was ready:\nport in use/,
    );
  });
});
