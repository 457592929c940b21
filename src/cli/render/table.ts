// Tables for humans: cli-table3 with bold headers, cells shortened so the table fits the
// terminal width (stdout.columns; 100 when not a terminal so pipes stay readable).
//
// Start-up: every command loads this module through render/output.ts, but only table output
// needs cli-table3, so it is required (it is CommonJS, so synchronously) on first use; bold is
// one SGR pair, not worth loading chalk for.
import { createRequire } from 'node:module';
import type CliTable3 from 'cli-table3';

const require = createRequire(import.meta.url);
let Table: typeof CliTable3 | undefined;

/** SGR bold on, then "normal intensity" (what chalk.bold emits). */
function bold(s: string): string {
  return `\u001b[1m${s}\u001b[22m`;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function shorten(s: string, max: number): string {
  const oneLine = s.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, Math.max(1, max - 1))}…`;
}

export function renderTable(rows: readonly Record<string, unknown>[], fields: readonly string[], width: number, color: boolean): string {
  const cells = rows.map((r) => fields.map((f) => cellText(r[f])));
  // Each column costs 3 characters of borders and padding.
  const budget = Math.max(fields.length * 4, width - fields.length * 3 - 1);
  const natural = fields.map((f, i) => Math.max(f.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const widths = [...natural];
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= 4) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  Table ??= require('cli-table3') as typeof CliTable3;
  const table = new Table({
    head: fields.map((f, i) => (color ? bold(shorten(f, widths[i] ?? 4)) : shorten(f, widths[i] ?? 4))),
    style: { head: [], border: [] },
    // No rule between body rows: denser, and still readable.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const c of cells) table.push(c.map((s, i) => shorten(s, widths[i] ?? 4)));
  return `${table.toString()}\n`;
}
