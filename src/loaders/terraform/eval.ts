/**
 * The expression evaluator. It computes what it can and returns an unknown with the reason otherwise;
 * it never guesses. Function calls live in functions.ts.
 */
import type { Node } from './expr.js';
import { callFunction } from './functions.js';
import type { SourceText, Span } from './source.js';
import { asString, firstUnknown, unknownTV, type TemplateChunk, type TV, type UnknownTV } from './values.js';

export interface EvalEnv {
  /** Root names of the module: var, local, module, data, path, terraform and resource types. */
  root(name: string, span: Span): TV | undefined;
  /** Absolute directory of the module, and of the root module (Terraform's working directory). */
  moduleDir: string;
  rootDir: string;
  /** Reads a file for file()/templatefile(); undefined when missing. */
  readFile(absPath: string): SourceText | undefined;
}

export class Scope {
  constructor(
    readonly env: EvalEnv,
    private readonly bindings?: Map<string, TV>,
    private readonly parent?: Scope,
  ) {}

  with(bindings: Map<string, TV>): Scope {
    return new Scope(this.env, bindings, this);
  }

  lookup(name: string, span: Span): TV | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.bindings?.get(name);
      if (v !== undefined) return v;
    }
    return this.env.root(name, span);
  }
}

function spanOf(src: SourceText, node: { s: number; e: number }): Span {
  return { src, s: node.s, e: node.e };
}

export function evaluate(node: Node, src: SourceText, scope: Scope): TV {
  const span = spanOf(src, node);
  switch (node.n) {
    case 'lit':
      if (node.v === null) return { k: 'null', span };
      if (typeof node.v === 'string') return { k: 'str', v: node.v, span };
      if (typeof node.v === 'number') return { k: 'num', v: node.v, span };
      return { k: 'bool', v: node.v, span };
    case 'tpl':
      return template(node, src, scope, span);
    case 'var': {
      const v = scope.lookup(node.name, span);
      return v ?? unknownTV(`${node.name} is not something s3lint can evaluate`, span, { error: true });
    }
    case 'get':
      return getAttr(evaluate(node.obj, src, scope), node.attr, span, describe(node, src));
    case 'idx':
      return index(evaluate(node.obj, src, scope), evaluate(node.key, src, scope), span, describe(node, src));
    case 'splat':
      return splat(node, src, scope, span);
    case 'item':
      return scope.lookup('\u0000splat', span) ?? unknownTV('splat item outside a splat', span);
    case 'call':
      return callFunction(node, src, scope, span);
    case 'tuple':
      return expandTuple(node.items.map((i) => evaluate(i, src, scope)), span);
    case 'object':
      return object(node, src, scope, span);
    case 'un':
      return unary(node.op, evaluate(node.x, src, scope), span);
    case 'bin':
      return binary(node.op, node, src, scope, span);
    case 'cond': {
      const c = evaluate(node.c, src, scope);
      if (c.k === 'bool') return evaluate(c.v ? node.t : node.f, src, scope);
      if (c.k === 'unknown') {
        const t = evaluate(node.t, src, scope);
        const f = evaluate(node.f, src, scope);
        if (sameKnown(t, f)) return t;
        return unknownTV(`the condition ${src.text.slice(node.c.s, node.c.e)} is unknown (${c.reason})`, span);
      }
      return unknownTV(`the condition ${src.text.slice(node.c.s, node.c.e)} is not a bool`, span, { error: true });
    }
    case 'for':
      return forExpr(node, src, scope, span);
    case 'bad':
      return unknownTV(node.reason, span);
    case 'const':
      return node.tv;
  }
}

function expandTuple(items: TV[], span: Span): TV {
  return { k: 'list', items, span };
}

function sameKnown(a: TV, b: TV): boolean {
  return (a.k === 'str' || a.k === 'num' || a.k === 'bool') && a.k === b.k && a.v === (b as typeof a).v;
}

/** Source text of a traversal, for messages ("var.vpce_id"). */
function describe(node: Node, src: SourceText): string {
  const text = src.text.slice(node.s, node.e);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function getAttr(obj: TV, attr: string, span: Span, what: string): TV {
  switch (obj.k) {
    case 'obj': {
      const v = obj.props.get(attr);
      return v ?? unknownTV(`${what} does not exist`, span, { error: true });
    }
    case 'ref':
      return obj.target.get(attr, span);
    case 'unknown':
      if (obj.any) return getAttr(obj.any, attr, span, what);
      return { ...obj, span, doc: undefined, chunks: undefined } as UnknownTV;
    case 'null':
      return unknownTV(`${what}: attribute of a null value`, span, { error: true });
    default:
      return unknownTV(`${what}: a ${obj.k} has no attribute "${attr}"`, span, { error: true });
  }
}

export function index(obj: TV, key: TV, span: Span, what: string): TV {
  if (key.k === 'unknown') {
    if (obj.k === 'unknown' && obj.any) return obj.any;
    if (obj.k === 'list' && obj.items.length === 1) return obj.items[0] as TV;
    return unknownTV(`${what}: the index is unknown (${key.reason})`, span, obj.k === 'unknown' ? { origin: obj.origin } : {});
  }
  switch (obj.k) {
    case 'list': {
      const n = key.k === 'num' ? key.v : key.k === 'str' ? Number(key.v) : NaN;
      const v = Number.isInteger(n) ? obj.items[n] : undefined;
      return v ?? unknownTV(`${what}: index out of range`, span, { error: true });
    }
    case 'obj': {
      const k = asString(key);
      const v = k === undefined ? undefined : obj.props.get(k);
      return v ?? unknownTV(`${what}: no element ${k === undefined ? '' : JSON.stringify(k)}`, span, { error: true });
    }
    case 'unknown':
      if (obj.any) return obj.any;
      return { ...obj, span, doc: undefined, chunks: undefined } as UnknownTV;
    case 'ref': {
      const k = asString(key);
      return k === undefined ? unknownTV(`${what}: bad index`, span, { error: true }) : obj.target.get(k, span);
    }
    default:
      return unknownTV(`${what}: a ${obj.k} cannot be indexed`, span, { error: true });
  }
}

function splat(node: Extract<Node, { n: 'splat' }>, src: SourceText, scope: Scope, span: Span): TV {
  const coll = evaluate(node.obj, src, scope);
  const each = (item: TV): TV => evaluate(node.each, src, scope.with(new Map([['\u0000splat', item]])));
  if (coll.k === 'list') return { k: 'list', items: coll.items.map(each), span };
  if (coll.k === 'null') return { k: 'list', items: [], span };
  if (coll.k === 'unknown') {
    return coll.any ? unknownTV(coll.reason, span, { any: each(coll.any) }) : { ...coll, span };
  }
  if (coll.k === 'obj' && node.obj.n !== 'var') return unknownTV('splat over an object is not evaluated', span);
  return { k: 'list', items: [each(coll)], span };
}

function template(node: Extract<Node, { n: 'tpl' }>, src: SourceText, scope: Scope, span: Span): TV {
  if (node.directive) return unknownTV('template directives (%{ ... }) are not evaluated by s3lint', span);
  const parts = node.parts;
  // A template that is exactly one interpolation yields the value itself, unconverted.
  if (parts.length === 1) {
    const only = parts[0] as (typeof parts)[number];
    if ('expr' in only) return evaluate(only.expr, src, scope);
  }
  const chunks: TemplateChunk[] = [];
  let text = '';
  let firstReason: string | undefined;
  for (const p of parts) {
    if ('lit' in p) {
      text += p.lit;
      chunks.push(p.lit);
      continue;
    }
    const v = evaluate(p.expr, src, scope);
    const s = asString(v);
    if (s !== undefined) {
      text += s;
      chunks.push(s);
    } else {
      const reason = v.k === 'unknown' ? v.reason : `${src.text.slice(p.expr.s, p.expr.e)} is a ${v.k}, not a string`;
      firstReason ??= reason;
      chunks.push({ unknown: reason });
    }
  }
  if (firstReason !== undefined) return unknownTV(firstReason, span, { chunks });
  const out: TV = { k: 'str', v: text, span };
  const only = parts[0];
  // Keep where the text sits in the file when it is written verbatim, so embedded JSON can point at lines.
  if (parts.length === 1 && only && 'lit' in only && src.text.slice(only.s, only.e) === only.lit) {
    out.verbatim = { src, s: only.s, e: only.e };
  }
  return out;
}

function object(node: Extract<Node, { n: 'object' }>, src: SourceText, scope: Scope, span: Span): TV {
  const props = new Map<string, TV>();
  for (const item of node.items) {
    const key = evaluate(item.key, src, scope);
    const k = asString(key);
    if (k === undefined) {
      return unknownTV(key.k === 'unknown' ? `an object key is unknown (${key.reason})` : 'an object key is not a string', span);
    }
    props.set(k, evaluate(item.value, src, scope));
  }
  return { k: 'obj', props, span };
}

function unary(op: string, x: TV, span: Span): TV {
  if (x.k === 'unknown') return { ...x, span, chunks: undefined, doc: undefined } as UnknownTV;
  if (op === '!' && x.k === 'bool') return { k: 'bool', v: !x.v, span };
  if (op === '-' && x.k === 'num') return { k: 'num', v: -x.v, span };
  return unknownTV(`operator ${op} does not apply to a ${x.k}`, span, { error: true });
}

function toNumber(v: TV): number | undefined {
  if (v.k === 'num') return v.v;
  if (v.k === 'str' && v.v.trim() !== '' && !Number.isNaN(Number(v.v))) return Number(v.v);
  return undefined;
}

function binary(op: string, node: Extract<Node, { n: 'bin' }>, src: SourceText, scope: Scope, span: Span): TV {
  const l = evaluate(node.l, src, scope);
  if (op === '&&' || op === '||') {
    if (l.k === 'bool' && l.v === (op === '||')) return { k: 'bool', v: l.v, span };
    const r = evaluate(node.r, src, scope);
    if (r.k === 'bool' && r.v === (op === '||')) return { k: 'bool', v: r.v, span };
    if (l.k === 'bool' && r.k === 'bool') return { k: 'bool', v: op === '&&' ? l.v && r.v : l.v || r.v, span };
    const u = l.k === 'unknown' ? l : r.k === 'unknown' ? r : undefined;
    return unknownTV(u ? u.reason : `operator ${op} needs bools`, span, u ? {} : { error: true });
  }
  const r = evaluate(node.r, src, scope);
  const u = firstUnknown(l) ?? firstUnknown(r);
  if (op === '==' || op === '!=') {
    if (u) return unknownTV(u.reason, span);
    const eq = JSON.stringify(plainish(l)) === JSON.stringify(plainish(r));
    return { k: 'bool', v: op === '==' ? eq : !eq, span };
  }
  if (u) return unknownTV(u.reason, span);
  const a = toNumber(l);
  const b = toNumber(r);
  if (a === undefined || b === undefined) return unknownTV(`operator ${op} needs numbers`, span, { error: true });
  switch (op) {
    case '+':
      return { k: 'num', v: a + b, span };
    case '-':
      return { k: 'num', v: a - b, span };
    case '*':
      return { k: 'num', v: a * b, span };
    case '/':
      return { k: 'num', v: a / b, span };
    case '%':
      return { k: 'num', v: a % b, span };
    case '<':
      return { k: 'bool', v: a < b, span };
    case '>':
      return { k: 'bool', v: a > b, span };
    case '<=':
      return { k: 'bool', v: a <= b, span };
    case '>=':
      return { k: 'bool', v: a >= b, span };
    default:
      return unknownTV(`operator ${op} is not supported`, span);
  }
}

function plainish(v: TV): unknown {
  switch (v.k) {
    case 'list':
      return v.items.map(plainish);
    case 'obj':
      return Object.fromEntries([...v.props].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, plainish(x)]));
    case 'null':
      return null;
    case 'ref':
      return v.target.describe;
    case 'unknown':
      return undefined;
    default:
      return v.v;
  }
}

/** Iterate a collection for `for` expressions, for_each and dynamic blocks: [key, value] pairs. */
export function entries(coll: TV): [TV, TV][] | UnknownTV {
  if (coll.k === 'list') return coll.items.map((v, i) => [{ k: 'num', v: i, span: v.span }, v]);
  if (coll.k === 'obj') return [...coll.props].map(([k, v]) => [{ k: 'str', v: k, span: v.span }, v]);
  if (coll.k === 'null') return [];
  if (coll.k === 'unknown') return coll;
  return unknownTV(`cannot iterate over a ${coll.k}`, coll.span, { error: true });
}

function forExpr(node: Extract<Node, { n: 'for' }>, src: SourceText, scope: Scope, span: Span): TV {
  const coll = evaluate(node.coll, src, scope);
  const pairs = entries(coll);
  if (!Array.isArray(pairs)) return unknownTV(pairs.reason, span);
  const items: TV[] = [];
  const props = new Map<string, TV>();
  const groups = new Map<string, TV[]>();
  for (const [k, v] of pairs) {
    const b = new Map<string, TV>([[node.valVar, v]]);
    if (node.keyVar !== undefined) b.set(node.keyVar, k);
    const inner = scope.with(b);
    if (node.cond) {
      const c = evaluate(node.cond, src, inner);
      if (c.k !== 'bool') return unknownTV(c.k === 'unknown' ? c.reason : 'for condition is not a bool', span);
      if (!c.v) continue;
    }
    const value = evaluate(node.value, src, inner);
    if (!node.object) {
      items.push(value);
      continue;
    }
    const key = evaluate(node.key as Node, src, inner);
    const ks = asString(key);
    if (ks === undefined) return unknownTV(key.k === 'unknown' ? key.reason : 'for key is not a string', span);
    if (node.group) groups.set(ks, [...(groups.get(ks) ?? []), value]);
    else props.set(ks, value);
  }
  if (!node.object) return { k: 'list', items, span };
  if (node.group) for (const [k, vs] of groups) props.set(k, { k: 'list', items: vs, span });
  return { k: 'obj', props, span };
}
