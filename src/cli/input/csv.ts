// Streaming RFC 4180 CSV reader: comma-separated, fields optionally in double quotes, `""`
// for a quote inside a quoted field, CRLF or LF line ends, newlines allowed inside quoted
// fields. The first record is the header (field names). Each record remembers the line it
// starts on, so a record spanning lines is still reported where it begins.
//
// Value typing (applied to unquoted fields only; quoting a value keeps it a string):
//   empty            → the field is left out of the document (use "" for an empty string)
//   true / false     → boolean
//   null             → null
//   JSON-style number (no leading zeros, no +, within the safe-integer range when integral)
//                    → number; `007`, `1e999` or 20-digit ids stay strings so nothing is lost
//   anything else    → string
//   `_key`, `_id`, `_rev`, `_from`, `_to` are always strings (GDN rejects numeric keys).
import { decodeChunks } from './decode.js';
import { InputError, type Chunk, type InputItem } from './types.js';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const SYSTEM_STRING_FIELDS = new Set(['_key', '_id', '_rev', '_from', '_to']);

export function typeCsvValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (NUMBER.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n) || /[.eE]/.test(raw))) return n;
  }
  return raw;
}

type State = 'field-start' | 'unquoted' | 'quoted' | 'quoted-quote';

interface RawRecord {
  readonly line: number;
  readonly fields: string[];
  readonly quoted: boolean[];
  readonly problem: string | undefined;
}

class CsvTokenizer {
  private state: State = 'field-start';
  private line = 1;
  private recordLine = 1;
  private field = '';
  private fields: string[] = [];
  private quoted: boolean[] = [];
  private fieldQuoted = false;
  private problem: string | undefined;
  private skipLf = false;
  private quoteLine = 1;

  push(text: string): RawRecord[] {
    const out: RawRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.skipLf) {
        this.skipLf = false;
        if (ch === '\n') {
          this.line++;
          this.recordLine = this.line;
          continue;
        }
      }
      if (this.state === 'quoted') {
        if (ch === '"') this.state = 'quoted-quote';
        else this.field += ch;
        if (ch === '\n') this.line++;
        continue;
      }
      if (this.state === 'quoted-quote') {
        if (ch === '"') {
          this.field += '"';
          this.state = 'quoted';
          continue;
        }
        if (ch !== ',' && ch !== '\n' && ch !== '\r') {
          this.problem ??= `unexpected '${ch}' after a closing quote`;
          this.field += ch;
          this.state = 'unquoted';
          continue;
        }
      }
      if (ch === ',') {
        this.endField();
      } else if (ch === '\n' || ch === '\r') {
        this.endField();
        out.push(this.endRecord());
        if (ch === '\r') this.skipLf = true;
        else this.line++;
        this.recordLine = this.line;
      } else if (ch === '"' && this.state === 'field-start') {
        this.state = 'quoted';
        this.fieldQuoted = true;
        this.quoteLine = this.line;
      } else {
        // A quote inside an unquoted field is kept literally, as most tools do.
        this.field += ch;
        this.state = 'unquoted';
      }
    }
    return out;
  }

  end(): RawRecord[] {
    if (this.state === 'quoted') {
      throw new InputError(`unexpected end of input: the quoted field opened on line ${this.quoteLine} is not closed`, this.line);
    }
    if (this.state === 'field-start' && this.fields.length === 0) return [];
    this.endField();
    return [this.endRecord()];
  }

  private endField(): void {
    this.fields.push(this.field);
    this.quoted.push(this.fieldQuoted);
    this.field = '';
    this.fieldQuoted = false;
    this.state = 'field-start';
  }

  private endRecord(): RawRecord {
    const rec: RawRecord = { line: this.recordLine, fields: this.fields, quoted: this.quoted, problem: this.problem };
    this.fields = [];
    this.quoted = [];
    this.problem = undefined;
    return rec;
  }
}

function isBlank(rec: RawRecord): boolean {
  return rec.fields.length === 1 && rec.fields[0] === '' && rec.quoted[0] === false;
}

function checkHeader(rec: RawRecord): string[] {
  const seen = new Set<string>();
  rec.fields.forEach((name, i) => {
    if (name === '') throw new InputError(`header column ${i + 1} has no name`, rec.line);
    if (seen.has(name)) throw new InputError(`header names '${name}' twice`, rec.line);
    seen.add(name);
  });
  return rec.fields;
}

function toItem(rec: RawRecord, header: readonly string[]): InputItem {
  if (rec.problem !== undefined) return { kind: 'error', line: rec.line, message: rec.problem };
  if (rec.fields.length !== header.length) {
    return { kind: 'error', line: rec.line, message: `record has ${rec.fields.length} fields, the header has ${header.length}` };
  }
  const doc: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const raw = rec.fields[i] as string;
    if (rec.quoted[i]) doc[name] = raw;
    else if (raw === '') return;
    else doc[name] = SYSTEM_STRING_FIELDS.has(name) ? raw : typeCsvValue(raw);
  });
  return { kind: 'doc', line: rec.line, doc };
}

export async function* readCsv(source: AsyncIterable<Chunk> | Iterable<Chunk>): AsyncGenerator<InputItem> {
  const tokenizer = new CsvTokenizer();
  let header: string[] | undefined;
  const convert = function* (records: RawRecord[]): Generator<InputItem> {
    for (const rec of records) {
      if (isBlank(rec)) continue;
      if (header === undefined) header = checkHeader(rec);
      else yield toItem(rec, header);
    }
  };
  for await (const text of decodeChunks(source)) yield* convert(tokenizer.push(text));
  yield* convert(tokenizer.end());
}
