// Progress for `c8spot insert` on stderr: a redrawn bar on a terminal (documents, docs/s and,
// when the input size is known, percent and ETA), plain periodic lines otherwise, and the
// first few failures with their input line numbers.
import type { BulkFailure, BulkStats } from '../bulk/pipeline.js';

const SHOWN_FAILURES = 5;

export interface ProgressSource {
  readonly stats: Readonly<BulkStats>;
  bytesRead(): number;
  readonly size: number | undefined;
}

function rate(done: number, ms: number): number {
  return ms > 0 ? Math.round((done * 1000) / ms) : 0;
}

/** 1234567 → "1,234,567". Not toLocaleString: its first call loads ICU data (~0.1 s of CPU). */
function fmt(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

export class InsertProgress {
  private timer: NodeJS.Timeout | undefined;
  private shownFailures = 0;
  private hiddenFailures = 0;
  private drawn = false;
  private readonly started = performance.now();

  constructor(
    private readonly source: ProgressSource,
    private readonly tty: boolean,
    private readonly quiet: boolean,
    private readonly errorsFile: string | undefined,
  ) {}

  start(): void {
    if (this.quiet) return;
    this.timer = setInterval(() => (this.tty ? this.draw() : this.line()), this.tty ? 150 : 2000);
    this.timer.unref();
  }

  failure(f: BulkFailure): void {
    if (this.shownFailures >= SHOWN_FAILURES) {
      this.hiddenFailures++;
      return;
    }
    this.shownFailures++;
    this.clear();
    const code = f.errorNum === 0 ? 'input' : `errorNum ${f.errorNum}`;
    process.stderr.write(`  ✗ line ${f.line}: ${f.message} (${code})\n`);
  }

  note(text: string): void {
    this.clear();
    process.stderr.write(`${text}\n`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clear();
    if (this.hiddenFailures > 0 && !this.quiet) {
      const where = this.errorsFile ? `all of them are in ${this.errorsFile}` : 'use --errors-file to keep all of them';
      process.stderr.write(`  … and ${fmt(this.hiddenFailures)} more failures (${where})\n`);
    }
  }

  private done(): number {
    const s = this.source.stats;
    return s.inserted + s.updated + s.ignored;
  }

  private draw(): void {
    const ms = performance.now() - this.started;
    const done = this.done();
    const perSec = rate(done, ms);
    let text = `${fmt(done)} docs · ${fmt(perSec)} docs/s`;
    const size = this.source.size;
    if (size !== undefined && size > 0) {
      const ratio = Math.min(1, this.source.bytesRead() / size);
      const width = 24;
      const filled = Math.round(ratio * width);
      const eta = ratio > 0 ? (ms / 1000) * ((1 - ratio) / ratio) : Number.NaN;
      text = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% · ${text} · ETA ${formatEta(eta)}`;
    }
    if (this.source.stats.failed > 0) text += ` · ${fmt(this.source.stats.failed)} failed`;
    process.stderr.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  private line(): void {
    const ms = performance.now() - this.started;
    const s = this.source.stats;
    process.stderr.write(`insert: ${fmt(s.read)} read, ${fmt(this.done())} written, ${fmt(s.failed)} failed (${fmt(rate(this.done(), ms))} docs/s)\n`);
  }

  private clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}
