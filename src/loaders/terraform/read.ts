/** Reading block arguments into the model's Value<T>, with `at` = the argument's exact range. */
import { known, unknown, type ResourceContext, type SourceRange, type Value } from '../../model/index.js';
import { evaluate, type Scope } from './eval.js';
import type { HclBody } from './hcl.js';
import type { ResourceLike } from './module.js';
import { spanRange, type Span } from './source.js';
import { asString, type TV } from './values.js';

/** A block (resource, nested or dynamic-generated) with the scope its expressions evaluate in. */
export interface Item {
  body: HclBody;
  scope: Scope;
  header: Span;
}

/** A resource as an Item: its block body, the scope it evaluates in, and its header. */
export function item(inst: ResourceLike): Item {
  return { body: inst.body, scope: inst.scope, header: inst.def.block.header };
}

/** The modules a resource was reached through, and its source kind. */
export function contextOf(mod: { context: ResourceContext['via']; source?: 'terraform' | 'terraform-plan' }): ResourceContext {
  const source = mod.source ?? 'terraform';
  return mod.context && mod.context.length > 0 ? { via: mod.context, source } : { source };
}

export function headerAt(item: { header: Span }): SourceRange {
  return spanRange(item.header);
}

export function readArg(item: Item, name: string): { tv: TV; at: SourceRange } | undefined {
  const a = item.body.attrs.get(name);
  if (!a) return undefined;
  return { tv: evaluate(a.expr(), a.span.src, item.scope), at: spanRange(a.span) };
}

function convert<T>(item: Item, name: string, f: (tv: TV) => T | undefined, expected: string): Value<T> | undefined {
  const r = readArg(item, name);
  if (!r) return undefined;
  if (r.tv.k === 'unknown') return unknown(r.tv.reason, r.at);
  if (r.tv.k === 'null') return undefined;
  const v = f(r.tv);
  return v === undefined ? unknown(`${name} is not ${expected}`, r.at) : known(v, r.at);
}

export function str(item: Item, name: string): Value<string> | undefined {
  return convert(item, name, asString, 'a string');
}

export function bool(item: Item, name: string): Value<boolean> | undefined {
  return convert(
    item,
    name,
    (tv) => (tv.k === 'bool' ? tv.v : tv.k === 'str' && (tv.v === 'true' || tv.v === 'false') ? tv.v === 'true' : undefined),
    'a bool',
  );
}

export function num(item: Item, name: string): Value<number> | undefined {
  return convert(
    item,
    name,
    (tv) => (tv.k === 'num' ? tv.v : tv.k === 'str' && tv.v.trim() !== '' && !Number.isNaN(Number(tv.v)) ? Number(tv.v) : undefined),
    'a number',
  );
}

export function strList(item: Item, name: string): Value<string[]> | undefined {
  return convert(
    item,
    name,
    (tv) => {
      if (tv.k !== 'list') return undefined;
      const out: string[] = [];
      for (const x of tv.items) {
        const s = asString(x);
        if (s === undefined) return undefined;
        out.push(s);
      }
      return out;
    },
    'a list of known strings',
  );
}

export function strMap(item: Item, name: string): Value<Record<string, string>> | undefined {
  return convert(
    item,
    name,
    (tv) => {
      if (tv.k !== 'obj') return undefined;
      const out: Record<string, string> = {};
      for (const [k, x] of tv.props) {
        const s = asString(x);
        if (s === undefined) return undefined;
        out[k] = s;
      }
      return out;
    },
    'a map of known strings',
  );
}

/** A known string value restricted to an enum; other strings become unknown with the reason. */
export function oneOf<T extends string>(v: Value<string> | undefined, allowed: readonly T[], what: string): Value<T> | undefined {
  if (!v || !v.known) return v as Value<T> | undefined;
  return (allowed as readonly string[]).includes(v.value) ? (v as Value<T>) : unknown(`${what} "${v.value}" is not one of ${allowed.join(', ')}`, v.at);
}

/** Bucket name from a name or an S3 ARN. */
export function bucketNameOf(s: string): string {
  return s.startsWith('arn:') ? (s.split(':').slice(5).join(':').split('/')[0] ?? s) : s;
}
