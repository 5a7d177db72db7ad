/**
 * HCL expression parser over a token range. Every node keeps its source offsets, so evaluated values
 * (and the JSON pointers of policy documents built from them) can point at exact lines.
 */
import { LexError, MAX_NESTING, Tok, scanInterpolation, tokenize, type Token } from './lexer.js';
import type { SourceText } from './source.js';
import type { TV } from './values.js';

export type TemplatePart = { lit: string; s: number; e: number } | { expr: Node };

export type Node = { s: number; e: number } & (
  | { n: 'lit'; v: string | number | boolean | null }
  | { n: 'tpl'; parts: TemplatePart[]; directive: boolean }
  | { n: 'var'; name: string }
  | { n: 'get'; obj: Node; attr: string }
  | { n: 'idx'; obj: Node; key: Node }
  | { n: 'splat'; obj: Node; each: Node }
  | { n: 'item' }
  | { n: 'call'; fn: string; args: Node[]; expand: boolean }
  | { n: 'tuple'; items: Node[] }
  | { n: 'object'; items: { key: Node; value: Node }[] }
  | { n: 'un'; op: string; x: Node }
  | { n: 'bin'; op: string; l: Node; r: Node }
  | { n: 'cond'; c: Node; t: Node; f: Node }
  | { n: 'for'; keyVar?: string; valVar: string; coll: Node; key?: Node; value: Node; cond?: Node; group: boolean; object: boolean }
  | { n: 'bad'; reason: string }
  /** A value that is already known (Terraform plan values). */
  | { n: 'const'; tv: TV }
);

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parse the expression in tokens [from, to). Syntax errors become a `bad` node (the file already parsed with hcl2json). */
export function parseExpression(src: SourceText, toks: Token[], from: number, to: number): Node {
  const p = new ExprParser(src, toks, from, to);
  try {
    const node = p.expression();
    const rest = p.peek();
    if (rest.t !== Tok.EOF) throw new ExprSyntaxError(`unexpected ${rest.v || 'token'}`, rest.s);
    return node;
  } catch (e) {
    if (e instanceof ExprSyntaxError || e instanceof LexError) {
      const s = toks[from]?.s ?? 0;
      return { n: 'bad', reason: `expression not understood: ${e.message}`, s, e: toks[to - 1]?.e ?? s };
    }
    throw e;
  }
}

/** Parse the standalone expression text src.text[start, end) (used for interpolations and .tf.json strings). */
export function parseExpressionText(src: SourceText, start: number, end: number): Node {
  let toks: Token[];
  try {
    toks = tokenize(src.text, start, end);
  } catch (e) {
    if (e instanceof LexError) return { n: 'bad', reason: `expression not understood: ${e.message}`, s: start, e: end };
    throw e;
  }
  return parseExpression(src, toks, 0, toks.length - 1);
}

/** Current expression nesting, across nested template parses (parsing is synchronous). */
let nesting = 0;

function enter(offset: number): void {
  if (++nesting > MAX_NESTING) {
    nesting = 0;
    throw new ExprSyntaxError(`expression nested deeper than ${MAX_NESTING} levels`, offset);
  }
}

/** Binary operator precedence, higher binds tighter. */
const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

class ExprParser {
  private i: number;
  constructor(
    private readonly src: SourceText,
    private readonly toks: Token[],
    from: number,
    private readonly to: number,
  ) {
    this.i = from;
    const end = toks[to - 1]?.e ?? 0;
    this.eof = { t: Tok.EOF, s: end, e: end, v: '' };
  }

  private readonly eof: Token;

  private raw(): Token {
    return this.i >= this.to ? this.eof : (this.toks[this.i] as Token);
  }

  /** Next token, skipping newlines. */
  peek(): Token {
    while (this.i < this.to && (this.toks[this.i] as Token).t === Tok.Newline) this.i++;
    return this.raw();
  }

  private isPunct(v: string): boolean {
    const t = this.peek();
    return t.t === Tok.Punct && t.v === v;
  }

  private isRawPunct(v: string): boolean {
    const t = this.raw();
    return t.t === Tok.Punct && t.v === v;
  }

  private expect(v: string): Token {
    const t = this.peek();
    if (t.t !== Tok.Punct || t.v !== v) throw new ExprSyntaxError(`expected "${v}"`, t.s);
    this.i++;
    return t;
  }

  private expectIdent(): Token {
    const t = this.peek();
    if (t.t !== Tok.Ident) throw new ExprSyntaxError('expected a name', t.s);
    this.i++;
    return t;
  }

  expression(): Node {
    enter(this.peek().s);
    try {
      return this.conditional();
    } finally {
      nesting = Math.max(0, nesting - 1);
    }
  }

  private conditional(): Node {
    const c = this.binary(1);
    if (this.isPunct('?')) {
      this.i++;
      const t = this.expression();
      this.expect(':');
      const f = this.expression();
      return { n: 'cond', c, t, f, s: c.s, e: f.e };
    }
    return c;
  }

  /** Precedence climbing: operands bind operators of at least `min` precedence, left-associatively. */
  private binary(min: number): Node {
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      const prec = t.t === Tok.Punct ? PRECEDENCE[t.v] : undefined;
      if (prec === undefined || prec < min) return l;
      this.i++;
      const r = this.binary(prec + 1);
      l = { n: 'bin', op: t.v, l, r, s: l.s, e: r.e };
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t.t === Tok.Punct && (t.v === '!' || t.v === '-')) {
      this.i++;
      enter(t.s);
      try {
        const x = this.unary();
        return { n: 'un', op: t.v, x, s: t.s, e: x.e };
      } finally {
        nesting = Math.max(0, nesting - 1);
      }
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isRawPunct('.')) {
        this.i++;
        const t = this.peek();
        if (t.t === Tok.Punct && t.v === '*') {
          this.i++;
          return this.splat(node, t.e);
        }
        if (t.t === Tok.Number) {
          this.i++;
          node = { n: 'idx', obj: node, key: { n: 'lit', v: Number(t.v), s: t.s, e: t.e }, s: node.s, e: t.e };
          continue;
        }
        const name = this.expectIdent();
        node = { n: 'get', obj: node, attr: name.v, s: node.s, e: name.e };
        continue;
      }
      if (this.isRawPunct('[')) {
        this.i++;
        if (this.isPunct('*')) {
          this.i++;
          const close = this.expect(']');
          return this.splat(node, close.e);
        }
        const key = this.expression();
        const close = this.expect(']');
        node = { n: 'idx', obj: node, key, s: node.s, e: close.e };
        continue;
      }
      return node;
    }
  }

  private splat(obj: Node, end: number): Node {
    const item: Node = { n: 'item', s: obj.s, e: end };
    const each = this.postfix(item);
    return { n: 'splat', obj, each, s: obj.s, e: Math.max(end, each.e) };
  }

  private primary(): Node {
    const t = this.peek();
    switch (t.t) {
      case Tok.Number:
        this.i++;
        return { n: 'lit', v: Number(t.v), s: t.s, e: t.e };
      case Tok.Quoted:
        this.i++;
        return parseTemplate(this.src, t.s + 1, t.e - 1, true, t.s, t.e);
      case Tok.Heredoc:
        this.i++;
        return parseHeredoc(this.src, t);
      case Tok.Ident:
        return this.identifier(t);
      case Tok.Punct:
        if (t.v === '(') {
          this.i++;
          const inner = this.expression();
          this.expect(')');
          return inner;
        }
        if (t.v === '[') return this.tuple();
        if (t.v === '{') return this.object();
        break;
      default:
        break;
    }
    throw new ExprSyntaxError(`unexpected ${t.t === Tok.EOF ? 'end of expression' : JSON.stringify(t.v)}`, t.s);
  }

  private identifier(t: Token): Node {
    this.i++;
    if (t.v === 'true' || t.v === 'false') return { n: 'lit', v: t.v === 'true', s: t.s, e: t.e };
    if (t.v === 'null') return { n: 'lit', v: null, s: t.s, e: t.e };
    let fn = t.v;
    // provider-defined functions: provider::name::fn(...)
    while (this.isRawPunct('::')) {
      this.i++;
      fn += `::${this.expectIdent().v}`;
    }
    if (this.isRawPunct('(')) {
      this.i++;
      const args: Node[] = [];
      let expand = false;
      while (!this.isPunct(')')) {
        args.push(this.expression());
        if (this.isPunct('...')) {
          this.i++;
          expand = true;
        }
        if (this.isPunct(',')) this.i++;
        else break;
      }
      const close = this.expect(')');
      return { n: 'call', fn, args, expand, s: t.s, e: close.e };
    }
    return { n: 'var', name: t.v, s: t.s, e: t.e };
  }

  private tuple(): Node {
    const open = this.expect('[');
    const f = this.peek();
    if (f.t === Tok.Ident && f.v === 'for') return this.forExpr(open, false);
    const items: Node[] = [];
    while (!this.isPunct(']')) {
      items.push(this.expression());
      if (this.isPunct(',')) this.i++;
      else break;
    }
    const close = this.expect(']');
    return { n: 'tuple', items, s: open.s, e: close.e };
  }

  private object(): Node {
    const open = this.expect('{');
    const f = this.peek();
    if (f.t === Tok.Ident && f.v === 'for') return this.forExpr(open, true);
    const items: { key: Node; value: Node }[] = [];
    while (!this.isPunct('}')) {
      const keyTok = this.peek();
      let key = this.expression();
      if (key.n === 'var' && keyTok.t === Tok.Ident) key = { n: 'lit', v: key.name, s: key.s, e: key.e };
      const sep = this.peek();
      if (sep.t !== Tok.Punct || (sep.v !== '=' && sep.v !== ':')) throw new ExprSyntaxError('expected "=" or ":"', sep.s);
      this.i++;
      const value = this.expression();
      items.push({ key, value });
      if (this.isRawPunct(',')) this.i++;
    }
    const close = this.expect('}');
    return { n: 'object', items, s: open.s, e: close.e };
  }

  private forExpr(open: Token, object: boolean): Node {
    this.i++; // "for"
    const first = this.expectIdent().v;
    let keyVar: string | undefined;
    let valVar = first;
    if (this.isPunct(',')) {
      this.i++;
      keyVar = first;
      valVar = this.expectIdent().v;
    }
    const inTok = this.expectIdent();
    if (inTok.v !== 'in') throw new ExprSyntaxError('expected "in"', inTok.s);
    const coll = this.expression();
    this.expect(':');
    let key: Node | undefined;
    let value = this.expression();
    if (object) {
      this.expect('=>');
      key = value;
      value = this.expression();
    }
    let group = false;
    if (this.isPunct('...')) {
      this.i++;
      group = true;
    }
    let cond: Node | undefined;
    const ifTok = this.peek();
    if (ifTok.t === Tok.Ident && ifTok.v === 'if') {
      this.i++;
      cond = this.expression();
    }
    const close = this.expect(object ? '}' : ']');
    const node: Node = { n: 'for', valVar, coll, value, group, object, s: open.s, e: close.e };
    if (keyVar !== undefined) node.keyVar = keyVar;
    if (key !== undefined) node.key = key;
    if (cond !== undefined) node.cond = cond;
    return node;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Parse template text src.text[start, end). `quoted` enables backslash escapes (heredocs have none). */
export function parseTemplate(src: SourceText, start: number, end: number, quoted: boolean, s: number, e: number): Node {
  const text = src.text;
  const parts: TemplatePart[] = [];
  let directive = false;
  let lit = '';
  let litStart = start;
  const flush = (at: number): void => {
    if (lit !== '') parts.push({ lit, s: litStart, e: at });
    lit = '';
  };
  let i = start;
  while (i < end) {
    const c = text[i] as string;
    if (quoted && c === '\\') {
      const n = text[i + 1] ?? '';
      if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8;
        lit += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + len), 16));
        i += 2 + len;
      } else {
        lit += ESCAPES[n] ?? n;
        i += 2;
      }
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      lit += `${c}{`;
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      flush(i);
      let close: number;
      try {
        close = scanInterpolation(text, i + 2);
      } catch {
        return { n: 'bad', reason: 'unterminated interpolation', s, e };
      }
      if (c === '%') directive = true;
      else {
        let a = i + 2;
        let b = close - 1;
        if (text[a] === '~') a++;
        if (text[b - 1] === '~') b--;
        parts.push({ expr: parseExpressionText(src, a, b) });
      }
      i = close;
      litStart = i;
      continue;
    }
    lit += c;
    i++;
  }
  flush(end);
  return { n: 'tpl', parts, directive, s, e };
}

function parseHeredoc(src: SourceText, t: Token): Node {
  const cs = t.cs as number;
  const ce = t.ce as number;
  const node = parseTemplate(src, cs, ce, false, t.s, t.e);
  if (!t.strip || node.n !== 'tpl') return node;
  // <<- strips the smallest common leading whitespace from every line.
  const lines = src.text.slice(cs, ce).split('\n');
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    indent = Math.min(indent, (/^[ \t]*/.exec(line) as RegExpExecArray)[0].length);
  }
  if (!Number.isFinite(indent) || indent === 0) return node;
  const re = new RegExp(`(^|\\n)[ \\t]{0,${indent}}`, 'g');
  let atLineStart = true;
  for (const part of node.parts) {
    if ('lit' in part) {
      part.lit = atLineStart ? part.lit.replace(re, '$1') : part.lit.replace(new RegExp(`\\n[ \\t]{0,${indent}}`, 'g'), '\n');
      atLineStart = part.lit.endsWith('\n');
    } else atLineStart = false;
  }
  return node;
}
