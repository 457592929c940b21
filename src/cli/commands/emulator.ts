// `c8spot emulator …`: run the local GDN emulator. This file only declares commands;
// actions load emulator-lifecycle.ts (and through it the emulator) on demand, so
// `--help` stays cheap. To add a subcommand (fault, heal…), add a register function
// below and call it from registerEmulator.
import { Option, type Command } from 'commander';

export interface StartFlags {
  regions?: string;
  port?: string;
  host?: string;
  dataDir?: string;
  inMemory?: boolean;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  latencyScale?: string;
  replicationLagMs?: string;
  seed?: string;
  spotReads?: string;
  maxBacklog?: string;
  spotTimeoutMs?: string;
  email?: string;
  password?: string;
  apiKey?: string;
  allowRemote?: boolean;
  detach?: boolean;
  /** Global -q: no human information on stderr (the READY line still goes to stdout). */
  quiet?: boolean;
}

export interface DirFlags {
  dataDir?: string;
}

/** The emulator group command, for other subcommand files to extend. */
export function emulatorCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'emulator');
  if (existing) return existing;
  return program.command('emulator').description('run the local multi-region GDN emulator');
}

function registerStart(emulator: Command): void {
  emulator
    .command('start')
    .description('start the emulator (foreground; prints one READY line on stdout)')
    .option('--regions <list>', 'comma-separated region names (default us-east,eu-west,ap-south)')
    .option('--port <n>', 'global port; regions use port+1, port+2… (0 = free ports)')
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .addOption(new Option('--data-dir <dir>', 'data directory (default: XDG data dir c8spot/emulator)').conflicts('inMemory'))
    .option('--in-memory', 'keep everything in memory (nothing survives a stop)')
    .option('--tls', 'serve HTTPS on every listener')
    .option('--tls-cert <file>', 'PEM certificate for --tls (default: generated, self-signed)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--latency-scale <x>', 'multiply simulated inter-region delays (0 disables)')
    .option('--replication-lag-ms <n>', 'extra replication delay in milliseconds')
    .option('--seed <n>', 'seed for simulated jitter and generated names')
    .addOption(new Option('--spot-reads <mode>', 'flagged: only flagged reads are strong; always: every spot read').choices(['flagged', 'always']))
    .option('--max-backlog <n>', 'queued replication ops per link that make a region\'s global collections read-only (0 = no limit)')
    .option('--spot-timeout-ms <n>', 'how long spot operations wait for an unreachable spot region before 504')
    .option('--email <email>', 'admin email (env C8SPOT_EMULATOR_EMAIL)')
    .option('--password <password>', 'admin password (prefer env C8SPOT_EMULATOR_PASSWORD)')
    .option('--api-key <key>', 'admin API key (prefer env C8SPOT_EMULATOR_API_KEY)')
    .option('--allow-remote', 'allow a non-loopback --host (the default credentials are public)')
    .option('--detach', 'run in the background; returns after READY')
    .action(async (_flags: StartFlags, cmd: Command) => {
      const { startCommand } = await import('./emulator-lifecycle.js');
      await startCommand(cmd.optsWithGlobals<StartFlags>());
    });
}

function registerStatusStopReset(emulator: Command): void {
  emulator
    .command('status')
    .description('show whether the emulator is running, and where')
    .option('--data-dir <dir>', 'data directory of the emulator to look at')
    .action(async (flags: DirFlags, cmd: Command) => {
      const { statusCommand } = await import('./emulator-lifecycle.js');
      await statusCommand(flags, cmd.optsWithGlobals());
    });
  emulator
    .command('stop')
    .description('stop a running emulator (started with --detach or in another terminal)')
    .option('--data-dir <dir>', 'data directory of the emulator to stop')
    .action(async (flags: DirFlags) => {
      const { stopCommand } = await import('./emulator-lifecycle.js');
      await stopCommand(flags);
    });
  emulator
    .command('reset')
    .description('delete all emulator data (needs --yes; the emulator must be stopped)')
    .option('--data-dir <dir>', 'data directory to wipe')
    .action(async (flags: DirFlags, cmd: Command) => {
      const { resetCommand } = await import('./emulator-lifecycle.js');
      await resetCommand(flags, cmd.optsWithGlobals());
    });
}

function registerFaults(emulator: Command): void {
  const fault = emulator.command('fault').description('inject network faults into the running emulator (see `emulator heal`)');
  const kinds = [
    ['partition', '<groups...>', 'split regions into groups that cannot reach each other (each group a comma list; regions not named form one more group)'],
    ['down', '<region>', "take a region down: its listener refuses connections, nothing reaches it"],
    ['up', '<region>', 'bring a downed region back'],
    ['lag', '<from> <to> <ms>', 'add one-way delay on a link (both directions unless --one-way)'],
    ['drop', '<from> <to> <probability>', 'lose messages on a link with this probability (both directions unless --one-way)'],
  ] as const;
  for (const [kind, args, description] of kinds) {
    const cmd = fault.command(`${kind} ${args}`).description(description).option('--data-dir <dir>', 'data directory of the running emulator');
    if (kind === 'lag' || kind === 'drop') cmd.option('--one-way', 'only from → to');
    cmd.action(async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const { faultCommand } = await import('./emulator-faults.js');
      await faultCommand(kind, command.args, command.opts(), command.optsWithGlobals());
    });
  }
  emulator
    .command('heal')
    .description('clear every fault (partitions, downed regions, lag, drops)')
    .option('--data-dir <dir>', 'data directory of the running emulator')
    .action(async (flags: { dataDir?: string }, cmd: Command) => {
      const { healCommand } = await import('./emulator-faults.js');
      await healCommand(flags, cmd.optsWithGlobals());
    });
}

export function registerEmulator(program: Command): void {
  const emulator = emulatorCommand(program);
  registerStart(emulator);
  registerStatusStopReset(emulator);
  registerFaults(emulator);
}
