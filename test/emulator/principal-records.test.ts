// API keys and users follow ONE rule for their records and grants (handlers/access-grants.ts):
// the admin reads and writes anyone's; a key or user reads only its own and writes none.
// Table-driven over both kinds so the shared implementation is held to the same contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let admin: ApiClient;

interface Principal {
  readonly client: ApiClient;
  readonly id: string;
}

async function newKey(keyid: string): Promise<Principal> {
  const made = await admin.post('/_api/key', { keyid });
  expect(made.status).toBe(201);
  return { client: api(emu, emu.url, { auth: { apiKey: made.body.key as string } }), id: keyid };
}

async function newUser(email: string): Promise<Principal> {
  const made = await admin.post('/_api/user', { email, passwd: 'pw-123456' });
  expect(made.status).toBe(201);
  const login = await api(emu).post('/_open/auth', { email, password: 'pw-123456' }, { auth: 'none' });
  return { client: api(emu, emu.url, { auth: { jwt: login.body.jwt as string } }), id: made.body.user as string };
}

beforeAll(async () => {
  emu = await startTestEmulator();
  admin = api(emu);
});
afterAll(() => emu.close());

const KINDS = [
  { kind: 'key', prefix: '/_api/key', make: newKey, unknownErrorNum: 100015 },
  { kind: 'user', prefix: '/_api/user', make: (n: string) => newUser(`${n}@example.test`), unknownErrorNum: 1703 },
] as const;

describe.each(KINDS)('$kind records and grants', ({ prefix, make, unknownErrorNum }) => {
  let me: Principal;
  let other: Principal;
  beforeAll(async () => {
    me = await make(`me${prefix.length}`);
    other = await make(`other${prefix.length}`);
    expect((await admin.put(`${prefix}/${me.id}/database/_system`, { grant: 'ro' })).status).toBe(200);
    expect((await admin.put(`${prefix}/${other.id}/database/_system/collection/c1`, { grant: 'rw' })).status).toBe(200);
  });

  it('reads its own record and grants', async () => {
    expect((await me.client.get(`${prefix}/${me.id}`)).status).toBe(200);
    expect((await me.client.get(`${prefix}/${me.id}/database/_system`)).body.result).toBe('ro');
    expect((await me.client.get(`${prefix}/${me.id}/database`)).body.result._system).toBe('ro');
  });

  it("may not read another's record or grants", async () => {
    for (const path of [`${prefix}/${other.id}`, `${prefix}/${other.id}/database`, `${prefix}/${other.id}/database/_system/collection`]) {
      const r = await me.client.get(path);
      expect([r.status, r.body.errorNum], path).toEqual([403, 11]);
    }
  });

  it('may not change grants, not even its own', async () => {
    const r = await me.client.put(`${prefix}/${me.id}/database/_system`, { grant: 'rw' });
    expect(r.status).toBe(403);
    expect((await me.client.delete(`${prefix}/${me.id}/database/_system`)).status).toBe(403);
    expect((await admin.get(`${prefix}/${me.id}/database/_system`)).body.result).toBe('ro');
  });

  it("the admin reads anyone's; an unknown id is 404 with the kind's errorNum", async () => {
    expect((await admin.get(`${prefix}/${other.id}/database/_system/collection`)).body.result).toEqual({ c1: 'rw' });
    const r = await admin.get(`${prefix}/nosuch1/database`);
    expect([r.status, r.body.errorNum]).toEqual([404, unknownErrorNum]);
  });
});

describe('a key seen as a user', () => {
  it('GET /_api/user with a key shows the same record as GET /_api/key/{self}, minus apikey', async () => {
    const k = await newKey('lookalike');
    const asUser = (await k.client.get('/_api/user')).body.result as unknown[];
    const { error: _e, code: _c, apikey, ...asKey } = (await k.client.get('/_api/key/lookalike')).body as Record<string, unknown>;
    expect(apikey).toMatchObject({ parent: `${emu.tenant}.root` });
    expect(asUser).toEqual([asKey]);
    expect(asKey).toEqual({ user: 'lookalike', tenant: emu.tenant, email: 'lookalike@apikey', active: true, extra: {}, displayName: 'lookalike' });
  });
});
