// The core read-only commands against a real GDN federation, when C8SPOT_TEST_URL and
// C8SPOT_TEST_API_KEY are set; skipped otherwise. Only reads, so it is safe on a shared tenant.
import { describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/run-cli.js';

const url = process.env.C8SPOT_TEST_URL;
const apiKey = process.env.C8SPOT_TEST_API_KEY;
const env = { C8SPOT_URL: url, C8SPOT_API_KEY: apiKey, C8SPOT_CONFIG_DIR: tempConfigDir() };

describe.skipIf(!url || !apiKey)('core commands against a real GDN', { timeout: 120_000 }, () => {
  it('region list, fabric list and whoami work and never print the key', async () => {
    for (const args of [['region', 'list', '-o', 'json'], ['fabric', 'list', '-o', 'json'], ['whoami', '-o', 'json', '--debug']]) {
      const r = await runCli(args, { env, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
      expect(r.stdout + r.stderr).not.toContain(apiKey!.split('.').at(-1));
    }
  });

  it('a wrong key exits 4', async () => {
    const r = await runCli(['fabric', 'list'], { env: { ...env, C8SPOT_API_KEY: `${apiKey!}x` }, timeoutMs: 60_000 });
    expect(r.code).toBe(4);
  });
});
