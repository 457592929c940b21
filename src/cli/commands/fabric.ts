// c8spot fabric create|list|show|delete|set-spot
import type { Command } from 'commander';
import { collect } from './repeatable.js';
import { withContext } from './with-context.js';

interface CreateOpts {
  regions?: string;
  spotDc?: string;
  spot?: boolean;
  metadata: string[];
  ifNotExists?: boolean;
}

export function registerFabric(program: Command): void {
  const fabric = program.command('fabric').description('create, list, show and delete fabrics');

  fabric
    .command('create <name>')
    .description('create a fabric, optionally pinning its spot region')
    .option('--regions <a,b,c>', 'regions the fabric spans (default: the local one)')
    .option('--spot-dc <dc>', 'the spot region (must be spot-capable)')
    .option('--no-spot', 'create the fabric without a spot region')
    .option('--metadata <k=v>', 'metadata entry (repeatable)', collect, [])
    .option('--if-not-exists', 'succeed with created:false when it already exists the same way')
    .addHelpText('after', '\nExamples:\n  $ c8spot fabric create shop --regions us-east,eu-west --spot-dc us-east\n  $ c8spot fabric create scratch --no-spot\n  $ c8spot fabric create shop --spot-dc us-east --if-not-exists -o json\n')
    .action(async (name: string, opts: CreateOpts, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { UsageError, ExitCode, ExitCodeError } = await import('../render/errors.js');
        if (opts.spotDc !== undefined && opts.spot === false) throw new UsageError('--spot-dc and --no-spot contradict each other');
        const metadata: Record<string, string> = {};
        for (const m of opts.metadata) {
          const i = m.indexOf('=');
          if (i <= 0) throw new UsageError(`--metadata takes k=v, got '${m}'`);
          metadata[m.slice(0, i)] = m.slice(i + 1);
        }
        const regions = opts.regions ? opts.regions.split(',').map((r) => r.trim()).filter(Boolean) : undefined;
        const client = await ctx.client();
        const { listRegions } = await import('../../api/regions.js');
        const { createFabric, getFabric } = await import('../../api/fabrics.js');
        const { GdnError } = await import('../../api/errors.js');
        const { render } = await import('../render/output.js');
        if (opts.spotDc !== undefined || regions) {
          const dcs = await listRegions(client);
          const names = dcs.map((d) => d.name);
          for (const r of regions ?? []) if (!names.includes(r)) throw new UsageError(`unknown region '${r}'; regions: ${names.join(', ')}`);
          if (opts.spotDc !== undefined) {
            const spotCapable = dcs.filter((d) => d.spot_region === true).map((d) => d.name);
            if (!spotCapable.includes(opts.spotDc)) throw new UsageError(`'${opts.spotDc}' is not a spot-capable region; spot-capable: ${spotCapable.join(', ') || '(none)'}`);
            if (regions && !regions.includes(opts.spotDc)) throw new UsageError(`--spot-dc ${opts.spotDc} must be one of --regions`);
          }
        }
        const spotDc = opts.spot === false ? '' : opts.spotDc;
        let created = true;
        try {
          await createFabric(client, { name, ...(regions ? { dcList: regions } : {}), ...(spotDc !== undefined ? { spotDc } : {}), ...(opts.metadata.length ? { metadata } : {}) });
        } catch (err) {
          if (!(opts.ifNotExists && err instanceof GdnError && err.errorNum === 1207)) throw err;
          created = false;
        }
        const info = await getFabric(client, name);
        const actualSpot = typeof info.options.spotDc === 'string' ? info.options.spotDc : '';
        if (!created && spotDc !== undefined && actualSpot !== spotDc) {
          throw new ExitCodeError(`fabric '${name}' exists with spot region '${actualSpot || '(none)'}', not '${spotDc || '(none)'}'`, ExitCode.CONFLICT);
        }
        const out = { name, created, spotDc: actualSpot, dcList: info.options.dcList ?? '' };
        if (ctx.output === 'table' && !ctx.quiet) process.stderr.write(created ? `created fabric ${name}\n` : `fabric ${name} already exists\n`);
        render(ctx, out);
      });
    });

  fabric
    .command('list')
    .description('list the fabrics you can see, with their regions and spot region')
    .addHelpText('after', '\nExamples:\n  $ c8spot fabric list\n  $ c8spot fabric list -o json | jq -r \'.[].name\'\n')
    .action(async (_opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { listFabrics } = await import('../../api/fabrics.js');
        const { render } = await import('../render/output.js');
        const list = await listFabrics(await ctx.client());
        const rows = list.map((f) => ({ name: f.name, spotDc: f.options.spotDc ?? '', dcList: f.options.dcList ?? '', system: f.isSystem === true }));
        render(ctx, rows, { empty: 'no fabrics' });
      });
    });

  fabric
    .command('show [name]')
    .description('show a fabric (default: the current one)')
    .addHelpText('after', '\nExamples:\n  $ c8spot fabric show shop\n  $ c8spot fabric show shop -o json | jq .options.spotDc\n')
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { getFabric } = await import('../../api/fabrics.js');
        const { render } = await import('../render/output.js');
        const info = await getFabric(await ctx.client(), name ?? ctx.fabric.value);
        if (ctx.output === 'table') render(ctx, { name: info.name, spotDc: info.options.spotDc || '(none)', dcList: info.options.dcList ?? '', metadata: info.options.metadata ?? null });
        else render(ctx, info);
      });
    });

  fabric
    .command('delete <name>')
    .description('delete a fabric and everything in it')
    .addHelpText('after', '\nExamples:\n  $ c8spot fabric delete scratch\n  $ c8spot fabric delete scratch --yes -o json\n')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { confirm } = await import('../render/confirm.js');
        await confirm(ctx, `delete fabric '${name}' and all its data?`);
        const { deleteFabric } = await import('../../api/fabrics.js');
        const { render } = await import('../render/output.js');
        await deleteFabric(await ctx.client(), name);
        if (ctx.output === 'table') {
          if (!ctx.quiet) process.stderr.write(`deleted fabric ${name}\n`);
        } else render(ctx, { name, deleted: true });
      });
    });

  fabric
    .command('set-spot <name> <dc>')
    .description("change a fabric's spot region (admin)")
    .addHelpText('after', '\nExamples:\n  $ c8spot fabric set-spot shop eu-west --yes\n  $ c8spot fabric set-spot shop eu-west --yes -o json\n')
    .action(async (name: string, dc: string, _opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { confirm } = await import('../render/confirm.js');
        await confirm(ctx, `move the spot region of '${name}' to '${dc}'?`);
        const { setSpotRegion, getFabric } = await import('../../api/fabrics.js');
        const { render } = await import('../render/output.js');
        const client = await ctx.client();
        await setSpotRegion(client, name, dc);
        const info = await getFabric(client, name);
        render(ctx, { name, spotDc: info.options.spotDc ?? '' });
      });
    });
}
