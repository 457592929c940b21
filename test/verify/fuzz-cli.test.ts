// CLI input files under fuzz (specs/verification.md layer 7): NDJSON / JSON files mixing good
// documents with malformed lines go through the built `c8spot insert` against a real emulator.
// The CLI must name every bad line by number (on stderr or in --errors-file), exit non-zero,
// insert each good document exactly as written (never a truncated or merged one), insert
// nothing for bad lines, and write nothing at all with --dry-run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { runCli } from '../helpers/run-cli.js';
import { printReport, runSeed, sized } from './lib/report.js';

const SEED = runSeed(4711);
let emu: EmulatorHandle;
let dir: string;
let hasInsert = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'c8s-fuzz-cli-'));
  const help = await runCli(['insert', '--help'], { env: { C8SPOT_CONFIG_DIR: dir } });
  hasInsert = help.code === 0 && /insert/.test(help.stdout);
  if (!hasInsert) return;
  emu = await startTestEmulator({ seed: SEED });
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const BAD_LINES = ['{"_key":', '{"a":1,}', '[1,2', 'not json', '"just a string"', '42', '{"a":"\\x"}', '}{', '{"a":1}{"b":2}', '\u0000\u0001'];

const line = fc.oneof(
  { weight: 3, arbitrary: fc.record({ n: fc.integer(), s: fc.string({ maxLength: 8 }) }).map((d) => ({ good: true as const, text: JSON.stringify(d), doc: d })) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_LINES).map((text) => ({ good: false as const, text })) },
);

let runs = 0;
let badReported = 0;

function env(): NodeJS.ProcessEnv {
  return { C8SPOT_CONFIG_DIR: dir, C8SPOT_URL: emu.url, C8SPOT_API_KEY: emu.apiKey, C8SPOT_FABRIC: '_system', NO_COLOR: '1' };
}

/** The collection's documents without system fields, in input order (field `i`). */
async function docsOf(coll: string): Promise<Record<string, unknown>[]> {
  const res = await api(emu).get(`/_fabric/_system/_api/export/${coll}?offset=0&limit=1000`);
  expect(res.status, res.text).toBe(200);
  const docs = (res.body.result as Record<string, unknown>[]).map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('_'))));
  return docs.sort((a, b) => (a.i as number) - (b.i as number));
}

describe('c8spot insert with malformed input files', () => {
  it('reports bad lines by number, exits non-zero, inserts exactly the good lines', { timeout: sized(120_000, 400_000) }, async (ctx) => {
    if (!hasInsert) ctx.skip();
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 25 }).filter((ls) => ls.some((l) => !l.good)), async (lines) => {
        const coll = `fz${runs++}`;
        expect((await api(emu).post('/_fabric/_system/_api/collection', { name: coll })).status).toBeLessThan(300);
        // Number good docs so their order in the file is checkable.
        const texts = lines.map((l, i) => (l.good ? JSON.stringify({ i, ...l.doc }) : l.text));
        const file = join(dir, `${coll}.ndjson`);
        writeFileSync(file, texts.join('\n') + '\n');
        const errorsFile = join(dir, `${coll}.errors`);
        const res = await runCli(['insert', coll, file, '--max-errors', '1000', '--errors-file', errorsFile], { env: env() });
        const what = `${coll}: exit ${res.code}\n${res.stderr.slice(0, 600)}`;
        expect(res.code, what).not.toBe(0);
        expect(res.code, what).not.toBeNull();
        const report = res.stderr + (existsSync(errorsFile) ? readFileSync(errorsFile, 'utf8') : '');
        lines.forEach((l, i) => {
          if (l.good) return;
          badReported++;
          expect(report, `${what}\nline ${i + 1} (${JSON.stringify(l.text)}) not reported`).toMatch(new RegExp(`\\b${i + 1}\\b`));
        });
        const expected = lines.flatMap((l, i) => (l.good ? [{ i, ...l.doc }] : []));
        expect(await docsOf(coll), what).toEqual(expected);
      }),
      { seed: SEED, numRuns: sized(8, 40) },
    );
  });

  it('--dry-run writes nothing, even for a valid file', async (ctx) => {
    if (!hasInsert) ctx.skip();
    const coll = 'fzdry';
    await api(emu).post('/_fabric/_system/_api/collection', { name: coll });
    const file = join(dir, 'dry.ndjson');
    writeFileSync(file, '{"a":1}\n{"a":2}\n{"a":\n');
    const res = await runCli(['insert', coll, file, '--dry-run'], { env: env() });
    expect(res.code).not.toBeNull();
    expect(res.stderr).toMatch(/\b3\b/);
    expect(await docsOf(coll)).toEqual([]);
  });

  it('a truncated JSON array file is refused with its position, nothing half-written', async (ctx) => {
    if (!hasInsert) ctx.skip();
    const coll = 'fzarr';
    await api(emu).post('/_fabric/_system/_api/collection', { name: coll });
    const file = join(dir, 'cut.json');
    writeFileSync(file, '[{"i":0,"a":1},\n{"i":1,"a":2},\n{"i":2,"a":');
    const res = await runCli(['insert', coll, file], { env: env() });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/line 3|3:/);
    for (const d of await docsOf(coll)) expect(d).toEqual({ i: d.i, a: (d.i as number) + 1 });
    printReport({ workload: 'fuzz-cli', config: 'insert', seed: SEED, anomalies: { 'unreported-bad-lines': 0, 'half-written': 0 }, extra: { files: runs, badLines: badReported } });
  });
});
