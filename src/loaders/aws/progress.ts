/**
 * A one-line progress display for terminals: "account 123456789012: 120/1000 buckets, 3 errors".
 * Redrawn at most every 100 ms; nothing at all when the stream is not a TTY (logs stay clean).
 */
import type { AuditProgress } from './audit-account.js';

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly intervalMs = 100,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  static format(p: AuditProgress): string {
    const errors = p.errors === 1 ? '1 error' : `${p.errors} errors`;
    return `account ${p.account}: ${p.bucketsDone}/${p.bucketsTotal} buckets, ${errors}`;
  }

  update(p: AuditProgress): void {
    if (!this.enabled) return;
    const now = Date.now();
    const finished = p.bucketsDone === p.bucketsTotal;
    if (!finished && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.stream.write(`\r\x1b[2K${ProgressLine.format(p)}`);
    this.drawn = true;
  }

  /** Erases the line so the report starts on a clean one. */
  clear(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
