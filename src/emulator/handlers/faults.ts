// Fault injection and observability for the simulated federation (emulator only, no
// GDN equivalent): /_emulator/faults, /_emulator/heal, /_emulator/stats. Tenant admin
// only. The CLI's `emulator fault|heal|status` wrap these routes.
//
// POST /_emulator/faults takes any mix of (applied in this order, all or nothing):
//   {"partition": [["us-east"], ["eu-west","ap-south"]]}   regions not named form one more group
//   {"down": "ap-south" | [...]}                          listener closed, links blocked
//   {"up": "ap-south" | [...]}                            undo "down"
//   {"lag": {"from","to","ms","oneWay"?} | [...]}        extra delay; both directions unless oneWay
//   {"drop": {"from","to","probability","oneWay"?} | [...]}
import { requireAdmin } from '../auth/access.js';
import type { EmulatorCore } from '../core.js';
import { badParameter } from '../errors.js';
import { objectBody } from '../http/body.js';
import { envelope, type Route, type RouteContext } from '../http/route.js';

type Json = Record<string, unknown>;

function list<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [v as T];
}

function regionName(core: EmulatorCore, v: unknown, what: string): string {
  const name = typeof v === 'string' ? core.regions.normalize(v) : undefined;
  if (name === undefined) throw badParameter(`${what}: unknown region ${JSON.stringify(v)}; valid regions: ${core.regions.names.join(', ')}`);
  return name;
}

interface LinkSpec {
  readonly from: string;
  readonly to: string;
  readonly value: number;
  readonly oneWay: boolean;
}

function linkSpecs(core: EmulatorCore, v: unknown, field: 'ms' | 'probability', what: string): LinkSpec[] {
  return list<unknown>(v).map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badParameter(`${what}: expected an object with from, to and ${field}`);
    const o = item as Json;
    const value = o[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badParameter(`${what}: '${field}' must be a number`);
    if (o.oneWay !== undefined && typeof o.oneWay !== 'boolean') throw badParameter(`${what}: 'oneWay' must be a boolean`);
    return { from: regionName(core, o.from, `${what}.from`), to: regionName(core, o.to, `${what}.to`), value, oneWay: o.oneWay === true };
  });
}

async function applyFaults(ctx: RouteContext): Promise<void> {
  const core = ctx.core;
  const body = objectBody(ctx.body);
  const known = new Set(['partition', 'down', 'up', 'lag', 'drop']);
  for (const k of Object.keys(body)) if (!known.has(k)) throw badParameter(`unknown fault '${k}'; use partition, down, up, lag or drop`);
  if (Object.keys(body).length === 0) throw badParameter('no fault given; use partition, down, up, lag or drop');

  // Validate everything before changing anything, so a bad request leaves no half-applied fault.
  let partition: string[][] | undefined;
  if (body.partition !== undefined) {
    if (!Array.isArray(body.partition) || !body.partition.every((g) => Array.isArray(g))) {
      throw badParameter('partition: expected an array of region groups, e.g. [["us-east"],["eu-west"]]');
    }
    partition = (body.partition as unknown[][]).map((g) => g.map((r) => regionName(core, r, 'partition')));
  }
  const down = body.down === undefined ? [] : list<unknown>(body.down).map((r) => regionName(core, r, 'down'));
  const up = body.up === undefined ? [] : list<unknown>(body.up).map((r) => regionName(core, r, 'up'));
  const lag = body.lag === undefined ? [] : linkSpecs(core, body.lag, 'ms', 'lag');
  const drop = body.drop === undefined ? [] : linkSpecs(core, body.drop, 'probability', 'drop');
  for (const l of [...lag, ...drop]) if (l.from === l.to) throw badParameter('a link joins two different regions');
  for (const l of lag) if (l.value < 0) throw badParameter('lag: ms must be >= 0');
  for (const l of drop) if (l.value < 0 || l.value > 1) throw badParameter('drop: probability must be between 0 and 1');

  const faults = core.network.faults;
  if (partition) faults.partition(partition);
  for (const l of lag) {
    faults.setLag(l.from, l.to, l.value);
    if (!l.oneWay) faults.setLag(l.to, l.from, l.value);
  }
  for (const l of drop) {
    faults.setDrop(l.from, l.to, l.value);
    if (!l.oneWay) faults.setDrop(l.to, l.from, l.value);
  }
  for (const r of down) {
    faults.setDown(r, true);
    await core.listeners.down(r);
  }
  for (const r of up) {
    faults.setDown(r, false);
    await core.listeners.up(r);
  }
}

async function heal(core: EmulatorCore): Promise<void> {
  const wasDown = core.network.faults.snapshot().down;
  core.network.faults.heal();
  for (const r of wasDown) await core.listeners.up(r);
}

export const faultRoutes: Route[] = [
  {
    method: 'POST',
    path: '/_emulator/faults',
    scope: 'global',
    handler: async (ctx) => {
      requireAdmin(ctx);
      await applyFaults(ctx);
      return envelope(200, { faults: ctx.core.network.faults.snapshot() });
    },
  },
  {
    method: 'GET',
    path: '/_emulator/faults',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      return envelope(200, { faults: ctx.core.network.faults.snapshot() });
    },
  },
  {
    method: 'POST',
    path: '/_emulator/heal',
    scope: 'global',
    handler: async (ctx) => {
      requireAdmin(ctx);
      await heal(ctx.core);
      return envelope(200, { faults: ctx.core.network.faults.snapshot() });
    },
  },
  {
    method: 'GET',
    path: '/_emulator/stats',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      return envelope(200, { ...ctx.core.network.stats() });
    },
  },
];
