import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOut, startDataCli, type DataCli } from './data-cli.js';

let cli: DataCli;

interface Step {
  kind: string;
  name: string;
  status: string;
}

beforeAll(async () => {
  cli = await startDataCli();
});
afterAll(async () => {
  await cli?.close();
});

async function seed(fabric: string): Promise<void> {
  expect((await cli.http.post('/_fabric/_system/_api/database', { name: fabric })).status).toBe(201);
  await cli.http.post(`/_fabric/${fabric}/_api/collection`, { name: 'a' });
  await cli.http.post(`/_fabric/${fabric}/_api/collection`, { name: 'b' });
}

describe('c8spot teardown', () => {
  it('needs --yes when not interactive (exit 2 naming the flag) and removes nothing', async () => {
    await seed('gated');
    const r = await cli.run(['teardown', 'gated']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    expect((await cli.http.get('/_fabric/gated/_api/collection/a')).status).toBe(200);
  });

  it('--dry-run lists what would go and removes nothing', async () => {
    await seed('dry');
    const r = await cli.run(['teardown', 'dry', '--dry-run', '-o', 'json']);
    expect(r.code).toBe(0);
    const steps = jsonOut<{ steps: Step[] }>(r).steps;
    expect(steps.filter((s) => s.status === 'would remove').map((s) => `${s.kind}:${s.name}`).sort()).toEqual(['collection:a', 'collection:b', 'fabric:dry']);
    expect((await cli.http.get('/_fabric/dry/_api/collection/a')).status).toBe(200);
  });

  it('removes collections and the fabric, and succeeds when run twice', async () => {
    await seed('gone');
    const first = await cli.run(['teardown', 'gone', '--yes', '-o', 'json']);
    expect(first.code).toBe(0);
    const steps = jsonOut<{ steps: Step[] }>(first).steps;
    expect(steps.map((s) => `${s.kind}:${s.name}:${s.status}`).sort()).toEqual(['collection:a:removed', 'collection:b:removed', 'fabric:gone:removed']);
    expect((await cli.http.get('/_fabric/gone/_api/database/current')).status).toBe(404);
    const second = await cli.run(['teardown', 'gone', '--yes']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already gone\s+fabric\s+gone/);
    expect(second.stderr).toMatch(/0 removed, 1 already gone/);
  });

  it('removes saved queries before collections and the fabric', async () => {
    await seed('withq');
    const saved = await cli.http.post('/_fabric/withq/_api/restql', { query: { name: 'q1', value: 'FOR d IN a RETURN d', parameter: {} } });
    expect(saved.status).toBe(200);
    const r = await cli.run(['teardown', 'withq', '--yes', '-o', 'json']);
    expect(r.code).toBe(0);
    const steps = jsonOut<{ steps: Step[] }>(r).steps;
    expect(steps.map((s) => `${s.kind}:${s.status}`)).toEqual(['restql:removed', 'collection:removed', 'collection:removed', 'fabric:removed']);
    expect(steps[0]?.name).toBe('q1');
  });

  it('--keep-fabric empties the fabric but keeps it', async () => {
    await seed('kept');
    const r = await cli.run(['teardown', 'kept', '--keep-fabric', '-y']);
    expect(r.code).toBe(0);
    expect((await cli.http.get('/_fabric/kept/_api/database/current')).status).toBe(200);
    expect((await cli.http.get('/_fabric/kept/_api/collection/a')).status).toBe(404);
  });
});
