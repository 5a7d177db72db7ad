/** A source file with a line index, so offsets turn into 1-based line/column ranges only when needed. */
import type { SourceRange } from '../../model/index.js';
import { LineIndex } from '../line-index.js';

export class SourceText {
  /** Built on first use: most files never need a position. */
  private lines: LineIndex | undefined;

  constructor(
    /** Path as shown to users (relative to cwd, forward slashes). */
    readonly path: string,
    readonly text: string,
  ) {}

  /** 1-based line and column (UTF-16 code units) of an offset. */
  position(offset: number): { line: number; column: number } {
    return (this.lines ??= new LineIndex(this.text)).position(offset);
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
