// docs/ci.md's shell example is a real file, docs/examples/ci.sh: the doc must quote it
// verbatim, and the script must pass against the built CLI (its own emulator on free ports,
// a temp config dir). It uses jq, as CI scripts do; jq is on this project's machines and on
// GitHub's Ubuntu runners, and the test says so plainly when it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from '../helpers/run-cli.js';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');
const SCRIPT = join(DOCS, 'examples', 'ci.sh');
const hasJq = spawnSync('jq', ['--version']).status === 0;

/** The text between `<!-- name begin -->` and `<!-- name end -->`, inside its code fence. */
function quoted(md: string, name: string): string {
  const m = new RegExp(`<!-- ${name} begin -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name} end -->`).exec(md);
  if (!m) throw new Error(`docs/ci.md has no ${name} block`);
  return m[1]!;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('docs/ci.md', () => {
  const md = readFileSync(join(DOCS, 'ci.md'), 'utf8');

  it('quotes docs/examples/ci.sh verbatim', () => {
    expect(quoted(md, 'ci.sh')).toBe(readFileSync(SCRIPT, 'utf8'));
  });

  it('lists the exit codes the CLI prints', async () => {
    const r = await runCli(['help', 'exit-codes']);
    expect(r.code).toBe(0);
    expect(quoted(md, 'exit-codes')).toBe(r.stdout);
  });

  it('has a GitHub Actions workflow that installs the package and runs the example', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(md)?.[1] ?? '';
    expect(yaml).toMatch(/^jobs:$/m);
    expect(yaml).toContain('npm install -g "$RUNNER_TEMP"/c8spot-*.tgz');
    expect(yaml).toContain('run: bash docs/examples/ci.sh');
  });
});

describe('docs/examples/ci.sh', () => {
  it.skipIf(!hasJq)('runs green against the built CLI (needs jq on PATH)', { timeout: 180_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'c8spot-ci-example-'));
    dirs.push(work);
    // `c8spot` on PATH is the built CLI of this checkout, as after `npm install -g`.
    symlinkSync(CLI_BIN, join(work, 'c8spot'));
    const env = {
      PATH: [work, process.env.PATH].join(delimiter),
      HOME: work,
      TMPDIR: work,
      C8SPOT_CONFIG_DIR: join(work, 'config'),
      C8SPOT_EMULATOR_PORT: '0',
      CI: 'true',
    };
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', [SCRIPT], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^emulator at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toContain('inserted 3 accounts');
    const regions = stdout.match(/^(us-east|eu-west|ap-south) 2 rows (\w+)$/gm) ?? [];
    expect(regions).toHaveLength(3);
    expect(new Set(regions.map((l) => l.split(' ').at(-1))).size).toBe(1);
    expect(stdout).toMatch(/removed fabric ci-demo\nci example: ok\n$/);
    // The trap stopped the emulator it started.
    expect(stderr).toMatch(/stopped the emulator/);
  });
});
