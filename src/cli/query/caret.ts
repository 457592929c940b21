// Shows where a C8QL error is: GDN's parse errors end in `at position <line>:<col>` (1-based,
// ArangoDB's wording), so the CLI prints that line of the query with a caret under the column
// and one line of context above it.
const POSITION = /at position (\d+):(\d+)/;

export function errorPosition(message: string): { line: number; column: number } | undefined {
  const m = POSITION.exec(message);
  if (!m) return undefined;
  return { line: Number(m[1]), column: Number(m[2]) };
}

export function caretExcerpt(query: string, message: string): string | undefined {
  const pos = errorPosition(message);
  if (!pos) return undefined;
  const lines = query.split(/\r?\n/);
  const target = lines[pos.line - 1];
  if (target === undefined) return undefined;
  const width = String(pos.line).length;
  const gutter = (n: number | undefined): string => `  ${n === undefined ? ' '.repeat(width) : String(n).padStart(width)} | `;
  const out: string[] = [];
  const before = lines[pos.line - 2];
  if (before !== undefined && before.trim() !== '') out.push(gutter(pos.line - 1) + before);
  out.push(gutter(pos.line) + target);
  // Tabs before the column are kept so the caret lines up in a terminal.
  const pad = target.slice(0, Math.max(0, pos.column - 1)).replace(/[^\t]/g, ' ');
  out.push(gutter(undefined) + pad + '^');
  return out.join('\n');
}
