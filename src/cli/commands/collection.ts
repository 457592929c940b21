// c8spot collection create|list|show|truncate|delete
import type { Command } from 'commander';
import { withContext } from './with-context.js';

interface CreateOpts {
  spot?: boolean;
  local?: boolean;
  edge?: boolean;
  ifNotExists?: boolean;
}

export function registerCollection(program: Command): void {
  const coll = program.command('collection').description('create, list, show, truncate and delete collections');

  coll
    .command('create <name>')
    .description('create a collection (--spot: writes go through the fabric spot region)')
    .option('--spot', 'spot collection (strong consistency through the spot region)')
    .option('--local', 'local collection (not replicated)')
    .option('--edge', 'edge collection')
    .option('--if-not-exists', 'succeed with created:false when it already exists the same way')
    .addHelpText('after', '\nExamples:\n  $ c8spot collection create orders --spot --fabric shop\n  $ c8spot collection create events --local\n  $ c8spot collection create orders --spot --if-not-exists -o json\n')
    .action(async (name: string, opts: CreateOpts, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { UsageError, ExitCode, ExitCodeError } = await import('../render/errors.js');
        if (opts.spot && opts.local) throw new UsageError('a collection can be either --spot or --local, not both');
        const client = await ctx.client();
        const fabric = ctx.fabric.value;
        const { createCollection, getCollection, isSpotCollection } = await import('../../api/collections.js');
        const { getFabric } = await import('../../api/fabrics.js');
        const { GdnError } = await import('../../api/errors.js');
        const { render } = await import('../render/output.js');
        const info = await getFabric(client, fabric);
        const spotDc = typeof info.options.spotDc === 'string' ? info.options.spotDc : '';
        if (opts.spot && !spotDc) {
          throw new UsageError(`fabric '${fabric}' has no spot region, so it cannot hold spot collections; create one with \`c8spot fabric create <name> --spot-dc <dc>\` or set one with \`c8spot fabric set-spot ${fabric} <dc>\``, 'SPOT_REGION_MISSING');
        }
        let created = true;
        try {
          await createCollection(client, fabric, { name, spot: opts.spot === true, local: opts.local === true, edge: opts.edge === true });
        } catch (err) {
          if (!(opts.ifNotExists && err instanceof GdnError && err.errorNum === 1207)) throw err;
          created = false;
        }
        const c = await getCollection(client, fabric, name);
        const spot = isSpotCollection(c);
        const type = c.type === 3 ? 'edge' : 'document';
        if (!created && (spot !== (opts.spot === true) || (c.isLocal === true) !== (opts.local === true) || (type === 'edge') !== (opts.edge === true))) {
          throw new ExitCodeError(`collection '${name}' exists as ${spot ? 'spot' : c.isLocal ? 'local' : 'global'} ${type}, which differs from what was asked`, ExitCode.CONFLICT);
        }
        if (ctx.output === 'table' && !ctx.quiet) process.stderr.write(created ? `created collection ${name}\n` : `collection ${name} already exists\n`);
        render(ctx, { name, created, type, spot, local: c.isLocal === true, spotRegion: spot ? spotDc : '' });
      });
    });

  coll
    .command('list')
    .description('list collections with their spot flag and the fabric spot region')
    .addHelpText('after', '\nExamples:\n  $ c8spot collection list --fabric shop\n  $ c8spot collection list -o json | jq -r \'.[] | select(.spot) | .name\'\n')
    .action(async (_opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { listCollections, isSpotCollection } = await import('../../api/collections.js');
        const { getFabric } = await import('../../api/fabrics.js');
        const { render } = await import('../render/output.js');
        const client = await ctx.client();
        const [list, info] = await Promise.all([listCollections(client, ctx.fabric.value), getFabric(client, ctx.fabric.value)]);
        const spotDc = typeof info.options.spotDc === 'string' ? info.options.spotDc : '';
        const rows = list
          .filter((c) => c.isSystem !== true)
          .map((c) => ({ name: c.name, type: c.type === 3 ? 'edge' : 'document', spot: isSpotCollection(c), local: c.isLocal === true, spotRegion: isSpotCollection(c) ? spotDc : '' }))
          .sort((a, b) => a.name.localeCompare(b.name));
        render(ctx, rows, { empty: `no collections in fabric ${ctx.fabric.value}` });
      });
    });

  coll
    .command('show <name>')
    .description('show a collection and its document count')
    .addHelpText('after', '\nExamples:\n  $ c8spot collection show orders\n  $ c8spot collection show orders -o json | jq .count\n')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { getCollection, countCollection, isSpotCollection } = await import('../../api/collections.js');
        const { render } = await import('../render/output.js');
        const client = await ctx.client();
        const c = await getCollection(client, ctx.fabric.value, name);
        const count = await countCollection(client, ctx.fabric.value, name);
        const { error: _e, code: _c, ...rest } = c;
        if (ctx.output === 'table') render(ctx, { name: c.name, type: c.type === 3 ? 'edge' : 'document', spot: isSpotCollection(c), local: c.isLocal === true, count });
        else render(ctx, { ...rest, spot: isSpotCollection(c), count });
      });
    });

  for (const [verb, what] of [
    ['truncate', 'remove every document from'],
    ['delete', 'delete'],
  ] as const) {
    coll
      .command(`${verb} <name>`)
      .description(`${what} a collection`)
      .addHelpText('after', `\nExamples:\n  $ c8spot collection ${verb} orders\n  $ c8spot collection ${verb} orders --yes -o json\n`)
      .action(async (name: string, _opts: unknown, cmd: Command) => {
        await withContext(cmd, async (ctx) => {
          const { confirm } = await import('../render/confirm.js');
          await confirm(ctx, `${what} collection '${name}' in fabric '${ctx.fabric.value}'?`);
          const { truncateCollection, deleteCollection } = await import('../../api/collections.js');
          const { render } = await import('../render/output.js');
          const client = await ctx.client();
          if (verb === 'truncate') await truncateCollection(client, ctx.fabric.value, name);
          else await deleteCollection(client, ctx.fabric.value, name);
          const done = verb === 'truncate' ? 'truncated' : 'deleted';
          if (ctx.output === 'table') {
            if (!ctx.quiet) process.stderr.write(`${done} collection ${name}\n`);
          } else render(ctx, { name, [done]: true });
        });
      });
  }
}
