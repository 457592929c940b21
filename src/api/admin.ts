// Server readiness: `GET /_admin/ready`, an open route (no credentials) that scripts poll
// before anything else. The emulator answers `{ready:true, region}`; any failure, a
// non-2xx reply or no reply, means "not ready".
import type { GdnClient } from './client.js';

export async function isReady(c: GdnClient): Promise<boolean> {
  try {
    // Not retried: a probe asks "now?", the caller decides whether to wait and ask again.
    await c.request({ method: 'GET', path: '/_admin/ready', idempotent: false });
    return true;
  } catch {
    return false;
  }
}
