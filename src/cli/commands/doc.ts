// c8spot doc get <collection> <key> | update|replace <collection> <key> --data <json>
//            | delete <collection> <key>…
// Reads of spot collections are strong (served by the spot region) unless --no-strong.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { withContext } from './with-context.js';

async function parseBody(raw: string): Promise<unknown> {
  const { UsageError } = await import('../render/errors.js');
  let text = raw;
  if (raw === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  }
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('the document must be a JSON object');
    return v;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`the document is not valid JSON: ${(err as Error).message}`);
  }
}

function say(ctx: CliContext, line: string): void {
  if (!ctx.quiet) process.stderr.write(`${line}\n`);
}

export function registerDoc(program: Command): void {
  const doc = program.command('doc').description('read and change single documents');

  doc
    .command('get <collection> <key>')
    .description('get one document (strong read for spot collections unless --no-strong)')
    // Both spellings, as on query and region-read; neither = strong for spot collections.
    .option('--strong', 'strong read of a spot collection (the default)')
    .option('--no-strong', 'read the local replica of a spot collection')
    .addHelpText('after', '\nExamples:\n  $ c8spot doc get orders o1 --fabric shop\n  $ c8spot doc get orders o1 --no-strong\n  $ c8spot doc get orders o1 -o json | jq .total\n')
    .action(async (collection: string, key: string, opts: { strong?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { getCollection, isSpotCollection } = await import('../../api/collections.js');
        const { getDocument } = await import('../../api/documents.js');
        const { render } = await import('../render/output.js');
        const client = await ctx.client();
        const spot = isSpotCollection(await getCollection(client, ctx.fabric.value, collection));
        const strong = spot && opts.strong !== false;
        const d = await getDocument(client, ctx.fabric.value, collection, key, spot ? { strongConsistency: strong } : {});
        // A global collection has no strong read: say so rather than ignore --strong silently.
        say(ctx, spot ? (strong ? 'read: strong (spot region)' : 'read: local replica (--no-strong)') : opts.strong ? 'read: local replica (not a spot collection, so --strong does not apply)' : 'read: local replica');
        render(ctx, d);
      });
    });

  for (const verb of ['update', 'replace'] as const) {
    doc
      // The contract form is --data <json>; a positional <json> is kept for existing scripts.
      .command(`${verb} <collection> <key> [json]`)
      .description(verb === 'update' ? 'merge fields into a document (--data JSON object, or - for stdin)' : 'replace a whole document (--data JSON object, or - for stdin)')
      .option('--data <json>', 'the document as a JSON object, or - to read it from stdin')
      .option('--if-match <rev>', 'only if the document still has this _rev')
      .addHelpText('after', `\nExamples:\n  $ c8spot doc ${verb} orders o1 --data '{"status":"paid"}'\n  $ echo '{"status":"paid"}' | c8spot doc ${verb} orders o1 --data -\n  $ c8spot doc ${verb} orders o1 --data '{"status":"paid"}' --if-match _abc -o json\n`)
      .action(async (collection: string, key: string, json: string | undefined, opts: { data?: string; ifMatch?: string }, cmd: Command) => {
        await withContext(cmd, async (ctx) => {
          const { UsageError } = await import('../render/errors.js');
          if (json !== undefined && opts.data !== undefined) throw new UsageError('give the document once: --data <json> or a positional <json>, not both');
          const raw = opts.data ?? json;
          if (raw === undefined) throw new UsageError(`doc ${verb} needs the document: --data '<json>' (or --data - for stdin)`);
          const body = await parseBody(raw);
          const { updateDocument, replaceDocument } = await import('../../api/documents.js');
          const { render } = await import('../render/output.js');
          const client = await ctx.client();
          const o = { returnNew: true, ...(opts.ifMatch ? { ifMatch: opts.ifMatch } : {}) };
          const r = verb === 'update' ? await updateDocument(client, ctx.fabric.value, collection, key, body, o) : await replaceDocument(client, ctx.fabric.value, collection, key, body, o);
          say(ctx, `${verb === 'update' ? 'updated' : 'replaced'} ${r._id} (rev ${r._rev})`);
          render(ctx, ctx.output === 'table' ? (r.new ?? r) : r);
        });
      });
  }

  doc
    .command('delete <collection> <keys...>')
    .description('delete one or more documents (one request each, in the order given)')
    .option('--if-match <rev>', 'only if the document still has this _rev (one key only)')
    .addHelpText('after', '\nExamples:\n  $ c8spot doc delete orders o1 --yes\n  $ c8spot doc delete orders o1 o2 o3 --yes\n  $ c8spot doc delete orders o1 --yes -o json\n')
    .action(async (collection: string, keys: string[], opts: { ifMatch?: string }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { UsageError } = await import('../render/errors.js');
        if (opts.ifMatch && keys.length > 1) throw new UsageError('--if-match checks one _rev, so it takes one key');
        const { confirm } = await import('../render/confirm.js');
        await confirm(ctx, keys.length === 1 ? `delete document '${collection}/${keys[0]}'?` : `delete ${keys.length} documents from '${collection}'?`);
        const { removeDocument } = await import('../../api/documents.js');
        const { render } = await import('../render/output.js');
        const client = await ctx.client();
        const done: unknown[] = [];
        // Sequential, stopping at the first failure: what was deleted before it is said on stderr.
        for (const key of keys) {
          const r = await removeDocument(client, ctx.fabric.value, collection, key, opts.ifMatch ? { ifMatch: opts.ifMatch } : {});
          say(ctx, `deleted ${r._id}`);
          done.push(r);
        }
        // One key keeps the single-object output; several give an array.
        if (ctx.output !== 'table') render(ctx, keys.length === 1 ? done[0] : done);
      });
    });
}
