// Typed failures of the REST client. GdnError: a reply carrying GDN's error envelope.
// HttpError: a >= 400 reply without that envelope (a proxy page, say). NetworkError: no
// reply at all, with a kind the CLI maps to exit 8 and a hint.
export class GdnError extends Error {
  override readonly name = 'GdnError';
  constructor(
    readonly status: number,
    readonly errorNum: number,
    readonly errorMessage: string,
    readonly requestId: string | undefined,
    readonly region: string | undefined,
  ) {
    super(errorMessage);
  }
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly bodySnippet: string,
    readonly requestId: string | undefined,
    readonly region: string | undefined,
  ) {
    super(`HTTP ${status}${bodySnippet ? `: ${bodySnippet}` : ''}`);
  }
}

export type NetworkErrorKind = 'timeout' | 'reset' | 'refused' | 'dns' | 'tls';

export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly kind: NetworkErrorKind,
    readonly url: string,
    readonly code: string | undefined,
  ) {
    super(`${kind === 'refused' ? 'connection refused' : kind === 'dns' ? 'host not found' : kind === 'tls' ? 'TLS handshake failed' : kind === 'timeout' ? 'request timed out' : 'connection reset'} (${url})`);
  }
}

/** Classifies a thrown undici/Node error; undefined when it is not a transport failure. */
export function networkKind(err: unknown): NetworkErrorKind | undefined {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  const code = e?.code ?? e?.cause?.code;
  if (!code) return undefined;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') return 'reset';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') return 'tls';
  return undefined;
}
