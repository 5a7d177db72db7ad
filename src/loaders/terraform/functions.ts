/** Terraform built-in functions that matter for S3 configuration. Anything else is unknown, by name. */
import { isAbsolute, resolve } from 'node:path';
import { evaluate, type Scope } from './eval.js';
import { parseTemplate, type Node } from './expr.js';
import { jsonTooDeepAt } from './tfjson.js';
import type { SourceText, Span } from './source.js';
import { asString, firstUnknown, fromPlain, toPlain, unknownTV, type TV, type UnknownTV } from './values.js';

type Fn = (args: TV[], span: Span, scope: Scope) => TV;

export function callFunction(node: Extract<Node, { n: 'call' }>, src: SourceText, scope: Scope, span: Span): TV {
  const name = node.fn.replace(/^core::/, '');
  if (name === 'try' || name === 'can') return tryOrCan(name, node, src, scope, span);
  const fn = FUNCTIONS[name];
  if (!fn) return unknownTV(`function ${node.fn}() is not evaluated by s3lint`, span);
  let args = node.args.map((a) => evaluate(a, src, scope));
  if (node.expand && args.length > 0) {
    const last = args[args.length - 1] as TV;
    if (last.k === 'list') args = [...args.slice(0, -1), ...last.items];
    else if (last.k === 'unknown') return unknownTV(last.reason, span);
  }
  return fn(args, span, scope);
}

function tryOrCan(name: string, node: Extract<Node, { n: 'call' }>, src: SourceText, scope: Scope, span: Span): TV {
  for (const a of node.args) {
    const v = evaluate(a, src, scope);
    const u = firstUnknown(v);
    if (u?.error) {
      if (name === 'can') return { k: 'bool', v: false, span };
      continue;
    }
    if (name === 'can') return u ? unknownTV(u.reason, span) : { k: 'bool', v: true, span };
    return v;
  }
  return unknownTV('no argument of try() could be evaluated', span, { error: true });
}

/** Unknown result when any argument is (deeply) unknown, else the function result. */
function strict(f: Fn): Fn {
  return (args, span, scope) => {
    for (const a of args) {
      const u = firstUnknown(a);
      if (u) return unknownTV(u.reason, span, u.origin ? { origin: u.origin } : {});
    }
    return f(args, span, scope);
  };
}

function bad(message: string, span: Span): UnknownTV {
  return unknownTV(message, span, { error: true });
}

function stringArg(v: TV | undefined): string | undefined {
  return v === undefined ? undefined : asString(v);
}

function stringFn(f: (s: string, ...rest: string[]) => string | TV, name: string): Fn {
  return strict((args, span) => {
    const strs = args.map(stringArg);
    if (strs.some((s) => s === undefined)) return bad(`${name}() needs string arguments`, span);
    const out = f(...(strs as [string, ...string[]]));
    return typeof out === 'string' ? { k: 'str', v: out, span } : out;
  });
}

function listItems(v: TV): TV[] | undefined {
  if (v.k === 'list') return v.items;
  return undefined;
}

function jsonencode(args: TV[], span: Span): TV {
  const x = args[0];
  if (!x) return bad('jsonencode() needs an argument', span);
  const u = firstUnknown(x);
  if (u) return unknownTV(u.reason, span, { doc: x });
  return { k: 'str', v: JSON.stringify(toPlain(x)), span, doc: x };
}

function jsondecode(args: TV[], span: Span): TV {
  const x = args[0];
  if (!x || x.k !== 'str') return x?.k === 'unknown' ? unknownTV(x.reason, span) : bad('jsondecode() needs a string', span);
  if (jsonTooDeepAt(x.v) !== -1) return unknownTV('jsondecode(): the JSON nests too deeply', span);
  try {
    return fromPlain(JSON.parse(x.v), x.span);
  } catch {
    return bad('jsondecode(): invalid JSON', span);
  }
}

function resolveFile(p: string, scope: Scope): SourceText | undefined {
  if (isAbsolute(p)) return scope.env.readFile(p);
  return scope.env.readFile(resolve(scope.env.rootDir, p)) ?? scope.env.readFile(resolve(scope.env.moduleDir, p));
}

const file: Fn = strict((args, span, scope) => {
  const p = stringArg(args[0]);
  if (p === undefined) return bad('file() needs a path', span);
  const f = resolveFile(p, scope);
  if (!f) return unknownTV(`file ${p} was not found`, span);
  const whole: Span = { src: f, s: 0, e: f.text.length };
  return { k: 'str', v: f.text, span: whole, verbatim: whole };
});

// Not strict: unknown template variables stay as unknown chunks, so JSON policies can still be read around them.
const templatefile: Fn = (args, span, scope) => {
  if (args[0]?.k === 'unknown') return unknownTV(args[0].reason, span);
  if (args[1]?.k === 'unknown') return unknownTV(args[1].reason, span);
  const p = stringArg(args[0]);
  const vars = args[1];
  if (p === undefined) return bad('templatefile() needs a path', span);
  const f = resolveFile(p, scope);
  if (!f) return unknownTV(`file ${p} was not found`, span);
  const bindings = new Map<string, TV>();
  if (vars?.k === 'obj') for (const [k, v] of vars.props) bindings.set(k, v);
  const node = parseTemplate(f, 0, f.text.length, false, 0, f.text.length);
  return evaluate(node, f, scope.with(bindings));
};

function format(args: TV[], span: Span): TV {
  const fmt = stringArg(args[0]);
  if (fmt === undefined) return args[0]?.k === 'unknown' ? unknownTV(args[0].reason, span) : bad('format() needs a string', span);
  let n = 1;
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^%([-+# 0]*\d*(?:\.\d+)?)([sdvqftx%])/.exec(fmt.slice(i));
    if (!m) return unknownTV(`format() verb ${fmt.slice(i, i + 3)} is not evaluated`, span);
    i += m[0].length - 1;
    if (m[2] === '%') {
      out += '%';
      continue;
    }
    const a = args[n++];
    if (!a) return bad('format() has too few arguments', span);
    if (a.k === 'unknown') return unknownTV(a.reason, span);
    if (m[1] !== '' && m[2] !== 'd') return unknownTV(`format() flag %${m[1]}${m[2]} is not evaluated`, span);
    switch (m[2]) {
      case 's':
      case 'v': {
        const s = asString(a);
        if (s === undefined) return unknownTV('format() %s of a collection is not evaluated', span);
        out += s;
        break;
      }
      case 'q': {
        const s = asString(a);
        if (s === undefined) return bad('format() %q needs a string', span);
        out += JSON.stringify(s);
        break;
      }
      case 'd': {
        if (a.k !== 'num') return bad('format() %d needs a number', span);
        const width = Number(m[1]?.replace(/^0/, '') || 0);
        out += String(Math.trunc(a.v)).padStart(width, m[1]?.startsWith('0') ? '0' : ' ');
        break;
      }
      default:
        return unknownTV(`format() verb %${m[2]} is not evaluated`, span);
    }
  }
  return { k: 'str', v: out, span };
}

const merge: Fn = (args, span) => {
  const props = new Map<string, TV>();
  for (const a of args) {
    if (a.k === 'null') continue;
    if (a.k === 'unknown') return unknownTV(a.reason, span);
    if (a.k !== 'obj') return bad('merge() needs maps or objects', span);
    for (const [k, v] of a.props) props.set(k, v);
  }
  return { k: 'obj', props, span };
};

const concat: Fn = (args, span) => {
  const items: TV[] = [];
  for (const a of args) {
    if (a.k === 'unknown') return unknownTV(a.reason, span);
    const l = listItems(a);
    if (!l) return bad('concat() needs lists', span);
    items.push(...l);
  }
  return { k: 'list', items, span };
};

function flattenInto(v: TV, out: TV[]): UnknownTV | undefined {
  if (v.k === 'unknown') return v;
  if (v.k !== 'list') {
    out.push(v);
    return undefined;
  }
  for (const x of v.items) {
    const u = flattenInto(x, out);
    if (u) return u;
  }
  return undefined;
}

const identity: Fn = (args, span) => args[0] ?? bad('missing argument', span);

const FUNCTIONS: Record<string, Fn> = {
  jsonencode,
  jsondecode,
  file,
  templatefile,
  format,
  merge,
  concat,
  lower: stringFn((s) => s.toLowerCase(), 'lower'),
  upper: stringFn((s) => s.toUpperCase(), 'upper'),
  title: stringFn((s) => s.replace(/\b\w/g, (c) => c.toUpperCase()), 'title'),
  trimspace: stringFn((s) => s.trim(), 'trimspace'),
  trimprefix: stringFn((s, p) => (s.startsWith(p ?? '') ? s.slice((p ?? '').length) : s), 'trimprefix'),
  trimsuffix: stringFn((s, p) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s), 'trimsuffix'),
  trim: stringFn((s, chars) => {
    const set = new Set(chars ?? '');
    let a = 0;
    let b = s.length;
    while (a < b && set.has(s[a] as string)) a++;
    while (b > a && set.has(s[b - 1] as string)) b--;
    return s.slice(a, b);
  }, 'trim'),
  replace: strict((args, span) => {
    const [s, from, to] = args.map(stringArg);
    if (s === undefined || from === undefined || to === undefined) return bad('replace() needs strings', span);
    if (from.length > 1 && from.startsWith('/') && from.endsWith('/')) {
      return unknownTV('replace() with a regular expression is not evaluated by s3lint', span);
    }
    return { k: 'str', v: s.split(from).join(to), span };
  }),
  substr: strict((args, span) => {
    const s = stringArg(args[0]);
    const off = args[1]?.k === 'num' ? args[1].v : NaN;
    const len = args[2]?.k === 'num' ? args[2].v : NaN;
    if (s === undefined || Number.isNaN(off) || Number.isNaN(len)) return bad('substr() arguments', span);
    return { k: 'str', v: len < 0 ? s.slice(off) : s.slice(off, off + len), span };
  }),
  startswith: strict((args, span) => ({ k: 'bool', v: (stringArg(args[0]) ?? '').startsWith(stringArg(args[1]) ?? '\u0000'), span })),
  endswith: strict((args, span) => ({ k: 'bool', v: (stringArg(args[0]) ?? '').endsWith(stringArg(args[1]) ?? '\u0000'), span })),
  tostring: strict((args, span) => {
    const a = args[0];
    if (a?.k === 'null') return a;
    const s = a === undefined ? undefined : asString(a);
    return s === undefined ? bad('tostring() of a collection', span) : { k: 'str', v: s, span: a?.span ?? span, ...(a?.k === 'str' && a.origin ? { origin: a.origin } : {}) };
  }),
  tonumber: strict((args, span) => {
    const a = args[0];
    if (a?.k === 'num' || a?.k === 'null') return a;
    const n = a?.k === 'str' ? Number(a.v) : NaN;
    return Number.isNaN(n) ? bad('tonumber() of a non-number', span) : { k: 'num', v: n, span: a?.span ?? span };
  }),
  tobool: strict((args, span) => {
    const a = args[0];
    if (a?.k === 'bool' || a?.k === 'null') return a;
    if (a?.k === 'str' && (a.v === 'true' || a.v === 'false')) return { k: 'bool', v: a.v === 'true', span: a.span };
    return bad('tobool() of a non-bool', span);
  }),
  tolist: identity,
  toset: strict((args, span) => {
    const a = args[0];
    if (a?.k !== 'list') return a ?? bad('toset()', span);
    const seen = new Set<string>();
    const items = a.items.filter((x) => {
      const key = JSON.stringify(toPlain(x));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { k: 'list', items, span: a.span };
  }),
  tomap: identity,
  sensitive: identity,
  nonsensitive: identity,
  length: (args, span) => {
    const a = args[0];
    if (!a) return bad('length()', span);
    if (a.k === 'unknown') return unknownTV(a.reason, span);
    if (a.k === 'list') return { k: 'num', v: a.items.length, span };
    if (a.k === 'obj') return { k: 'num', v: a.props.size, span };
    if (a.k === 'str') return { k: 'num', v: [...a.v].length, span };
    return bad('length() of a non-collection', span);
  },
  join: strict((args, span) => {
    const sep = stringArg(args[0]);
    const parts: string[] = [];
    for (const l of args.slice(1)) {
      const items = listItems(l);
      if (!items || sep === undefined) return bad('join() arguments', span);
      for (const x of items) {
        const s = asString(x);
        if (s === undefined) return bad('join() of a non-string', span);
        parts.push(s);
      }
    }
    return { k: 'str', v: parts.join(sep ?? ''), span };
  }),
  split: strict((args, span) => {
    const sep = stringArg(args[0]);
    const s = stringArg(args[1]);
    if (sep === undefined || s === undefined) return bad('split() arguments', span);
    return { k: 'list', items: s.split(sep).map((v) => ({ k: 'str', v, span })), span };
  }),
  coalesce: (args, span) => {
    for (const a of args) {
      if (a.k === 'unknown') return unknownTV(a.reason, span);
      if (a.k === 'null' || (a.k === 'str' && a.v === '')) continue;
      return a;
    }
    return bad('coalesce(): no non-empty argument', span);
  },
  coalescelist: (args, span) => {
    for (const a of args) {
      if (a.k === 'unknown') return unknownTV(a.reason, span);
      if (a.k === 'list' && a.items.length > 0) return a;
    }
    return { k: 'list', items: [], span };
  },
  lookup: (args, span) => {
    const [m, k, d] = args;
    if (!m || !k) return bad('lookup() arguments', span);
    if (m.k === 'unknown') return unknownTV(m.reason, span);
    if (k.k === 'unknown') return unknownTV(k.reason, span);
    const key = asString(k);
    if (m.k !== 'obj' || key === undefined) return bad('lookup() needs a map', span);
    return m.props.get(key) ?? d ?? bad(`lookup(): no key ${key}`, span);
  },
  element: strict((args, span) => {
    const l = args[0];
    const i = args[1];
    if (l?.k !== 'list' || i?.k !== 'num' || l.items.length === 0) return bad('element() arguments', span);
    return l.items[Math.trunc(i.v) % l.items.length] as TV;
  }),
  one: (args, span) => {
    const l = args[0];
    if (l?.k === 'unknown') return unknownTV(l.reason, span, l.any ? { any: l.any } : {});
    if (l?.k !== 'list' || l.items.length > 1) return bad('one() needs a list of at most one element', span);
    return l.items[0] ?? { k: 'null', span };
  },
  flatten: (args, span) => {
    const out: TV[] = [];
    const u = args[0] ? flattenInto(args[0], out) : undefined;
    return u ? unknownTV(u.reason, span) : { k: 'list', items: out, span };
  },
  keys: strict((args, span) => {
    const m = args[0];
    if (m?.k !== 'obj') return bad('keys() needs a map', span);
    return { k: 'list', items: [...m.props.keys()].sort().map((v) => ({ k: 'str', v, span })), span };
  }),
  values: strict((args, span) => {
    const m = args[0];
    if (m?.k !== 'obj') return bad('values() needs a map', span);
    return { k: 'list', items: [...m.props].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v), span };
  }),
  contains: strict((args, span) => {
    const l = args[0];
    const x = args[1];
    if (l?.k !== 'list' || !x) return bad('contains() arguments', span);
    const key = JSON.stringify(toPlain(x));
    return { k: 'bool', v: l.items.some((i) => JSON.stringify(toPlain(i)) === key), span };
  }),
  distinct: strict((args, span) => FUNCTIONS.toset?.(args, span, undefined as never) ?? bad('distinct()', span)),
  compact: strict((args, span) => {
    const l = args[0];
    if (l?.k !== 'list') return bad('compact() needs a list', span);
    return { k: 'list', items: l.items.filter((x) => !(x.k === 'null' || (x.k === 'str' && x.v === ''))), span };
  }),
  zipmap: strict((args, span) => {
    const ks = args[0];
    const vs = args[1];
    if (ks?.k !== 'list' || vs?.k !== 'list') return bad('zipmap() needs lists', span);
    const props = new Map<string, TV>();
    ks.items.forEach((k, i) => {
      const s = asString(k);
      const v = vs.items[i];
      if (s !== undefined && v) props.set(s, v);
    });
    return { k: 'obj', props, span };
  }),
  range: strict((args, span) => {
    const nums = args.map((a) => (a.k === 'num' ? a.v : NaN));
    if (nums.some(Number.isNaN)) return bad('range() needs numbers', span);
    const [a, b, step] = nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, nums[2] ?? 1];
    const items: TV[] = [];
    for (let i = a; step > 0 ? i < b : i > b; i += step) {
      items.push({ k: 'num', v: i, span });
      if (items.length > 10_000) return unknownTV('range() too large', span);
    }
    return { k: 'list', items, span };
  }),
  min: strict((args, span) => ({ k: 'num', v: Math.min(...args.map((a) => (a.k === 'num' ? a.v : NaN))), span })),
  max: strict((args, span) => ({ k: 'num', v: Math.max(...args.map((a) => (a.k === 'num' ? a.v : NaN))), span })),
  abs: strict((args, span) => ({ k: 'num', v: Math.abs(args[0]?.k === 'num' ? args[0].v : NaN), span })),
  formatlist: (_args, span) => unknownTV('function formatlist() is not evaluated by s3lint', span),
  setunion: strict((args, span) => concat(args, span, undefined as never)),
};
