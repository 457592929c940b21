// Writes query rows to stdout as they arrive. ndjson, json, yaml and csv stream with constant
// memory and wait for 'drain' when the pipe is full, so a slow reader (`| head`, `| jq`) slows
// the cursor reads instead of filling memory. The table view has to see its rows to size its
// columns, so it keeps them and fits the terminal width when it prints.
import { createWriteStream, fstatSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { OutputMode } from '../render/output.js';

export interface RowWriter {
  write(rows: readonly unknown[]): Promise<void>;
  end(): Promise<void>;
}

function waitDrain(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      out.off('error', onError);
      resolve();
    };
    const onError = (err: Error): void => {
      out.off('drain', onDrain);
      reject(err);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

/** Writes and waits for 'drain' when the stream's buffer is full. */
export async function put(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (chunk.length > 0 && !out.write(chunk)) await waitDrain(out);
}

/** Ends a stream we own and waits until it is flushed. */
export function endOwned(out: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellText(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * When stdout is a regular file (`> out.ndjson`), an asynchronous stream on fd 1. Node writes
 * process.stdout to files synchronously, so every batch would stop the event loop until the
 * kernel took it (a third of an export's time on a busy disk); this one writes from the
 * thread pool while the next batch is fetched and split, with the same back-pressure.
 */
export function fileStdout(): Writable | undefined {
  try {
    if (!fstatSync(1).isFile()) return undefined;
  } catch {
    return undefined;
  }
  // No `start`: writes go to the current offset, so `>>` appends as with process.stdout.
  return createWriteStream('', { fd: 1, autoClose: false, highWaterMark: 1024 * 1024 });
}

export function createRowWriter(mode: OutputMode, out: Writable, columns: number | undefined): RowWriter {
  if (mode === 'ndjson' || mode === 'yaml') {
    // JSON is valid YAML flow syntax, so a YAML sequence of JSON rows streams as easily.
    const prefix = mode === 'yaml' ? '- ' : '';
    return {
      write: (rows) => put(out, rows.map((r) => `${prefix}${JSON.stringify(r) ?? 'null'}\n`).join('')),
      end: async () => undefined,
    };
  }
  if (mode === 'json') {
    let first = true;
    return {
      async write(rows) {
        if (rows.length === 0) return;
        const body = rows.map((r) => `  ${JSON.stringify(r) ?? 'null'}`).join(',\n');
        await put(out, `${first ? '[\n' : ',\n'}${body}`);
        first = false;
      },
      end: () => put(out, first ? '[]\n' : '\n]\n'),
    };
  }
  if (mode === 'csv') {
    let header: string[] | undefined;
    return {
      async write(rows) {
        if (rows.length === 0) return;
        let text = '';
        if (header === undefined) {
          const head = rows[0];
          header = isRecord(head) ? Object.keys(head) : ['value'];
          text += `${header.map(csvCell).join(',')}\n`;
        }
        const cols = header;
        for (const r of rows) text += `${(isRecord(r) ? cols.map((c) => csvCell(r[c])) : [csvCell(r)]).join(',')}\n`;
        await put(out, text);
      },
      end: async () => undefined,
    };
  }
  const kept: unknown[] = [];
  return {
    write: async (rows) => {
      for (const r of rows) kept.push(r);
    },
    end: () => put(out, renderTable(kept, columns ?? 120)),
  };
}

/** A table of the rows' top-level attributes, cells cut so the whole table fits `width`. */
export function renderTable(rows: readonly unknown[], width: number): string {
  if (rows.length === 0) return '(no rows)\n';
  const names: string[] = [];
  const seen = new Set<string>();
  let scalars = false;
  for (const r of rows) {
    if (!isRecord(r)) {
      scalars = true;
      continue;
    }
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  const cols = scalars && names.length === 0 ? ['value'] : scalars ? [...names, 'value'] : names;
  const cells = rows.map((r) => cols.map((c) => (isRecord(r) ? cellText(c === 'value' && !(c in r) ? undefined : r[c]) : c === 'value' ? cellText(r) : '')));
  const natural = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').replace(/\n/g, ' ').length)));
  // Borders: "│ " before each column, " " after, and a final "│".
  const budget = Math.max(cols.length * 4, width - 3 * cols.length - 1);
  const widths = fit(natural, budget);
  const cut = (s: string, w: number): string => {
    const flat = s.replace(/\n/g, ' ');
    return flat.length <= w ? flat.padEnd(w) : `${flat.slice(0, Math.max(0, w - 1))}…`;
  };
  const line = (l: string, m: string, r: string): string => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}\n`;
  const row = (values: readonly string[]): string => `│${values.map((v, i) => ` ${cut(v, widths[i] ?? 1)} `).join('│')}│\n`;
  let text = line('┌', '┬', '┐') + row(cols) + line('├', '┼', '┤');
  for (const r of cells) text += row(r);
  return `${text}${line('└', '┴', '┘')}${rows.length} row${rows.length === 1 ? '' : 's'}\n`;
}

/** Shrinks the widest columns first until the sum fits. */
function fit(natural: readonly number[], budget: number): number[] {
  const widths = natural.map((w) => Math.max(1, Math.min(w, budget)));
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    let widest = 0;
    widths.forEach((w, i) => {
      if (w > (widths[widest] ?? 0)) widest = i;
    });
    if ((widths[widest] ?? 0) <= 3) break;
    widths[widest] = (widths[widest] ?? 1) - 1;
    total--;
  }
  return widths;
}
