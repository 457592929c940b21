// c8spot region list [--ping]
import type { Command } from 'commander';
import { withContext } from './with-context.js';

export function registerRegion(program: Command): void {
  const region = program.command('region').description('regions (datacenters) of the federation');
  region
    .command('list')
    .description('list regions: name, spot-capable, status, url (and round-trip time with --ping)')
    .option('--ping', 'measure the round-trip time to each region')
    .addHelpText('after', '\nExamples:\n  $ c8spot region list\n  $ c8spot region list --ping\n  $ c8spot region list -o json | jq -r \'.[] | select(.spotCapable) | .name\'\n')
    .action(async (opts: { ping?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { listRegions, localRegion } = await import('../../api/regions.js');
        const { render } = await import('../render/output.js');
        const client = await ctx.client();
        const dcs = await listRegions(client);
        const { startSpinner } = await import('../render/spinner.js');
        const spinner = opts.ping ? await startSpinner(ctx, `pinging ${dcs.length} regions`) : undefined;
        const rows = [];
        for (const dc of dcs) {
          let rttMs: number | undefined;
          if (opts.ping) {
            const started = performance.now();
            try {
              await localRegion(client.forRegion(dc));
              rttMs = Math.round(performance.now() - started);
            } catch {
              rttMs = undefined;
            }
          }
          rows.push({
            name: dc.name,
            spotCapable: dc.spot_region === true,
            status: dc.status === 0 ? 'online' : `down (${String(dc.status)})`,
            local: dc.local === true,
            url: dc.tags?.url ?? '',
            ...(opts.ping ? { rttMs: rttMs ?? null } : {}),
          });
        }
        spinner?.stop();
        render(ctx, rows, { empty: 'no regions' });
      });
    });
}
