import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { answers, startLocalIfMissing } from '../../src/cli/commands/emulator-local.js';
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
});
