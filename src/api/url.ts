// Normalises a user-given --url. Scheme optional (https assumed). A GDN federation host is
// called through its `api-` host, as the SDKs do (reference/gdn-api.md §1.1); http:// and
// loopback URLs are used exactly as given (the emulator).
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

export function normaliseUrl(raw: string): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${/^(localhost|127\.|\[::1\])/.test(trimmed) ? 'http' : 'https'}://${trimmed}`;
  const u = new URL(withScheme);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`URL must be http or https, got '${raw}'`);
  if (u.protocol === 'https:' && !LOOPBACK.test(u.hostname) && !u.hostname.startsWith('api-') && u.hostname.includes('.')) u.hostname = `api-${u.hostname}`;
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}
