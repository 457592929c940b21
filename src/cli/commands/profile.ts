// c8spot login | logout | whoami | profile list|use|show|remove
// Secrets come from stdin or env, never argv; the password is sent once and never stored.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ConfigStore } from '../config-store.js';
import type { CliContext } from '../context.js';
import { withContext } from './with-context.js';

/** The PEM text of a CA file; a missing or non-PEM file is a usage error, before any request. */
async function readCaFile(path: string): Promise<string> {
  const { UsageError } = await import('../render/errors.js');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the CA file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`the CA file ${path} holds no PEM certificate`);
  return text;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function hiddenPrompt(question: string): Promise<string> {
  process.stderr.write(question);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  let value = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (b: Buffer): void => {
        for (const ch of b.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            return resolve(value);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            return reject(Object.assign(new Error('interrupted'), { interrupted: true }));
          }
          if (ch === '\u007f') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

function redactedProfile(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p };
  if (out.apiKey) out.apiKey = `${String(out.apiKey).split('.').slice(0, -1).join('.')}.****`;
  if (out.jwt) out.jwt = '****';
  return out;
}

interface LoginOpts {
  apiKeyStdin?: boolean;
  email?: string;
  passwordStdin?: boolean;
  caFile?: string;
}

export function registerProfile(program: Command): void {
  program
    .command('login')
    .description('verify credentials and save them in a profile (API key from stdin/env, or email + password)')
    .option('--api-key-stdin', 'read the API key from stdin (or set C8SPOT_API_KEY)')
    .option('--email <email>', 'log in with email and password (JWT stored, never the password)')
    .option('--password-stdin', 'read the password from stdin')
    .option('--ca-file <pem>', 'trust this CA certificate (PEM) for the server, kept in the profile (for private or self-signed certificates)')
    .addHelpText('after', "\nExamples:\n  $ printf %s \"$KEY\" | c8spot login --url play.paas.macrometa.io --api-key-stdin -p play\n  $ c8spot login --url play.paas.macrometa.io --email me@example.com -p play\n  $ C8SPOT_API_KEY=... c8spot login --url http://127.0.0.1:8529 -p dev -o json\n")
    .action(async (opts: LoginOpts, cmd: Command) => {
      const g = cmd.optsWithGlobals<{ profile?: string; url?: string; verbose?: boolean; debug?: boolean }>();
      const { createContext, requestLogger } = await import('../context.js');
      const { UsageError, ExitCode, ExitCodeError } = await import('../render/errors.js');
      const ctx = await createContext({ ...g }, process.env);
      const name = g.profile ?? (ctx.profileName.source === 'default' ? 'default' : ctx.profileName.value);
      const rawUrl = ctx.url.value;
      if (!rawUrl) throw new UsageError('login needs --url (or C8SPOT_URL)');
      const { normaliseUrl, isLoopbackUrl } = await import('../../api/url.js');
      const { GdnClient } = await import('../../api/client.js');
      const { verifyCredential, loginWithPassword } = await import('../../api/auth.js');
      const url = normaliseUrl(rawUrl);
      // --ca-file is stored (as an absolute path) so later commands trust the same certificate.
      const caFile = opts.caFile !== undefined ? (await import('node:path')).resolve(opts.caFile) : (process.env.C8SPOT_CA_FILE ?? ctx.profile?.caFile);
      const ca = caFile ? await readCaFile(caFile) : undefined;
      const onRequest = requestLogger(g);
      const base = {
        url,
        timeoutMs: ctx.timeoutMs,
        retries: ctx.retries,
        ...(ca ? { ca } : {}),
        ...(onRequest ? { onRequest } : {}),
      };
      const kind = url.startsWith('http://') || isLoopbackUrl(url) ? 'emulator' : 'gdn';
      const { ConfigStore } = await import('../config-store.js');
      const store = new ConfigStore(process.env);
      let saved: Record<string, unknown>;
      if (opts.email) {
        let password: string;
        if (opts.passwordStdin) password = await readStdin();
        else if (ctx.interactive) password = await hiddenPrompt(`password for ${opts.email}: `);
        else throw new UsageError('no password: pass --password-stdin (non-interactive session)');
        if (!password) throw new UsageError('empty password');
        const open = new GdnClient({ ...base, auth: 'none' });
        try {
          const r = await loginWithPassword(open, opts.email, password);
          saved = { url: rawUrl, kind, email: opts.email, jwt: r.jwt, ...(r.expiresAt ? { jwtExpiresAt: r.expiresAt } : {}), ...(r.tenant ? { tenant: r.tenant } : {}) };
        } finally {
          await open.close();
        }
      } else {
        const apiKey = opts.apiKeyStdin ? await readStdin() : process.env.C8SPOT_API_KEY;
        if (!apiKey) throw new UsageError('no API key: pipe it with --api-key-stdin or set C8SPOT_API_KEY (never pass secrets as arguments)');
        const client = new GdnClient({ ...base, auth: { apiKey } });
        try {
          const who = await verifyCredential(client);
          saved = { url: rawUrl, kind, apiKey, ...(who.tenant ? { tenant: who.tenant } : {}) };
        } catch (err) {
          const { GdnError } = await import('../../api/errors.js');
          if (err instanceof GdnError && err.status === 401) throw new ExitCodeError('the API key was rejected (401); nothing saved', ExitCode.AUTH);
          throw err;
        } finally {
          await client.close();
        }
      }
      const prev = store.getProfile(name);
      const keptCa = opts.caFile !== undefined ? caFile : prev?.caFile;
      store.setProfile(name, { ...(prev?.fabric ? { fabric: prev.fabric } : {}), ...(keptCa ? { caFile: keptCa } : {}), ...saved } as never);
      store.useProfile(name);
      const { render } = await import('../render/output.js');
      if (ctx.output === 'table') {
        if (!ctx.quiet) process.stderr.write(`logged in: profile ${name} → ${url}${saved.tenant ? ` (tenant ${String(saved.tenant)})` : ''}\n`);
      } else render(ctx, { profile: name, url, tenant: saved.tenant ?? null, auth: opts.email ? 'jwt' : 'apikey' });
    });

  program
    .command('logout')
    .description('forget the stored credentials of a profile (the profile stays)')
    .addHelpText('after', '\nExamples:\n  $ c8spot logout\n  $ c8spot logout -p play -o json\n')
    .action(async (_opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { ConfigStore } = await import('../config-store.js');
        const { render } = await import('../render/output.js');
        const store = new ConfigStore(ctx.env);
        const p = store.getProfile(ctx.profileName.value);
        if (p) {
          const { apiKey: _k, jwt: _j, jwtExpiresAt: _e, ...rest } = p;
          store.setProfile(ctx.profileName.value, rest);
        }
        if (ctx.output === 'table') {
          if (!ctx.quiet) process.stderr.write(`logged out of profile ${ctx.profileName.value}\n`);
        } else render(ctx, { profile: ctx.profileName.value, loggedOut: true });
      });
    });

  program
    .command('whoami')
    .description('show the profile, URL, tenant and credential in use, and where each came from')
    .addHelpText('after', '\nExamples:\n  $ c8spot whoami\n  $ C8SPOT_PROFILE=play c8spot whoami -o json\n')
    .action(async (_opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const { render } = await import('../render/output.js');
        const { verifyCredential } = await import('../../api/auth.js');
        const client = await ctx.client();
        const who = await verifyCredential(client);
        const rows = [
          { setting: 'profile', value: ctx.profileName.value, from: ctx.profileName.source },
          { setting: 'url', value: client.url, from: ctx.url.source },
          { setting: 'tenant', value: who.tenant ?? ctx.profile?.tenant ?? '', from: 'server' },
          { setting: 'user', value: who.user ?? '', from: 'server' },
          { setting: 'fabric', value: ctx.fabric.value, from: ctx.fabric.source },
          { setting: 'credential', value: ctx.credential.value ?? 'none', from: ctx.credential.source },
        ];
        if (ctx.output === 'table') render(ctx, rows);
        else render(ctx, Object.fromEntries(rows.map((r) => [r.setting, { value: r.value, from: r.from }])));
      });
    });

  const profile = program.command('profile').description('list, switch, show and remove connection profiles');
  profile
    .command('list')
    .description('list profiles (* marks the current one)')
    .addHelpText('after', '\nExamples:\n  $ c8spot profile list\n  $ c8spot profile list -o json\n')
    .action(async (_opts: unknown, cmd: Command) => {
      await profileAction(cmd, async (ctx, store) => {
        const { render } = await import('../render/output.js');
        const current = ctx.profileName.value;
        render(
          ctx,
          store.profileNames().map((n) => {
            const p = store.getProfile(n);
            return { current: n === current ? '*' : '', name: n, url: p?.url ?? '', kind: p?.kind ?? '', tenant: p?.tenant ?? '', auth: p?.jwt ? 'jwt' : p?.apiKey ? 'apikey' : 'none' };
          }),
        );
      });
    });
  profile
    .command('use <name>')
    .description('make a profile the current one')
    .addHelpText('after', '\nExamples:\n  $ c8spot profile use play\n  $ c8spot profile use local -o json\n')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await profileAction(cmd, async (ctx, store) => {
        const { ExitCode, ExitCodeError } = await import('../render/errors.js');
        const { render } = await import('../render/output.js');
        if (!store.getProfile(name)) throw new ExitCodeError(`no profile '${name}'; list them with \`c8spot profile list\``, ExitCode.NOT_FOUND);
        store.useProfile(name);
        if (ctx.output === 'table') {
          if (!ctx.quiet) process.stderr.write(`now using profile ${name}\n`);
        } else render(ctx, { current: name });
      });
    });
  profile
    .command('show [name]')
    .description('show a profile (secrets masked)')
    .addHelpText('after', '\nExamples:\n  $ c8spot profile show\n  $ c8spot profile show play -o json\n')
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      await profileAction(cmd, async (ctx, store) => {
        const { ExitCode, ExitCodeError } = await import('../render/errors.js');
        const { render } = await import('../render/output.js');
        const n = name ?? ctx.profileName.value;
        const p = store.getProfile(n);
        if (!p) throw new ExitCodeError(`no profile '${n}'; list them with \`c8spot profile list\``, ExitCode.NOT_FOUND);
        render(ctx, { name: n, ...redactedProfile({ ...p }) });
      });
    });
  profile
    .command('remove <name>')
    .description('remove a profile and its stored credentials')
    .addHelpText('after', '\nExamples:\n  $ c8spot profile remove old --yes\n  $ c8spot profile remove old --yes -o json\n')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await profileAction(cmd, async (ctx, store) => {
        const { ExitCode, ExitCodeError } = await import('../render/errors.js');
        const { confirm } = await import('../render/confirm.js');
        const { render } = await import('../render/output.js');
        // Nothing to confirm for a profile that is not there: "not found" (3) before asking for --yes.
        if (!store.getProfile(name)) throw new ExitCodeError(`no stored profile '${name}'`, ExitCode.NOT_FOUND);
        await confirm(ctx, `remove profile '${name}'?`);
        if (!store.removeProfile(name)) throw new ExitCodeError(`no stored profile '${name}'`, ExitCode.NOT_FOUND);
        if (ctx.output === 'table') {
          if (!ctx.quiet) process.stderr.write(`removed profile ${name}\n`);
        } else render(ctx, { name, removed: true });
      });
    });
}

async function profileAction(cmd: Command, fn: (ctx: CliContext, store: ConfigStore) => Promise<void>): Promise<void> {
  await withContext(cmd, async (ctx) => {
    const { ConfigStore } = await import('../config-store.js');
    await fn(ctx, new ConfigStore(ctx.env));
  });
}
