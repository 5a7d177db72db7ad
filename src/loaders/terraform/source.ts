/** A source file with a line index, so offsets turn into 1-based line/column ranges only when needed. */
import type { SourceRange } from '../../model/index.js';

export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(
    /** Path as shown to users (relative to cwd, forward slashes). */
    readonly path: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  /** 1-based line and column (UTF-16 code units) of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { kind: 'source', file: this.path, startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  }
}

/** An offset range inside one source text; converted to a SourceRange lazily. */
export interface Span {
  src: SourceText;
  s: number;
  e: number;
}

export function spanRange(span: Span): SourceRange {
  return span.src.range(span.s, span.e);
}
