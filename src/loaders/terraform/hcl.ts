/**
 * The position locator: the block/attribute structure of an HCL file with exact source offsets.
 * Attribute expressions are kept as source offsets and parsed only when something asks for their value.
 */
import { LexError, MAX_NESTING, Tok, tokenize, type Token } from './lexer.js';
import { parseExpressionText, type Node } from './expr.js';
import type { SourceText, Span } from './source.js';

export interface HclAttribute {
  name: string;
  /** From the attribute name to the end of its expression. */
  span: Span;
  /** The parsed expression (memoized). */
  expr(): Node;
}

export interface HclBlock {
  type: string;
  labels: string[];
  /** The whole block, `type` to the closing brace. */
  span: Span;
  /** The block header: `type "label" {`. Findings about missing settings point here. */
  header: Span;
  body: HclBody;
}

export interface HclBody {
  attrs: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function locate(src: SourceText): HclBody {
  let tokens: Token[];
  try {
    tokens = tokenize(src.text);
  } catch (e) {
    if (e instanceof LexError) throw new HclSyntaxError(e.message, e.offset);
    throw e;
  }
  const p = new BodyParser(src, tokens);
  const body = p.body(false);
  return body;
}

class BodyParser {
  i = 0;
  constructor(
    private readonly src: SourceText,
    private readonly toks: Token[],
  ) {}

  private tok(k: number): Token {
    return this.toks[k] ?? (this.toks[this.toks.length - 1] as Token);
  }

  private depth = 0;

  body(nested: boolean): HclBody {
    const attrs = new Map<string, HclAttribute>();
    const blocks: HclBlock[] = [];
    for (;;) {
      let t = this.tok(this.i);
      while (t.t === Tok.Newline) t = this.tok(++this.i);
      if (t.t === Tok.EOF) {
        if (nested) throw new HclSyntaxError('missing closing brace', t.s);
        return { attrs, blocks };
      }
      if (t.t === Tok.Punct && t.v === '}') {
        if (!nested) throw new HclSyntaxError('unexpected closing brace', t.s);
        this.i++;
        return { attrs, blocks };
      }
      if (t.t !== Tok.Ident) throw new HclSyntaxError('expected an attribute or block', t.s);
      const next = this.tok(this.i + 1);
      if (next.t === Tok.Punct && next.v === '=') {
        const a = this.attribute(t);
        attrs.set(a.name, a);
      } else {
        blocks.push(this.block(t));
      }
    }
  }

  private attribute(nameTok: Token): HclAttribute {
    const from = this.i + 2;
    let k = from;
    let depth = 0;
    for (;;) {
      const t = this.tok(k);
      if (t.t === Tok.EOF) break;
      if (depth === 0 && t.t === Tok.Newline) break;
      if (t.t === Tok.Punct) {
        if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
        else if (t.v === ')' || t.v === ']' || t.v === '}') {
          if (depth === 0) break;
          depth--;
        }
      }
      k++;
    }
    if (k === from) throw new HclSyntaxError('missing expression', this.tok(from).s);
    this.i = k;
    // A large configuration holds every attribute until it is evaluated, so an attribute keeps only the
    // offsets of its expression: its tokens are made again from the text when something asks for the value
    // (lexing is context-free at token boundaries). Once parsed, only the syntax tree is kept.
    const src = this.src;
    const start = this.tok(from).s;
    const end = this.tok(k - 1).e;
    let parsed: Node | undefined;
    return {
      name: nameTok.v,
      span: { src, s: nameTok.s, e: end },
      expr: () => (parsed ??= parseExpressionText(src, start, end)),
    };
  }

  private block(typeTok: Token): HclBlock {
    const labels: string[] = [];
    let k = this.i + 1;
    for (;;) {
      const t = this.tok(k);
      if (t.t === Tok.Quoted) labels.push(unquoteLabel(this.src.text.slice(t.s + 1, t.e - 1)));
      else if (t.t === Tok.Ident) labels.push(t.v);
      else if (t.t === Tok.Punct && t.v === '{') break;
      else throw new HclSyntaxError('expected a block label or "{"', t.s);
      k++;
    }
    const open = this.tok(k);
    this.i = k + 1;
    if (++this.depth > MAX_NESTING) throw new HclSyntaxError(`blocks nested deeper than ${MAX_NESTING} levels`, open.s);
    const body = this.body(true);
    this.depth--;
    const close = this.tok(this.i - 1);
    return {
      type: typeTok.v,
      labels,
      span: { src: this.src, s: typeTok.s, e: close.e },
      header: { src: this.src, s: typeTok.s, e: open.e },
      body,
    };
  }
}

function unquoteLabel(s: string): string {
  return s.includes('\\') ? (JSON.parse(`"${s}"`) as string) : s;
}
