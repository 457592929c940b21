// The whole commander program: global options and one register() per command group.
// Command files import only commander at load time; their actions import the REST
// layer, renderers or the emulator dynamically, so `--help` and `--version` stay cheap.
// A command run from the terminal loads only its own group (program-lazy.ts): add a new
// group there too (test/cli/program-lazy.test.ts says so when it is missing).
import type { Command } from 'commander';
import { registerCollection } from './commands/collection.js';
import { registerCompletion } from './commands/completion.js';
import { registerDemo } from './commands/demo.js';
import { registerDoc } from './commands/doc.js';
import { registerEmulator } from './commands/emulator.js';
import { registerFabric } from './commands/fabric.js';
import { registerInsert } from './commands/insert.js';
import { registerProfile } from './commands/profile.js';
import { registerQuery } from './commands/query.js';
import { registerRegion } from './commands/region.js';
import { registerRegionRead } from './commands/region-read.js';
import { registerRestql } from './commands/restql.js';
import { registerTeardown } from './commands/teardown.js';
import { rootCommand } from './program-root.js';

export function createProgram(): Command {
  const program = rootCommand();

  registerProfile(program);
  registerRegion(program);
  registerFabric(program);
  registerCollection(program);
  registerDoc(program);
  registerEmulator(program);
  registerDemo(program);
  registerRegionRead(program);
  registerInsert(program);
  registerQuery(program);
  registerRestql(program);
  registerTeardown(program);
  registerCompletion(program);
  return program;
}
