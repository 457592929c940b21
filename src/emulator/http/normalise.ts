// URL normalisation, applied BEFORE routing so every route is declared once
// (reference/gdn-api.md §1.2, specs/emulator.md §2). Output shapes:
//   fabric-scoped:  /_fabric/{f}/_api/{resource}…
//   tenant-wide:    /_api/{key|user|tenant}…, /datacenter/…
//   everything else unchanged (/_open/…, /_admin/…, /_emulator/…).

/** `/_api/<first segment>` resources that belong to the tenant, not to a fabric. */
export const GLOBAL_API_RESOURCES: ReadonlySet<string> = new Set(['key', 'user', 'tenant', 'datacenter']);

/** Top-level prefixes passed through untouched when no `/_fabric` is given. */
const PASS_THROUGH = new Set(['datacenter', '_open', '_admin', '_emulator']);

/**
 * Rewrites a request target (path + optional query) to its canonical form.
 * Percent-encoding is kept as is; the router decodes parameters.
 */
export function normaliseUrl(url: string): string {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q);
  let segs = rawPath.split('/').filter((s) => s.length > 0);

  if (segs[0] === '_tenant' && segs.length >= 2) segs = segs.slice(2);

  let fabric: string | undefined;
  if (segs[0] === '_fabric' && segs.length >= 2) {
    fabric = segs[1]!;
    segs = segs.slice(2);
  }

  // jsC8 addresses users through ArangoDB's legacy /_admin/user; GDN's form is /_api/user.
  if (segs[0] === '_admin' && segs[1] === 'user') segs = ['_api', ...segs.slice(1)];

  if (fabric !== undefined) {
    if (segs[0] !== '_api' && !(segs[0] === '_admin' || segs[0] === '_open' || segs[0] === '_emulator')) {
      segs = ['_api', ...segs];
    }
  } else if (segs[0] !== '_api' && !PASS_THROUGH.has(segs[0] ?? '')) {
    return '/' + segs.join('/') + query;
  }

  if (segs[0] === '_api') {
    const resource = segs[1] ?? '';
    if (resource === 'datacenter') return '/' + segs.slice(1).join('/') + query;
    if (GLOBAL_API_RESOURCES.has(resource)) return '/' + segs.join('/') + query;
    return `/_fabric/${fabric ?? '_system'}/` + segs.join('/') + query;
  }
  return '/' + segs.join('/') + query;
}
