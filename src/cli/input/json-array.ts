// Streaming reader for a JSON array of documents (`[ {...}, {...} ]`), the `.json` format.
// It never holds more than one element in memory: a small scanner tracks strings, escapes
// and bracket nesting across chunks, cuts out each top-level element and hands only that
// slice to JSON.parse. A malformed element (balanced brackets but invalid JSON, or not an
// object) becomes a per-document error with the line it starts on; broken structure
// (mismatched or unclosed brackets, text after the closing `]`) stops the read with an
// InputError, because nothing after it can be located reliably.
// Also accepted, because `.json` files often hold them: a sequence of top-level objects
// separated by whitespace (NDJSON or a single pretty-printed object).
import { decodeChunks } from './decode.js';
import { InputError, isPlainObject, notAnObjectMessage, type Chunk, type InputItem } from './types.js';

const NL = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x0d || c === 0x09;
}

type Phase = 'before' | 'element-start' | 'in-element' | 'done';

export class JsonArrayScanner {
  private phase: Phase = 'before';
  private sequence = false;
  private afterComma = false;
  private line = 1;
  private arrayLine = 1;
  private startLine = 1;
  private parts: string[] = [];
  private stack: number[] = [];
  private inString = false;
  private escape = false;

  /** Feeds one chunk of text; returns the items completed in it. */
  push(text: string): InputItem[] {
    const out: InputItem[] = [];
    let start = this.phase === 'in-element' ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.phase === 'in-element') {
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (c === BACKSLASH) this.escape = true;
          else if (c === QUOTE) this.inString = false;
        } else if (c === QUOTE) {
          this.inString = true;
        } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
          this.stack.push(c);
        } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
          const open = this.stack.pop();
          if (open === undefined) {
            if (c === CLOSE_OBJECT || this.sequence) throw new InputError(`unexpected '${String.fromCharCode(c)}'`, this.line);
            out.push(this.finish(text.slice(start, i)));
            this.phase = 'done';
          } else if ((open === OPEN_ARRAY) !== (c === CLOSE_ARRAY)) {
            throw new InputError(`'${String.fromCharCode(c)}' does not close '${String.fromCharCode(open)}'`, this.line);
          } else if (this.sequence && this.stack.length === 0) {
            out.push(this.finish(text.slice(start, i + 1)));
            this.phase = 'element-start';
          }
        } else if (c === COMMA && this.stack.length === 0) {
          if (this.sequence) throw new InputError("unexpected ',' between top-level objects", this.line);
          out.push(this.finish(text.slice(start, i)));
          this.phase = 'element-start';
          this.afterComma = true;
        }
      } else if (isSpace(c)) {
        // whitespace between elements
      } else if (this.phase === 'before') {
        if (c === OPEN_ARRAY) {
          this.phase = 'element-start';
          this.arrayLine = this.line;
        } else if (c === OPEN_OBJECT) {
          this.sequence = true;
          this.beginElement(c);
          start = i;
        } else {
          throw new InputError(`expected '[' (a JSON array of documents), found '${String.fromCharCode(c)}'`, this.line);
        }
      } else if (this.phase === 'element-start') {
        if (c === CLOSE_ARRAY && !this.sequence) {
          if (this.afterComma) throw new InputError("trailing ',' before ']'", this.line);
          this.phase = 'done';
        } else if (c === COMMA && !this.sequence) {
          out.push({ kind: 'error', line: this.line, message: 'empty array element' });
        } else {
          this.beginElement(c);
          start = i;
        }
      } else {
        throw new InputError("unexpected data after the closing ']'", this.line);
      }
      if (c === NL) this.line++;
    }
    if (this.phase === 'in-element' && start >= 0) this.parts.push(text.slice(start));
    return out;
  }

  /** Called at end of input: throws when the structure is left open. */
  end(): void {
    const elementDone = this.phase === 'in-element' && this.stack.length === 0 && !this.inString && !this.sequence;
    if (this.phase === 'in-element' && !elementDone) {
      const what = this.inString ? 'a string is not closed' : 'an element is not closed';
      throw new InputError(`unexpected end of input: ${what} (element starts on line ${this.startLine})`, this.line);
    }
    if ((this.phase === 'element-start' || elementDone) && !this.sequence) {
      throw new InputError(`unexpected end of input: the array opened on line ${this.arrayLine} is not closed`, this.line);
    }
  }

  private beginElement(c: number): void {
    this.phase = 'in-element';
    this.afterComma = false;
    this.startLine = this.line;
    this.parts = [];
    this.stack = [];
    this.inString = false;
    this.escape = false;
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) this.stack.push(c);
    else if (c === QUOTE) this.inString = true;
  }

  private finish(tail: string): InputItem {
    const raw = (this.parts.length === 0 ? tail : this.parts.join('') + tail).trim();
    this.parts = [];
    const line = this.startLine;
    if (raw === '') return { kind: 'error', line, message: 'empty array element' };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      return { kind: 'error', line, message: `invalid JSON: ${(err as Error).message}` };
    }
    return isPlainObject(value) ? { kind: 'doc', line, doc: value } : { kind: 'error', line, message: notAnObjectMessage(value) };
  }
}

export async function* readJsonArray(source: AsyncIterable<Chunk> | Iterable<Chunk>): AsyncGenerator<InputItem> {
  const scanner = new JsonArrayScanner();
  for await (const text of decodeChunks(source)) yield* scanner.push(text);
  scanner.end();
}
