// docs/commands.md, rendered from the commander program itself so the reference cannot
// drift from the CLI: a test regenerates it in memory and fails when the file is stale.
// Not imported by the CLI entry (and left out of the npm package): only `npm run docs:commands`
// and the test load it.
import type { EventEmitter } from 'node:events';
import type { Argument, Command, Help, Option } from 'commander';
import { createProgram } from '../program.js';

/** The `c8spot help <topic>` topics, in the order the help command lists them. */
const HELP_TOPICS = ['environment', 'exit-codes', 'output'] as const;

/** Full command path as typed, e.g. `c8spot fabric create`. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** GitHub's heading anchor for a plain-text heading. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

/** A table cell: pipes would end the cell, newlines the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

/** Text a command adds to its help with addHelpText(position), as commander would print it. */
function helpText(cmd: Command, position: 'before' | 'after' | 'beforeAll' | 'afterAll'): string {
  let out = '';
  // addHelpText() registers a listener for this event; commander's typings omit that a
  // Command is an EventEmitter.
  (cmd as unknown as EventEmitter).emit(`${position}Help`, { error: false, command: cmd, write: (s: string) => (out += s) });
  return out.trim();
}

/** Examples blocks (`Examples:` then `$ command` lines) become a sh block; other text stays as text. */
function renderHelpText(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  const body = lines[0]?.trim() === 'Examples:' ? lines.slice(1) : lines;
  const trimmed = body.map((l) => l.trim()).filter((l) => l !== '');
  if (trimmed.length > 0 && trimmed.every((l) => l.startsWith('$ '))) {
    return ['Examples:', '', '```sh', ...trimmed.map((l) => l.slice(2)), '```', ''];
  }
  return ['```text', text, '```', ''];
}

function argumentTerm(arg: Argument): string {
  const name = arg.name() + (arg.variadic ? '...' : '');
  return arg.required ? `<${name}>` : `[${name}]`;
}

function renderArguments(cmd: Command): string[] {
  const args = cmd.registeredArguments;
  if (args.length === 0) return [];
  const rows = args.map((a) => {
    const notes = [a.description, a.defaultValue !== undefined ? `(default: ${JSON.stringify(a.defaultValue)})` : ''].filter(Boolean).join(' ');
    return `| \`${cell(argumentTerm(a))}\` | ${a.required ? 'required' : 'optional'}${notes ? `; ${cell(notes)}` : ''} |`;
  });
  return ['| Argument | Notes |', '| --- | --- |', ...rows, ''];
}

function renderOptions(help: Help, cmd: Command, options: readonly Option[]): string[] {
  if (options.length === 0) return [];
  const rows = options.map((o) => `| \`${cell(help.optionTerm(o))}\` | ${cell(help.optionDescription(o))} |`);
  return ['| Option | Description |', '| --- | --- |', ...rows, ''];
}

function renderCommand(help: Help, cmd: Command, depth: number, isRoot: boolean): string[] {
  const title = commandPath(cmd);
  const lines: string[] = [`${'#'.repeat(depth)} ${title}`, ''];
  const description = help.commandDescription(cmd);
  if (description) lines.push(description, '');
  lines.push('```text', `Usage: ${help.commandUsage(cmd)}`, '```', '');
  lines.push(...renderHelpText(helpText(cmd, 'before')));
  lines.push(...renderArguments(cmd));
  // The root's options are the global options; every other command lists only its own.
  const options = help.visibleOptions(cmd).filter((o) => isRoot || o.long !== '--help');
  if (isRoot) lines.push('Global options (accepted by every command):', '');
  lines.push(...renderOptions(help, cmd, options));
  const subs = subcommands(help, cmd);
  if (subs.length > 0 && !isRoot) {
    lines.push('Subcommands:', '');
    for (const s of subs) lines.push(`- [\`${commandPath(s)}\`](#${anchor(commandPath(s))}): ${s.description()}`);
    lines.push('');
  }
  lines.push(...renderHelpText(helpText(cmd, 'after')));
  return lines;
}

/** Subcommands as listed in help, less commander's implicit `help [command]` of a group. */
function subcommands(help: Help, cmd: Command): Command[] {
  return help.visibleCommands(cmd).filter((c) => cmd.commands.includes(c));
}

function walk(help: Help, cmd: Command, depth: number, out: string[]): void {
  for (const sub of subcommands(help, cmd)) {
    out.push(...renderCommand(help, sub, depth, false));
    walk(help, sub, depth + 1, out);
  }
}

function contents(help: Help, cmd: Command, indent: string, out: string[]): void {
  for (const sub of subcommands(help, cmd)) {
    out.push(`${indent}- [${commandPath(sub)}](#${anchor(commandPath(sub))})`);
    contents(help, sub, `${indent}  `, out);
  }
}

/**
 * Runs `c8spot help <topic>` on a fresh program and returns what it prints. The topics are
 * plain text owned by the help command; running it is the one way to read them unchanged.
 */
async function helpTopic(topic: string): Promise<string> {
  const program = createProgram();
  let out = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['help', topic], { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  return out.trimEnd();
}

/** The whole of docs/commands.md. */
export async function renderCommandsMarkdown(): Promise<string> {
  const program = createProgram();
  const help = program.createHelp();
  const lines: string[] = [
    '# Command reference',
    '',
    '<!-- Generated from the commander program by `npm run docs:commands`; do not edit by hand. -->',
    '',
    'Every command, argument and option of `c8spot`, generated from the CLI itself (a test fails',
    'when this file and the CLI disagree). The same text is one `c8spot <command> --help` away.',
    'Exit codes and environment variables are at the end ([help topics](#help-topics)).',
    '',
    '## Contents',
    '',
    `- [${program.name()}](#${anchor(program.name())})`,
  ];
  contents(help, program, '  ', lines);
  lines.push('- [Help topics](#help-topics)', '');
  lines.push(...renderCommand(help, program, 2, true));
  walk(help, program, 2, lines);
  lines.push('## Help topics', '');
  for (const topic of HELP_TOPICS) {
    lines.push(`### c8spot help ${topic}`, '', '```text', await helpTopic(topic), '```', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
