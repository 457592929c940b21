import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/emulator/clock.js';
import { api, rawRequest, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
const clock = new ManualClock(1_700_000_000_000);
beforeAll(async () => {
  emu = await startTestEmulator({ clock });
});
afterAll(() => emu.close());

const decode = (seg: string): Record<string, unknown> => JSON.parse(Buffer.from(seg, 'base64url').toString('utf8'));

describe('POST /_open/auth', () => {
  it('returns an unwrapped {jwt, tenant, username} with a tenant claim', async () => {
    const r = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { email: emu.email, password: emu.password } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['jwt', 'tenant', 'username']);
    expect(r.body.tenant).toBe(emu.tenant);
    expect(r.body.username).toBe('root');
    const [h, p, s] = (r.body.jwt as string).split('.');
    expect(decode(h!)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decode(p!);
    expect(claims.tenant).toBe(emu.tenant);
    expect(claims.exp).toBe((claims.iat as number) + 12 * 3600);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('accepts tenant + username + password', async () => {
    const r = await rawRequest(emu.url, 'POST', '/_open/auth', {
      body: { tenant: emu.tenant, username: 'root', password: emu.password },
    });
    expect(r.status).toBe(200);
    expect(r.body.username).toBe('root');
  });

  it('answers an unknown email with 401/11 and a wrong password with 401/401', async () => {
    const a = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { email: 'nobody@x.io', password: 'x' } });
    expect(a.status).toBe(401);
    expect(a.body).toEqual({ error: true, code: 401, errorNum: 11, errorMessage: 'forbidden' });
    const b = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { email: emu.email, password: 'wrong' } });
    expect(b.status).toBe(401);
    expect(b.body).toEqual({ error: true, code: 401, errorNum: 401, errorMessage: 'Wrong credentials' });
  });

  it('rejects a body without credentials with 400/10', async () => {
    const r = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { password: 'x' } });
    expect(r.status).toBe(400);
    expect(r.body.errorNum).toBe(10);
  });

  it('JWTs work as bearer with either case and expire after 12 h', async () => {
    const login = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { email: emu.email, password: emu.password } });
    const jwt = login.body.jwt as string;
    for (const scheme of ['bearer', 'Bearer']) {
      const r = await rawRequest(emu.url, 'GET', '/_api/user', { auth: { header: `${scheme} ${jwt}` } });
      expect(r.status).toBe(200);
    }
    clock.advance(12 * 3600 * 1000 + 1000);
    const late = await rawRequest(emu.url, 'GET', '/_api/user', { auth: { jwt } });
    expect(late.status).toBe(401);
    const forged = jwt.slice(0, -2) + (jwt.endsWith('AA') ? 'BB' : 'AA');
    expect((await rawRequest(emu.url, 'GET', '/_api/user', { auth: { jwt: forged } })).status).toBe(401);
  });
});

describe('authentication on protected routes', () => {
  it('401 without credentials, with a bad key, or an unknown scheme', async () => {
    for (const auth of ['none', { apiKey: 'c8spot.admin.nope' }, { header: 'Basic eDp5' }, { header: 'apikey' }] as const) {
      const r = await rawRequest(emu.url, 'GET', '/_fabric/_system/_api/database/current', { auth });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: true, code: 401, errorNum: 401, errorMessage: 'Unauthorized' });
    }
  });

  it('GET /_api/user gives the tenant in result[0] (pyC8)', async () => {
    const r = await api(emu).get('/_api/user');
    expect(r.status).toBe(200);
    expect(r.body.error).toBe(false);
    expect(r.body.result[0]).toEqual({
      tenant: emu.tenant, email: emu.email, active: true, extra: {}, user: 'root', displayName: 'root',
    });
  });
});

describe('API keys', () => {
  const c = () => api(emu);

  it('create 201 / list / get / validate / delete 202', async () => {
    const created = await c().post('/_api/key', { keyid: 'k1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ error: false, code: 201, keyid: 'k1', tenant: emu.tenant, user: `${emu.tenant}.root` });
    expect(created.body.key).toMatch(new RegExp(`^${emu.tenant}\\.k1\\.[A-Za-z0-9_-]+$`));
    expect(created.body).not.toHaveProperty('errorNum');

    const list = await c().get('/_api/key');
    expect(list.body.result).toContainEqual({ keyid: 'k1', user: `${emu.tenant}.root`, tenant: emu.tenant });

    // jsC8 sends key calls under a fabric.
    const got = await c().get('/_fabric/_system/_api/key/k1');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ user: 'k1', tenant: emu.tenant, email: 'k1@apikey', active: true, displayName: 'k1' });
    expect(got.body.apikey.parent).toBe(`${emu.tenant}.root`);

    const v = await rawRequest(emu.url, 'POST', '/_fabric/_system/_api/key/validate', { body: { apikey: created.body.key } });
    expect(v.status).toBe(200);
    expect(v.body.result).toMatchObject({ keyid: 'k1', tenant: emu.tenant });
    const bad = await rawRequest(emu.url, 'POST', '/_api/key/validate', { body: { apikey: 'x.y.z' } });
    expect(bad.status).toBe(401);

    const del = await c().delete('/_api/key/k1');
    expect(del.status).toBe(202);
    expect(del.body).toEqual({ error: false, code: 202 });
    const again = await c().get('/_api/key/k1');
    expect(again.status).toBe(404);
    expect(again.body.errorNum).toBe(100015);
    expect((await rawRequest(emu.url, 'GET', '/_api/user', { auth: { apiKey: created.body.key } })).status).toBe(401);
  });

  it('key attributes: put merges, get shows, delete one / truncate → 202', async () => {
    await c().post('/_api/key', { keyid: 'attr' });
    const put = await c().put('/_api/key/attr/attributes', { team: 'a', tier: 1 });
    expect(put.body).toEqual({ error: false, code: 200, result: { team: 'a', tier: 1 } });
    await c().put('/_api/key/attr/attributes', { tier: 2 });
    expect((await c().get('/_api/key/attr/attributes')).body.result).toEqual({ team: 'a', tier: 2 });
    expect((await c().delete('/_api/key/attr/attributes/team')).status).toBe(202);
    expect((await c().get('/_api/key/attr/attributes')).body.result).toEqual({ tier: 2 });
    expect((await c().delete('/_api/key/attr/attributes/truncate')).body).toEqual({ error: false, code: 202 });
    expect((await c().get('/_api/key/attr/attributes')).body.result).toEqual({});
    expect((await c().get('/_api/key/ghost/attributes')).body.errorNum).toBe(100015);
  });

  it('validates a JWT too', async () => {
    const login = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { email: emu.email, password: emu.password } });
    const v = await rawRequest(emu.url, 'POST', '/_api/key/validate', { body: { jwt: login.body.jwt } });
    expect(v.body.result.tenant).toBe(emu.tenant);
  });

  it('rejects bad and duplicate key ids', async () => {
    const bad = await c().post('/_api/key', { keyid: '1abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.errorNum).toBe(100020);
    await c().post('/_api/key', { keyid: 'dup' });
    const dup = await c().post('/_api/key', { keyid: 'dup' });
    expect(dup.status).toBe(409);
    expect(dup.body.errorNum).toBe(1207);
    expect((await c().get('/_api/key/bad!id')).body.errorNum).toBe(100015);
  });
});

describe('grants: none → 403, ro cannot write, collection → * → fabric', () => {
  it('enforces and reports levels for keys', async () => {
    const c = api(emu);
    const key = (await c.post('/_api/key', { keyid: 'reader' })).body.key as string;
    const asKey = api(emu, emu.url, { auth: { apiKey: key } });
    await c.post('/_fabric/_system/_api/database', { name: 'g1' });

    // No grant at all: the fabric is invisible.
    const none = await asKey.get('/_fabric/g1/_api/database/current');
    expect(none.status).toBe(403);
    expect(none.body).toEqual({ error: true, code: 403, errorNum: 11, errorMessage: 'forbidden' });

    const set = await c.put('/_api/key/reader/database/g1', { grant: 'ro' });
    expect(set.body).toEqual({ error: false, code: 200, result: 'ro' });
    expect((await c.get('/_api/key/reader/database/g1')).body.result).toBe('ro');
    expect((await asKey.get('/_fabric/g1/_api/database/current')).status).toBe(200);
    // ro cannot write metadata.
    const w = await asKey.put('/_fabric/g1/_api/database/metadata', { metadata: { a: 1 } });
    expect(w.status).toBe(403);
    // nor create fabrics or manage keys.
    expect((await asKey.post('/_api/database', { name: 'zz' })).status).toBe(403);
    expect((await asKey.post('/_api/key', { keyid: 'other' })).status).toBe(403);

    // Collection level falls back: explicit → '*' → fabric.
    expect((await c.get('/_api/key/reader/database/g1/collection/c1')).body.result).toBe('ro');
    await c.put('/_api/key/reader/database/g1/collection/*', { grant: 'none' });
    expect((await c.get('/_api/key/reader/database/g1/collection/c1')).body.result).toBe('none');
    await c.put('/_api/key/reader/database/g1/collection/c1', { grant: 'rw' });
    expect((await c.get('/_api/key/reader/database/g1/collection/c1')).body.result).toBe('rw');
    expect((await c.get('/_api/key/reader/database/g1/collection')).body.result).toEqual({ '*': 'none', c1: 'rw' });
    expect(emu.core.auth.level({ kind: 'key', id: 'reader', tenant: emu.tenant, admin: false }, 'g1', 'c2')).toBe('none');

    const all = await c.get('/_api/key/reader/database?full=false');
    expect(all.body.result).toMatchObject({ _system: 'none', g1: 'ro' });
    expect((await c.delete('/_api/key/reader/database/g1/collection/c1')).status).toBe(202);
    expect((await c.delete('/_api/key/reader/database/g1')).status).toBe(202);
    expect((await c.get('/_api/key/reader/database/g1')).body.result).toBe('none');
    expect((await c.put('/_api/key/reader/database/g1', { grant: 'admin' })).status).toBe(400);
    expect((await c.put('/_api/key/reader/database/nofab', { grant: 'ro' })).body.errorNum).toBe(1228);
  });
});

describe('users', () => {
  it('create 201, duplicate email 409/100012, login, grants, delete 202', async () => {
    const c = api(emu);
    const u = await c.post('/_api/user', { email: 'ann@example.com', passwd: 'secret-1', active: true });
    expect(u.status).toBe(201);
    expect(u.body).toMatchObject({ error: false, code: 201, active: true, email: 'ann@example.com', tenant: emu.tenant, extra: {} });
    const id = u.body.user as string;
    expect((await c.post('/_api/user', { email: 'ann@example.com', passwd: 'x' })).body.errorNum).toBe(100012);

    const login = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { email: 'ann@example.com', password: 'secret-1' } });
    expect(login.status).toBe(200);
    const asAnn = api(emu, emu.url, { auth: { jwt: login.body.jwt } });
    expect((await asAnn.get('/_api/user')).body.result).toEqual([expect.objectContaining({ user: id })]);
    expect((await asAnn.get('/_fabric/_system/_api/database/current')).status).toBe(403);

    // jsC8's legacy /_admin/user path reaches the same grants.
    const g = await c.put(`/_fabric/_system/_admin/user/${id}/database/_system`, { grant: 'ro' });
    expect(g.body).toEqual({ error: false, code: 200, _system: 'ro' });
    expect((await asAnn.get('/_fabric/_system/_api/database/current')).status).toBe(200);

    expect((await c.delete(`/_api/user/${id}`)).status).toBe(202);
    expect((await c.get(`/_api/user/${id}`)).body.errorNum).toBe(1703);
    expect((await asAnn.get('/_api/user')).status).toBe(401);
  });
});
