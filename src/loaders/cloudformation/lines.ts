import { sourceRange, type SourceRange } from '../../model/index.js';
import { LineIndex as TextLines } from '../line-index.js';

/** Line positions of one template file, with source ranges for its nodes. */
export class LineIndex extends TextLines {
  constructor(
    private readonly file: string,
    text: string,
  ) {
    super(text);
  }

  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return sourceRange(this.file, a.line, a.column, b.line, b.column);
  }
}
