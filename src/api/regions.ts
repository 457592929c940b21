// Datacenters (reference/gdn-api.md §3): unscoped paths, no fabric.
import type { GdnClient } from './client.js';

export interface DcRecord {
  readonly _key?: string;
  readonly name: string;
  readonly host?: string;
  /** Emulator only: the region's own loopback port. */
  readonly port?: number;
  readonly local?: boolean;
  readonly spot_region?: boolean;
  /** 0 = online. */
  readonly status?: number;
  readonly tags?: { readonly api?: string; readonly url?: string; readonly role?: string };
  readonly locationInfo?: Readonly<Record<string, unknown>>;
}

export function listRegions(c: GdnClient): Promise<DcRecord[]> {
  return c.requestJson<DcRecord[]>({ method: 'GET', path: '/datacenter/all' });
}

export function localRegion(c: GdnClient): Promise<DcRecord> {
  return c.requestJson<DcRecord>({ method: 'GET', path: '/datacenter/local' });
}

export async function tenantRegions(c: GdnClient, tenant: string): Promise<DcRecord[]> {
  const body = await c.requestJson<{ dcInfo: DcRecord[] }[]>({ method: 'GET', path: `/datacenter/_tenant/${encodeURIComponent(tenant)}` });
  return body[0]?.dcInfo ?? [];
}
