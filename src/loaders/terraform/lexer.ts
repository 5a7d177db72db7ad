/**
 * HCL native-syntax tokenizer. Quoted templates and heredocs are single tokens (their interpolations are
 * parsed later, on demand), comments are skipped, newlines are tokens because they end attributes.
 */
export const enum Tok {
  Ident,
  Number,
  Quoted,
  Heredoc,
  Punct,
  Newline,
  EOF,
}

export interface Token {
  t: Tok;
  /** Start and end offsets in the source text. */
  s: number;
  e: number;
  /** Identifier name, punctuation, or heredoc marker. */
  v: string;
  /** Heredoc only: content offsets and the `<<-` flag. */
  cs?: number;
  ce?: number;
  strip?: boolean;
}

/** Nesting deeper than this (brackets, blocks, templates) is reported instead of exhausting the stack. */
export const MAX_NESTING = 256;

export class LexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const PUNCT1 = '{}[]()=<>+-*/%!?:,.';

/** Length of the punctuation token at `i` (0 when there is none): "...", two-character operators, or one character. */
function punctLength(src: string, i: number, c: number): number {
  const n = src.charCodeAt(i + 1);
  switch (c) {
    case 46: // .
      return n === 46 && src.charCodeAt(i + 2) === 46 ? 3 : 1;
    case 61: // = (==, =>)
    case 33: // ! (!=)
    case 60: // < (<=)
    case 62: // > (>=)
      return n === 61 || (c === 61 && n === 62) ? 2 : 1;
    case 38: // &&
      return n === 38 ? 2 : 0;
    case 124: // ||
      return n === 124 ? 2 : 0;
    case 58: // : (::)
      return n === 58 ? 2 : 1;
    default:
      return PUNCT1.includes(src[i] as string) ? 1 : 0;
  }
}

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57) || c === 45;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Offset just after the closing quote of a quoted template starting at `pos` (which is the opening quote). */
export function scanQuoted(src: string, pos: number, depth = 0): number {
  if (depth > MAX_NESTING) throw new LexError(`templates nested deeper than ${MAX_NESTING} levels`, pos);
  let i = pos + 1;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (c === 34 /* " */) return i + 1;
    if (c === 10) throw new LexError('unterminated string', pos);
    if ((c === 36 /* $ */ || c === 37) /* % */ && src.charCodeAt(i + 1) === 123) {
      if (src.charCodeAt(i - 1) === c && src.charCodeAt(i - 2) !== c) {
        // "$${" and "%%{" are escapes for a literal "${" / "%{"
        i += 2;
        continue;
      }
      i = scanInterpolation(src, i + 2, depth + 1);
      continue;
    }
    i++;
  }
  throw new LexError('unterminated string', pos);
}

/** Offset just after the `}` that closes an interpolation whose body starts at `pos`. */
export function scanInterpolation(src: string, pos: number, nesting = 0): number {
  let depth = 0;
  let i = pos;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 34) {
      i = scanQuoted(src, i, nesting + 1);
      continue;
    }
    if (c === 60 && src.charCodeAt(i + 1) === 60 && heredocHeader(src, i)) {
      i = scanHeredoc(src, i).e;
      continue;
    }
    if (c === 123 || c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === 125) {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  throw new LexError('unterminated interpolation', pos - 2);
}

const HEREDOC_HEADER = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

function heredocHeader(src: string, pos: number): RegExpExecArray | null {
  HEREDOC_HEADER.lastIndex = pos;
  return HEREDOC_HEADER.exec(src);
}

function scanHeredoc(src: string, pos: number): Token {
  const m = heredocHeader(src, pos);
  if (!m) throw new LexError('invalid heredoc', pos);
  const marker = m[2] as string;
  const cs = pos + m[0].length;
  let lineStart = cs;
  while (lineStart <= src.length) {
    let lineEnd = src.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = src.length;
    const line = src.slice(lineStart, lineEnd).trim();
    if (line === marker) {
      const markerEnd = src.indexOf(marker, lineStart) + marker.length;
      return { t: Tok.Heredoc, s: pos, e: markerEnd, v: marker, cs, ce: lineStart, strip: m[1] === '-' };
    }
    if (lineEnd >= src.length) break;
    lineStart = lineEnd + 1;
  }
  throw new LexError(`heredoc ${marker} is not terminated`, pos);
}

/** Tokenize `src` between offsets `start` and `end`. */
export function tokenize(src: string, start = 0, end = src.length): Token[] {
  const out: Token[] = [];
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === 10) {
      out.push({ t: Tok.Newline, s: i, e: i + 1, v: '\n' });
      i++;
      continue;
    }
    if (c === 35 /* # */ || (c === 47 && src.charCodeAt(i + 1) === 47)) {
      const nl = src.indexOf('\n', i);
      i = nl === -1 || nl > end ? end : nl;
      continue;
    }
    if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const close = src.indexOf('*/', i + 2);
      if (close === -1) throw new LexError('unterminated comment', i);
      i = close + 2;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < end && isIdPart(src.charCodeAt(j))) j++;
      out.push({ t: Tok.Ident, s: i, e: j, v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < end && isDigit(src.charCodeAt(j))) j++;
      if (src.charCodeAt(j) === 46 && isDigit(src.charCodeAt(j + 1))) {
        j++;
        while (j < end && isDigit(src.charCodeAt(j))) j++;
      }
      const ch = src.charCodeAt(j);
      if (ch === 101 || ch === 69) {
        let k = j + 1;
        if (src.charCodeAt(k) === 43 || src.charCodeAt(k) === 45) k++;
        if (isDigit(src.charCodeAt(k))) {
          j = k;
          while (j < end && isDigit(src.charCodeAt(j))) j++;
        }
      }
      out.push({ t: Tok.Number, s: i, e: j, v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (c === 34) {
      const j = scanQuoted(src, i);
      out.push({ t: Tok.Quoted, s: i, e: j, v: '"' });
      i = j;
      continue;
    }
    if (c === 60 && src.charCodeAt(i + 1) === 60 && heredocHeader(src, i)) {
      const h = scanHeredoc(src, i);
      out.push(h);
      i = h.e;
      continue;
    }
    const len = punctLength(src, i, c);
    if (len > 0) {
      out.push({ t: Tok.Punct, s: i, e: i + len, v: len === 1 ? (src[i] as string) : src.slice(i, i + len) });
      i += len;
      continue;
    }
    const one = src[i] as string;
    throw new LexError(`unexpected character ${JSON.stringify(one)}`, i);
  }
  out.push({ t: Tok.EOF, s: end, e: end, v: '' });
  return out;
}
