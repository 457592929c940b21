// Benchmark 1: start-up. Median wall time of `c8spot --version` and of
// `c8spot fabric list -o json` against a running emulator, each as a ratio to `node -e 0`.
// The three commands run in rotating order inside every round, so a burst of machine noise
// hits all three alike and the ratios stay comparable on a shared 2-core machine.
import { join } from 'node:path';
import { median, ms, ratio, startChildEmulator, timeChild } from './emulator-child.js';
import type { BenchOptions, BenchRow, Benchmark } from './types.js';

const BENCH = '1. start-up';

export const benchmark: Benchmark = {
  name: 'startup',
  title: '1. Start-up',
  howMeasured: `A throw-away \`c8spot emulator start --in-memory\` runs as a child process and writes the
\`local\` profile into a private config dir. Each round runs \`node -e 0\`, \`c8spot --version\` and
\`c8spot fabric list -o json\` (which reads that profile and sends one request) as child
processes, one after the other, the order rotating from round to round, so the three see the
same machine noise. Wall time is spawn to exit (\`spawnSync\`). The figures are the medians over
the rounds and their ratios to the \`node -e 0\` median.`,
  async run(opts: BenchOptions): Promise<BenchRow[]> {
    const rounds = opts.quick ? 3 : 21;
    const emu = await startChildEmulator({ cliPath: opts.cliPath, dir: join(opts.workDir, 'startup'), seed: opts.seed, args: ['--latency-scale', '0'] });
    try {
      // The CLI finds the emulator through the `local` profile `emulator start` wrote: the
      // path a user takes, config file read included.
      const env = emu.cliEnv;
      const commands = {
        node: ['-e', '0'],
        version: [opts.cliPath, '--version'],
        fabricList: [opts.cliPath, 'fabric', 'list', '-o', 'json'],
      } as const;
      const names = Object.keys(commands) as Array<keyof typeof commands>;
      const check = (name: keyof typeof commands, r: ReturnType<typeof timeChild>): void => {
        if (r.status !== 0) throw new Error(`${commands[name].join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
        if (name === 'fabricList' && !(JSON.parse(r.stdout) as Array<{ name: string }>).some((f) => f.name === '_system')) {
          throw new Error(`fabric list did not list _system: ${r.stdout.slice(0, 200)}`);
        }
      };
      for (const name of names) check(name, timeChild(commands[name], env)); // warm the page cache
      const times: Record<keyof typeof commands, number[]> = { node: [], version: [], fabricList: [] };
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(round + k) % names.length]!;
          const r = timeChild(commands[name], env);
          check(name, r);
          times[name].push(r.ms);
        }
        opts.log(`  round ${round + 1}/${rounds}: node ${ms(times.node.at(-1)!)}, --version ${ms(times.version.at(-1)!)}, fabric list ${ms(times.fabricList.at(-1)!)}`);
      }
      const base = median(times.node);
      const version = median(times.version);
      const list = median(times.fabricList);
      const details = { rounds, nodeMedianMs: round1(base), versionMedianMs: round1(version), fabricListMedianMs: round1(list) };
      return [
        { bench: BENCH, metric: '`node -e 0` median wall time', target: '(baseline)', measured: ms(base), details },
        { bench: BENCH, metric: '`c8spot --version` / `node -e 0`', target: '≤ 1.5×', measured: `${ratio(version / base)} (${ms(version)})`, pass: version / base <= 1.5, details },
        { bench: BENCH, metric: '`c8spot fabric list -o json` / `node -e 0`', target: '≤ 2.5×', measured: `${ratio(list / base)} (${ms(list)})`, pass: list / base <= 2.5, details },
      ];
    } finally {
      await emu.stop();
    }
  },
};

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
