// A small YAML emitter for command output: block style, strings quoted only when YAML
// would read them as something else.
const PLAIN = /^[A-Za-z_][A-Za-z0-9_ ./@-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (s !== '' && PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ')) return s;
  return JSON.stringify(s);
}

function emit(v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    if (v.length === 0) return void out.push(' []');
    out.push('');
    for (const item of v) {
      if (item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0) {
        const lines: string[] = [];
        emit(item, `${indent}  `, lines);
        // The first key shares the dash line.
        out.push(`${indent}- ${lines.join('\n').trimStart()}`);
      } else {
        const parts: string[] = [];
        emit(item, `${indent}  `, parts);
        out.push(`${indent}-${parts.join('\n')}`);
      }
    }
    return;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return void out.push(' {}');
    out.push('');
    for (const [k, val] of entries) {
      const parts: string[] = [];
      emit(val, `${indent}  `, parts);
      out.push(`${indent}${scalar(k)}:${parts.join('\n')}`);
    }
    return;
  }
  out.push(` ${scalar(v)}`);
}

export function toYaml(value: unknown): string {
  const out: string[] = [];
  emit(value, '', out);
  return `${out.join('\n').replace(/^\n/, '').replace(/^ /, '')}\n`;
}
