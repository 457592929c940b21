// c8spot completion bash|zsh|fish and c8spot help environment|exit-codes|output.
// Completion scripts list the command tree at generation time, so they need no runtime hook.
import type { Command } from 'commander';

const TOPICS: Record<string, string> = {
  environment: `Environment variables (a flag beats env, env beats the profile, the profile beats defaults):
  C8SPOT_PROFILE     profile to use
  C8SPOT_URL         target URL (emulator or GDN federation)
  C8SPOT_API_KEY     API key (beats a stored credential)
  C8SPOT_TOKEN       JWT (beats C8SPOT_API_KEY)
  C8SPOT_FABRIC      fabric (default _system)
  C8SPOT_OUTPUT      table|json|ndjson|yaml|csv
  C8SPOT_CONFIG_DIR  where config.json lives (0600 file in a 0700 dir)
  C8SPOT_CA_FILE     PEM CA to trust for TLS
  NO_COLOR / FORCE_COLOR / TERM=dumb   colour control
  CI                 set: never prompt (destructive commands need --yes)
`,
  'exit-codes': `Exit codes:
  0   ok
  1   error
  2   usage (bad flag or argument, or --yes missing in a non-interactive session)
  3   not found (fabric, collection, document, profile)
  4   auth (bad or expired credentials: run \`c8spot login\`)
  5   conflict / already exists and differs
  6   consistency check failed
  7   partial bulk failure
  8   timeout or target unreachable (local: \`c8spot emulator start\`)
  130 interrupted (Ctrl-C)
`,
  output: `Output (-o / C8SPOT_OUTPUT, --json = -o json):
  table   human table fitted to the terminal (default)
  json    the payload unchanged; errors as {"error":{code,message,hint,httpStatus,errorNum,region,requestId}}
          (also with ndjson); code is a stable name to branch on: SPOT_REGION_MISSING,
          DOCUMENT_NOT_FOUND, FABRIC_NOT_FOUND, NETWORK_REFUSED…, else the exit code's (USAGE, AUTH…)
  ndjson  one JSON value per line (streams)
  yaml    YAML
  csv     header row + rows (streams)
Messages, progress and the "→ target" banner go to stderr; -q silences them.
`,
};

function tree(cmd: Command, prefix: string[] = []): { path: string[]; subs: string[]; opts: string[] }[] {
  const here = { path: prefix, subs: cmd.commands.map((c) => c.name()), opts: cmd.options.map((o) => o.long ?? o.short ?? '').filter(Boolean) };
  return [here, ...cmd.commands.flatMap((c) => tree(c, [...prefix, c.name()]))];
}

export function completionScript(program: Command, shell: string): string {
  const nodes = tree(program);
  const globalOpts = nodes[0]?.opts ?? [];
  if (shell === 'bash') {
    const cases = nodes.map((n) => `    "${n.path.join(' ')}") words="${[...n.subs, ...n.opts, ...(n.path.length > 0 ? globalOpts : [])].join(" ")}";;`).join('\n');
    return `# c8spot bash completion: eval "$(c8spot completion bash)"
_c8spot() {
  local cur path="" w words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do [[ $w == -* ]] || path="\${path:+$path }$w"; done
  case "$path" in
${cases}
    *) words="${globalOpts.join(' ')}";;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _c8spot c8spot
`;
  }
  if (shell === 'zsh') return `#compdef c8spot\n# c8spot zsh completion: eval "$(c8spot completion zsh)"\nautoload -U +X bashcompinit && bashcompinit\n${completionScript(program, 'bash')}`;
  return nodes
    .filter((n) => n.subs.length > 0)
    .map((n) => {
      const cond = n.path.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${n.path.at(-1) ?? ''}`;
      return n.subs.map((s) => `complete -c c8spot -n '${cond}' -a ${s}`).join('\n');
    })
    .join('\n')
    .concat('\n', globalOpts.map((o) => `complete -c c8spot -l ${o.replace(/^--/, '')}`).join('\n'), '\n');
}

export function registerCompletion(program: Command): void {
  program
    .command('completion <shell>')
    .description('print a shell completion script (bash, zsh or fish)')
    .addHelpText('after', '\nExamples:\n  $ eval "$(c8spot completion bash)"\n  $ c8spot completion zsh > "${fpath[1]}/_c8spot"\n  $ c8spot completion fish > ~/.config/fish/completions/c8spot.fish\n')
    .action(async (shell: string) => {
      if (!['bash', 'zsh', 'fish'].includes(shell)) {
        const { UsageError } = await import('../render/errors.js');
        throw new UsageError(`completion takes bash, zsh or fish, got '${shell}'`);
      }
      process.stdout.write(completionScript(program, shell));
    });

  // Our own `help [topic|command…]`: the three topics, else commander's help for that command.
  program.helpCommand(false);
  program
    .command('help [words...]')
    .description('help on a command, or a topic: environment | exit-codes | output')
    .action(async (words: string[] = []) => {
      const first = words[0];
      if (first !== undefined && first in TOPICS) return void process.stdout.write(TOPICS[first] ?? '');
      let target: Command = program;
      for (const w of words) {
        const next = target.commands.find((c) => c.name() === w || c.aliases().includes(w));
        if (!next) {
          const { UsageError } = await import('../render/errors.js');
          throw new UsageError(`no command or topic '${words.join(' ')}'; topics: ${Object.keys(TOPICS).join(', ')}`);
        }
        target = next;
      }
      process.stdout.write(target.helpInformation());
    });
  program.addHelpText('after', '\nMore help: c8spot help environment | exit-codes | output\n');
}
