// HTTP(S) listeners on fastify 5. One fastify instance serves every listener: the
// global URL (served by the first region) and one per region. A request's region is
// its Host header's region (`api-<dc>.x` / `<dc>.x`) when it names one, else the
// listener's. URL variants are rewritten before routing (http/normalise.ts).
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ErrorNum } from '../wire/codes.js';
import { errorBody } from '../wire/errors.js';
import type { Principal } from './auth/principal.js';
import type { EmulatorCore } from './core.js';
import { GdnError, fabricNotFound, unauthorized } from './errors.js';
import { normaliseUrl } from './http/normalise.js';
import type { BodyMode, Reply, Route, RouteContext } from './http/route.js';
import { SYSTEM_FABRIC } from './store/fabric-store.js';

export interface TlsCredentials {
  readonly cert: string;
  readonly key: string;
}

export interface Listener {
  /** undefined for the global listener. */
  readonly region: string | undefined;
  readonly server: Server;
  readonly url: string;
  readonly port: number;
}

export interface EmulatorServer {
  readonly url: string;
  readonly regions: Record<string, string>;
  readonly listeners: readonly Listener[];
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** ArangoDB's ERROR_INTERNAL, for failures no handler anticipated. */
const INTERNAL_ERROR_NUM = 4;

const listenerRegion = new WeakMap<IncomingMessage, string>();

declare module 'fastify' {
  interface FastifyRequest {
    gdnRegion: string;
    gdnStart: bigint;
  }
}

/** Reads the Authorization header: `apikey <key>` or `bearer|Bearer <jwt>`; 401 otherwise. */
export function authenticate(core: EmulatorCore, header: string | undefined): Principal {
  if (!header) throw unauthorized();
  const trimmed = header.trim();
  const sp = trimmed.indexOf(' ');
  if (sp < 0) throw unauthorized();
  const scheme = trimmed.slice(0, sp).toLowerCase();
  const cred = trimmed.slice(sp + 1).trim();
  const p =
    scheme === 'apikey' ? core.auth.principalForKey(cred) : scheme === 'bearer' ? core.auth.principalForJwt(cred) : undefined;
  if (!p) throw unauthorized();
  return p;
}

function parseQuery(qs: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Repeated parameters: the last one wins, as in ArangoDB.
  for (const [k, v] of new URLSearchParams(qs)) out[k] = v;
  return out;
}

function parseJsonBody(buf: Buffer): unknown {
  if (buf.length === 0) return undefined;
  const text = buf.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GdnError(400, ErrorNum.HTTP_CORRUPTED_JSON, `VPackError error: ${(err as Error).message}`);
  }
}

function errorReply(err: unknown): { status: number; body: unknown } {
  if (err instanceof GdnError) return { status: err.status, body: err.toBody() };
  const fe = err as Partial<FastifyError>;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: errorBody(413, ErrorNum.HTTP_REQUEST_TOO_LARGE, 'request body too large') };
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status < 500) return { status, body: errorBody(status, status, fe.message ?? 'bad request') };
  return { status: 500, body: errorBody(500, INTERNAL_ERROR_NUM, `internal error: ${fe.message ?? String(err)}`) };
}

async function send(reply: FastifyReply, out: Reply): Promise<void> {
  reply.code(out.status);
  if (out.headers) reply.headers(out.headers);
  if (out.stream !== undefined) {
    await reply.send(out.stream instanceof Readable ? out.stream : Readable.from(out.stream));
    return;
  }
  if (out.raw !== undefined) {
    await reply.send(out.raw);
    return;
  }
  if (out.body === undefined) {
    await reply.send();
    return;
  }
  reply.header('content-type', 'application/json; charset=utf-8');
  await reply.send(JSON.stringify(out.body));
}

function registerRoute(app: FastifyInstance, core: EmulatorCore, route: Route, method: Route['method']): void {
  const url = route.scope === 'fabric' ? `/_fabric/:fabric${route.path}` : route.path;
  app.route({
    method,
    url,
    ...(route.bodyLimit !== undefined ? { bodyLimit: route.bodyLimit } : {}),
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const params = { ...(req.params as Record<string, string>) };
      let principal: Principal | undefined;
      if (route.scope !== 'open') principal = authenticate(core, req.headers.authorization);
      let fabric = SYSTEM_FABRIC;
      if (route.scope === 'fabric') {
        fabric = params.fabric ?? SYSTEM_FABRIC;
        delete params.fabric;
        if (!core.fabrics.exists(fabric)) throw fabricNotFound();
      }
      // The AbortController is made only when a handler asks for the signal (spot routing
      // does; a point read does not): building one per request was ~4% of a read's CPU.
      let ac: AbortController | undefined;
      let gone = false;
      reply.raw.once('close', () => {
        if (reply.raw.writableFinished) return;
        gone = true;
        ac?.abort();
      });
      const ctx: RouteContext = {
        core,
        region: req.gdnRegion,
        fabric,
        principal,
        params,
        query: req.query as Record<string, string>,
        headers: req.headers,
        body: req.body,
        requestId: String(req.id),
        get signal() {
          if (!ac) {
            ac = new AbortController();
            if (gone) ac.abort();
          }
          return ac.signal;
        },
      };
      await send(reply, await route.handler(ctx));
    },
  });
}

/** Registers routes in three encapsulated contexts, one per body mode (parsers are per context). */
function registerRoutes(app: FastifyInstance, core: EmulatorCore, routes: readonly Route[]): void {
  const explicitHead = new Set(routes.filter((r) => r.method === 'HEAD').map((r) => `${r.scope}:${r.path}`));
  const byMode = new Map<BodyMode, Route[]>();
  for (const r of routes) {
    const mode = r.bodyMode ?? 'json';
    byMode.set(mode, [...(byMode.get(mode) ?? []), r]);
  }
  for (const [mode, list] of byMode) {
    void app.register(async (child) => {
      child.removeAllContentTypeParsers();
      if (mode === 'stream') {
        child.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
      } else {
        child.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
          try {
            done(null, mode === 'buffer' ? body : parseJsonBody(body as Buffer));
          } catch (err) {
            done(err as Error, undefined);
          }
        });
      }
      for (const r of list) {
        registerRoute(child, core, r, r.method);
        // GET answers HEAD too, unless a handler declares its own HEAD.
        if (r.method === 'GET' && !explicitHead.has(`${r.scope}:${r.path}`)) registerRoute(child, core, r, 'HEAD');
      }
    });
  }
}

function listen(server: Server, port: number, host: string, what = 'the emulator'): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} (${what}) is already in use; pick another --port, or --port 0 for free ports`)
          : err,
      );
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startServer(core: EmulatorCore, routes: readonly Route[], tls?: TlsCredentials): Promise<EmulatorServer> {
  const opts = core.options;
  const makeServer = (region: string, handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      listenerRegion.set(req, region);
      handler(req, res);
    };
    // Keep-alive well past the CLI's and SDKs' idle timeouts, so batch loads reuse sockets.
    const common = { keepAliveTimeout: 65_000 };
    return tls ? (createHttpsServer({ ...common, cert: tls.cert, key: tls.key }, listener) as unknown as Server) : createHttpServer(common, listener);
  };

  const first = core.regions.first.name;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const app = Fastify({
    logger: false,
    bodyLimit: opts.maxBodyBytes,
    exposeHeadRoutes: false,
    return503OnClosing: false,
    genReqId: () => randomUUID(),
    rewriteUrl: (req) => normaliseUrl(req.url ?? '/'),
    routerOptions: { maxParamLength: 1024, querystringParser: parseQuery },
    // Errors raised before routing (e.g. a malformed percent-encoding) skip the error
    // handler and hooks; they get the same envelope and headers here.
    frameworkErrors: (err, req, reply) => {
      const region = core.regions.fromHost(req.headers.host) ?? listenerRegion.get(req.raw) ?? first;
      const { status, body } = errorReply(err);
      void (reply as unknown as FastifyReply)
        .code(status)
        .header('x-gdn-region', region)
        .header('x-gdn-requestid', String(req.id))
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(body));
    },
    serverFactory: (h) => {
      handler = h;
      return makeServer(first, h);
    },
  });

  app.decorateRequest('gdnRegion', '');
  app.decorateRequest('gdnStart', 0n);
  // Callback-style hooks: they run on every request, and an async hook costs a promise and
  // a microtask turn each.
  app.addHook('onRequest', (req, reply, done) => {
    req.gdnStart = process.hrtime.bigint();
    req.gdnRegion = core.regions.fromHost(req.headers.host) ?? listenerRegion.get(req.raw) ?? first;
    reply.header('x-gdn-region', req.gdnRegion);
    reply.header('x-gdn-requestid', String(req.id));
    reply.header('access-control-expose-headers', 'x-gdn-region, x-gdn-requestid, x-gdn-responsetime');
    done();
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-gdn-responsetime', String(Number(process.hrtime.bigint() - req.gdnStart) / 1e6));
    done(null, payload);
  });
  app.setErrorHandler(async (err, _req, reply) => {
    const { status, body } = errorReply(err);
    reply.code(status).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const path = (req.originalUrl ?? req.url ?? '/').split('?')[0];
    reply.code(404).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(errorBody(404, ErrorNum.HTTP_NOT_FOUND, `unknown path '${path}'`));
  });

  registerRoutes(app, core, routes);
  await app.ready();

  const scheme = tls ? 'https' : 'http';
  const urlHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const listeners: Listener[] = [];
  try {
    const globalPort = await listen(app.server, opts.port, opts.host, 'global URL');
    listeners.push({ region: undefined, server: app.server, port: globalPort, url: `${scheme}://${urlHost}:${globalPort}` });
    for (const region of core.regions.list) {
      const server = makeServer(region.name, handler!);
      const port = await listen(server, opts.port === 0 ? 0 : opts.port + 1 + region.index, opts.host, `region ${region.name}`);
      listeners.push({ region: region.name, server, port, url: `${scheme}://${urlHost}:${port}` });
      region.endpoint = `${scheme}://${urlHost}:${port}`;
      region.port = port;
    }
  } catch (err) {
    await Promise.all(listeners.map((l) => closeServer(l.server)));
    await app.close();
    throw err;
  }

  const regions: Record<string, string> = {};
  for (const l of listeners) if (l.region !== undefined) regions[l.region] = l.url;
  const regionListener = (region: string): Listener => {
    const l = listeners.find((x) => x.region === region);
    if (!l) throw new Error(`unknown region '${region}'`);
    return l;
  };
  core.listeners = {
    down: (region) => closeServer(regionListener(region).server),
    up: async (region) => {
      const l = regionListener(region);
      if (!l.server.listening) await listen(l.server, l.port, opts.host, `region ${region}`);
    },
    isUp: (region) => regionListener(region).server.listening,
  };
  let closing: Promise<void> | undefined;
  return {
    url: listeners[0]!.url,
    regions,
    listeners,
    app,
    close() {
      closing ??= (async () => {
        await Promise.all(listeners.map((l) => closeServer(l.server)));
        await app.close();
      })();
      return closing;
    },
  };
}
