// One way to print command results, whatever -o says.
//
//   render(ctx, data, { fields?, title?, empty? })   // data: an object or an array of rows
//     json   → the payload unchanged (pretty-printed)
//     ndjson → one JSON value per line (an object is one line)
//     yaml   → toYaml(data)
//     csv    → header + rows over `fields` (RFC 4180 quoting)
//     table  → rows as a fitted table; a single object as a two-column key/value table;
//              `empty` printed on stderr when there are no rows
//   const w = rowWriter(ctx.output, fields?); await w.write(row); await w.end();
//     streams NDJSON/CSV/JSON-array rows on stdout, waiting for 'drain' (back-pressure).
import { cellText, renderTable } from './table.js';
import { toYaml } from './yaml.js';

export type OutputMode = 'table' | 'json' | 'ndjson' | 'yaml' | 'csv';
export const OUTPUT_MODES: readonly OutputMode[] = ['table', 'json', 'ndjson', 'yaml', 'csv'];

export interface RenderTarget {
  readonly output: OutputMode;
  readonly color: boolean;
  readonly quiet?: boolean;
}

export interface RenderOptions {
  readonly fields?: readonly string[];
  readonly title?: string;
  /** Said on stderr in table mode when there is nothing to show. */
  readonly empty?: string;
}

export function csvCell(v: unknown): string {
  const s = cellText(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function fieldsOf(rows: readonly Record<string, unknown>[], given: readonly string[] | undefined): string[] {
  if (given) return [...given];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

function asRows(data: unknown): Record<string, unknown>[] {
  if (Array.isArray(data)) return data.map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : { value: r }));
  if (data && typeof data === 'object') return [data as Record<string, unknown>];
  return [{ value: data }];
}

export function formatOutput(target: RenderTarget, data: unknown, opts: RenderOptions = {}, width = process.stdout.columns || 100): string {
  switch (target.output) {
    case 'json':
      return `${JSON.stringify(data, null, 2)}\n`;
    case 'ndjson':
      return Array.isArray(data) ? data.map((d) => `${JSON.stringify(d)}\n`).join('') : `${JSON.stringify(data)}\n`;
    case 'yaml':
      return toYaml(data);
    case 'csv': {
      const rows = asRows(data);
      const fields = fieldsOf(rows, opts.fields);
      return [fields.map(csvCell).join(','), ...rows.map((r) => fields.map((f) => csvCell(r[f])).join(','))].join('\r\n') + '\r\n';
    }
    case 'table': {
      if (!Array.isArray(data) && data && typeof data === 'object') {
        const entries = Object.entries(data as Record<string, unknown>).filter(([k]) => !opts.fields || opts.fields.includes(k));
        const rows = entries.map(([key, value]) => ({ key, value }));
        return (opts.title ? `${opts.title}\n` : '') + renderTable(rows, ['key', 'value'], width, target.color);
      }
      const rows = asRows(data);
      if (rows.length === 0) return '';
      return (opts.title ? `${opts.title}\n` : '') + renderTable(rows, fieldsOf(rows, opts.fields), width, target.color);
    }
  }
}

export function render(target: RenderTarget, data: unknown, opts: RenderOptions = {}): void {
  if (target.output === 'table' && Array.isArray(data) && data.length === 0) {
    if (opts.empty && !target.quiet) process.stderr.write(`${opts.empty}\n`);
    return;
  }
  process.stdout.write(formatOutput(target, data, opts));
}

export interface RowWriter {
  write(row: unknown): Promise<void>;
  end(): Promise<void>;
}

function writeOut(chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

/** Streams rows in ndjson, csv (over `fields`, or the first row's keys) or json (one array). */
export function rowWriter(mode: 'ndjson' | 'csv' | 'json', fields?: readonly string[]): RowWriter {
  let cols = fields ? [...fields] : undefined;
  let n = 0;
  return {
    async write(row) {
      if (mode === 'ndjson') return writeOut(`${JSON.stringify(row)}\n`);
      if (mode === 'json') return writeOut(`${n++ === 0 ? '[\n  ' : ',\n  '}${JSON.stringify(row)}`);
      const r = row && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : { value: row };
      if (!cols) cols = Object.keys(r);
      const head = n++ === 0 ? `${cols.map(csvCell).join(',')}\r\n` : '';
      return writeOut(`${head}${cols.map((f) => csvCell(r[f])).join(',')}\r\n`);
    },
    async end() {
      if (mode === 'json') await writeOut(n === 0 ? '[]\n' : '\n]\n');
    },
  };
}
