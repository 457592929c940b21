// THE ROUTE CONTRACT: how every emulator handler is declared and what it receives.
//
//  * A module under src/emulator/handlers/ exports `const xRoutes: Route[]`, and
//    handlers/index.ts lists it. Nothing else registers routes.
//  * `path` is the NORMALISED path, without the fabric prefix, using `:param` segments:
//    '/_api/collection/:name'. Before routing, the server rewrites every accepted
//    variant onto it (http/normalise.ts): `/_tenant/{t}` is stripped, `/_fabric/{f}/X`
//    ≡ `/_fabric/{f}/_api/X`, no `/_fabric` = fabric `_system`, `//` collapsed, trailing
//    `/` ignored, `/_api/datacenter/…` ≡ `/datacenter/…`, `/_fabric/{f}/_api/key…` ≡
//    `/_api/key…`, jsC8's `/_fabric/{f}/_admin/user…` ≡ `/_api/user…`.
//  * `scope`:
//      'fabric' – path starts with /_api/ and is served per fabric. The caller is
//                 authenticated (401 otherwise) and ctx.fabric is verified to exist
//                 (404/1228 otherwise) before the handler runs. Access levels are the
//                 handler's business: call requireAccess(ctx, 'ro'|'rw', collection?).
//      'global' – tenant-wide (/_api/key, /_api/user, /datacenter, /_emulator …):
//                 authenticated; ctx.fabric is '_system'.
//      'open'   – no credentials needed (/_open/auth, /_admin/ready); ctx.principal
//                 is undefined.
//  * Handlers return a Reply or throw GdnError (src/emulator/errors.ts), which becomes
//    the four-field envelope. Success bodies must never contain `errorNum`.
//  * `body` is parsed JSON (undefined when the request had no body) unless the route
//    asks for `bodyMode: 'buffer'` (a Buffer) or `'stream'` (the raw Readable, for
//    streaming imports). Malformed JSON → 400/600 and an over-limit body → 413, both
//    before the handler runs. `bodyLimit` raises or lowers the default per route (in
//    'stream' mode the handler reads, and limits, the stream itself).
//  * Region listeners can be stopped/started at run time through core.listeners.
//  * `query` values are the raw strings (the last one when repeated); use queryBool /
//    queryInt from http/query.ts to read them (booleans accept true/false/1/0).
//  * Every reply gets `x-gdn-region` and `x-gdn-requestid` added by the server.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Principal } from '../auth/principal.js';
import type { EmulatorCore } from '../core.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Scope = 'fabric' | 'global' | 'open';
export type BodyMode = 'json' | 'buffer' | 'stream';

export interface RouteContext {
  readonly core: EmulatorCore;
  /** The region serving this request (Host routing, else the listener's region). */
  readonly region: string;
  /** Fabric of a 'fabric' route (exists); '_system' for other scopes. */
  readonly fabric: string;
  /** Authenticated caller; undefined only on 'open' routes. */
  readonly principal: Principal | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly requestId: string;
  /** Aborted when the client goes away, so long waits (spot round trips, cursors) can stop. */
  readonly signal: AbortSignal;
}

export interface Reply {
  readonly status: number;
  /** Sent as JSON (application/json; charset=utf-8). */
  readonly body?: unknown;
  /** Sent as is; set content-type in `headers`. */
  readonly raw?: string | Buffer;
  /** Streamed as is (e.g. big exports); set content-type in `headers`. */
  readonly stream?: Readable | AsyncIterable<string | Uint8Array>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: Method;
  readonly path: string;
  readonly scope: Scope;
  readonly bodyMode?: BodyMode;
  readonly bodyLimit?: number;
  handler(ctx: RouteContext): Reply | Promise<Reply>;
}

/** `{error:false, code, ...fields}` — the GDN success envelope with fields at the top level. */
export function envelope(status: number, fields: Record<string, unknown> = {}): Reply {
  return { status, body: { error: false, code: status, ...fields } };
}

/** `{error:false, code, result}`. */
export function result(status: number, value: unknown): Reply {
  return envelope(status, { result: value });
}

/** An unwrapped JSON body (documents, datacenter lists, /_open/auth). */
export function json(status: number, body: unknown): Reply {
  return { status, body };
}
