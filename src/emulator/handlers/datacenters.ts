// Datacenters (regions) of the federation, as GDN reports them (reference/gdn-api.md §3).
// `status` is as seen from the serving region; `local` marks the serving region.
import { ErrorNum } from '../../wire/codes.js';
import { requireAdmin } from '../auth/access.js';
import { badParameter, GdnError } from '../errors.js';
import { json, type Route, type RouteContext } from '../http/route.js';
import type { Region } from '../regions/catalog.js';

function locationInfo(r: Region): Record<string, unknown> {
  return {
    city: r.location.city,
    countrycode: r.location.countrycode,
    countryname: r.location.countryname,
    latitude: String(r.location.latitude),
    longitude: String(r.location.longitude),
    url: r.url,
  };
}

export function dcRecord(ctx: RouteContext, r: Region): Record<string, unknown> {
  return {
    _key: r.name,
    name: r.name,
    host: ctx.core.options.host,
    port: r.port,
    local: r.name === ctx.region,
    spot_region: r.spotCapable,
    status: ctx.core.regions.statusOf(ctx.region, r.name),
    tags: { url: r.url, api: r.api },
    locationInfo: locationInfo(r),
  };
}

function regionParam(ctx: RouteContext): Region {
  const name = ctx.core.regions.normalize(ctx.params.dc ?? '');
  const r = name === undefined ? undefined : ctx.core.regions.get(name);
  if (!r) throw new GdnError(404, ErrorNum.DATACENTER_NOT_FOUND);
  return r;
}

export const datacenterRoutes: Route[] = [
  {
    method: 'GET',
    path: '/datacenter/all',
    scope: 'global',
    handler: (ctx) => json(200, ctx.core.regions.list.map((r) => dcRecord(ctx, r))),
  },
  {
    method: 'GET',
    path: '/datacenter/local',
    scope: 'global',
    handler: (ctx) => json(200, dcRecord(ctx, ctx.core.regions.get(ctx.region)!)),
  },
  {
    method: 'GET',
    path: '/datacenter/_tenant/:tenant',
    scope: 'global',
    handler: (ctx) => {
      if (ctx.params.tenant !== ctx.core.auth.tenant) {
        throw new GdnError(404, ErrorNum.HTTP_NOT_FOUND, `tenant '${ctx.params.tenant ?? ''}' not found`);
      }
      const dcInfo = ctx.core.regions.list.map((r) => {
        const rec = dcRecord(ctx, r);
        const rev = `_c8spot_${r.index}`;
        return {
          ...rec,
          _id: `_clusters/${r.name}`,
          _rev: rev,
          locationInfo: {
            ...(rec.locationInfo as Record<string, unknown>),
            _id: `_members/${r.name}`,
            _key: r.name,
            _rev: rev,
            host: ctx.core.options.host,
            status: rec.status,
          },
        };
      });
      return json(200, [{ tenant: ctx.core.auth.tenant, dcInfo }]);
    },
  },
  {
    method: 'GET',
    path: '/datacenter/:dc',
    scope: 'global',
    handler: (ctx) => {
      // The single-DC record omits _key, host and spot_region (reference §3).
      const { _key: _k, host: _h, spot_region: _s, ...rest } = dcRecord(ctx, regionParam(ctx));
      return json(200, rest);
    },
  },
  {
    method: 'PUT',
    path: '/datacenter/:dc/:flag',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      const r = regionParam(ctx);
      const flag = (ctx.params.flag ?? '').toLowerCase();
      if (!['true', 'false', '1', '0'].includes(flag)) throw badParameter(`invalid spot flag '${ctx.params.flag ?? ''}', expecting true or false`);
      // Persisted: a restart on the same data dir keeps the admin's choice.
      ctx.core.datacenters.setSpotCapable(r.name, flag === 'true' || flag === '1');
      return json(200, { result: true });
    },
  },
];
