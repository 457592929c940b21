// Fabrics (reference/gdn-api.md §4). Create/list/delete go through `_system`.
import { fabricPath, seg, type GdnClient } from './client.js';

export interface FabricOptions {
  readonly dcList?: string;
  readonly spotDc?: string;
  readonly metadata?: Readonly<Record<string, unknown>> | null;
  readonly [k: string]: unknown;
}

export interface FabricInfo {
  readonly name: string;
  readonly isSystem?: boolean;
  readonly options: FabricOptions;
}

export interface CreateFabricInput {
  readonly name: string;
  readonly dcList?: readonly string[];
  /** A DC name; '' for no spot region; undefined lets the server pick. */
  readonly spotDc?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export async function createFabric(c: GdnClient, input: CreateFabricInput): Promise<void> {
  const options: Record<string, unknown> = { dcList: (input.dcList ?? []).join(',') };
  if (input.spotDc !== undefined) options.spotDc = input.spotDc;
  if (input.metadata) options.metadata = input.metadata;
  await c.requestJson({ method: 'POST', path: fabricPath('_system', 'database'), body: { name: input.name, options } });
}

export async function listFabrics(c: GdnClient): Promise<FabricInfo[]> {
  const r = await c.requestJson<{ result: FabricInfo[] }>({ method: 'GET', path: fabricPath('_system', 'database/user') });
  return r.result;
}

export async function getFabric(c: GdnClient, name: string): Promise<FabricInfo> {
  const r = await c.requestJson<{ result: FabricInfo }>({ method: 'GET', path: fabricPath(name, 'database/current') });
  return r.result;
}

export async function deleteFabric(c: GdnClient, name: string): Promise<void> {
  await c.requestJson({ method: 'DELETE', path: fabricPath('_system', seg('database', name)) });
}

/** pyC8's form (§4.7, UNCONFIRMED on GDN): `PUT /_fabric/{f}/database/{dc}`. */
export async function setSpotRegion(c: GdnClient, name: string, dc: string): Promise<void> {
  await c.requestJson({ method: 'PUT', path: `/_fabric/${encodeURIComponent(name)}/database/${encodeURIComponent(dc)}` });
}
