import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('c8spot basics', () => {
  it('--version prints the package version and exits 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists the global options', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--profile');
    expect(r.stdout).toContain('--output');
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const r = await runCli(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option');
  });
});
