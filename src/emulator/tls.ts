// TLS material for --tls. Given files are used as is; otherwise a self-signed
// certificate is generated once and kept in the data dir (a temp dir when in memory),
// so the CLI's `local` profile can trust exactly that certificate.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import type { ResolvedOptions } from './options.js';
import { REGION_DOMAIN } from './regions/catalog.js';
import type { TlsCredentials } from './server.js';

export interface TlsMaterial extends TlsCredentials {
  /** PEM file a client should trust. */
  readonly certFile: string;
  /** Set when the material lives in a temp dir (in-memory runs): delete it on close. */
  readonly tempDir?: string;
}

const CERT_FILE = 'tls-cert.pem';
const KEY_FILE = 'tls-key.pem';

/** Subject alternative names: loopback, localhost, and each region's host names. */
export function certificateNames(regionHosts: readonly string[]): { dns: string[]; ips: string[] } {
  return { dns: ['localhost', '*.localhost', `*.${REGION_DOMAIN}`, ...regionHosts], ips: ['127.0.0.1', '::1'] };
}

function generate(names: { dns: string[]; ips: string[] }): Promise<{ cert: string; key: string }> {
  const altNames = [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))];
  return new Promise((resolve, reject) => {
    selfsigned.generate(
      [{ name: 'commonName', value: 'c8spot emulator' }, { name: 'organizationName', value: 'c8spot' }],
      {
        keySize: 2048,
        days: 825,
        algorithm: 'sha256',
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames },
        ],
      },
      (err, pems) => (err ? reject(err) : resolve({ cert: pems.cert, key: pems.private })),
    );
  });
}

export async function loadTls(options: ResolvedOptions, regionHosts: readonly string[]): Promise<TlsMaterial | undefined> {
  const tls = options.tls;
  if (!tls) return undefined;
  if (tls.certFile && tls.keyFile) {
    return { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8'), certFile: tls.certFile };
  }
  const tempDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'c8spot-tls-')) : undefined;
  const dir = options.dataDir ?? tempDir!;
  const certFile = join(dir, CERT_FILE);
  const keyFile = join(dir, KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile };
  }
  const { cert, key } = await generate(certificateNames(regionHosts));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, key, { mode: 0o600 });
  writeFileSync(certFile, cert, { mode: 0o644 });
  return { cert, key, certFile, ...(tempDir ? { tempDir } : {}) };
}
