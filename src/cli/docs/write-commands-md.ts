// `npm run docs:commands`: regenerates docs/commands.md from the built program.
import { writeFileSync } from 'node:fs';
import { renderCommandsMarkdown } from './commands-md.js';

const target = new URL('../../../docs/commands.md', import.meta.url);
writeFileSync(target, await renderCommandsMarkdown());
process.stderr.write(`wrote ${target.pathname}\n`);
