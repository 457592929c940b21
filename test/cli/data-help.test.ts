import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

describe('data command help', () => {
  it.each([['insert'], ['query'], ['restql'], ['restql', 'save'], ['restql', 'run'], ['teardown']])('%s %s --help shows examples, one for scripting', async (...cmd: string[]) => {
    const r = await runCli([...cmd.filter(Boolean), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/-o (json|ndjson)/);
  });
});
