// Collections (reference/gdn-api.md §5).
import { fabricPath, seg, type GdnClient } from './client.js';

export interface CollectionInfo {
  readonly id?: string;
  readonly name: string;
  readonly type?: number;
  readonly status?: number;
  readonly isSpot?: boolean;
  readonly strongConsistency?: boolean;
  readonly isLocal?: boolean;
  readonly isSystem?: boolean;
  readonly hasStream?: boolean;
  readonly [k: string]: unknown;
}

export interface CreateCollectionInput {
  readonly name: string;
  readonly spot?: boolean;
  readonly local?: boolean;
  readonly edge?: boolean;
}

/** Spot under either name: pre-0.18 `isSpot` or newer `strongConsistency`. */
export function isSpotCollection(c: CollectionInfo): boolean {
  return c.isSpot === true || c.strongConsistency === true;
}

export function createCollection(c: GdnClient, fabric: string, input: CreateCollectionInput): Promise<CollectionInfo> {
  const spot = input.spot === true;
  // Both spot field names, as pyC8 >= 1.1 sends them.
  const body = { name: input.name, type: input.edge ? 3 : 2, isSpot: spot, strongConsistency: spot, isLocal: input.local === true };
  return c.requestJson<CollectionInfo>({ method: 'POST', path: fabricPath(fabric, 'collection'), body });
}

export async function listCollections(c: GdnClient, fabric: string): Promise<CollectionInfo[]> {
  const r = await c.requestJson<{ result: CollectionInfo[] }>({ method: 'GET', path: fabricPath(fabric, 'collection'), query: { excludeSystem: true } });
  return r.result;
}

export function getCollection(c: GdnClient, fabric: string, name: string): Promise<CollectionInfo> {
  return c.requestJson<CollectionInfo>({ method: 'GET', path: fabricPath(fabric, seg('collection', name)) });
}

export async function countCollection(c: GdnClient, fabric: string, name: string): Promise<number> {
  const r = await c.requestJson<{ count: number | string }>({ method: 'GET', path: fabricPath(fabric, seg('collection', name, 'count')) });
  return Number(r.count);
}

export function truncateCollection(c: GdnClient, fabric: string, name: string): Promise<CollectionInfo> {
  return c.requestJson<CollectionInfo>({ method: 'PUT', path: fabricPath(fabric, seg('collection', name, 'truncate')) });
}

export async function deleteCollection(c: GdnClient, fabric: string, name: string): Promise<void> {
  await c.requestJson({ method: 'DELETE', path: fabricPath(fabric, seg('collection', name)) });
}
